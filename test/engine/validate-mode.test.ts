/** Validate mode (and --dry-run) decides every row locally and sends nothing, even with a network at hand. */
import { afterEach, describe, expect, it } from 'vitest';
import { getTarget } from '../../src/targets/index.js';
import { EXAMPLE_EMAIL, EXAMPLE_NAME } from '../../src/template.js';
import { cleanUp, codes, customerRow, runRows, startHarness } from './harness.js';

afterEach(cleanUp);

const ROWS = [
  customerRow(0),
  customerRow(1, { Email: 'not-an-email' }),
  // Same email as row 0, in another case: the second one is the in-file duplicate.
  customerRow(2, { Email: 'C0@TEST.example', 'Customer ID': 'C-2' }),
  customerRow(3, { Name: EXAMPLE_NAME, Email: EXAMPLE_EMAIL }),
];

describe('runEngine in validate mode', () => {
  it.each([
    { row: 2, status: 'valid', code: undefined },
    { row: 3, status: 'invalid', code: 'invalid_email' },
    { row: 4, status: 'duplicate', code: 'duplicate_in_file' },
    { row: 5, status: 'skipped', code: 'example_row' },
  ])('row $row is $status ($code)', async ({ row, status, code }) => {
    const { outcomes } = await runRows(undefined, ROWS, { mode: 'validate' });
    const outcome = outcomes.find((o) => o.row === row);
    expect(outcome?.status).toBe(status);
    expect(codes(outcome?.errors ?? [])).toEqual(code ? [code] : []);
  });

  it('sends nothing, even when given a network context', async () => {
    const h = await startHarness();
    const { result } = await runRows(h, ROWS, { mode: 'validate' });
    expect(result.counts).toMatchObject({ valid: 1, invalid: 1, duplicate: 1, skipped: 1 });
    expect(h.sandbox.stats().requests).toBe(0);
  });
});

describe("the target's own rules on a row that already failed the template's", () => {
  it.each([
    {
      name: 'a bad email, a bad credit limit and a bad status: all three at once',
      fields: { Email: 'not-an-email', 'Credit Limit': 'abc', Status: 'deleted' },
      codes: ['invalid_email', 'invalid_value', 'invalid_value'],
    },
    {
      name: 'a missing name and no email: both',
      fields: { Name: '', Email: undefined },
      codes: ['required', 'invalid_email'],
    },
  ])('DayZero: $name', async ({ fields, codes: expected }) => {
    const { outcomes } = await runRows(undefined, [customerRow(0, fields)], {
      mode: 'validate',
      target: getTarget('dayzero'),
    });
    expect(outcomes[0]?.status).toBe('invalid');
    expect(codes(outcomes[0]?.errors ?? [])).toEqual(expected);
  });
});

// The row's rules read the target's tax id shape: a free-text tax_id (DayZero, AmbioSys) needs no jurisdiction.
describe('a Tax ID without a jurisdiction, by target', () => {
  it.each([
    { target: 'dayzero' as const, status: 'valid', codes: [] },
    { target: 'ambiosys' as const, status: 'valid', codes: [] },
    { target: 'zenskar' as const, status: 'invalid', codes: ['invalid_tax_jurisdiction'] },
  ])('is $status for $target', async ({ target, status, codes: expected }) => {
    const row = customerRow(0, { 'Tax ID': 'ABC123456789' });
    const { outcomes } = await runRows(undefined, [row], { mode: 'validate', target: getTarget(target) });
    expect(outcomes[0]?.status).toBe(status);
    expect(codes(outcomes[0]?.errors ?? [])).toEqual(expected);
  });
});

describe('a column the reader already found wrong (a JSON object where text belongs) is judged once', () => {
  const objectIn = (field: string) => ({
    field,
    code: 'invalid_value' as const,
    message: `the key "${field}" is an object, not text (a string, a number or true/false)`,
  });
  it.each([
    {
      name: 'an Email object is not also an invalid email',
      target: 'zenskar' as const,
      fields: { Email: '{"a":1}' },
      codes: ['invalid_value'],
    },
    {
      name: "a Credit Limit object is not also a bad amount by DayZero's rules",
      target: 'dayzero' as const,
      fields: { 'Credit Limit': '{"x":1}' },
      codes: ['invalid_value'],
    },
    {
      name: 'the other columns are still checked',
      target: 'zenskar' as const,
      fields: { Email: '{"a":1}', 'Auto Charge': 'maybe' },
      codes: ['invalid_value', 'invalid_boolean'],
    },
  ])('$name', async ({ target, fields, codes: expected }) => {
    const [flagged] = Object.keys(fields) as [string];
    const row = { ...customerRow(0, fields), issues: [objectIn(flagged)] };
    const { outcomes } = await runRows(undefined, [row], { mode: 'validate', target: getTarget(target) });
    expect(outcomes[0]?.status).toBe('invalid');
    expect(codes(outcomes[0]?.errors ?? [])).toEqual(expected);
  });
});

describe('in-file duplicates of rows that are not valid', () => {
  it.each([
    {
      name: 'a valid row with the email of an earlier invalid row is the duplicate',
      rows: [customerRow(0, { Name: '' }), customerRow(1, { Email: 'C0@test.example' })],
      expected: [
        { status: 'invalid', codes: ['required'] },
        { status: 'duplicate', codes: ['duplicate_in_file'] },
      ],
    },
    {
      name: 'a valid row with the Customer ID of an earlier invalid row is the duplicate',
      rows: [customerRow(0, { 'Auto Charge': 'maybe' }), customerRow(1, { 'Customer ID': 'C-0' })],
      expected: [
        { status: 'invalid', codes: ['invalid_boolean'] },
        { status: 'duplicate', codes: ['duplicate_in_file'] },
      ],
    },
    {
      name: 'an invalid row with the email of an earlier row stays invalid and says both',
      rows: [customerRow(0), customerRow(1, { Email: 'c0@TEST.example', 'Auto Charge': 'maybe' })],
      expected: [
        { status: 'valid', codes: [] },
        { status: 'invalid', codes: ['invalid_boolean', 'duplicate_in_file'] },
      ],
    },
    {
      name: 'a row the report says was created, edited into one that no longer validates, is invalid and keeps its keys',
      rows: [
        { ...customerRow(0, { Name: '' }), previous: { status: 'created', customerId: 'cus_1' } },
        customerRow(1, { 'Customer ID': 'C-0' }),
      ],
      expected: [
        { status: 'invalid', codes: ['required'] },
        { status: 'duplicate', codes: ['duplicate_in_file'] },
      ],
    },
    {
      name: 'two rows with the same malformed email are duplicates too',
      rows: [customerRow(0, { Email: 'not-an-email' }), customerRow(1, { Email: 'NOT-an-email' })],
      expected: [
        { status: 'invalid', codes: ['invalid_email'] },
        { status: 'invalid', codes: ['invalid_email', 'duplicate_in_file'] },
      ],
    },
  ])('$name', async ({ rows, expected }) => {
    const { outcomes } = await runRows(undefined, rows, { mode: 'validate' });
    expect(outcomes.map((o) => ({ status: o.status, codes: codes(o.errors) }))).toEqual(expected);
  });

  it.each([
    { status: 'created', errors: [], warnings: ['already_exists'] },
    { status: 'skipped', errors: ['already_exists'], warnings: [] },
  ] as const)(
    'keeps a report row $status with its reason where the report had it',
    async ({ status, errors, warnings }) => {
      const { outcomes } = await runRows(
        undefined,
        [{ ...customerRow(0), previous: { status, customerId: 'cus_1' } }],
        { mode: 'validate' },
      );
      expect(outcomes[0]).toMatchObject({ status, customerId: 'cus_1' });
      expect(codes(outcomes[0]?.errors ?? [])).toEqual(errors);
      expect(codes(outcomes[0]?.warnings ?? [])).toEqual(warnings);
    },
  );

  it.each([
    { includeExample: false, status: 'skipped', codes: ['example_row'] },
    { includeExample: true, status: 'valid', codes: [] },
  ])(
    'checks a report row skipped as the example again (--include-example $includeExample): $status',
    async ({ includeExample, status, codes: expected }) => {
      const example = customerRow(0, { Name: EXAMPLE_NAME, Email: EXAMPLE_EMAIL });
      const { outcomes } = await runRows(
        undefined,
        [{ ...example, previous: { status: 'skipped', errorCode: 'example_row' } }],
        { mode: 'validate', includeExample },
      );
      expect(outcomes[0]?.status).toBe(status);
      expect(codes(outcomes[0]?.errors ?? [])).toEqual(expected);
    },
  );

  it('names the earlier invalid row in the message', async () => {
    const { outcomes } = await runRows(
      undefined,
      [customerRow(0, { Name: '' }), customerRow(1, { Email: 'c0@test.example' })],
      { mode: 'validate' },
    );
    expect(outcomes[1]?.errors[0]?.message).toBe('same email as row 2 (this row has c0@test.example)');
  });
});

describe('a record the reader found to hold no customer (the header repeated among the rows)', () => {
  const repeated = { code: 'invalid_value' as const, message: 'repeats the header of row 1 (…)' };
  /** What the reader hands over for `Name,Email,Customer ID` repeated as row i + 2. */
  const headerAgain = (i: number) => ({
    ...customerRow(i, { Name: 'Name', Email: 'Email', 'Customer ID': 'Customer ID' }),
    issues: [repeated],
    notACustomer: true as const,
  });
  const ROWS = [customerRow(0), headerAgain(1), customerRow(2), headerAgain(3)];

  it.each(['validate', 'import'] as const)(
    'is invalid with the reader’s issue alone in %s mode: no check of its cells, no duplicate of the one before',
    async (mode) => {
      const h = mode === 'import' ? await startHarness() : undefined;
      const { outcomes } = await runRows(h, ROWS, { mode });
      expect(outcomes.map((o) => [o.row, o.status, o.errors])).toEqual([
        [2, mode === 'import' ? 'created' : 'valid', []],
        [3, 'invalid', [repeated]],
        [4, mode === 'import' ? 'created' : 'valid', []],
        [5, 'invalid', [repeated]],
      ]);
      if (h) expect(h.sandbox.stats().creates, 'a repeated header was sent').toBe(2);
    },
  );
});
