/**
 * Rows a reader has already parsed arrive without a turn of the event loop in between. An import must not
 * prepare a whole window of them in one go: connections would not open and answers would not be read
 * until it was done, and every request waiting on them would start late.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceRow } from '../../src/model.js';
import { cleanUp, customerRow, runRows, startHarness } from './harness.js';

afterEach(cleanUp);

describe('runEngine between rows', () => {
  it('lets the event loop turn at least every 8 rows throughout an import', async () => {
    const h = await startHarness({ latencyMs: 1, connections: 32 });
    const ROWS = 1_000;
    let pulled = 0;
    async function* rows(): AsyncGenerator<SourceRow> {
      for (let i = 0; i < ROWS; i++) {
        pulled++;
        yield customerRow(i);
      }
    }
    // A callback that re-arms itself runs once per turn of the event loop: the rows pulled between two of
    // its runs are the rows the engine prepared without letting I/O in.
    let running = true;
    let turns = 0;
    let pulledAtLastTurn = 0;
    let widestGap = 0;
    const onTurn = () => {
      turns++;
      widestGap = Math.max(widestGap, pulled - pulledAtLastTurn);
      pulledAtLastTurn = pulled;
      if (running) setImmediate(onTurn);
    };
    setImmediate(onTurn);
    const { result } = await runRows(h, rows(), { concurrency: 32 });
    running = false;
    expect(result.counts.created).toBe(ROWS);
    // Without turns, a row for each connection (32 here) is prepared in one go whenever answers come in
    // together, and the event loop turns once per batch of answers (114 times in 1,000 rows, measured).
    expect(widestGap, 'no row was pulled between two turns: the measurement is broken').toBeGreaterThan(0);
    expect(widestGap).toBeLessThanOrEqual(8);
    expect(turns).toBeGreaterThan(ROWS / 8);
  });
});
