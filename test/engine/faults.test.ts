/**
 * Faults the sandbox injects, and what the engine makes of them: 503s are retried (safe), dropped
 * connections after a create are reconciled by lookup (or declared unknown where no lookup exists),
 * 429s wait out Retry-After.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createdEarlier } from '../../src/engine/events.js';
import { cleanUp, codes, customerRows, keyOf, runRows, startHarness, tempJournal } from './harness.js';

afterEach(cleanUp);

describe('runEngine under injected faults', () => {
  it('retries 503s until every row is created, without a single duplicate create', async () => {
    const h = await startHarness({ failRate: 0.5, seed: 42, retries: 20 });
    const { result } = await runRows(h, customerRows(20));
    const stats = h.sandbox.stats();
    expect(stats.injected.failures, 'the seed injected no failures: the test proves nothing').toBeGreaterThan(
      0,
    );
    expect(result.counts.created).toBe(20);
    expect(stats.duplicates).toBe(0);
    expect(stats.customers).toBe(20);
  });

  it("reconciles a dropped create by lookup (Zenskar): created by this run (the drop as a warning, not an earlier import's already_exists), stored once", async () => {
    const h = await startHarness({ dropRate: 1 });
    const rows = customerRows(6);
    const { outcomes } = await runRows(h, rows);
    const stored = h.sandbox.customers() as Array<{ id: string; email: string }>;
    const idByEmail = new Map(stored.map((c) => [c.email, c.id]));
    expect(stored, 'a dropped create was sent again').toHaveLength(rows.length);
    for (const [i, o] of outcomes.entries()) {
      expect(o.status, `row ${o.row}`).toBe('created');
      expect(o.customerId, `row ${o.row} id`).toBe(idByEmail.get(`c${i}@test.example`));
      expect(codes(o.warnings), `row ${o.row} warnings`).toEqual(['network_error']);
      expect(createdEarlier(o), `row ${o.row} counted as an earlier import's`).toBe(false);
    }
  });

  it('slows to the pace a rate-limiting server sets: 429s only for the first burst, no row out of retries', async () => {
    // 5 creates a second, 8 in flight, 2 retries: without the pace, 37 answers of 429 for 30 rows.
    const h = await startHarness({ rateLimit: 5, retries: 2 });
    const { result } = await runRows(h, customerRows(30));
    const stats = h.sandbox.stats();
    expect(
      stats.injected.rateLimited,
      'the sandbox limited nothing: the test proves nothing',
    ).toBeGreaterThan(0);
    expect(stats.injected.rateLimited, 'many more 429s than the first burst of 8').toBeLessThanOrEqual(16);
    expect(result.counts).toMatchObject({ created: 30, failed: 0 });
    expect(stats.duplicates).toBe(0);
  }, 30_000);

  it('reconciles dropped creates of rows known only by a Customer ID with a comma in it, stored once', async () => {
    const h = await startHarness({ dropRate: 0.5, seed: 11 });
    const rows = customerRows(20, (i) => ({ Email: undefined, 'Customer ID': `ACC-${i},EU` }));
    const { outcomes } = await runRows(h, rows);
    const stats = h.sandbox.stats();
    expect(stats.injected.dropped, 'the seed dropped nothing: the test proves nothing').toBeGreaterThan(0);
    expect(outcomes.map((o) => o.status)).toEqual(rows.map(() => 'created'));
    expect(stats.customers, 'a dropped create was sent again').toBe(20);
  });

  it('fails a dropped create as unknown_outcome where the target has no lookup (AmbioSys), and journals it unknown', async () => {
    const h0 = tempJournal('ambiosys');
    const journal = h0.open(true);
    const h = await startHarness({ target: 'ambiosys', dropRate: 1, journal });
    const rows = customerRows(3);
    const { outcomes } = await runRows(h, rows);
    journal.close();
    expect(outcomes.map((o) => [o.status, ...codes(o.errors)])).toEqual(
      rows.map(() => ['failed', 'unknown_outcome']),
    );
    expect(h.sandbox.stats().creates, 'a create of unknown outcome was sent again').toBe(rows.length);
    const reread = h0.open();
    expect(rows.map((r) => reread.get(keyOf(r)))).toEqual(rows.map(() => ({ state: 'unknown' })));
    reread.close();
  });

  it('waits out 429 Retry-After (5 requests a second, 12 rows): every row created', async () => {
    const h = await startHarness({ rateLimit: 5, retries: 10 });
    const { result } = await runRows(h, customerRows(12));
    const stats = h.sandbox.stats();
    expect(stats.injected.rateLimited, 'nothing was rate-limited: the test proves nothing').toBeGreaterThan(
      0,
    );
    // With 1-5 ms backoffs and no regard for Retry-After, 10 retries are spent within the same second.
    expect(result.counts.created).toBe(12);
    expect(stats.customers).toBe(12);
  });
});
