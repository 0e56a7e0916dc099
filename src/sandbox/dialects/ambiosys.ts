/**
 * AmbioSys: `POST /api/customers/create` behind `Authorization: Bearer`, answering
 * `{success, customer}` or `{success: false, message}`. It documents no uniqueness and no list endpoint, so
 * duplicates are accepted and nothing can be looked up.
 */
import { SANDBOX_CREDENTIALS } from '../credentials.js';
import { CustomerStore } from '../store.js';
import type { ApiRequest, Dialect, Reply } from '../types.js';
import { bearerToken, isRecord, parseJson } from './common.js';

const DEFAULT_CONTACT_ORIGIN = 'WEB_FORM';
const TRIMMED_FIELDS = ['legal_name', 'tax_id'] as const;

interface AmbioSysCustomer {
  customer_id: number;
  name: string;
  legal_name: string | null;
  tax_id: string | null;
  contact_origin: string;
  created_at: string;
  updated_at: string;
}

export function createAmbioSysDialect(): Dialect {
  const credentials = SANDBOX_CREDENTIALS.ambiosys;
  const store = new CustomerStore<AmbioSysCustomer>();
  let lastId = 0;

  const remember = (customer: AmbioSysCustomer) => {
    store.add(customer);
    lastId = Math.max(lastId, customer.customer_id);
  };

  function create(request: ApiRequest): Reply {
    const parsed = parseJson(request.body);
    if (!parsed.ok) return failure(400, 'Invalid JSON body', 'invalid');
    const body = isRecord(parsed.value) ? parsed.value : {};
    if (typeof body.name !== 'string' || body.name.trim() === '') {
      // A name of another type is there, just not a string: "required" would blame the wrong thing.
      return failure(
        400,
        givenNotString(body.name) ? 'name must be a string' : 'name is required',
        'invalid',
      );
    }
    const wrongType = [...TRIMMED_FIELDS, 'contact_origin'].find((name) => givenNotString(body[name]));
    if (wrongType !== undefined) return failure(400, `${wrongType} must be a string`, 'invalid');
    const now = new Date().toISOString();
    const customer: AmbioSysCustomer = {
      customer_id: lastId + 1,
      name: body.name,
      legal_name: trimmed(body.legal_name),
      tax_id: trimmed(body.tax_id),
      contact_origin: trimmed(body.contact_origin) ?? DEFAULT_CONTACT_ORIGIN,
      created_at: now,
      updated_at: now,
    };
    remember(customer);
    return { status: 200, body: { success: true, customer }, outcome: 'created', stored: customer };
  }

  return {
    target: 'ambiosys',
    credentials,
    routes: new Map([['/api/customers/create', { POST: create }]]),
    authenticate(request) {
      return bearerToken(request.headers) === credentials.apiKey
        ? undefined
        : failure(401, 'Unauthorized', 'unauthorized');
    },
    notFound: () => failure(404, 'Not found'),
    methodNotAllowed: () => failure(405, 'Method not allowed'),
    error: (status, message) => failure(status, message),
    unavailable: () => failure(503, 'Service unavailable'),
    rateLimited: () => failure(429, 'Too many requests'),
    restore(customer) {
      if (!isRecord(customer) || typeof customer.customer_id !== 'number') return false;
      remember(customer as unknown as AmbioSysCustomer);
      return true;
    },
    customers: () => store.values(),
    customerCount: () => store.size,
    reset: () => {
      store.clear();
      lastId = 0;
    },
  };
}

function failure(status: number, message: string, outcome?: Reply['outcome']): Reply {
  return { status, body: { success: false, message }, ...(outcome ? { outcome } : {}) };
}

/** Present (null counts as absent) but not a string. */
function givenNotString(value: unknown): boolean {
  return value !== undefined && value !== null && typeof value !== 'string';
}

/** A string trimmed, blank as null: "trimmed if provided". */
function trimmed(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? null : text;
}
