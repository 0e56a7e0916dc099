/**
 * AmbioSys: `POST /api/customers/create` with a bearer token. It publishes no base URL (each install has its
 * own), keeps only a name, legal name, one tax id and where the contact came from, answers
 * `{success, customer: {customer_id}}` and has no way to look a customer up.
 */
import type { HttpResponse } from '../http/types.js';
import type { Customer } from '../model.js';
import { COLUMN, taxColumns } from '../template.js';
import { integerIds } from './customer-ids.js';
import { idText, isRecord, text } from './error-body.js';
import {
  isSuccess,
  missingCustomerId,
  noCustomersEndpoint,
  rejectedWithStatus,
  stopsTheRun,
  transientFailure,
  unexpectedStatus,
} from './responses.js';
import { keysSent } from './stored-keys.js';
import type { CreateResult, Target } from './target.js';

/** What AmbioSys itself assumes when contact_origin is missing; sent explicitly so the report is unambiguous. */
export const DEFAULT_CONTACT_ORIGIN = 'WEB_FORM';

export function toAmbioSysBody(customer: Customer): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    name: customer.name,
    legal_name: text(customer.extras[COLUMN.legalName]),
    tax_id: customer.taxIds[0]?.taxId,
    contact_origin: text(customer.extras[COLUMN.contactOrigin]) ?? DEFAULT_CONTACT_ORIGIN,
  };
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function interpretCreate(res: HttpResponse): CreateResult {
  if (isSuccess(res)) {
    // AmbioSys reports refusals as `{success: false, message|error}`, possibly with a 200.
    if (isRecord(res.body) && res.body.success === false) return rejectedWithStatus(res);
    const customer = isRecord(res.body) && res.body.success === true ? res.body.customer : undefined;
    const id = isRecord(customer) ? idText(customer.customer_id) : undefined;
    return id === undefined ? missingCustomerId(res) : { kind: 'created', customerId: id };
  }
  const stop = stopsTheRun(res, 'the API token', (r) => noCustomersEndpoint(r, 'AmbioSys'));
  if (stop !== undefined) return stop;
  const transient = transientFailure(res);
  if (transient !== undefined) return transient;
  if (res.status >= 400 && res.status <= 499) return rejectedWithStatus(res);
  return unexpectedStatus(res);
}

const SENT_COLUMNS: ReadonlySet<string> = new Set([
  COLUMN.name,
  COLUMN.legalName,
  COLUMN.contactOrigin,
  // Tax Jurisdiction is not sent, but with it the Tax ID is checked (without it, sent as free text).
  taxColumns(1).jurisdiction,
  taxColumns(1).id,
]);

const usesColumn = (column: string) => SENT_COLUMNS.has(column);

export const ambiosys: Target = {
  name: 'ambiosys',
  label: 'AmbioSys',
  credentialHelp: { apiKey: 'set AMBIOSYS_API_TOKEN or pass --api-key (an AmbioSys bearer token)' },
  // Its `tax_id` is any string (its own example is "ABC123456789"), only trimmed.
  taxIds: 'one-free-text',
  validate: () => [],
  usesColumn,
  // Neither e-mail nor Customer ID: zcust's journal alone knows its rows by them.
  storesKeys: keysSent(usesColumn),
  // It keeps neither key, and documents no uniqueness.
  uniqueKeys: [],
  customerIds: integerIds,
  createRequest: (customer, creds) => ({
    method: 'POST',
    path: '/api/customers/create',
    headers: { authorization: `Bearer ${creds.apiKey}` },
    body: toAmbioSysBody(customer),
  }),
  interpretCreate,
};
