import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { AUTH, call, customerBody, UUID } from './client.js';
import { sliceValidator } from './slice.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterEach(() => sandbox.close());

const create = (body: unknown, headers: Record<string, string> = AUTH.zenskar) =>
  call(sandbox, 'POST', '/customers', { body, headers });
const list = (query: string, headers: Record<string, string> = AUTH.zenskar) =>
  call(sandbox, 'GET', `/customers${query}`, { headers });

describe('zenskar sandbox: authentication', () => {
  const NOT_AUTHENTICATED = { detail: 'Not authenticated' };
  const EXPLICIT_DENY = { Message: 'User is not authorized to access this resource with an explicit deny' };

  it.each([
    ['no credentials', 401, {}, NOT_AUTHENTICATED],
    ['no organisation', 401, { 'x-api-key': AUTH.zenskar['x-api-key'] }, NOT_AUTHENTICATED],
    ['no api key', 401, { organisation: AUTH.zenskar.organisation }, NOT_AUTHENTICATED],
    ['a wrong api key', 401, { ...AUTH.zenskar, 'x-api-key': 'zsk_wrong' }, NOT_AUTHENTICATED],
    [
      'a wrong organisation',
      403,
      { ...AUTH.zenskar, organisation: '11111111-1111-4111-8111-111111111111' },
      EXPLICIT_DENY,
    ],
  ])('a create with %s is refused with %i and nothing is stored', async (_case, status, headers, body) => {
    const answer = await create(customerBody('zenskar', 1), headers);
    expect(answer).toMatchObject({ status, body });
    expect(sandbox.customers()).toHaveLength(0);
  });

  it('a lookup without credentials is refused with 401', async () => {
    expect(await list('?email=a@example.com', {})).toMatchObject({ status: 401, body: NOT_AUTHENTICATED });
  });
});

describe('zenskar sandbox: schema validation (422 in the platform shape)', () => {
  const message = (...fields: string[]) =>
    `${fields.length} validation error${fields.length === 1 ? '' : 's'} for CreateCustomerRequestSchema; ${fields.join('; ')}`;

  it.each([
    ['customer_name missing', { email: 'a@example.com' }, message('customer_name: field required')],
    [
      'email not an email',
      { customer_name: 'A', email: 'not-an-email' },
      message('email: value is not a valid email address'),
    ],
    // pydantic's EmailStr holds an address to RFC 5321's lengths: the sandbox created these.
    [
      'email with a local part of 65 characters',
      { customer_name: 'A', email: `${'a'.repeat(65)}@acme.com` },
      message('email: value is not a valid email address'),
    ],
    [
      'email with a domain label of 64 characters',
      { customer_name: 'A', email: `x@${'b'.repeat(64)}.com` },
      message('email: value is not a valid email address'),
    ],
    [
      'external_id of 256 characters',
      { customer_name: 'A', external_id: 'x'.repeat(256) },
      message('external_id: ensure this value has at most 255 characters'),
    ],
    [
      'tax_info not an array',
      { customer_name: 'A', tax_info: { tax_id: '1' } },
      message('tax_info: value is not a valid list'),
    ],
    [
      'business_entity_id not a uuid',
      { customer_name: 'A', business_entity_id: 'entity-1' },
      message('business_entity_id: value is not a valid uuid'),
    ],
    [
      'a nested address field of the wrong type',
      { customer_name: 'A', address: { city: 5 } },
      message('address.city: str type expected'),
    ],
    [
      'auto_charge_enabled not a boolean',
      { customer_name: 'A', auto_charge_enabled: 'yes' },
      message('auto_charge_enabled: value could not be parsed to a boolean'),
    ],
    [
      'two bad fields',
      { customer_name: 5, email: 'nope' },
      message('customer_name: str type expected', 'email: value is not a valid email address'),
    ],
  ])('%s is answered 422 naming the field', async (_case, body, expected) => {
    const answer = await create(body);
    expect(answer).toEqual(
      expect.objectContaining({ status: 422, body: { status_code: 10422, message: expected } }),
    );
    expect(sandbox.customers()).toHaveLength(0);
  });

  it.each([
    ['not JSON at all', '{"customer_name": "A",'],
    ['a JSON array', '[{"customer_name": "A"}]'],
  ])('a body that is %s is answered 422 with status_code 10422', async (_case, raw) => {
    const answer = await create(raw);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      status_code: 10422,
      message: expect.stringMatching(/^1 validation error/),
    });
  });

  it('a blank customer_name is answered 400 "customer_name is required", as the slice documents', async () => {
    const answer = await create({ customer_name: '   ' });
    expect(answer).toMatchObject({
      status: 400,
      body: { error_code: 'BAD_REQUEST', message: 'customer_name is required' },
    });
  });
});

describe('zenskar sandbox: creating', () => {
  it('answers 200 with the stored customer in the shape of CustomerResponseSchema', async () => {
    const answer = await create({
      customer_name: 'Acme',
      email: 'billing@acme.com',
      address: { city: 'Paris' },
    });
    expect(answer.status).toBe(200);
    const isResponse = sliceValidator('CustomerResponseSchema');
    expect(isResponse(answer.body), JSON.stringify(isResponse.errors)).toBe(true);
    expect(answer.body).toMatchObject({
      id: expect.stringMatching(UUID),
      customer_name: 'Acme',
      email: 'billing@acme.com',
      address: { city: 'Paris' },
      external_id: null,
      tax_info: [],
      communications_enabled: true,
      auto_charge_enabled: true,
    });
    expect(sandbox.customers()).toEqual([answer.body]);
  });

  it('gives every customer its own id', async () => {
    const first = await create(customerBody('zenskar', 1));
    const second = await create(customerBody('zenskar', 2));
    expect((first.body as { id: string }).id).not.toBe((second.body as { id: string }).id);
  });

  it('stores no external id for an empty string', async () => {
    const answer = await create({ customer_name: 'A', external_id: '' });
    expect(answer.body).toMatchObject({ external_id: null });
  });

  it('rejects a second customer whose email differs only in case with 400 "already exists"', async () => {
    await create({ customer_name: 'First', email: 'Dup@Example.com' });
    const answer = await create({ customer_name: 'Second', email: 'dup@example.COM' });
    expect(answer).toMatchObject({
      status: 400,
      body: { error_code: 'BAD_REQUEST', message: 'Customer with this email already exists' },
    });
    expect(sandbox.customers()).toHaveLength(1);
    expect(sandbox.stats().duplicates).toBe(1);
  });

  it('accepts two customers without an email (no email, nothing to collide)', async () => {
    expect((await create({ customer_name: 'A' })).status).toBe(200);
    expect((await create({ customer_name: 'B', email: null })).status).toBe(200);
  });
});

describe('zenskar sandbox: keys no model declares are dropped at every depth, as pydantic drops them', () => {
  const ADDRESS = { line1: '1 Main', zipCode: '94102', country_code: 'US' };
  it.each([
    ['address', { address: { ...ADDRESS, zip_code: '94102', countryCode: 'US' } }, { address: ADDRESS }],
    ['ship_to_address', { ship_to_address: { ...ADDRESS, postcode: '1' } }, { ship_to_address: ADDRESS }],
    [
      'tax_info items',
      { tax_info: [{ country_code: 'IN', tax_type: 'GST', tax_id: 'X' }] },
      { tax_info: [{ country_code: 'IN', tax_id: 'X' }] },
    ],
    [
      'connector',
      { connector: { name: 'stripe', reference_id: 'cus_1', api_key: 'sk' } },
      { connector: { name: 'stripe', reference_id: 'cus_1' } },
    ],
    ['the top level', { nickname: 'Ace' }, {}],
  ])('in %s', async (_case, sent, kept) => {
    const body = { customer_name: 'Acme', email: 'billing@acme.com', ...sent };
    const views = {
      'the create answer': (await create(body)).body,
      'a lookup by email': ((await list('?email=billing@acme.com')).body as { data: unknown[] }).data[0],
      'the stored customer': sandbox.customers()[0],
    };
    // The fields sent, as each view holds them (a field dropped whole is undefined, which toEqual takes as absent).
    const fieldsSent = (customer: unknown) =>
      Object.fromEntries(
        Object.keys(sent).map((field) => [field, (customer as Record<string, unknown>)[field]]),
      );
    for (const [view, customer] of Object.entries(views)) {
      expect(fieldsSent(customer), `${view} holds keys the platform would not keep`).toEqual(kept);
    }
  });

  it('keeps custom_data whole: its schema declares no keys, any key is its own', async () => {
    const custom_data = { tier: 'gold', nested: { any: ['thing'] } };
    expect((await create({ customer_name: 'Acme', custom_data })).body).toMatchObject({ custom_data });
  });
});

describe('zenskar sandbox: lookups and paging', () => {
  beforeEach(async () => {
    for (let n = 1; n <= 25; n += 1) await create(customerBody('zenskar', n));
  });

  const emailsOf = (body: unknown) =>
    ((body as { data: { email: string }[] }).data ?? []).map((customer) => customer.email).sort();

  it.each([
    ['email', '?email=c3@example.com', ['c3@example.com']],
    ['email, which is exact (case counts)', '?email=C3@EXAMPLE.COM', []],
    [
      'email__in, a comma list',
      '?email__in=c1@example.com,c2@example.com,nobody@example.com',
      ['c1@example.com', 'c2@example.com'],
    ],
    [
      'email__in, which is exact (case counts)',
      '?email__in=c1@example.com,C2@example.com',
      ['c1@example.com'],
    ],
    ['external_id', '?external_id=EXT-5', ['c5@example.com']],
    ['external_id__in', '?external_id__in=EXT-7,EXT-8', ['c7@example.com', 'c8@example.com']],
    ['external_id, which is exact (case counts)', '?external_id=ext-5', []],
    ['email and external_id together (AND)', '?email=c1@example.com&external_id=EXT-2', []],
  ])('filters by %s', async (_case, query, expected) => {
    const answer = await list(query);
    expect(answer.status).toBe(200);
    expect(emailsOf(answer.body), 'the customers found').toEqual(expected);
    expect(answer.body).toMatchObject({ total: expected.length, next: null, previous: null });
  });

  it('answers 10 customers by default, with the total and a next cursor', async () => {
    const answer = await list('');
    expect((answer.body as { data: unknown[] }).data).toHaveLength(10);
    expect(answer.body).toMatchObject({ total: 25, next: expect.any(String), previous: null });
  });

  it('walks all 25 customers with limit and cursor, each exactly once', async () => {
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const body = (await list(query)).body as { data: { id: string }[]; next: string | null };
      pageSizes.push(body.data.length);
      seen.push(...body.data.map((customer) => customer.id));
      cursor = body.next;
    } while (cursor !== null);
    expect(pageSizes).toEqual([10, 10, 5]);
    expect(new Set(seen).size).toBe(25);
  });

  it.each([
    ['above 1000', '?limit=1001', 'limit: ensure this value is less than or equal to 1000'],
    ['zero', '?limit=0', 'limit: ensure this value is greater than or equal to 1'],
    ['not a number', '?limit=ten', 'limit: value is not a valid integer'],
  ])('rejects a limit %s with 422', async (_case, query, expected) => {
    const answer = await list(query);
    expect(answer).toMatchObject({
      status: 422,
      body: { status_code: 10422, message: expect.stringContaining(expected) },
    });
  });

  it('rejects a cursor it did not issue with 400', async () => {
    expect(await list('?cursor=bogus')).toMatchObject({ status: 400, body: { message: 'Invalid cursor' } });
  });

  it.each([
    ['id', (idOf: (n: number) => string) => `?id=${idOf(3)}`, [3]],
    ['id__in, a comma list', (idOf: (n: number) => string) => `?id__in=${idOf(1)},${idOf(4)},nobody`, [1, 4]],
    [
      'id and email together (AND)',
      (idOf: (n: number) => string) => `?id=${idOf(2)}&email=c3@example.com`,
      [],
    ],
    ['an unknown id', () => '?id=00000000-0000-4000-8000-000000000000', []],
  ] as const)('filters by %s', async (_case, queryOf, wanted) => {
    const newestFirst = ((await list('?limit=25')).body as { data: { id: string }[] }).data;
    const idOf = (n: number) => newestFirst[newestFirst.length - n]?.id ?? '';
    const answer = await list(queryOf(idOf));
    expect(answer.status).toBe(200);
    expect(emailsOf(answer.body), 'the filter was ignored').toEqual(wanted.map((n) => `c${n}@example.com`));
  });

  it('links each page back to the one before it: previous is null on the first page only', async () => {
    type ListBody = { data: { id: string }[]; next: string | null; previous: string | null };
    const page = async (cursor: string | null) =>
      (await list(`?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body as ListBody;
    const first = await page(null);
    const second = await page(first.next);
    const third = await page(second.next);
    expect(first.previous).toBeNull();
    expect(second.previous, 'page 2 has no previous link').toEqual(expect.any(String));
    expect((await page(second.previous)).data, 'previous of page 2 is not page 1').toEqual(first.data);
    expect((await page(third.previous)).data, 'previous of page 3 is not page 2').toEqual(second.data);
    expect((await page(second.previous)).previous).toBeNull();
  });

  it.each([
    ['search', '?search=customer_name=Customer 1', 'search'],
    ['email__ilike', '?email__ilike=c1', 'email__ilike'],
    ['an order other than newest first', '?order=created_at', 'order=created_at'],
    ['offset', '?offset=10', 'offset'],
    [
      'a filter beside a supported one',
      '?email=c1@example.com&phone_number__isnull=true',
      'phone_number__isnull',
    ],
  ])('refuses %s with 400 naming it, rather than answer the whole tenant', async (_case, query, named) => {
    expect(await list(query)).toMatchObject({
      status: 400,
      body: { error_code: 'BAD_REQUEST', message: expect.stringContaining(`does not support ${named} (`) },
    });
  });

  it('takes order=-created_at, the default order, which it keeps', async () => {
    expect(await list('?order=-created_at')).toMatchObject({ status: 200, body: { total: 25 } });
  });
});

describe('zenskar sandbox: content type (FastAPI reads only JSON types as JSON)', () => {
  it.each([
    ['application/json', 200],
    ['application/json; charset=utf-8', 200],
    ['Application/JSON', 200],
    ['application/merge-patch+json', 200],
    ['text/plain', 422],
    ['application/x-www-form-urlencoded', 422],
  ])('a create sent as %s is answered %i', async (type, status) => {
    const answer = await create(JSON.stringify(customerBody('zenskar', 1)), {
      ...AUTH.zenskar,
      'content-type': type,
    });
    expect(answer.status).toBe(status);
    if (status === 422) {
      expect(answer.body).toEqual({
        status_code: 10422,
        message: '1 validation error for CreateCustomerRequestSchema; __root__: value is not a valid dict',
      });
    }
    expect(sandbox.customers()).toHaveLength(status === 200 ? 1 : 0);
  });

  it('reads a body sent without a content type as JSON, as FastAPI does', async () => {
    const response = await request(`${sandbox.url}/customers`, {
      method: 'POST',
      headers: AUTH.zenskar,
      body: JSON.stringify(customerBody('zenskar', 1)),
    });
    await response.body.dump();
    expect(response.statusCode).toBe(200);
  });
});

describe('zenskar sandbox: one customer, GET /customers/{customer_id}', () => {
  const NOT_SERVED = (method: string) => ({
    error_code: 'NOT_IMPLEMENTED',
    message: expect.stringContaining(`the zcust sandbox does not serve ${method} /customers/{customer_id} (`),
  });
  const idOf = (answer: { body: unknown }) => (answer.body as { id: string }).id;

  it.each([
    ['GET of a customer', 200, 'GET', (id: string) => id, { customer_name: 'Acme' }],
    [
      'GET of its id in capitals, in braces',
      200,
      'GET',
      (id: string) => `{${id.toUpperCase()}}`,
      { customer_name: 'Acme' },
    ],
    [
      'GET of an id no customer has',
      404,
      'GET',
      () => '00000000-0000-4000-8000-000000000000',
      { error_code: 'NOT_FOUND', message: 'Customer not found' },
    ],
    [
      'GET of an id that is no UUID',
      422,
      'GET',
      () => 'EXT-1',
      {
        status_code: 10422,
        message: '1 validation error for Request; customer_id: value is not a valid uuid',
      },
    ],
    ['PATCH, which the sandbox does not serve', 501, 'PATCH', (id: string) => id, NOT_SERVED('PATCH')],
    ['DELETE, which the sandbox does not serve', 501, 'DELETE', (id: string) => id, NOT_SERVED('DELETE')],
    [
      'PUT, which the platform does not document',
      405,
      'PUT',
      (id: string) => id,
      { detail: 'Method Not Allowed' },
    ],
  ] as const)('%s is answered %i', async (_case, status, method, pathOf, body) => {
    const id = idOf(await create({ customer_name: 'Acme' }));
    const answer = await call(sandbox, method, `/customers/${pathOf(id)}`, { headers: AUTH.zenskar });
    expect(answer).toMatchObject({ status, body });
    expect(sandbox.customers(), 'the customer was changed').toEqual([expect.objectContaining({ id })]);
  });

  it('answers the customer as the create did', async () => {
    const created = await create({ customer_name: 'Acme', address: { city: 'Paris' } });
    expect(
      (await call(sandbox, 'GET', `/customers/${idOf(created)}`, { headers: AUTH.zenskar })).body,
    ).toEqual(created.body);
  });

  it('refuses a GET without credentials with 401, as every call', async () => {
    const id = idOf(await create({ customer_name: 'Acme' }));
    expect(await call(sandbox, 'GET', `/customers/${id}`)).toMatchObject({ status: 401 });
  });
});

describe('zenskar sandbox: routing', () => {
  it('answers an unknown path with 404', async () => {
    expect(await call(sandbox, 'GET', '/invoices', { headers: AUTH.zenskar })).toMatchObject({ status: 404 });
  });

  it('answers a wrong method with 405 and the allowed ones', async () => {
    const answer = await call(sandbox, 'DELETE', '/customers', { headers: AUTH.zenskar });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST, GET');
  });
});
