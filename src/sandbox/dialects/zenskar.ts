/**
 * Zenskar: `POST /customers`, `GET /customers` and `GET /customers/{customer_id}` behind `x-api-key` +
 * `organisation` (the customer's PATCH and DELETE answer 501: the sandbox does not serve them). Requests are checked
 * against the OpenAPI slice's CreateCustomerRequestSchema; errors use the platform's own bodies
 * (`{status_code: 10422, message}` for schema errors, `{error_code, message}` for 400s, the AWS gateway's
 * `{Message}` for a wrong organisation).
 */
import { randomUUID } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { sameUuid } from '../../util/same-uuid.js';
import { SANDBOX_CREDENTIALS } from '../credentials.js';
import { fieldsDeclaredOnly } from '../declared-keys.js';
import { fieldErrors, validationMessage } from '../pydantic-message.js';
import { CustomerStore, type Entry, InvalidCursorError, intersect, pageNewestFirst } from '../store.js';
import type { ApiRequest, Dialect, Reply } from '../types.js';
import { CREATE_SCHEMA_NAME } from '../zenskar-schema.js';
import {
  commaList,
  header,
  isRecord,
  parseJson,
  parseLimit,
  sentAsJson,
  unsupportedParam,
} from './common.js';
import { lastSegment, notServedMessage, RouteTable } from './routes.js';

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 1000;
const LIST_MODEL = 'ListCustomersQuery';
/** FastAPI's model for a request's path and query parameters. */
const REQUEST_MODEL = 'Request';
const CUSTOMER_PATH = '/customers/{customer_id}';
const SERVED = `POST /customers, GET /customers and GET ${CUSTOMER_PATH}`;
/** The list parameters the sandbox implements; any other (search, order=..., email__ilike...) is refused. */
const LIST_PARAMS = new Set([
  'limit',
  'cursor',
  'id',
  'id__in',
  'email',
  'email__in',
  'external_id',
  'external_id__in',
  'order',
]);
/** Newest first is the only order the sandbox keeps, and the platform's default. */
const LIST_PARAM_VALUES = { order: /^-created_at$/ };

interface ZenskarCustomer {
  id: string;
  external_id: string | null;
  customer_name: string;
  email: string | null;
  [field: string]: unknown;
}

const NOT_AUTHENTICATED: Reply = {
  status: 401,
  body: { detail: 'Not authenticated' },
  outcome: 'unauthorized',
};
const EXPLICIT_DENY: Reply = {
  status: 403,
  body: { Message: 'User is not authorized to access this resource with an explicit deny' },
  outcome: 'unauthorized',
};

export function createZenskarDialect(validateCreate: ValidateFunction): Dialect {
  const credentials = SANDBOX_CREDENTIALS.zenskar;
  const store = new CustomerStore<ZenskarCustomer>();
  // What the request's models declare is all the platform keeps (its response models declare the same keys): an
  // `address.zip_code` is dropped, as a top-level key no model declares is.
  const asStored = (customer: ZenskarCustomer) => fieldsDeclaredOnly(validateCreate.schema, customer);

  const remember = (customer: ZenskarCustomer) =>
    store.add(customer, { id: customer.id, email: customer.email, externalId: customer.external_id });

  function create(request: ApiRequest): Reply {
    // FastAPI hands a body of another content type to the model as bytes, which are not a dict.
    if (!sentAsJson(request.headers)) return notADict();
    const parsed = parseJson(request.body);
    if (!parsed.ok) return schemaError([{ field: 'body', msg: `Expecting value: ${parsed.error}` }]);
    if (!isRecord(parsed.value)) return notADict();
    if (!validateCreate(parsed.value)) return schemaError(fieldErrors(validateCreate.errors ?? []));
    const body = parsed.value;
    if (typeof body.customer_name !== 'string' || body.customer_name.trim() === '') {
      return badRequest('customer_name is required', 'invalid');
    }
    const email = typeof body.email === 'string' ? body.email : null;
    if (email !== null && store.emailAnyCase(email) !== undefined) {
      return badRequest('Customer with this email already exists', 'duplicate');
    }
    const customer = asStored(toCustomer(body, email));
    remember(customer);
    return { status: 200, body: customer, outcome: 'created', stored: customer };
  }

  function list(request: ApiRequest): Reply {
    const { query } = request;
    const limit = parseLimit(query, DEFAULT_LIMIT, MAX_LIMIT);
    if (!limit.ok) {
      const msg = {
        not_integer: 'value is not a valid integer',
        too_small: 'ensure this value is greater than or equal to 1',
        too_large: `ensure this value is less than or equal to ${MAX_LIMIT}`,
      }[limit.problem];
      return schemaError([{ field: 'limit', msg }], LIST_MODEL);
    }
    const unsupported = unsupportedParam(query, LIST_PARAMS, LIST_PARAM_VALUES);
    if (unsupported !== undefined) {
      return badRequest(
        `the sandbox does not support ${unsupported} (it filters on id, id__in, email, email__in, external_id and external_id__in, newest first, paged with limit and cursor)`,
        'invalid',
      );
    }
    const matches = filtered(query);
    try {
      const page = pageNewestFirst(matches, limit.limit, query.get('cursor') ?? undefined);
      return {
        status: 200,
        body: {
          data: page.items,
          next: page.next ?? null,
          previous: page.previous ?? null,
          total: matches.length,
        },
        outcome: 'lookup',
      };
    } catch (error) {
      if (error instanceof InvalidCursorError) return badRequest('Invalid cursor', 'invalid');
      throw error;
    }
  }

  /**
   * Filters combine with AND and match exactly, as documented: the platform's case-insensitive ones are the
   * `__ilike` filters, which the sandbox refuses.
   */
  function filtered(query: URLSearchParams): readonly Entry<ZenskarCustomer>[] {
    const lists: (readonly Entry<ZenskarCustomer>[])[] = [];
    const id = query.get('id');
    const ids = query.get('id__in');
    // No index by id (it would cost every create): a lookup by id walks the customers.
    if (id !== null) lists.push(store.withIds([id]));
    if (ids !== null) lists.push(store.withIds(commaList(ids)));
    const email = query.get('email');
    const emails = query.get('email__in');
    const externalId = query.get('external_id');
    const externalIds = query.get('external_id__in');
    if (email !== null) lists.push(store.withEmails([email]));
    if (emails !== null) lists.push(store.withEmails(commaList(emails)));
    if (externalId !== null) lists.push(store.withExternalIds([externalId]));
    if (externalIds !== null) lists.push(store.withExternalIds(commaList(externalIds)));
    return lists.length === 0 ? store.all() : intersect(lists);
  }

  /** One customer by its id, or the documented 404 for an id no customer has: what an app's existence check reads. */
  function getOne(request: ApiRequest): Reply {
    const id = canonicalUuid(lastSegment(request.path));
    if (id === undefined) {
      return schemaError([{ field: 'customer_id', msg: 'value is not a valid uuid' }], REQUEST_MODEL);
    }
    const [found] = store.withIds([id]);
    if (found === undefined) {
      return {
        status: 404,
        body: { error_code: 'NOT_FOUND', message: 'Customer not found' },
        outcome: 'lookup',
      };
    }
    return { status: 200, body: found.value, outcome: 'lookup' };
  }

  return {
    target: 'zenskar',
    credentials,
    routes: new RouteTable([
      ['/customers', { POST: create, GET: list }],
      [CUSTOMER_PATH, { GET: getOne, PATCH: notServed('PATCH'), DELETE: notServed('DELETE') }],
    ]),
    authenticate(request) {
      const apiKey = header(request.headers, 'x-api-key');
      const organisation = header(request.headers, 'organisation');
      if (apiKey !== credentials.apiKey || organisation === undefined) return NOT_AUTHENTICATED;
      if (!sameUuid(organisation, credentials.organisation)) return EXPLICIT_DENY;
      return undefined;
    },
    notFound: () => ({ status: 404, body: { detail: 'Not Found' } }),
    methodNotAllowed: () => ({ status: 405, body: { detail: 'Method Not Allowed' } }),
    error: (status, message) => ({ status, body: { detail: message } }),
    unavailable: () => ({
      status: 503,
      body: { error_code: 'SERVICE_UNAVAILABLE', message: 'Service temporarily unavailable, please retry' },
    }),
    rateLimited: () => ({
      status: 429,
      body: { error_code: 'TOO_MANY_REQUESTS', message: 'Rate limit exceeded, please retry later' },
    }),
    restore(customer) {
      // Its keys index it: an e-mail of 5 (a line edited by hand) stopped the sandbox with "toLowerCase is not a
      // function", where a line that is not a customer record is skipped with a warning.
      if (!isRecord(customer) || typeof customer.id !== 'string') return false;
      if (!textOrNone(customer.email) || !textOrNone(customer.external_id)) return false;
      // A line written before the sandbox dropped undeclared keys is answered as a new one would be.
      remember(asStored(customer as ZenskarCustomer));
      return true;
    },
    customers: () => store.values(),
    customerCount: () => store.size,
    reset: () => store.clear(),
  };
}

const textOrNone = (value: unknown): boolean =>
  value === undefined || value === null || typeof value === 'string';

function schemaError(errors: { field: string; msg: string }[], model = CREATE_SCHEMA_NAME): Reply {
  return {
    status: 422,
    body: { status_code: 10422, message: validationMessage(model, errors) },
    outcome: 'invalid',
  };
}

function notADict(): Reply {
  return schemaError([{ field: '__root__', msg: 'value is not a valid dict' }]);
}

/** 501, not a 404 that would read as "no such customer" for one that exists. */
function notServed(method: string): () => Reply {
  const reply = {
    status: 501,
    body: { error_code: 'NOT_IMPLEMENTED', message: notServedMessage(method, CUSTOMER_PATH, SERVED) },
  };
  return () => reply;
}

/**
 * The id as the platform's `customer_id: UUID` reads it (Python's uuid.UUID: case, hyphens, braces and a `urn:uuid:`
 * prefix aside), in the form the sandbox's ids take; undefined for one it refuses.
 */
function canonicalUuid(text: string): string | undefined {
  const hex = text
    .replace(/urn:|uuid:/g, '')
    .replace(/^[{}]+|[{}]+$/g, '')
    .replaceAll('-', '')
    .toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return undefined;
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
}

function badRequest(message: string, outcome: 'invalid' | 'duplicate'): Reply {
  return { status: 400, body: { error_code: 'BAD_REQUEST', message }, outcome };
}

/** The stored customer in CustomerResponseSchema's shape, with the response defaults filled in. */
function toCustomer(body: Record<string, unknown>, email: string | null): ZenskarCustomer {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    // The API stores no external id for an empty string.
    external_id: typeof body.external_id === 'string' && body.external_id !== '' ? body.external_id : null,
    customer_name: body.customer_name as string,
    email,
    phone_number: body.phone_number ?? null,
    address: body.address ?? null,
    ship_to_address: body.ship_to_address ?? null,
    tax_info: body.tax_info ?? [],
    custom_data: body.custom_data ?? null,
    custom_attributes: {},
    connector: body.connector ?? null,
    communications_enabled: body.communications_enabled ?? true,
    auto_charge_enabled: body.auto_charge_enabled ?? true,
    business_entity_id: body.business_entity_id ?? null,
    created_at: now,
    updated_at: now,
  };
}
