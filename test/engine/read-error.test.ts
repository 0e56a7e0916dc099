/**
 * An input that cannot be read any further (EIO from a failing disk) midway: the rows read are done as usual,
 * then the run ends as stopped (exit 3), its reports and summary written, not given up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InputReadError } from '../../src/errors.js';
import type { SourceRow } from '../../src/model.js';
import { cleanUp, customerRows, runRows, startHarness } from './harness.js';

afterEach(cleanUp);

/** `rows`, then the read error the input meets after them. */
async function* failingAfter(rows: readonly SourceRow[], error: Error): AsyncGenerator<SourceRow> {
  yield* rows;
  throw error;
}

const EIO = () => new InputReadError('cannot read big.json: i/o error');

describe('runEngine at an input that cannot be read further', () => {
  it.each([
    [0, 'cannot read big.json: i/o error; no row could be read'],
    [
      3,
      'cannot read big.json: i/o error; the rows after row 4 could not be read, so they are not in the report',
    ],
  ])('after %i rows: stops, saying which rows the report lacks', async (count, message) => {
    const { result } = await runRows(undefined, failingAfter(customerRows(count), EIO()), {
      mode: 'validate',
    });
    expect(result.stopped).toEqual({ reason: 'cannot-read', message });
  });

  it('reports every row read, in validate', async () => {
    const { outcomes } = await runRows(undefined, failingAfter(customerRows(3), EIO()), { mode: 'validate' });
    expect(outcomes.map((o) => [o.row, o.status])).toEqual([
      [2, 'valid'],
      [3, 'valid'],
      [4, 'valid'],
    ]);
  });

  it('lets the creates of an import finish: every row read is created and reported', async () => {
    const h = await startHarness({ connections: 4 });
    const { result, outcomes } = await runRows(h, failingAfter(customerRows(10), EIO()), { concurrency: 4 });
    expect(result.stopped?.reason).toBe('cannot-read');
    expect(outcomes.map((o) => o.status)).toEqual(Array(10).fill('created'));
    expect(h.sandbox.stats().creates, 'creates the sandbox answered').toBe(10);
  });

  it('rejects with any other error (a bug), as before', async () => {
    const bug = new TypeError('a bug in the reader');
    await expect(runRows(undefined, failingAfter(customerRows(2), bug), { mode: 'validate' })).rejects.toBe(
      bug,
    );
  });
});
