import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { AUTH, call, customerBody, UUID } from './client.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, target: 'dayzero' });
});
afterEach(() => sandbox.close());

const create = (body: unknown, headers: Record<string, string> = AUTH.dayzero) =>
  call(sandbox, 'POST', '/api/v1/customers', { body, headers });
const list = (query: string, headers: Record<string, string> = AUTH.dayzero) =>
  call(sandbox, 'GET', `/api/v1/customers${query}`, { headers });

describe('dayzero sandbox: authentication', () => {
  const NOT_AUTHENTICATED = { detail: 'Not authenticated' };

  it.each([
    ['no credentials', 401, {}, NOT_AUTHENTICATED],
    ['no x-business-id', 401, { authorization: AUTH.dayzero.authorization }, NOT_AUTHENTICATED],
    ['no bearer token', 401, { 'x-business-id': AUTH.dayzero['x-business-id'] }, NOT_AUTHENTICATED],
    ['a wrong token', 401, { ...AUTH.dayzero, authorization: 'Bearer dz_wrong' }, NOT_AUTHENTICATED],
    [
      'the token without "Bearer"',
      401,
      { ...AUTH.dayzero, authorization: SANDBOX_CREDENTIALS.dayzero.apiKey },
      NOT_AUTHENTICATED,
    ],
    [
      'a wrong business id',
      404,
      { ...AUTH.dayzero, 'x-business-id': '11111111-1111-4111-8111-111111111111' },
      { detail: 'Business not found' },
    ],
  ])('a create with %s is refused with %i and nothing is stored', async (_case, status, headers, body) => {
    expect(await create(customerBody('dayzero', 1), headers)).toMatchObject({ status, body });
    expect(sandbox.customers()).toHaveLength(0);
  });

  it('takes its tenant id in upper case, whose case means nothing (RFC 9562)', async () => {
    const headers = { ...AUTH.dayzero, 'x-business-id': AUTH.dayzero['x-business-id'].toUpperCase() };
    expect(await create(customerBody('dayzero', 1), headers), 'refused').toMatchObject({ status: 201 });
    expect(sandbox.customers()).toHaveLength(1);
  });

  it('a lookup without credentials is refused with 401', async () => {
    expect(await list('?email=a@example.com', {})).toMatchObject({ status: 401, body: NOT_AUTHENTICATED });
  });
});

describe('dayzero sandbox: validation (FastAPI 422 detail list)', () => {
  const item = (field: string, type: string, msg: string | RegExp) => ({
    loc: ['body', field],
    type,
    msg: typeof msg === 'string' ? msg : expect.stringMatching(msg),
  });

  it.each([
    ['name missing', { email: 'a@example.com' }, [item('name', 'missing', 'Field required')]],
    ['email missing', { name: 'A' }, [item('email', 'missing', 'Field required')]],
    [
      'both missing',
      {},
      [item('name', 'missing', 'Field required'), item('email', 'missing', 'Field required')],
    ],
    [
      'email not an email',
      { name: 'A', email: 'not-an-email' },
      [item('email', 'value_error', /^value is not a valid email address/)],
    ],
    [
      'status outside active|inactive|blocked',
      { name: 'A', email: 'a@example.com', status: 'archived' },
      [item('status', 'enum', "Input should be 'active', 'inactive' or 'blocked'")],
    ],
    [
      'credit_limit_cents with a fraction',
      { name: 'A', email: 'a@example.com', credit_limit_cents: 10.5 },
      [item('credit_limit_cents', 'int_from_float', /valid integer/)],
    ],
    [
      'credit_limit_cents as text',
      { name: 'A', email: 'a@example.com', credit_limit_cents: '100000' },
      [item('credit_limit_cents', 'int_type', 'Input should be a valid integer')],
    ],
    [
      'phone as a number',
      { name: 'A', email: 'a@example.com', phone: 5551234 },
      [item('phone', 'string_type', 'Input should be a valid string')],
    ],
    [
      'name as a number',
      { name: 7, email: 'a@example.com' },
      [item('name', 'string_type', 'Input should be a valid string')],
    ],
  ])('%s is answered 422 with one detail item per field', async (_case, body, detail) => {
    const answer = await create(body);
    expect(answer.status).toBe(422);
    expect((answer.body as { detail: unknown[] }).detail).toEqual(
      detail.map((d) => expect.objectContaining(d)),
    );
    expect(sandbox.customers()).toHaveLength(0);
  });

  // email-validator's words (2.3.0, as pydantic's EmailStr calls it) for each address: the part it blames.
  it.each([
    ['not-an-email', 'An email address must have an @-sign.'],
    ['@acme.com', 'There must be something before the @-sign.'],
    [' x@acme.com', 'The email address contains invalid characters before the @-sign: SPACE.'],
    ['a b@acme.com', 'The email address contains invalid characters before the @-sign: SPACE.'],
    ['jürgen@acme.com', "Internationalized characters before the @-sign are not supported: 'ü'."],
    ['.ana@acme.com', 'An email address cannot start with a period.'],
    ['ana@', 'There must be something after the @-sign.'],
    ['ana@acme', 'The part after the @-sign is not valid. It should have a period.'],
    ['ana@exa_mple.com', "The part after the @-sign contains invalid characters: '_'."],
    [`${'a'.repeat(65)}@acme.com`, 'The email address is too long before the @-sign (1 character too many).'],
    [
      `x@${'b'.repeat(64)}.com`,
      'On either side of the @-sign, periods cannot be separated by so many characters (1 character too many).',
    ],
  ])('an email %j is refused with the reason email-validator gives: %s', async (email, reason) => {
    const answer = await create({ name: 'A', email });
    expect(answer.status).toBe(422);
    expect((answer.body as { detail: unknown[] }).detail).toEqual([
      {
        type: 'value_error',
        loc: ['body', 'email'],
        msg: `value is not a valid email address: ${reason}`,
        input: email,
        ctx: { reason },
      },
    ]);
  });

  it.each([
    ['not JSON at all', '{"name":', ['body', 0], 'json_invalid'],
    ['a JSON array', '[]', ['body'], 'model_attributes_type'],
  ])('a body that is %s is answered 422 in the FastAPI shape', async (_case, raw, loc, type) => {
    const answer = await create(raw);
    expect(answer).toMatchObject({ status: 422, body: { detail: [{ loc, type }] } });
  });
});

describe('dayzero sandbox: creating', () => {
  it('answers 201 with a bare CustomerResponse', async () => {
    const answer = await create({
      name: 'Acme',
      email: 'billing@acme.com',
      credit_limit_cents: 100000,
      status: 'inactive',
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual(
      expect.objectContaining({
        id: expect.stringMatching(UUID),
        business_id: SANDBOX_CREDENTIALS.dayzero.businessId,
        created_at: expect.any(String),
        updated_at: expect.any(String),
        name: 'Acme',
        email: 'billing@acme.com',
        credit_limit_cents: 100000,
        status: 'inactive',
        is_deleted: false,
        contacts: [],
      }),
    );
    expect(sandbox.customers()).toEqual([answer.body]);
  });

  it('drops keys CustomerCreateRequest does not declare, as pydantic does', async () => {
    const answer = await create({ ...customerBody('dayzero', 1), zip: '94102', contacts: [{ name: 'Ann' }] });
    expect(answer.body).not.toHaveProperty('zip');
    expect(answer.body).toMatchObject({ contacts: [] });
  });

  it('defaults the status to active', async () => {
    expect((await create(customerBody('dayzero', 1))).body).toMatchObject({ status: 'active' });
  });

  it('rejects a second customer whose email differs only in case with 409, naming the e-mail as the customer holds it', async () => {
    await create({ name: 'First', email: 'Dup@Example.com' });
    const answer = await create({ name: 'Second', email: 'dup@example.COM' });
    expect(answer).toMatchObject({
      status: 409,
      body: { detail: 'Customer with email Dup@Example.com already exists' },
    });
    expect(sandbox.customers()).toHaveLength(1);
  });
});

describe('dayzero sandbox: one customer, GET /api/v1/customers/{customer_id}', () => {
  const NOT_SERVED = (method: string) => ({
    detail: expect.stringContaining(
      `the zcust sandbox does not serve ${method} /api/v1/customers/{customer_id} (`,
    ),
  });

  it.each([
    ['GET of a customer', 200, 'GET', (id: string) => id, { name: 'Customer 1' }],
    ['GET of an id no customer has', 404, 'GET', () => 'nobody', { detail: 'Customer not found' }],
    ['PUT, which the sandbox does not serve', 501, 'PUT', (id: string) => id, NOT_SERVED('PUT')],
    ['DELETE, which the sandbox does not serve', 501, 'DELETE', (id: string) => id, NOT_SERVED('DELETE')],
    [
      'PATCH, which the platform does not document',
      405,
      'PATCH',
      (id: string) => id,
      { detail: 'Method Not Allowed' },
    ],
  ] as const)('%s is answered %i', async (_case, status, method, pathOf, body) => {
    const { id } = (await create(customerBody('dayzero', 1))).body as { id: string };
    const answer = await call(sandbox, method, `/api/v1/customers/${pathOf(id)}`, { headers: AUTH.dayzero });
    expect(answer).toMatchObject({ status, body });
    expect(sandbox.customers(), 'the customer was changed').toEqual([expect.objectContaining({ id })]);
  });

  it('answers the customer as the create did', async () => {
    const created = await create(customerBody('dayzero', 1));
    const { id } = created.body as { id: string };
    expect((await call(sandbox, 'GET', `/api/v1/customers/${id}`, { headers: AUTH.dayzero })).body).toEqual(
      created.body,
    );
  });
});

describe('dayzero sandbox: lookups and paging', () => {
  beforeEach(async () => {
    for (let n = 1; n <= 25; n += 1) await create(customerBody('dayzero', n));
  });

  type ListBody = { items: { id: string; email: string }[]; next_cursor: string | null; has_more: boolean };

  // The documents say `email` is an exact match: a lookup in another case finds nothing.
  it.each([
    ['the same case', '?email=c7@example.com', ['c7@example.com']],
    ['another case', '?email=C7@Example.COM', []],
  ])('looks a customer up by email in %s', async (_case, query, expected) => {
    const body = (await list(query)).body as ListBody;
    expect(
      body.items.map((customer) => customer.email),
      'the customers found',
    ).toEqual(expected);
    expect(body).toMatchObject({ next_cursor: null, has_more: false });
  });

  it('finds nothing for an unknown email', async () => {
    expect((await list('?email=nobody@example.com')).body).toEqual({
      items: [],
      next_cursor: null,
      has_more: false,
    });
  });

  it('answers up to 50 customers by default', async () => {
    const body = (await list('')).body as ListBody;
    expect(body.items).toHaveLength(25);
    expect(body.has_more).toBe(false);
  });

  it('walks all 25 customers with limit and cursor, each exactly once', async () => {
    const seen: string[] = [];
    const pages: [number, boolean][] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const body = (await list(query)).body as ListBody;
      pages.push([body.items.length, body.has_more]);
      seen.push(...body.items.map((customer) => customer.id));
      cursor = body.next_cursor;
    } while (cursor !== null);
    expect(pages).toEqual([
      [10, true],
      [10, true],
      [5, false],
    ]);
    expect(new Set(seen).size).toBe(25);
  });

  it.each([
    ['above 1000', '?limit=1001', 'less_than_equal'],
    ['zero', '?limit=0', 'greater_than_equal'],
  ])('rejects a limit %s with 422', async (_case, query, type) => {
    expect(await list(query)).toMatchObject({
      status: 422,
      body: { detail: [{ loc: ['query', 'limit'], type }] },
    });
  });
});

describe('dayzero sandbox: list parameters it does not implement', () => {
  beforeEach(async () => {
    for (let n = 1; n <= 3; n += 1) await create(customerBody('dayzero', n));
  });

  it('filters by id', async () => {
    const [, middle] = ((await list('')).body as { items: { id: string; email: string }[] }).items;
    const body = (await list(`?id=${middle?.id}`)).body as { items: { email: string }[] };
    expect(
      body.items.map((customer) => customer.email),
      'the id filter was ignored',
    ).toEqual(['c2@example.com']);
  });

  it.each([
    ['search', '?search=Customer', 'search'],
    ['direction=prev', '?direction=prev', 'direction=prev'],
    ['include_total_count=true', '?include_total_count=true', 'include_total_count=true'],
    ['sort_by', '?sort_by=name', 'sort_by'],
    ['descending=false', '?descending=false', 'descending=false'],
  ])('refuses %s with 400 naming it, rather than answer the whole tenant', async (_case, query, named) => {
    expect(await list(query)).toMatchObject({
      status: 400,
      body: { detail: expect.stringContaining(`does not support ${named} (`) },
    });
  });

  it.each([
    ['direction=next', '?direction=next'],
    ['include_total_count=false', '?include_total_count=false'],
    ['descending=true', '?descending=true'],
  ])('takes %s, which is what it does anyway', async (_case, query) => {
    expect(await list(query)).toMatchObject({ status: 200, body: { has_more: false } });
  });
});

describe('dayzero sandbox: content type (FastAPI reads only JSON types as JSON)', () => {
  it.each([
    ['application/json', 201],
    ['application/json; charset=utf-8', 201],
    ['text/plain', 422],
  ])('a create sent as %s is answered %i', async (type, status) => {
    const text = JSON.stringify(customerBody('dayzero', 1));
    const answer = await create(text, { ...AUTH.dayzero, 'content-type': type });
    expect(answer.status).toBe(status);
    if (status === 422) {
      expect(answer.body).toEqual({
        detail: [
          {
            type: 'model_attributes_type',
            loc: ['body'],
            msg: 'Input should be a valid dictionary or object to extract fields from',
            input: text,
          },
        ],
      });
    }
    expect(sandbox.customers()).toHaveLength(status === 201 ? 1 : 0);
  });
});

describe('dayzero sandbox: routing', () => {
  it('answers an unknown path with 404', async () => {
    expect(await call(sandbox, 'POST', '/api/v1/vendors', { headers: AUTH.dayzero, body: {} })).toMatchObject(
      {
        status: 404,
        body: { detail: 'Not Found' },
      },
    );
  });

  it('answers a wrong method with 405', async () => {
    expect(await call(sandbox, 'PUT', '/api/v1/customers', { headers: AUTH.dayzero })).toMatchObject({
      status: 405,
    });
  });
});
