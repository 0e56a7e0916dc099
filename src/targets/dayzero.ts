/**
 * DayZero: `POST /api/v1/customers` with a bearer token and `x-business-id`. Its customer is flatter than
 * the template: one free-text address, one tax id, money in cents, and Email is required.
 */
import { asciiForm } from '../customer/ascii-form.js';
import { misleadingCharacterMessage } from '../customer/misleading-characters.js';
import type { HttpRequest, HttpResponse } from '../http/types.js';
import type { Address, Customer, Issue } from '../model.js';
import { BILLING_ADDRESS, COLUMN, EXTRA_COLUMNS, taxColumns } from '../template.js';
import { creditLimitCents } from './credit-limit.js';
import { uuidIds } from './customer-ids.js';
import { errorMessage, idText, isRecord, saysAlreadyThere, saysEmailExists, text } from './error-body.js';
import { toFoundCustomers } from './found-customer.js';
import {
  CHECK_BASE_URL,
  duplicateEmail,
  isSuccess,
  lookupFailure,
  missingCustomerId,
  noCustomersEndpoint,
  rejected,
  rejectedWithStatus,
  stopsTheRun,
  transientFailure,
  unexpectedStatus,
} from './responses.js';
import { keysSent } from './stored-keys.js';
import type { CreateResult, Credentials, LookupResult, NotCreated, Target, TargetLookup } from './target.js';

const CREDENTIALS = 'the API token or business id';
const STATUSES = ['active', 'inactive', 'blocked'] as const;

function headers(creds: Credentials): Record<string, string> {
  const result: Record<string, string> = { authorization: `Bearer ${creds.apiKey}` };
  if (creds.businessId !== undefined) result['x-business-id'] = creds.businessId;
  return result;
}

/** "line1, line2, line3, city, state zip, country": the order a postal address is read in. */
export function formatAddress(address: Address | undefined): string | undefined {
  if (address === undefined) return undefined;
  const stateAndZip = [address.state, address.zipCode].filter((p) => text(p) !== undefined).join(' ');
  const parts = [
    address.line1,
    address.line2,
    address.line3,
    address.city,
    stateAndZip,
    // The name reads better; the code is the fallback when only the code was given.
    text(address.country) ?? address.countryCode,
  ];
  const joined = parts
    .map((p) => text(p))
    .filter((p): p is string => p !== undefined)
    .join(', ');
  return joined === '' ? undefined : joined;
}

/** A Status as DayZero takes it, read as a code is (in ASCII, any case), or undefined when it is none. */
function statusOf(value: string): (typeof STATUSES)[number] | undefined {
  const read = asciiForm(value).toLowerCase();
  return STATUSES.find((status) => status === read);
}

function validate(customer: Customer): Issue[] {
  const issues: Issue[] = [];
  if (text(customer.email) === undefined) {
    issues.push({
      field: COLUMN.email,
      code: 'invalid_email',
      message: 'DayZero needs an email for every customer',
    });
  }
  const creditLimit = text(customer.extras[COLUMN.creditLimit]);
  if (creditLimit !== undefined) {
    const parsed = creditLimitCents(creditLimit);
    if (!parsed.ok)
      issues.push({ field: COLUMN.creditLimit, code: 'invalid_value', message: parsed.message });
  }
  const status = text(customer.extras[COLUMN.status]);
  if (status !== undefined && statusOf(status) === undefined) {
    issues.push({
      field: COLUMN.status,
      code: 'invalid_value',
      message:
        misleadingCharacterMessage(asciiForm(status)) ??
        `"${status}" is not a DayZero status: use active, inactive or blocked`,
    });
  }
  return issues;
}

/** The CustomerCreateRequest body. Assumes validate() passed: an unreadable credit limit is a caller bug. */
export function toDayZeroBody(customer: Customer): Record<string, unknown> {
  const extra = (column: string): string | undefined => text(customer.extras[column]);
  const creditLimit = extra(COLUMN.creditLimit);
  let cents: number | undefined;
  if (creditLimit !== undefined) {
    const parsed = creditLimitCents(creditLimit);
    if (!parsed.ok) throw new Error(`DayZero body built from an unvalidated row: ${parsed.message}`);
    cents = parsed.cents;
  }
  const fields: Record<string, unknown> = {
    name: customer.name,
    email: text(customer.email),
    address: formatAddress(customer.address),
    phone: text(customer.phone),
    tax_id: customer.taxIds[0]?.taxId,
    website: extra(COLUMN.website),
    notes: extra(COLUMN.notes),
    credit_limit_cents: cents,
    status: statusOf(extra(COLUMN.status) ?? ''),
    category: extra(COLUMN.category),
    invoice_footer: extra(COLUMN.invoiceFooter),
    default_payment_term_id: extra(COLUMN.paymentTermId),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** DayZero documents a bare CustomerResponse, but some of its pages show `{success, data: {...}}`: take both. */
function unwrap(body: unknown): unknown {
  return isRecord(body) && isRecord(body.data) ? body.data : body;
}

// Where it came from is said after the message (stopTheRun), as for a 401: not every place it could.
const CHECK_BUSINESS_ID = 'check the business id';

/**
 * A 404 on the customers collection is never about one row. DayZero answers it for a business id it does not
 * know (its error guide), in words of its own that may not say so ("Not Found"), as a wrong base URL gets: both
 * are named. Coded as a credential refused, so that the stop says where the business id came from.
 * A 405 is the base URL's alone (see noCustomersEndpoint).
 */
function notHere(res: HttpResponse): NotCreated | undefined {
  if (res.status !== 404) return noCustomersEndpoint(res, 'DayZero');
  const api = errorMessage(res.body);
  const answer = api === undefined ? 'HTTP 404' : `HTTP 404: ${api}`;
  const message =
    api !== undefined && /business/i.test(api)
      ? `DayZero does not know this business id (${answer}); ${CHECK_BUSINESS_ID}`
      : `DayZero found no customers endpoint (${answer}), which it answers for a business id it does not know as for a wrong base URL; ${CHECK_BUSINESS_ID}, and ${CHECK_BASE_URL}`;
  return { kind: 'abort', issue: { code: 'unauthorized', message } };
}

function interpretCreate(res: HttpResponse): CreateResult {
  if (isSuccess(res)) {
    if (isRecord(res.body) && res.body.success === false) return rejectedWithStatus(res);
    const created = unwrap(res.body);
    const id = isRecord(created) ? idText(created.id) : undefined;
    return id === undefined ? missingCustomerId(res) : { kind: 'created', customerId: id };
  }
  const stop = stopsTheRun(res, CREDENTIALS, notHere);
  if (stop !== undefined) return stop;
  const message = errorMessage(res.body);
  if (res.status === 409) {
    if (message === undefined) return duplicateEmail('a customer with this email already exists in DayZero');
    return saysAlreadyThere(message) ? duplicateEmail(message) : rejected(message);
  }
  if (
    res.status === 400 &&
    message !== undefined &&
    (saysEmailExists(message) || /duplicate/i.test(message))
  ) {
    return duplicateEmail(message);
  }
  if (res.status === 400 || res.status === 422) return rejectedWithStatus(res);
  const transient = transientFailure(res);
  if (transient !== undefined) return transient;
  return unexpectedStatus(res);
}

/**
 * A lookup's page size: DayZero's default (it takes up to 1000). An e-mail's customers come in one page up to 50,
 * and are paged beyond (DayZero does not say it refuses a second customer with an e-mail it has).
 */
const PAGE_SIZE = '50';

const lookup: TargetLookup = {
  // DayZero filters on one exact email per request; it has no `__in` list.
  maxBatch: 1,
  keys: ['email'],
  request(key, values, creds, cursor): HttpRequest {
    const [email] = values;
    if (key !== 'email' || email === undefined || values.length !== 1) {
      throw new RangeError(
        `DayZero looks customers up by one email at a time, not ${key} × ${values.length}`,
      );
    }
    const query: Record<string, string> = { email, limit: PAGE_SIZE };
    if (cursor !== undefined) query.cursor = cursor;
    return { method: 'GET', path: '/api/v1/customers', query, headers: headers(creds) };
  },
  interpret(res): LookupResult {
    const page = unwrap(res.body);
    if (res.status !== 200 || !isRecord(page) || !Array.isArray(page.items))
      return lookupFailure(res, CREDENTIALS, notHere);
    const customers = toFoundCustomers(page.items);
    const next = page.has_more === true ? text(page.next_cursor) : undefined;
    return next === undefined ? { kind: 'found', customers } : { kind: 'found', customers, nextCursor: next };
  },
};

/**
 * Columns DayZero sends. Tax Jurisdiction counts: it is what makes the first Tax ID checked (without it, the
 * Tax ID is sent as free text).
 */
const SENT_COLUMNS: ReadonlySet<string> = new Set([
  ...EXTRA_COLUMNS.filter((c) => c.targets?.includes('dayzero')).map((c) => c.name),
  COLUMN.name,
  COLUMN.email,
  COLUMN.phone,
  ...Object.values(BILLING_ADDRESS),
  taxColumns(1).jurisdiction,
  taxColumns(1).id,
]);

const usesColumn = (column: string) => SENT_COLUMNS.has(column);

export const dayzero: Target = {
  name: 'dayzero',
  label: 'DayZero',
  defaultBaseUrl: 'https://api.ondayzero.com',
  credentialHelp: {
    apiKey: 'set DAYZERO_API_TOKEN or pass --api-key (a dz_… API token)',
    businessId: 'set DAYZERO_BUSINESS_ID or pass --business-id (the business UUID)',
  },
  // Its `tax_id` is a string, "EIN, VAT, etc.", with no jurisdiction beside it.
  taxIds: 'one-free-text',
  validate,
  usesColumn,
  // The e-mail; a Customer ID is never sent.
  storesKeys: keysSent(usesColumn),
  // A second customer with an e-mail it has is refused with a 409.
  uniqueKeys: ['email'],
  customerIds: uuidIds,
  createRequest: (customer, creds) => ({
    method: 'POST',
    path: '/api/v1/customers',
    headers: headers(creds),
    body: toDayZeroBody(customer),
  }),
  interpretCreate,
  lookup,
};
