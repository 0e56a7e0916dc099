/**
 * Requests race and retries finish late, yet the report must list rows in input order, each exactly once.
 * A fault rate makes some rows finish long after later ones, and invalid rows finish at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, countsTotal, customerRows, runRows, startHarness } from './harness.js';

afterEach(cleanUp);

const ROWS = 60;
/** Every seventh row is invalid: it is settled before any request of its neighbours comes back. */
const rows = () => customerRows(ROWS, (i) => (i % 7 === 3 ? { Email: 'not-an-email' } : {}));

describe('runEngine: order and completeness', () => {
  it.each([1, 8])('delivers outcomes in input order with concurrency %i', async (concurrency) => {
    const h = await startHarness({
      latencyMs: 3,
      failRate: 0.3,
      seed: 11,
      retries: 12,
      connections: concurrency,
    });
    const input = rows();
    const { outcomes } = await runRows(h, input, { concurrency });
    expect(
      h.sandbox.stats().injected.failures,
      'no retries happened, so nothing finished out of order',
    ).toBeGreaterThan(0);
    expect(outcomes.map((o) => o.row)).toEqual(input.map((r) => r.row));
  });

  it('reports every row exactly once, and the counts add up to the rows', async () => {
    const h = await startHarness({ latencyMs: 3, failRate: 0.3, seed: 5, retries: 12 });
    const { result, outcomes } = await runRows(h, rows(), { concurrency: 8 });
    expect(new Set(outcomes.map((o) => o.row)).size, 'some row was reported twice or not at all').toBe(ROWS);
    expect(outcomes).toHaveLength(ROWS);
    expect(result.rows).toBe(ROWS);
    expect(countsTotal(result)).toBe(ROWS);
    expect(result.counts).toMatchObject({ created: ROWS - 9, invalid: 9 });
  });
});
