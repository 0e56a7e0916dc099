import { describe, expect, it } from 'vitest';
import type { Address, Customer, Issue } from '../../src/model.js';
import { dayzero, formatAddress } from '../../src/targets/dayzero.js';
import type { CreateResult, LookupResult } from '../../src/targets/target.js';
import {
  customer,
  FULL_CUSTOMER,
  noEndpointAbort,
  redirectAbort,
  requestTimeoutRetry,
  response,
  TAX,
} from './factories.js';

const CREDS = { apiKey: 'dz_test_token', businessId: 'b5a1c0de-0000-4000-8000-000000000002' };
const HEADERS = { authorization: 'Bearer dz_test_token', 'x-business-id': CREDS.businessId };
const withEmail = (overrides: Partial<Customer> = {}) =>
  customer({ email: 'billing@acme.example', ...overrides });

describe('DayZero validate', () => {
  it.each<[string, Customer, Issue[]]>([
    ['a customer with an email passes', withEmail(), []],
    [
      'an email is required',
      customer(),
      [{ field: 'Email', code: 'invalid_email', message: 'DayZero needs an email for every customer' }],
    ],
    [
      'a blank email counts as none',
      customer({ email: '  ' }),
      [{ field: 'Email', code: 'invalid_email', message: 'DayZero needs an email for every customer' }],
    ],
    ['a readable credit limit passes', withEmail({ extras: { 'Credit Limit': '1,000.50' } }), []],
    [
      'an unreadable credit limit',
      withEmail({ extras: { 'Credit Limit': 'abc' } }),
      [
        {
          field: 'Credit Limit',
          code: 'invalid_value',
          message: '"abc" is not an amount: write it like 1000.50',
        },
      ],
    ],
    [
      'a negative credit limit',
      withEmail({ extras: { 'Credit Limit': '-5' } }),
      [
        {
          field: 'Credit Limit',
          code: 'invalid_value',
          message: '"-5" is negative, and a credit limit cannot be below 0',
        },
      ],
    ],
    [
      'a credit limit with three decimals',
      withEmail({ extras: { 'Credit Limit': '1000.505' } }),
      [
        {
          field: 'Credit Limit',
          code: 'invalid_value',
          message: '"1000.505" has more than two decimals, and credit limits are in cents at most',
        },
      ],
    ],
    [
      'a credit limit too large for a JSON number',
      withEmail({ extras: { 'Credit Limit': '99999999999999.99' } }),
      [
        {
          field: 'Credit Limit',
          code: 'invalid_value',
          message: '"99999999999999.99" is too large: the most that can be sent is 90071992547409.91',
        },
      ],
    ],
    ['status active', withEmail({ extras: { Status: 'active' } }), []],
    ['status in any case', withEmail({ extras: { Status: 'BLOCKED' } }), []],
    ['status inactive', withEmail({ extras: { Status: 'Inactive' } }), []],
    [
      'status typed full-width, read in ASCII as the codes are',
      withEmail({ extras: { Status: 'ａｃｔｉｖｅ' } }),
      [],
    ],
    // "inactive" with a zero-width space after it was "not a DayZero status", quoted as "inactive".
    [
      'a status holding an invisible character',
      withEmail({ extras: { Status: 'inactive\u200B' } }),
      [
        {
          field: 'Status',
          code: 'invalid_value',
          message: 'holds an invisible character (U+200B ZERO WIDTH SPACE) at character 9: remove it',
        },
      ],
    ],
    [
      'a status holding a Cyrillic letter',
      withEmail({ extras: { Status: 'blоcked' } }),
      [
        {
          field: 'Status',
          code: 'invalid_value',
          message:
            'holds "о" (U+043E) at character 3, which is not an ASCII character (it may only look like one): retype it',
        },
      ],
    ],
    [
      'an unknown status',
      withEmail({ extras: { Status: 'archived' } }),
      [
        {
          field: 'Status',
          code: 'invalid_value',
          message: '"archived" is not a DayZero status: use active, inactive or blocked',
        },
      ],
    ],
    [
      'every problem of a row is reported at once',
      customer({ extras: { 'Credit Limit': 'lots', Status: 'gone' } }),
      [
        { field: 'Email', code: 'invalid_email', message: 'DayZero needs an email for every customer' },
        {
          field: 'Credit Limit',
          code: 'invalid_value',
          message: '"lots" is not an amount: write it like 1000.50',
        },
        {
          field: 'Status',
          code: 'invalid_value',
          message: '"gone" is not a DayZero status: use active, inactive or blocked',
        },
      ],
    ],
  ])('%s', (_case, input, expected) => {
    expect(dayzero.validate(input)).toEqual(expected);
  });
});

describe('DayZero address: one line, in reading order', () => {
  it.each<[string, Address | undefined, string | undefined]>([
    [
      'every part',
      {
        line1: '123 Main Street',
        line2: 'Suite 400',
        line3: 'Building C',
        city: 'San Francisco',
        state: 'CA',
        zipCode: '94105',
        country: 'United States',
        countryCode: 'US',
      },
      '123 Main Street, Suite 400, Building C, San Francisco, CA 94105, United States',
    ],
    ['state without zip', { city: 'Austin', state: 'TX' }, 'Austin, TX'],
    [
      'zip without state',
      { line1: '12 Rue de Rivoli', city: 'Paris', zipCode: '75004' },
      '12 Rue de Rivoli, Paris, 75004',
    ],
    [
      'the country code stands in for a missing country name',
      { city: 'Berlin', countryCode: 'DE' },
      'Berlin, DE',
    ],
    [
      'blank parts are skipped',
      { line1: '1 High St', line2: '', line3: ' ', city: 'Leeds' },
      '1 High St, Leeds',
    ],
    ['nothing filled', { line1: '', city: '' }, undefined],
    ['no address', undefined, undefined],
  ])('%s', (_case, address, expected) => {
    expect(formatAddress(address)).toBe(expected);
  });
});

describe('DayZero create request', () => {
  it('POSTs to /api/v1/customers with the bearer token and the business id', () => {
    const req = dayzero.createRequest(withEmail(), CREDS);
    expect({ method: req.method, path: req.path, headers: req.headers }).toEqual({
      method: 'POST',
      path: '/api/v1/customers',
      headers: HEADERS,
    });
  });

  it.each<[string, Customer, Record<string, unknown>]>([
    [
      'name and email alone',
      withEmail({ name: 'Solo Ltd' }),
      { name: 'Solo Ltd', email: 'billing@acme.example' },
    ],
    [
      'a status typed full-width, sent in ASCII',
      withEmail({ name: 'Solo Ltd', extras: { Status: 'ＢＬＯＣＫＥＤ' } }),
      { name: 'Solo Ltd', email: 'billing@acme.example', status: 'blocked' },
    ],
    [
      'a full row with every DayZero extra',
      {
        ...FULL_CUSTOMER,
        extras: {
          Website: 'https://acme.example',
          Notes: 'Met at the trade fair',
          'Credit Limit': '1,000.50',
          Status: 'Active',
          Category: 'Retail',
          'Invoice Footer': 'Thank you',
          'Payment Term ID': 'net-30',
        },
      },
      {
        name: 'Acme Corporation',
        email: 'billing@acme.example',
        address: '123 Main Street, Suite 400, Building C, San Francisco, CA 94105, United States',
        phone: '+1-555-0100',
        tax_id: '12-3456789',
        website: 'https://acme.example',
        notes: 'Met at the trade fair',
        credit_limit_cents: 100050,
        status: 'active',
        category: 'Retail',
        invoice_footer: 'Thank you',
        default_payment_term_id: 'net-30',
      },
    ],
    [
      'only the first tax id is sent',
      withEmail({ taxIds: [TAX.inGstin, TAX.auAbn] }),
      { name: 'Acme Corporation', email: 'billing@acme.example', tax_id: '27AAPFU0939F1ZV' },
    ],
    [
      'a free-text tax id (no jurisdiction) is sent as written',
      withEmail({ taxIds: [{ taxId: 'ABC123456789' }] }),
      { name: 'Acme Corporation', email: 'billing@acme.example', tax_id: 'ABC123456789' },
    ],
    [
      'a credit limit of 0 is sent as 0, not dropped',
      withEmail({ extras: { 'Credit Limit': '0' } }),
      { name: 'Acme Corporation', email: 'billing@acme.example', credit_limit_cents: 0 },
    ],
    [
      'the ship-to address and Zenskar-only fields are not sent',
      withEmail({ shipTo: { city: 'Oakland' }, externalId: 'C-1', customData: { a: 1 }, autoCharge: true }),
      { name: 'Acme Corporation', email: 'billing@acme.example' },
    ],
    [
      'columns of other targets are not sent',
      withEmail({ extras: { 'Legal Name': 'Acme LLC', 'Contact Origin': 'WEB_FORM' } }),
      { name: 'Acme Corporation', email: 'billing@acme.example' },
    ],
  ])('%s', (_case, input, expected) => {
    expect(dayzero.createRequest(input, CREDS).body).toEqual(expected);
  });

  it('refuses to build a body from a row whose credit limit was never validated', () => {
    expect(() => dayzero.createRequest(withEmail({ extras: { 'Credit Limit': '1,5' } }), CREDS)).toThrow(
      /unvalidated row/,
    );
  });
});

const CREATED_BODY = {
  id: 'c0ffee00-0000-4000-8000-000000000003',
  business_id: CREDS.businessId,
  name: 'Acme Corporation',
  email: 'billing@acme.example',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};

const CHECK_BUSINESS_ID = 'check the business id';

/** A 404 from the customers collection: DayZero's answer to a business id it does not know, or to a wrong address. */
function unknownBusinessOrAddress(answer: string): Extract<CreateResult, { kind: 'abort' }> {
  return {
    kind: 'abort',
    issue: {
      code: 'unauthorized',
      message: `DayZero found no customers endpoint (${answer}), which it answers for a business id it does not know as for a wrong base URL; ${CHECK_BUSINESS_ID}, and check the base URL`,
    },
  };
}

describe('DayZero create response', () => {
  it.each<[string, ReturnType<typeof response>, CreateResult]>([
    [
      '201 with a bare CustomerResponse',
      response(201, CREATED_BODY),
      { kind: 'created', customerId: CREATED_BODY.id },
    ],
    [
      '201 with a {success, data} envelope',
      response(201, { success: true, message: 'Customer created', code: 201, data: CREATED_BODY }),
      { kind: 'created', customerId: CREATED_BODY.id },
    ],
    ['200 is accepted too', response(200, { id: 'c-200' }), { kind: 'created', customerId: 'c-200' }],
    ['202 with an id is created', response(202, { id: 'c-202' }), { kind: 'created', customerId: 'c-202' }],
    [
      '201 without an id',
      response(201, { success: true, data: {} }),
      {
        kind: 'accepted',
        status: 201,
        issue: {
          code: 'unknown_outcome',
          message: 'the API answered 201 without a customer id that zcust could read',
        },
      },
    ],
    [
      'an envelope that says it failed',
      response(200, { success: false, message: 'Customer limit reached for this plan' }),
      { kind: 'failed', issue: { code: 'rejected', message: 'Customer limit reached for this plan' } },
    ],
    [
      '409 is a duplicate email, in the API’s words',
      response(409, { detail: 'Customer with email billing@acme.example already exists' }),
      {
        kind: 'failed',
        issue: {
          field: 'Email',
          code: 'duplicate_email',
          message: 'Customer with email billing@acme.example already exists',
        },
      },
    ],
    [
      '409 without a body is still a duplicate email',
      response(409, ''),
      {
        kind: 'failed',
        issue: {
          field: 'Email',
          code: 'duplicate_email',
          message: 'a customer with this email already exists in DayZero',
        },
      },
    ],
    [
      '409 "Conflict" (FastAPI’s default words) is a duplicate email',
      response(409, { detail: 'Conflict' }),
      { kind: 'failed', issue: { field: 'Email', code: 'duplicate_email', message: 'Conflict' } },
    ],
    [
      '409 about a state, not a customer already there, is rejected in the API’s words',
      response(409, { detail: 'Payment term pt_30 is archived' }),
      { kind: 'failed', issue: { code: 'rejected', message: 'Payment term pt_30 is archived' } },
    ],
    [
      '409 saying a state is "already" so, not a customer already there, is rejected',
      response(409, { detail: 'Payment term pt_30 has already been archived' }),
      {
        kind: 'failed',
        issue: { code: 'rejected', message: 'Payment term pt_30 has already been archived' },
      },
    ],
    [
      '409 saying something does not exist is rejected',
      response(409, { detail: 'Payment term pt_30 does not exist' }),
      { kind: 'failed', issue: { code: 'rejected', message: 'Payment term pt_30 does not exist' } },
    ],
    [
      '400 whose detail object says the email exists',
      response(400, {
        detail: { code: 'EMAIL_EXISTS', message: 'A customer with this email already exists' },
      }),
      {
        kind: 'failed',
        issue: {
          field: 'Email',
          code: 'duplicate_email',
          message: 'A customer with this email already exists',
        },
      },
    ],
    [
      '400 saying the email exists',
      response(400, { detail: 'A customer with this email already exists' }),
      {
        kind: 'failed',
        issue: {
          field: 'Email',
          code: 'duplicate_email',
          message: 'A customer with this email already exists',
        },
      },
    ],
    [
      '400 saying duplicate',
      response(400, { detail: 'Duplicate customer' }),
      { kind: 'failed', issue: { field: 'Email', code: 'duplicate_email', message: 'Duplicate customer' } },
    ],
    [
      'other 400 is rejected with its detail',
      response(400, { detail: 'Invalid request parameters' }),
      { kind: 'failed', issue: { code: 'rejected', message: 'Invalid request parameters' } },
    ],
    [
      '422 detail list, one line per the contract',
      response(422, {
        detail: [
          {
            loc: ['body', 'email'],
            msg: 'value is not a valid email address',
            type: 'value_error',
            input: 'x',
          },
          { loc: ['body', 'name'], msg: 'field required', type: 'missing' },
        ],
      }),
      {
        kind: 'failed',
        issue: {
          code: 'rejected',
          message: 'email: value is not a valid email address; name: field required',
        },
      },
    ],
    [
      '422 detail string',
      response(422, { detail: 'credit_limit_cents must be positive' }),
      { kind: 'failed', issue: { code: 'rejected', message: 'credit_limit_cents must be positive' } },
    ],
    [
      '401 aborts',
      response(401, { detail: 'Not authenticated' }),
      {
        kind: 'abort',
        issue: {
          code: 'unauthorized',
          message: 'the API token or business id was rejected (HTTP 401): Not authenticated',
        },
      },
    ],
    [
      '403 aborts',
      response(403, { detail: 'Not enough permissions' }),
      {
        kind: 'abort',
        issue: {
          code: 'unauthorized',
          message: 'the API token or business id was rejected (HTTP 403): Not enough permissions',
        },
      },
    ],
    [
      '404 Business not found aborts: the business id is wrong',
      response(404, { detail: 'Business not found' }),
      {
        kind: 'abort',
        issue: {
          code: 'unauthorized',
          message: `DayZero does not know this business id (HTTP 404: Business not found); ${CHECK_BUSINESS_ID}`,
        },
      },
    ],
    [
      'any other 404 aborts naming both causes: DayZero answers it for a business id it does not know too',
      response(404, { detail: 'Not Found' }),
      unknownBusinessOrAddress('HTTP 404: Not Found'),
    ],
    ['a 404 without a body names both causes too', response(404, ''), unknownBusinessOrAddress('HTTP 404')],
    [
      '405 aborts the run: the base URL is wrong',
      response(405, { detail: 'Method Not Allowed' }),
      noEndpointAbort('DayZero', 405, 'Method Not Allowed'),
    ],
    [
      '429 with Retry-After is safe',
      response(429, { detail: 'Rate limit exceeded' }, { 'retry-after': '3' }),
      {
        kind: 'retry',
        safe: true,
        retryAfterMs: 3000,
        issue: {
          code: 'rate_limited',
          message: 'the API is limiting the request rate (HTTP 429): Rate limit exceeded',
        },
      },
    ],
    [
      '408: the server took none of the request, so it is safe to re-send',
      response(408, { detail: 'Request Timeout' }),
      requestTimeoutRetry('Request Timeout'),
    ],
    [
      '503 is safe',
      response(503, { detail: 'Service unavailable' }),
      {
        kind: 'retry',
        safe: true,
        issue: { code: 'server_error', message: 'the API is unavailable (HTTP 503): Service unavailable' },
      },
    ],
    ...[500, 502, 504].map((status): [string, ReturnType<typeof response>, CreateResult] => [
      `${status} is not safe`,
      response(status, ''),
      {
        kind: 'retry',
        safe: false,
        issue: { code: 'server_error', message: `the API had a server error (HTTP ${status})` },
      },
    ]),
    ['a redirect (301) stops the run: every row would get it', response(301, ''), redirectAbort(301)],
  ])('%s', (_case, res, expected) => {
    expect(dayzero.interpretCreate(res)).toEqual(expected);
  });
});

describe('DayZero lookup', () => {
  const lookup = dayzero.lookup!;

  it('looks up by email only, one at a time (no list filter)', () => {
    expect({ keys: lookup.keys, maxBatch: lookup.maxBatch }).toEqual({ keys: ['email'], maxBatch: 1 });
  });

  it.each([
    ['an exact email filter, in pages of 50 (its default)', undefined, { email: 'a@x.example', limit: '50' }],
    ['the cursor of the previous page', 'cur_9', { email: 'a@x.example', limit: '50', cursor: 'cur_9' }],
  ])('sends %s', (_case, cursor, query) => {
    expect(lookup.request('email', ['a@x.example'], CREDS, cursor)).toEqual({
      method: 'GET',
      path: '/api/v1/customers',
      query,
      headers: HEADERS,
    });
  });

  it.each([
    ['two emails', 'email', ['a@x.example', 'b@x.example']],
    ['no email', 'email', []],
    ['a customer id', 'external_id', ['C-1']],
  ] as const)('refuses %s (a caller bug, not a row problem)', (_case, key, values) => {
    expect(() => lookup.request(key, values, CREDS)).toThrow(RangeError);
  });

  it.each<[string, ReturnType<typeof response>, LookupResult]>([
    [
      'the customer found',
      response(200, { items: [{ ...CREATED_BODY }], next_cursor: null, has_more: false }),
      { kind: 'found', customers: [{ id: CREATED_BODY.id, email: 'billing@acme.example' }] },
    ],
    [
      'nobody found',
      response(200, { items: [], next_cursor: null, has_more: false }),
      { kind: 'found', customers: [] },
    ],
    [
      'more pages: the cursor is passed back',
      response(200, { items: [{ id: 'c-1', email: 'a@x.example' }], next_cursor: 'cur_2', has_more: true }),
      { kind: 'found', customers: [{ id: 'c-1', email: 'a@x.example' }], nextCursor: 'cur_2' },
    ],
    [
      'an item without an id is still the customer found by its e-mail',
      response(200, { items: [{ customer_id: 'c-1', email: 'a@x.example' }], has_more: false }),
      { kind: 'found', customers: [{ email: 'a@x.example' }] },
    ],
    [
      'a cursor without has_more is the end',
      response(200, { items: [], next_cursor: 'stale', has_more: false }),
      { kind: 'found', customers: [] },
    ],
    [
      'an enveloped page',
      response(200, {
        success: true,
        data: { items: [{ id: 'c-1', email: 'a@x.example' }], has_more: false },
      }),
      { kind: 'found', customers: [{ id: 'c-1', email: 'a@x.example' }] },
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
            message: 'the API token or business id was rejected (HTTP 401): Not authenticated',
          },
        },
      },
    ],
    [
      '503 is retried',
      response(503, ''),
      {
        kind: 'error',
        result: {
          kind: 'retry',
          safe: true,
          issue: { code: 'server_error', message: 'the API is unavailable (HTTP 503)' },
        },
      },
    ],
    [
      '404 naming no business aborts the run naming both causes, as a create’s does',
      response(404, { detail: 'Not Found' }),
      { kind: 'error', result: unknownBusinessOrAddress('HTTP 404: Not Found') },
    ],
    [
      '422 fails the lookup with the API’s words',
      response(422, { detail: [{ loc: ['query', 'email'], msg: 'invalid email', type: 'value_error' }] }),
      {
        kind: 'error',
        result: {
          kind: 'failed',
          issue: {
            code: 'rejected',
            message: 'the customer lookup failed (HTTP 422): query.email: invalid email',
          },
        },
      },
    ],
  ])('%s', (_case, res, expected) => {
    expect(lookup.interpret(res)).toEqual(expected);
  });
});
