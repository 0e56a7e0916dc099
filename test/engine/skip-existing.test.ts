/**
 * --skip-existing: customers the tenant already has are found by lookup before sending and reported
 * skipped (already_exists) with their id; the rest are created. Zenskar looks up 50 values a request;
 * DayZero one email a request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TargetName } from '../../src/model.js';
import {
  cleanUp,
  codes,
  customerRow,
  customerRows,
  runRows,
  seedCustomers,
  startHarness,
  statsSince,
  tempJournal,
} from './harness.js';

afterEach(cleanUp);

const ROWS = 120;
/** Every third row is already in the tenant. */
const existing = (i: number) => i % 3 === 0;

async function importWithSkipExisting(target: TargetName, count: number) {
  const h = await startHarness({ target });
  const rows = customerRows(count);
  const ids = await seedCustomers(
    h,
    rows.filter((_, i) => existing(i)),
  );
  const before = h.sandbox.stats();
  const run = await runRows(h, rows, { skipExisting: true });
  return { ...run, ids, stats: statsSince(h, before) };
}

describe('runEngine with skipExisting', () => {
  it.each<TargetName>(['zenskar', 'dayzero'])(
    'skips the rows %s already has, with their id and already_exists',
    async (target) => {
      const { outcomes, ids } = await importWithSkipExisting(target, 12);
      for (const [i, o] of outcomes.entries()) {
        if (existing(i)) {
          expect(o, `row ${o.row}`).toMatchObject({
            status: 'skipped',
            customerId: ids.get(`c${i}@test.example`),
          });
          expect(codes(o.errors), `row ${o.row}`).toEqual(['already_exists']);
        } else {
          expect(o.status, `row ${o.row}`).toBe('created');
        }
      }
    },
  );

  it.each<TargetName>(['zenskar', 'dayzero'])('creates only the rows %s does not have', async (target) => {
    const { result, stats } = await importWithSkipExisting(target, 12);
    expect(result.counts).toMatchObject({ skipped: 4, created: 8 });
    expect(stats.creates).toBe(8);
    expect(stats.duplicates).toBe(0);
  });

  it(`looks Zenskar up in batches: at most two lookups (email, then Customer ID) per 50 rows`, async () => {
    const { result, stats } = await importWithSkipExisting('zenskar', ROWS);
    expect(result.counts).toMatchObject({ skipped: ROWS / 3, created: (ROWS * 2) / 3 });
    expect(stats.lookups).toBeLessThanOrEqual(Math.ceil(ROWS / 50) * 2);
  });

  it('looks DayZero up once per row (it has no batch filter)', async () => {
    const { stats } = await importWithSkipExisting('dayzero', 12);
    expect(stats.lookups).toBe(12);
  });
});

describe('runEngine with skipExisting and many rows settled without a request', () => {
  // BUG (reported to the lead): a row waiting in an unfilled lookup batch holds up the ordered output; once
  // `window` (256) rows are unfinished the engine stops reading, so the batch never fills and the run hangs.
  // Un-skip once run.ts flushes the batch before waiting for progress.
  it('finishes when one new row is followed by more than a window of invalid rows', async () => {
    const h = await startHarness();
    const rows = [
      customerRow(0),
      ...Array.from({ length: 300 }, (_, i) => customerRow(i + 1, { Email: 'bad' })),
    ];
    const { result } = await runRows(h, rows, { skipExisting: true });
    expect(result.counts).toMatchObject({ created: 1, invalid: 300 });
  });
});

describe('runEngine without --skip-existing, for rows known only by their Customer ID', () => {
  it('looks them up first on Zenskar (which takes a second customer with a Customer ID) and skips the ones there', async () => {
    const existing = customerRow(0, { Name: 'Existing', 'Customer ID': 'K-1', Email: 'k1@example.com' });
    const h = await startHarness({ journal: tempJournal('zenskar').open() });
    const ids = await seedCustomers(h, [existing]);
    const before = h.sandbox.stats();
    const rows = [
      customerRow(0, { Name: 'Existing again', 'Customer ID': 'K-1', Email: undefined }),
      customerRow(1, { Name: 'New', 'Customer ID': 'K-2', Email: undefined }),
    ];
    const { outcomes } = await runRows(h, rows);
    expect(outcomes.map((o) => [o.status, o.customerId === ids.get('k1@example.com')])).toEqual([
      ['skipped', true],
      ['created', false],
    ]);
    expect(statsSince(h, before)).toMatchObject({ creates: 1, lookups: 1, duplicates: 0 });
  });

  it('sends rows with an e-mail without a lookup: Zenskar refuses a second e-mail itself', async () => {
    const h = await startHarness({ journal: tempJournal('zenskar').open() });
    const before = h.sandbox.stats();
    await runRows(h, [customerRow(0), customerRow(1)]);
    expect(statsSince(h, before)).toMatchObject({ creates: 2, lookups: 0 });
  });
});
