/** Validate mode (and --dry-run) decides every row locally and sends nothing, even with a network at hand. */
import { afterEach, describe, expect, it } from 'vitest';
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
