/** The plain import path: valid rows become customers, the platform's refusals become failed rows. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanUp,
  codes,
  customerRow,
  customerRows,
  runRows,
  seedCustomers,
  startHarness,
  statsSince,
} from './harness.js';

afterEach(cleanUp);

describe('runEngine importing', () => {
  it('reports a created row with the id the platform gave it', async () => {
    const h = await startHarness();
    const { outcomes } = await runRows(h, [customerRow(0)]);
    const stored = h.sandbox.customers() as Array<{ id: string; email: string }>;
    expect(stored).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ row: 2, status: 'created', customerId: stored[0]?.id, errors: [] });
  });

  it('fails a row whose email the tenant already has, with duplicate_email', async () => {
    const h = await startHarness();
    await seedCustomers(h, [customerRow(0, { 'Customer ID': 'OLD-0' })]);
    const { outcomes } = await runRows(h, [customerRow(0)]);
    expect(outcomes[0]?.status).toBe('failed');
    expect(codes(outcomes[0]?.errors ?? [])).toEqual(['duplicate_email']);
    expect(h.sandbox.customers(), 'a second customer with the same email was stored').toHaveLength(1);
  });

  it('never sends invalid or in-file duplicate rows', async () => {
    const h = await startHarness();
    const before = h.sandbox.stats();
    const rows = [
      ...customerRows(3),
      customerRow(3, { Email: 'not-an-email' }),
      customerRow(4, { Name: '' }),
      customerRow(5, { Email: 'c0@test.example' }),
    ];
    const { result } = await runRows(h, rows);
    expect(result.counts).toMatchObject({ created: 3, invalid: 2, duplicate: 1 });
    expect(statsSince(h, before)).toMatchObject({ requests: 3, creates: 3 });
  });
});
