/**
 * A failed request is an outcome; an exception that is not one (a bug) must reach the CLI's error boundary,
 * which prints one line without a stack trace, rather than crash the process as an unhandled rejection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, customerRows, interceptSends, runRows, startHarness } from './harness.js';

afterEach(cleanUp);

describe('runEngine and a bug below it', () => {
  it('rejects with the error, and reads no further rows', async () => {
    const h = await startHarness({ connections: 4 });
    let sends = 0;
    interceptSends(h, (req, send) => {
      if (++sends === 3) throw new TypeError('a bug in the client');
      return send(req);
    });
    let pulled = 0;
    const rows = customerRows(2_000);
    async function* counted() {
      for (const row of rows) {
        pulled++;
        yield row;
      }
    }
    await expect(runRows(h, counted(), { concurrency: 4 })).rejects.toThrow('a bug in the client');
    expect(pulled).toBeLessThan(rows.length);
  });
});
