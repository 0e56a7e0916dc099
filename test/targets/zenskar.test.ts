import { describe, expect, it } from 'vitest';
import type { Customer } from '../../src/model.js';
import type { CreateResult, LookupResult } from '../../src/targets/target.js';
import { toZenskarBody, zenskar } from '../../src/targets/zenskar.js';
import { loadZenskarRequestValidator } from '../support/openapi.js';
import {
  customer,
  FULL_CUSTOMER,
  noEndpointAbort,
  redirectAbort,
  requestTimeoutRetry,
  response,
  TAX,
} from './factories.js';

const CREDS = { apiKey: 'zk_test_key', organisation: '8e32ce67-0000-4000-8000-000000000001' };
const HEADERS = { 'x-api-key': 'zk_test_key', organisation: CREDS.organisation, apiversion: '20230501' };

describe('Zenskar create request', () => {
  it('POSTs to /customers with the key, the organisation and the pinned API version', () => {
    const req = zenskar.createRequest(customer(), CREDS);
    expect({ method: req.method, path: req.path, headers: req.headers }).toEqual({
      method: 'POST',
      path: '/customers',
      headers: HEADERS,
    });
  });

  it.each<[string, Customer, Record<string, unknown>]>([
    ['a name alone is all that is sent', customer({ name: 'Solo Ltd' }), { customer_name: 'Solo Ltd' }],
    [
      'every field of a full row',
      FULL_CUSTOMER,
      {
        customer_name: 'Acme Corporation',
        external_id: 'CUST-0001',
        email: 'billing@acme.example',
        phone_number: '+1-555-0100',
        address: {
          line1: '123 Main Street',
          line2: 'Suite 400',
          line3: 'Building C',
          city: 'San Francisco',
          state: 'CA',
          zipCode: '94105',
          country: 'United States',
          country_code: 'US',
        },
        ship_to_address: {
          line1: '456 Delivery Street',
          city: 'Oakland',
          state: 'CA',
          zipCode: '94601',
          country: 'United States',
          country_code: 'US',
        },
        tax_info: [
          { country_code: 'US', tax_code: 'VAT', tax_id: '12-3456789' },
          { country_code: 'DE', tax_code: 'VAT', tax_id: 'DE136695976' },
        ],
        custom_data: { industry: 'Technology', tier: { level: 2 } },
        communications_enabled: false,
        auto_charge_enabled: true,
        business_entity_id: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      },
    ],
    [
      'an address keeps only its filled parts',
      customer({ address: { city: 'Pune', state: '', countryCode: 'IN' } }),
      { customer_name: 'Acme Corporation', address: { city: 'Pune', country_code: 'IN' } },
    ],
    [
      'an address with nothing filled is left out',
      customer({ address: { line1: '', city: '' }, shipTo: {} }),
      { customer_name: 'Acme Corporation' },
    ],
    [
      'the ship-to address is sent on its own',
      customer({ shipTo: { line1: '1 Dock Road', zipCode: '2000', countryCode: 'AU' } }),
      {
        customer_name: 'Acme Corporation',
        ship_to_address: { line1: '1 Dock Road', zipCode: '2000', country_code: 'AU' },
      },
    ],
    [
      'tax pairs become tax_info items in column order',
      customer({ taxIds: [TAX.inGstin, TAX.auAbn] }),
      {
        customer_name: 'Acme Corporation',
        tax_info: [
          { country_code: 'IN', tax_code: 'GST', tax_id: '27AAPFU0939F1ZV' },
          { country_code: 'AU', tax_code: 'GST', tax_id: '51 824 753 556' },
        ],
      },
    ],
    [
      'false booleans are sent (they switch an API default off)',
      customer({ autoCharge: false, communications: false }),
      { customer_name: 'Acme Corporation', auto_charge_enabled: false, communications_enabled: false },
    ],
    ['empty custom data is left out', customer({ customData: {} }), { customer_name: 'Acme Corporation' }],
    [
      'blank optional strings are left out',
      customer({ email: '', phone: '', externalId: '', businessEntityId: '' }),
      { customer_name: 'Acme Corporation' },
    ],
  ])('%s', (_case, input, expected) => {
    expect(zenskar.createRequest(input, CREDS).body).toEqual(expected);
  });

  // Its taxIds shape is by-jurisdiction, so the row's rules never let one through: a caller bug, not a request.
  it('refuses to build tax_info from a Tax ID without jurisdiction', () => {
    expect(() => zenskar.createRequest(customer({ taxIds: [{ taxId: 'ABC123456789' }] }), CREDS)).toThrow(
      /without jurisdiction/,
    );
  });

  it('leaves the organisation header out when none is configured (the config step reports it missing)', () => {
    expect(zenskar.createRequest(customer(), { apiKey: 'k' }).headers).toEqual({
      'x-api-key': 'k',
      apiversion: '20230501',
    });
  });
});

/** Customers chosen to exercise every branch of the body mapping. */
const VARIED_CUSTOMERS: Array<[string, Customer]> = [
  ['minimal', customer()],
  ['full', FULL_CUSTOMER],
  [
    'unicode name and address',
    customer({ name: 'Müller & Söhne Ⅱ', address: { city: 'Zürich', countryCode: 'CH' } }),
  ],
  ['ship-to only', customer({ shipTo: { line1: 'Dock 4', country: 'Australia', countryCode: 'AU' } })],
  ['every jurisdiction', customer({ taxIds: Object.values(TAX) })],
  ['booleans off', customer({ autoCharge: false, communications: false, email: 'a.b+tag@sub.example.org' })],
  [
    'longest external id',
    customer({ externalId: 'X'.repeat(255), businessEntityId: '00000000-0000-4000-8000-000000000000' }),
  ],
  [
    'nested custom data',
    customer({ customData: { users: ['alice@acme.com'], info: { tz: 'PST', n: 1, ok: true } } }),
  ],
];

describe('every Zenskar body conforms to CreateCustomerRequestSchema', () => {
  const validate = loadZenskarRequestValidator();

  it.each(VARIED_CUSTOMERS)('%s', (_case, input) => {
    const result = validate(toZenskarBody(input));
    expect(result.errors).toBe('');
    expect(result.ok).toBe(true);
  });

  it('the validator itself refuses a misspelt field (so the test above can fail)', () => {
    expect(validate({ customer_name: 'A', address: { zip_code: '1' } }).ok).toBe(false);
  });

  it.each(VARIED_CUSTOMERS)(
    '%s carries no null, empty string, empty object or empty list',
    (_case, input) => {
      const { custom_data: _userData, ...body } = toZenskarBody(input);
      expect(findNoise(body)).toEqual([]);
    },
  );
});

/** Paths of values that only add noise to a request: null, '', {}, []. */
function findNoise(value: unknown, path = '$'): string[] {
  if (value === null || value === undefined || value === '') return [path];
  if (Array.isArray(value)) {
    return value.length === 0 ? [path] : value.flatMap((v, i) => findNoise(v, `${path}[${i}]`));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? [path] : entries.flatMap(([k, v]) => findNoise(v, `${path}.${k}`));
  }
  return [];
}

describe('Zenskar create response', () => {
  it.each<[string, ReturnType<typeof response>, CreateResult]>([
    [
      '200 with an id is created',
      response(200, { id: '123e4567-e89b-12d3-a456-426614174000', customer_name: 'Acme' }),
      { kind: 'created', customerId: '123e4567-e89b-12d3-a456-426614174000' },
    ],
    ['201 with an id is created too', response(201, { id: 'abc' }), { kind: 'created', customerId: 'abc' }],
    ['202 with an id is created too', response(202, { id: 'abc' }), { kind: 'created', customerId: 'abc' }],
    [
      '200 without an id is an unknown outcome: the customer is looked up, not sent again',
      response(200, { customer_name: 'Acme' }),
      {
        kind: 'accepted',
        status: 200,
        issue: {
          code: 'unknown_outcome',
          message: 'the API answered 200 without a customer id that zcust could read',
        },
      },
    ],
    [
      '204 with no body',
      response(204, ''),
      {
        kind: 'accepted',
        status: 204,
        issue: {
          code: 'unknown_outcome',
          message: 'the API answered 204 without a customer id that zcust could read',
        },
      },
    ],
    [
      '400 saying the email exists is a duplicate, in the API’s words',
      response(400, { error_code: 'BAD_REQUEST', message: 'Customer with this email already exists' }),
      {
        kind: 'failed',
        issue: {
          field: 'Email',
          code: 'duplicate_email',
          message: 'Customer with this email already exists',
        },
      },
    ],
    [
      '400 about a duplicate external id is a plain rejection',
      response(400, { error_code: 'BAD_REQUEST', message: 'Customer with this external_id already exists' }),
      {
        kind: 'failed',
        issue: { code: 'rejected', message: 'Customer with this external_id already exists' },
      },
    ],
    [
      'other 400 is rejected with the API’s message',
      response(400, { error_code: 'BAD_REQUEST', message: 'customer_name is required' }),
      { kind: 'failed', issue: { code: 'rejected', message: 'customer_name is required' } },
    ],
    [
      '400 without a body names the status',
      response(400, ''),
      { kind: 'failed', issue: { code: 'rejected', message: 'the API answered HTTP 400' } },
    ],
    [
      '422 {status_code, message}',
      response(422, {
        status_code: 10422,
        message:
          '1 validation error for CreateCustomerRequestSchema; email: value is not a valid email address',
      }),
      {
        kind: 'failed',
        issue: {
          code: 'rejected',
          message:
            '1 validation error for CreateCustomerRequestSchema; email: value is not a valid email address',
        },
      },
    ],
    [
      '422 FastAPI {detail:[…]}',
      response(422, {
        detail: [
          { loc: ['body', 'email'], msg: 'value is not a valid email address', type: 'value_error.email' },
        ],
      }),
      { kind: 'failed', issue: { code: 'rejected', message: 'email: value is not a valid email address' } },
    ],
    [
      '401 aborts the run',
      response(401, { detail: 'Not authenticated' }),
      {
        kind: 'abort',
        issue: {
          code: 'unauthorized',
          message: 'the API key or organisation was rejected (HTTP 401): Not authenticated',
        },
      },
    ],
    [
      '401 with no body still says what was rejected',
      response(401, ''),
      {
        kind: 'abort',
        issue: { code: 'unauthorized', message: 'the API key or organisation was rejected (HTTP 401)' },
      },
    ],
    [
      '403 from the gateway (Message) aborts the run',
      response(403, { Message: 'User is not authorized to access this resource with an explicit deny' }),
      {
        kind: 'abort',
        issue: {
          code: 'unauthorized',
          message:
            'the API key or organisation was rejected (HTTP 403): User is not authorized to access this resource with an explicit deny',
        },
      },
    ],
    [
      '429 with Retry-After seconds is safe to re-send after that wait',
      response(429, { message: 'Too many requests' }, { 'retry-after': '7' }),
      {
        kind: 'retry',
        safe: true,
        retryAfterMs: 7000,
        issue: {
          code: 'rate_limited',
          message: 'the API is limiting the request rate (HTTP 429): Too many requests',
        },
      },
    ],
    [
      '429 reads a Retry-After header spelt in any case',
      response(429, '', { 'Retry-After': '2' }),
      {
        kind: 'retry',
        safe: true,
        retryAfterMs: 2000,
        issue: { code: 'rate_limited', message: 'the API is limiting the request rate (HTTP 429)' },
      },
    ],
    [
      '429 without Retry-After leaves the wait to the backoff',
      response(429, ''),
      {
        kind: 'retry',
        safe: true,
        issue: { code: 'rate_limited', message: 'the API is limiting the request rate (HTTP 429)' },
      },
    ],
    [
      '408: the server took none of the request, so it is safe to re-send',
      response(408, ''),
      requestTimeoutRetry(),
    ],
    [
      '503 is safe to re-send',
      response(503, ''),
      {
        kind: 'retry',
        safe: true,
        issue: { code: 'server_error', message: 'the API is unavailable (HTTP 503)' },
      },
    ],
    [
      '500 may have created the customer: not safe',
      response(500, { error_code: 'INTERNAL_SERVER_ERROR', message: 'Failed to create customer' }),
      {
        kind: 'retry',
        safe: false,
        issue: {
          code: 'server_error',
          message: 'the API had a server error (HTTP 500): Failed to create customer',
        },
      },
    ],
    [
      '502 with an HTML page: not safe, no HTML in the message',
      response(502, '<html>Bad Gateway</html>'),
      {
        kind: 'retry',
        safe: false,
        issue: { code: 'server_error', message: 'the API had a server error (HTTP 502)' },
      },
    ],
    [
      '504: not safe',
      response(504, ''),
      {
        kind: 'retry',
        safe: false,
        issue: { code: 'server_error', message: 'the API had a server error (HTTP 504)' },
      },
    ],
    ['a redirect (3xx) stops the run: every row would get it', response(302, ''), redirectAbort(302)],
    [
      'a redirect names where it points and says to check the base URL',
      response(307, '', { location: 'https://api.example/v2/customers' }),
      redirectAbort(307, 'https://api.example/v2/customers'),
    ],
    [
      '404 aborts the run: nothing takes customers at this base URL',
      response(404, { detail: 'Not Found' }),
      noEndpointAbort('Zenskar', 404, 'Not Found'),
    ],
    [
      '405 aborts the run too (a base URL with some other API behind it)',
      response(405, { detail: 'Method Not Allowed' }),
      noEndpointAbort('Zenskar', 405, 'Method Not Allowed'),
    ],
  ])('%s', (_case, res, expected) => {
    expect(zenskar.interpretCreate(res)).toEqual(expected);
  });
});

describe('Zenskar lookup', () => {
  const lookup = zenskar.lookup!;

  it('looks up by email and external id, 50 values at a time', () => {
    expect({ keys: lookup.keys, maxBatch: lookup.maxBatch }).toEqual({
      keys: ['email', 'external_id'],
      maxBatch: 50,
    });
  });

  it.each([
    [
      'emails go comma-separated in email__in, in pages of 50 whatever the batch size (a Customer ID may have many customers)',
      lookup.request('email', ['a@x.example', 'b@x.example'], CREDS),
      { email__in: 'a@x.example,b@x.example', limit: '50' },
    ],
    [
      'a single email uses the same filter',
      lookup.request('email', ['a@x.example'], CREDS),
      { email__in: 'a@x.example', limit: '50' },
    ],
    [
      'a single customer id with a comma goes whole in the exact filter',
      lookup.request('external_id', ['ACME,EU'], CREDS),
      { external_id: 'ACME,EU', limit: '50' },
    ],
    [
      'customer ids go in external_id__in',
      lookup.request('external_id', ['C-1', 'C-2', 'C-3'], CREDS),
      { external_id__in: 'C-1,C-2,C-3', limit: '50' },
    ],
    [
      'a cursor from the previous page is passed on',
      lookup.request('email', ['a@x.example'], CREDS, 'cur_2'),
      { email__in: 'a@x.example', limit: '50', cursor: 'cur_2' },
    ],
  ])('%s', (_case, req, query) => {
    expect(req).toEqual({ method: 'GET', path: '/customers', query, headers: HEADERS });
  });

  it.each<[string, ReturnType<typeof response>, LookupResult]>([
    [
      'customers with their keys, and the next cursor',
      response(200, {
        data: [
          { id: 'id-1', email: 'a@x.example', external_id: 'C-1', customer_name: 'A' },
          { id: 'id-2', email: 'b@x.example', external_id: null },
        ],
        next: 'cur_2',
        previous: null,
        total: 3,
      }),
      {
        kind: 'found',
        customers: [
          { id: 'id-1', email: 'a@x.example', externalId: 'C-1' },
          { id: 'id-2', email: 'b@x.example' },
        ],
        nextCursor: 'cur_2',
      },
    ],
    [
      'the last page has no cursor',
      response(200, { data: [], next: null }),
      { kind: 'found', customers: [] },
    ],
    [
      'an item without an id is still a customer found by its keys; one with neither, or not an object, is ignored',
      response(200, {
        data: [
          { customer_id: 'c-9', external_id: 'C-9' },
          { email: 'ghost@x.example' },
          { customer_name: 'nothing to match' },
          'junk',
          { id: 'id-3' },
        ],
      }),
      { kind: 'found', customers: [{ externalId: 'C-9' }, { email: 'ghost@x.example' }, { id: 'id-3' }] },
    ],
    [
      '401 aborts',
      response(401, { detail: 'Not authenticated' }),
      {
        kind: 'error',
        result: {
          kind: 'abort',
          issue: {
            code: 'unauthorized',
            message: 'the API key or organisation was rejected (HTTP 401): Not authenticated',
          },
        },
      },
    ],
    [
      '403 aborts',
      response(403, ''),
      {
        kind: 'error',
        result: {
          kind: 'abort',
          issue: { code: 'unauthorized', message: 'the API key or organisation was rejected (HTTP 403)' },
        },
      },
    ],
    [
      '429 is retried after Retry-After',
      response(429, '', { 'retry-after': '3' }),
      {
        kind: 'error',
        result: {
          kind: 'retry',
          safe: true,
          retryAfterMs: 3000,
          issue: { code: 'rate_limited', message: 'the API is limiting the request rate (HTTP 429)' },
        },
      },
    ],
    [
      '500 is retried, and safely: a lookup creates nothing',
      response(500, ''),
      {
        kind: 'error',
        result: {
          kind: 'retry',
          safe: true,
          issue: { code: 'server_error', message: 'the API had a server error (HTTP 500)' },
        },
      },
    ],
    [
      '400 fails the lookup with the API’s words',
      response(400, { message: 'invalid filter' }),
      {
        kind: 'error',
        result: {
          kind: 'failed',
          issue: { code: 'rejected', message: 'the customer lookup failed (HTTP 400): invalid filter' },
        },
      },
    ],
    [
      '404 aborts the run: nothing answers lookups at this base URL',
      response(404, { detail: 'Not Found' }),
      {
        kind: 'error',
        result: noEndpointAbort('Zenskar', 404, 'Not Found'),
      },
    ],
    [
      // Not a refusal, which the contract's `rejected` is (a 4xx): the platform misbehaved.
      '200 without a data list fails the lookup as a server_error',
      response(200, { items: [] }),
      {
        kind: 'error',
        result: {
          kind: 'failed',
          issue: {
            code: 'server_error',
            message: 'the customer lookup answered 200 without a customer list',
          },
        },
      },
    ],
  ])('%s', (_case, res, expected) => {
    expect(lookup.interpret(res)).toEqual(expected);
  });
});
