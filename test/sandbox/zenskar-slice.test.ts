/**
 * The Zenskar dialect against the OpenAPI slice itself: the slice's own request examples must be accepted,
 * and bodies the slice rejects (checked with Ajv directly) must be answered 422.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { AUTH, call } from './client.js';
import { createExamples, declaredKeys, slicePath, sliceValidator } from './slice.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

const create = (body: unknown) => call(sandbox, 'POST', '/customers', { body, headers: AUTH.zenskar });
const conformsToSlice = sliceValidator('CreateCustomerRequestSchema');

describe(`zenskar sandbox against ${slicePath}`, () => {
  const examples = createExamples();

  it('the slice has request examples to try', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples)('accepts the slice example %s', async (_name, example) => {
    await call(sandbox, 'POST', '/__reset');
    const answer = await create(example);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ customer_name: example.customer_name, email: example.email });
  });

  it.each([
    ['customer_name missing', { email: 'a@example.com' }],
    ['email not an email', { customer_name: 'A', email: 'a.example.com' }],
    ['external_id of 256 characters', { customer_name: 'A', external_id: 'x'.repeat(256) }],
    ['tax_info not an array', { customer_name: 'A', tax_info: 'GST 29ABCDE1234F1Z5' }],
    ['business_entity_id not a uuid', { customer_name: 'A', business_entity_id: '12345' }],
    ['a tax_info item that is not an object', { customer_name: 'A', tax_info: ['GST'] }],
    ['communications_enabled a string', { customer_name: 'A', communications_enabled: 'true' }],
    ['custom_data an array', { customer_name: 'A', custom_data: ['x'] }],
  ])('rejects a body with %s, which the slice rejects, with 422', async (_case, body) => {
    expect(conformsToSlice(body), 'the case must violate the slice to test anything').toBe(false);
    const answer = await create(body);
    expect(answer).toMatchObject({ status: 422, body: { status_code: 10422 } });
  });

  it.each([
    ['address', 'AddressResponse', (customer: Answered) => [customer.address]],
    ['ship_to_address', 'AddressResponse', (customer: Answered) => [customer.ship_to_address]],
    ['tax_info items', 'TaxId', (customer: Answered) => customer.tax_info],
    // CustomerResponseSchema leaves the connector out: its only shape is the request's.
    ['connector', 'app__customer__schema__Connector', (customer: Answered) => [customer.connector]],
  ] as const)('answers %s with only keys %s declares', async (_field, schema, objectsOf) => {
    await call(sandbox, 'POST', '/__reset');
    const extra = { zip_code: '94102', countryCode: 'US', tax_type: 'GST', secret: 'x' };
    const address = { line1: '1 Main', zipCode: '94102', ...extra };
    const answer = await create({
      customer_name: 'Acme',
      address,
      ship_to_address: address,
      tax_info: [{ country_code: 'IN', tax_id: 'X', ...extra }],
      connector: { name: 'stripe', reference_id: 'cus_1', ...extra },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const allowed = declaredKeys(schema);
    for (const object of objectsOf(answer.body as Answered)) {
      const undeclared = Object.keys(object ?? {}).filter((key) => !allowed.includes(key));
      expect(undeclared, `keys the platform would not answer, in ${JSON.stringify(object)}`).toEqual([]);
    }
  });
});

type Answered = Record<'address' | 'ship_to_address' | 'connector', object | null> & { tax_info: object[] };
