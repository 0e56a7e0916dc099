import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { AUTH, call } from './client.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, target: 'ambiosys' });
});
afterEach(() => sandbox.close());

const create = (body: unknown, headers: Record<string, string> = AUTH.ambiosys) =>
  call(sandbox, 'POST', '/api/customers/create', { body, headers });

describe('ambiosys sandbox: authentication', () => {
  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer amb_wrong' }],
    ['a token without "Bearer"', { authorization: 'amb_sandbox_token' }],
  ])('a create with %s is refused with 401 and nothing is stored', async (_case, headers) => {
    expect(await create({ name: 'Acme' }, headers)).toMatchObject({
      status: 401,
      body: { success: false, message: 'Unauthorized' },
    });
    expect(sandbox.customers()).toHaveLength(0);
  });
});

describe('ambiosys sandbox: validation (400 {success:false, message})', () => {
  it.each([
    ['name missing', { legal_name: 'Acme Ltd' }, 'name is required'],
    ['name blank', { name: '   ' }, 'name is required'],
    ['name null', { name: null }, 'name is required'],
    ['name a number', { name: 42 }, 'name must be a string'],
    ['name a list', { name: ['Acme'] }, 'name must be a string'],
    ['legal_name not a string', { name: 'Acme', legal_name: 42 }, 'legal_name must be a string'],
    ['not JSON at all', '{"name":', 'Invalid JSON body'],
    ['a JSON array', '["Acme"]', 'name is required'],
  ])('%s is answered 400 "%s"', async (_case, body, message) => {
    expect(await create(body)).toMatchObject({ status: 400, body: { success: false, message } });
    expect(sandbox.customers()).toHaveLength(0);
  });
});

describe('ambiosys sandbox: creating', () => {
  it('answers 200 {success: true, customer} with trimmed legal_name and tax_id', async () => {
    const answer = await create({
      name: 'Acme Corporation',
      legal_name: '  Acme Corp Ltd. ',
      tax_id: ' ABC123 ',
    });
    expect(answer).toMatchObject({
      status: 200,
      body: {
        success: true,
        customer: {
          customer_id: 1,
          name: 'Acme Corporation',
          legal_name: 'Acme Corp Ltd.',
          tax_id: 'ABC123',
          contact_origin: 'WEB_FORM',
          created_at: expect.any(String),
          updated_at: expect.any(String),
        },
      },
    });
  });

  it('drops keys it does not document (its documents are silent: the sandbox does what it does at the top level)', async () => {
    const answer = await create({ name: 'Acme', website: 'acme.com', address: { city: 'Paris' } });
    const { customer } = answer.body as { customer: object };
    expect(Object.keys(customer).sort()).toEqual([
      'contact_origin',
      'created_at',
      'customer_id',
      'legal_name',
      'name',
      'tax_id',
      'updated_at',
    ]);
  });

  it('keeps a given contact_origin', async () => {
    expect((await create({ name: 'Acme', contact_origin: 'REFERRAL' })).body).toMatchObject({
      customer: { contact_origin: 'REFERRAL' },
    });
  });

  it('numbers customers with increasing integers and accepts duplicates (no documented uniqueness)', async () => {
    const ids = [];
    for (let n = 0; n < 3; n += 1) {
      const answer = await create({ name: 'Same Name' });
      ids.push((answer.body as { customer: { customer_id: number } }).customer.customer_id);
    }
    expect(ids).toEqual([1, 2, 3]);
    expect(sandbox.customers()).toHaveLength(3);
  });
});

describe('ambiosys sandbox: routing', () => {
  it.each([
    ['GET /api/customers (no list endpoint)', 'GET', '/api/customers', 404],
    ['GET /api/customers/create', 'GET', '/api/customers/create', 405],
    ['POST /api/v1/customers', 'POST', '/api/v1/customers', 404],
  ] as const)('%s is answered %i', async (_case, method, path, status) => {
    expect(await call(sandbox, method, path, { headers: AUTH.ambiosys })).toMatchObject({
      status,
      body: { success: false },
    });
  });
});
