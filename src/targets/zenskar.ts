/**
 * Zenskar: `POST /customers` with `x-api-key` + `organisation`, body = CreateCustomerRequestSchema
 * (api/zenskar-create-customer.openapi.yaml). Lookups use the `email__in` / `external_id__in` list filters,
 * which only the 20230501 API version understands, so every request pins it.
 */
import type { HttpRequest, HttpResponse } from '../http/types.js';
import type { Address, Customer } from '../model.js';
import { isColumnUsedBy } from '../template.js';
import { uuidIds } from './customer-ids.js';
import { errorMessage, idText, isRecord, saysEmailExists, text } from './error-body.js';
import { toFoundCustomers } from './found-customer.js';
import {
  duplicateEmail,
  isSuccess,
  lookupFailure,
  missingCustomerId,
  noCustomersEndpoint,
  rejectedWithStatus,
  stopsTheRun,
  transientFailure,
  unexpectedStatus,
} from './responses.js';
import { keysSent } from './stored-keys.js';
import type { CreateResult, Credentials, LookupKey, LookupResult, Target, TargetLookup } from './target.js';

export const ZENSKAR_API_VERSION = '20230501';
const CREDENTIALS = 'the API key or organisation';

/**
 * Most values in one `__in` list (the engine also keeps the list's length in the URL bounded: see
 * lookup-batches). Also each lookup's page size, whatever its values: Zenskar takes any number of customers
 * with one Customer ID, so a page as small as the values paged a dozen of them one or two at a time. Zenskar
 * publishes no largest `limit`: 50 is what a full batch has always asked for.
 */
const LOOKUP_BATCH = 50;

function headers(creds: Credentials): Record<string, string> {
  const result: Record<string, string> = { 'x-api-key': creds.apiKey, apiversion: ZENSKAR_API_VERSION };
  if (creds.organisation !== undefined) result.organisation = creds.organisation;
  return result;
}

/** Copies the keys that hold text; the API treats a present-but-empty key as a value, so empty ones go. */
function withoutBlanks<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ) as Partial<T>;
}

function toZenskarAddress(address: Address | undefined): Record<string, string> | undefined {
  if (address === undefined) return undefined;
  const body = withoutBlanks({
    line1: address.line1,
    line2: address.line2,
    line3: address.line3,
    city: address.city,
    state: address.state,
    zipCode: address.zipCode,
    country: address.country,
    country_code: address.countryCode,
  }) as Record<string, string>;
  return Object.keys(body).length === 0 ? undefined : body;
}

/** The CreateCustomerRequestSchema body: only what the row says, no nulls, so API defaults still apply. */
export function toZenskarBody(customer: Customer): Record<string, unknown> {
  const taxInfo = customer.taxIds.map((t) => {
    // Zenskar's taxIds shape asks for a jurisdiction with every Tax ID: a free-text one is a caller bug.
    if (t.jurisdiction === undefined)
      throw new Error('Zenskar body built from a Tax ID without jurisdiction');
    return { country_code: t.countryCode, tax_code: t.taxCode, tax_id: t.taxId };
  });
  const customData =
    customer.customData !== undefined && Object.keys(customer.customData).length > 0
      ? customer.customData
      : undefined;
  return withoutBlanks({
    customer_name: customer.name,
    external_id: customer.externalId,
    email: customer.email,
    phone_number: customer.phone,
    address: toZenskarAddress(customer.address),
    ship_to_address: toZenskarAddress(customer.shipTo),
    tax_info: taxInfo.length > 0 ? taxInfo : undefined,
    custom_data: customData,
    communications_enabled: customer.communications,
    auto_charge_enabled: customer.autoCharge,
    business_entity_id: customer.businessEntityId,
  });
}

const notHere = (res: HttpResponse) => noCustomersEndpoint(res, 'Zenskar');

function interpretCreate(res: HttpResponse): CreateResult {
  if (isSuccess(res)) {
    const id = isRecord(res.body) ? idText(res.body.id) : undefined;
    return id === undefined ? missingCustomerId(res) : { kind: 'created', customerId: id };
  }
  const stop = stopsTheRun(res, CREDENTIALS, notHere);
  if (stop !== undefined) return stop;
  if (res.status === 400) {
    const message = errorMessage(res.body);
    return message !== undefined && saysEmailExists(message)
      ? duplicateEmail(message)
      : rejectedWithStatus(res);
  }
  if (res.status === 422) return rejectedWithStatus(res);
  const transient = transientFailure(res);
  if (transient !== undefined) return transient;
  return unexpectedStatus(res);
}

/**
 * Values go in the comma-separated `__in` list. A value that holds a comma ("ACME,EU") cannot: the engine looks
 * it up alone, and it goes whole in the exact filter.
 */
const EXACT_FILTER: Record<LookupKey, string> = { email: 'email', external_id: 'external_id' };
const LIST_FILTER: Record<LookupKey, string> = { email: 'email__in', external_id: 'external_id__in' };

const PAGE_SIZE = String(LOOKUP_BATCH);

const lookup: TargetLookup = {
  maxBatch: LOOKUP_BATCH,
  keys: ['email', 'external_id'],
  request(key, values, creds, cursor): HttpRequest {
    const [only] = values;
    const filter =
      values.length === 1 && only?.includes(',')
        ? { [EXACT_FILTER[key]]: only }
        : { [LIST_FILTER[key]]: values.join(',') };
    const query: Record<string, string> = { ...filter, limit: PAGE_SIZE };
    if (cursor !== undefined) query.cursor = cursor;
    return { method: 'GET', path: '/customers', query, headers: headers(creds) };
  },
  interpret(res): LookupResult {
    if (res.status !== 200 || !isRecord(res.body) || !Array.isArray(res.body.data)) {
      return lookupFailure(res, CREDENTIALS, notHere);
    }
    const customers = toFoundCustomers(res.body.data);
    const next = text(res.body.next);
    return next === undefined ? { kind: 'found', customers } : { kind: 'found', customers, nextCursor: next };
  },
};

const usesColumn = (column: string) => isColumnUsedBy(column, 'zenskar');

export const zenskar: Target = {
  name: 'zenskar',
  label: 'Zenskar',
  defaultBaseUrl: 'https://api.zenskar.com',
  credentialHelp: {
    apiKey: 'set ZENSKAR_API_KEY or pass --api-key (Zenskar: Settings > API Keys)',
    organisation:
      'set ZENSKAR_ORGANISATION or pass --organisation (Zenskar: Settings > General, the organisation id)',
  },
  // Each tax_info item names its country and tax code, which only the jurisdiction gives.
  taxIds: 'by-jurisdiction',
  validate: () => [],
  usesColumn,
  storesKeys: keysSent(usesColumn),
  // E-mails are unique in an organisation; a second customer with one Customer ID is taken.
  uniqueKeys: ['email'],
  customerIds: uuidIds,
  createRequest: (customer, creds) => ({
    method: 'POST',
    path: '/customers',
    headers: headers(creds),
    body: toZenskarBody(customer),
  }),
  interpretCreate,
  lookup,
};
