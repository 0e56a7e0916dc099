/**
 * DayZero: `POST /api/v1/customers` (201, bare CustomerResponse), `GET /api/v1/customers?email=` and
 * `GET /api/v1/customers/{customer_id}` behind `Authorization: Bearer` + `x-business-id` (the customer's PUT and
 * DELETE answer 501: the sandbox does not serve them). Errors are FastAPI's: `{detail: "..."}`, and for validation
 * `{detail: [{loc, msg, type, input}]}` worded like pydantic v2; a duplicate email is 409.
 */
import { randomUUID } from 'node:crypto';
import { sameUuid } from '../../util/same-uuid.js';
import { isEmail } from '../ajv.js';
import { SANDBOX_CREDENTIALS } from '../credentials.js';
import { emailProblem } from '../email-problem.js';
import { CustomerStore, type Entry, InvalidCursorError, intersect, pageNewestFirst } from '../store.js';
import type { ApiRequest, Dialect, Reply } from '../types.js';
import {
  bearerToken,
  header,
  isRecord,
  parseJson,
  parseLimit,
  sentAsJson,
  unsupportedParam,
} from './common.js';
import { lastSegment, notServedMessage, RouteTable } from './routes.js';

const CUSTOMER_PATH = '/api/v1/customers/{customer_id}';
const SERVED = `POST /api/v1/customers, GET /api/v1/customers and GET ${CUSTOMER_PATH}`;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;
/** The list parameters the sandbox implements; any other (search, sort_by...) is refused. */
const LIST_PARAMS = new Set([
  'limit',
  'cursor',
  'id',
  'email',
  'direction',
  'include_total_count',
  'descending',
]);
/** Accepted only with their default values (FastAPI's spellings of true and false). */
const LIST_PARAM_VALUES = {
  direction: /^next$/,
  include_total_count: /^(false|0|off|no|f|n)$/i,
  descending: /^(true|1|on|yes|t|y)$/i,
};
const STATUSES = ['active', 'inactive', 'blocked'] as const;
const OPTIONAL_STRINGS = [
  'address',
  'phone',
  'tax_id',
  'website',
  'notes',
  'default_payment_term_id',
  'category',
  'invoice_footer',
] as const;

interface ValidationItem {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

interface DayZeroCustomer {
  id: string;
  email: string;
  [field: string]: unknown;
}

const NOT_AUTHENTICATED: Reply = {
  status: 401,
  body: { detail: 'Not authenticated' },
  outcome: 'unauthorized',
};
const BUSINESS_NOT_FOUND: Reply = {
  status: 404,
  body: { detail: 'Business not found' },
  outcome: 'unauthorized',
};

export function createDayZeroDialect(): Dialect {
  const credentials = SANDBOX_CREDENTIALS.dayzero;
  const store = new CustomerStore<DayZeroCustomer>();
  const remember = (customer: DayZeroCustomer) =>
    store.add(customer, { id: customer.id, email: customer.email });

  function create(request: ApiRequest): Reply {
    // FastAPI hands a body of another content type (text/plain) to the model as it is: not an object.
    if (!sentAsJson(request.headers)) return unprocessable(validateCreate(request.body));
    const parsed = parseJson(request.body);
    if (!parsed.ok) {
      return unprocessable([
        {
          type: 'json_invalid',
          loc: ['body', 0],
          msg: 'JSON decode error',
          input: {},
          ctx: { error: parsed.error },
        },
      ]);
    }
    const problems = validateCreate(parsed.value);
    if (problems.length > 0) return unprocessable(problems);
    const body = parsed.value as Record<string, unknown> & { name: string; email: string };
    // Named as the customer holds it: quoting this request's spelling said a customer held text none did.
    const existing = store.emailAnyCase(body.email);
    if (existing !== undefined) {
      return {
        status: 409,
        body: { detail: `Customer with email ${existing} already exists` },
        outcome: 'duplicate',
      };
    }
    const customer = toCustomer(body, credentials.businessId);
    remember(customer);
    return { status: 201, body: customer, outcome: 'created', stored: customer };
  }

  function list(request: ApiRequest): Reply {
    const { query } = request;
    const limit = parseLimit(query, DEFAULT_LIMIT, MAX_LIMIT);
    if (!limit.ok) return unprocessable([limitProblem(limit.problem, query.get('limit'))]);
    const unsupported = unsupportedParam(query, LIST_PARAMS, LIST_PARAM_VALUES);
    if (unsupported !== undefined) {
      return {
        status: 400,
        body: {
          detail: `the sandbox does not support ${unsupported} (it filters on id and email, newest first, paged forward with limit and cursor)`,
        },
        outcome: 'invalid',
      };
    }
    const lists: (readonly Entry<DayZeroCustomer>[])[] = [];
    const id = query.get('id');
    const email = query.get('email');
    // No index by id (it would cost every create): a lookup by id walks the customers.
    if (id !== null) lists.push(store.all().filter((entry) => entry.value.id === id));
    if (email !== null) lists.push(store.withEmails([email]));
    const matches = lists.length === 0 ? store.all() : intersect(lists);
    try {
      const page = pageNewestFirst(matches, limit.limit, query.get('cursor') ?? undefined);
      return {
        status: 200,
        body: { items: page.items, next_cursor: page.next ?? null, has_more: page.next !== undefined },
        outcome: 'lookup',
      };
    } catch (error) {
      if (error instanceof InvalidCursorError) {
        return { status: 400, body: { detail: 'Invalid cursor' }, outcome: 'invalid' };
      }
      throw error;
    }
  }

  /**
   * A customer by its id, or the documented 404. The documents do not type the id, so any id that is not a
   * customer's is a 404, never a 422.
   */
  function getOne(request: ApiRequest): Reply {
    const id = lastSegment(request.path);
    const [found] = store.withIds([id]);
    if (found === undefined)
      return { status: 404, body: { detail: 'Customer not found' }, outcome: 'lookup' };
    return { status: 200, body: found.value, outcome: 'lookup' };
  }

  return {
    target: 'dayzero',
    credentials,
    routes: new RouteTable([
      ['/api/v1/customers', { POST: create, GET: list }],
      [CUSTOMER_PATH, { GET: getOne, PUT: notServed('PUT'), DELETE: notServed('DELETE') }],
    ]),
    authenticate(request) {
      const businessId = header(request.headers, 'x-business-id');
      if (bearerToken(request.headers) !== credentials.apiKey || businessId === undefined)
        return NOT_AUTHENTICATED;
      if (!sameUuid(businessId, credentials.businessId)) return BUSINESS_NOT_FOUND;
      return undefined;
    },
    notFound: () => ({ status: 404, body: { detail: 'Not Found' } }),
    methodNotAllowed: () => ({ status: 405, body: { detail: 'Method Not Allowed' } }),
    error: (status, message) => ({ status, body: { detail: message } }),
    unavailable: () => ({ status: 503, body: { detail: 'Service unavailable' } }),
    rateLimited: () => ({ status: 429, body: { detail: 'Too many requests' } }),
    restore(customer) {
      if (!isRecord(customer) || typeof customer.id !== 'string' || typeof customer.email !== 'string') {
        return false;
      }
      remember(customer as DayZeroCustomer);
      return true;
    },
    customers: () => store.values(),
    customerCount: () => store.size,
    reset: () => store.clear(),
  };
}

/** 501, not a 404 that would read as "no such customer" for one that exists. */
function notServed(method: string): () => Reply {
  const reply = { status: 501, body: { detail: notServedMessage(method, CUSTOMER_PATH, SERVED) } };
  return () => reply;
}

function unprocessable(detail: ValidationItem[]): Reply {
  return { status: 422, body: { detail }, outcome: 'invalid' };
}

/** CustomerCreateRequest's rules, one item per failing field, as pydantic v2 reports them. */
function validateCreate(body: unknown): ValidationItem[] {
  if (!isRecord(body)) {
    return [
      {
        type: 'model_attributes_type',
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: body,
      },
    ];
  }
  const problems: ValidationItem[] = [];
  const field = (name: string, type: string, msg: string, ctx?: Record<string, unknown>) =>
    problems.push({ type, loc: ['body', name], msg, input: body[name], ...(ctx ? { ctx } : {}) });

  if (!('name' in body)) problems.push(missing('name', body));
  else if (typeof body.name !== 'string') field('name', 'string_type', 'Input should be a valid string');

  if (!('email' in body)) problems.push(missing('email', body));
  else if (typeof body.email !== 'string') field('email', 'string_type', 'Input should be a valid string');
  else if (!isEmail(body.email)) {
    const reason = emailProblem(body.email);
    field('email', 'value_error', `value is not a valid email address: ${reason}`, { reason });
  }

  for (const name of OPTIONAL_STRINGS) {
    const value = body[name];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      field(name, 'string_type', 'Input should be a valid string');
    }
  }

  const cents = body.credit_limit_cents;
  if (cents !== undefined && cents !== null) {
    if (typeof cents !== 'number') field('credit_limit_cents', 'int_type', 'Input should be a valid integer');
    else if (!Number.isInteger(cents)) {
      field(
        'credit_limit_cents',
        'int_from_float',
        'Input should be a valid integer, got a number with a fractional part',
      );
    }
  }

  const status = body.status;
  if (status !== undefined && status !== null && !STATUSES.includes(status as (typeof STATUSES)[number])) {
    const expected = "'active', 'inactive' or 'blocked'";
    field('status', 'enum', `Input should be ${expected}`, { expected });
  }
  return problems;
}

function missing(name: string, body: Record<string, unknown>): ValidationItem {
  return { type: 'missing', loc: ['body', name], msg: 'Field required', input: body };
}

function limitProblem(
  problem: 'not_integer' | 'too_small' | 'too_large',
  input: string | null,
): ValidationItem {
  const loc = ['query', 'limit'];
  if (problem === 'not_integer') {
    return {
      type: 'int_parsing',
      loc,
      msg: 'Input should be a valid integer, unable to parse string as an integer',
      input,
    };
  }
  if (problem === 'too_small') {
    return {
      type: 'greater_than_equal',
      loc,
      msg: 'Input should be greater than or equal to 1',
      input,
      ctx: { ge: 1 },
    };
  }
  return {
    type: 'less_than_equal',
    loc,
    msg: `Input should be less than or equal to ${MAX_LIMIT}`,
    input,
    ctx: { le: MAX_LIMIT },
  };
}

function toCustomer(body: Record<string, unknown> & { name: string; email: string }, businessId: string) {
  const now = new Date().toISOString();
  const optional = Object.fromEntries(OPTIONAL_STRINGS.map((name) => [name, body[name] ?? null]));
  return {
    id: randomUUID(),
    business_id: businessId,
    created_at: now,
    updated_at: now,
    name: body.name,
    email: body.email,
    ...optional,
    credit_limit_cents: body.credit_limit_cents ?? null,
    status: body.status ?? 'active',
    is_deleted: false,
    deleted_at: null,
    stripe_customer_id: null,
    contacts: [],
  };
}
