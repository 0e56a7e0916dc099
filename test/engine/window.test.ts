/**
 * Memory stays flat whatever the file size: the engine stops pulling rows while too many are unfinished,
 * so the reader is never far ahead of the outcomes delivered to the report.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceRow } from '../../src/model.js';
import { cleanUp, customerRow, runRows, startHarness } from './harness.js';

afterEach(cleanUp);

const ROWS = 5_000;
const CONCURRENCY = 8;
/** The engine's in-flight window for this concurrency (run.ts: max(256, concurrency × 32)). */
const WINDOW = Math.max(256, CONCURRENCY * 32);

describe('runEngine backpressure', () => {
  it(`keeps the reader within window + concurrency rows of the delivered outcomes (${ROWS} rows)`, async () => {
    const h = await startHarness({ latencyMs: 1, connections: CONCURRENCY });
    let pulled = 0;
    let delivered = 0;
    let mostAhead = 0;
    async function* rows(): AsyncGenerator<SourceRow> {
      for (let i = 0; i < ROWS; i++) {
        pulled++;
        mostAhead = Math.max(mostAhead, pulled - delivered);
        yield customerRow(i);
      }
    }
    const { result } = await runRows(h, rows(), {
      concurrency: CONCURRENCY,
      onOutcome: () => {
        delivered++;
      },
    });
    expect(result.counts.created).toBe(ROWS);
    expect(mostAhead, 'the reader never got ahead: the measurement is broken').toBeGreaterThan(CONCURRENCY);
    expect(mostAhead).toBeLessThanOrEqual(WINDOW + CONCURRENCY + 2);
  });
});
