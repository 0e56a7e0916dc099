import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateRow } from '../../src/customer/schema.js';
import { zenskarCreateValidator } from '../../src/sandbox/zenskar-schema.js';
import { COLUMN } from '../../src/template.js';
import { validRowWith } from './rows.js';

/** Whether zcust's own check lets the address through. */
const zcustAccepts = (email: string): boolean =>
  !validateRow(validRowWith({ [COLUMN.email]: email })).errors.some((e) => e.code === 'invalid_email');

/** Whether the sandbox, checking bodies against the published OpenAPI slice (`format: email`), would take it. */
async function apiAccepts(email: string): Promise<boolean> {
  const validate = await zenskarCreateValidator();
  return validate({ customer_name: 'Ada Lovelace Ltd', email }) === true;
}

describe('Email: zcust agrees with the API slice on what an address is', () => {
  it.each([
    ['ada@example.com', true],
    ['ADA@EXAMPLE.COM', true],
    ['first.last+tag@sub.example.co.uk', true],
    ["o'brien@example.ie", true],
    ['a&b@example.com', true],
    ['a#b@example.com', true],
    ['a/b@example.com', true],
    ['{x}@example.com', true],
    ['user@example.xn--p1ai', true],
    ['user@123.example', true],
    ['a@example-.com', false],
    ['a@-example.com', false],
    ['ana@', false],
    ['@example.com', false],
    ['ana@@acme.example', false],
    ['ana maria@acme.example', false],
    ['.ana@example.com', false],
    ['ana.@example.com', false],
    ['a..b@example.com', false],
    ['ana@localhost', false],
    ['ana@exa_mple.com', false],
    ['josé@example.com', false],
    ['ana@example.com.', false],
  ])('%j: valid is %s, for zcust and for the API alike', async (email, valid) => {
    expect(await apiAccepts(email), 'the table disagrees with the API slice itself').toBe(valid);
    expect(zcustAccepts(email), `zcust validate calls ${JSON.stringify(email)} the opposite of the API`).toBe(
      valid,
    );
  });

  it("gives the API's verdict for generated addresses and near misses", async () => {
    const validate = await zenskarCreateValidator();
    const nearMiss = fc
      .tuple(fc.emailAddress(), fc.nat(), fc.constantFrom('-', '.', '@', ' ', '_', '&', 'é', ''))
      .map(
        ([email, at, inserted]) =>
          email.slice(0, at % email.length) + inserted + email.slice(at % email.length),
      );
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), nearMiss), (email) => {
        // Cells are trimmed before they are checked, and sent trimmed: that is what the API would see.
        const api = validate({ customer_name: 'Ada Lovelace Ltd', email: email.trim() }) === true;
        expect(zcustAccepts(email), `zcust and the API disagree on ${JSON.stringify(email)}`).toBe(api);
      }),
      { numRuns: 2000 },
    );
  });
});
