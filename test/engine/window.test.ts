/**
 * Memory stays flat whatever the file size: the engine stops pulling rows while too many are unfinished,
 * so the reader is never far ahead of the outcomes delivered to the report. And of the rows pulled, only
 * about one per connection waits for a connection: the rest of the window is for rows already answered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceRow } from '../../src/model.js';
import { cleanUp, customerRow, interceptSends, runRows, startHarness } from './harness.js';

afterEach(cleanUp);

const ROWS = 5_000;
const CONCURRENCY = 8;
/** The engine's in-flight window for this concurrency (slots.ts: max(256, concurrency × 32)). */
const WINDOW = Math.max(256, CONCURRENCY * 32);

/** Rows handed to the engine, and how far ahead of the sends and the deliveries they ever got. */
function pullCounter() {
  const seen = { pulled: 0, sent: 0, delivered: 0, mostAheadOfDelivered: 0, mostAheadOfSent: 0 };
  async function* rows(): AsyncGenerator<SourceRow> {
    for (let i = 0; i < ROWS; i++) {
      seen.pulled++;
      seen.mostAheadOfDelivered = Math.max(seen.mostAheadOfDelivered, seen.pulled - seen.delivered);
      seen.mostAheadOfSent = Math.max(seen.mostAheadOfSent, seen.pulled - seen.sent);
      yield customerRow(i);
    }
  }
  return { seen, rows };
}

describe('runEngine backpressure', () => {
  it(`keeps the reader within window + concurrency rows of the delivered outcomes (${ROWS} rows)`, async () => {
    const h = await startHarness({ latencyMs: 1, connections: CONCURRENCY });
    const { seen, rows } = pullCounter();
    const { result } = await runRows(h, rows(), {
      concurrency: CONCURRENCY,
      onOutcome: () => {
        seen.delivered++;
      },
    });
    expect(result.counts.created).toBe(ROWS);
    expect(
      seen.mostAheadOfDelivered,
      'the reader never got ahead: the measurement is broken',
    ).toBeGreaterThan(CONCURRENCY);
    expect(seen.mostAheadOfDelivered).toBeLessThanOrEqual(WINDOW + CONCURRENCY + 2);
  });

  it('keeps at most one row per connection prepared and waiting to be sent', async () => {
    const h = await startHarness({ latencyMs: 2, connections: CONCURRENCY });
    const { seen, rows } = pullCounter();
    interceptSends(h, (req, send) => {
      seen.sent++;
      return send(req);
    });
    const { result } = await runRows(h, rows(), { concurrency: CONCURRENCY });
    expect(result.counts.created).toBe(ROWS);
    expect(seen.sent).toBe(ROWS);
    // Rows in flight have been sent: what is left between pulled and sent waits for a connection (plus
    // the one row being prepared). Without the bound, a whole window (256 here) waited.
    expect(seen.mostAheadOfSent, 'no row ever waited: the measurement is broken').toBeGreaterThan(1);
    expect(seen.mostAheadOfSent).toBeLessThanOrEqual(CONCURRENCY + 1);
  });
});
