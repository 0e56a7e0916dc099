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
  it('lets the event loop turn within the first few dozen rows of an import', async () => {
    const h = await startHarness({ latencyMs: 1, connections: 4 });
    let pulled = 0;
    let pulledAtFirstTurn: number | undefined;
    async function* rows(): AsyncGenerator<SourceRow> {
      for (let i = 0; i < 1_000; i++) {
        pulled++;
        yield customerRow(i);
      }
    }
    setImmediate(() => {
      pulledAtFirstTurn = pulled;
    });
    const { result } = await runRows(h, rows(), { concurrency: 4 });
    expect(result.counts.created).toBe(1_000);
    // Without turns, the first one would come only when the window (256 rows) is full.
    expect(pulledAtFirstTurn).toBeGreaterThan(0);
    expect(pulledAtFirstTurn).toBeLessThanOrEqual(32);
  });
});
