import { afterEach, expect, it } from 'vitest';
import { cleanUp, customerRow, runRows, startHarness } from './harness.js';
afterEach(cleanUp);
it('probe: skipExisting with one valid row followed by 300 invalid rows', async () => {
  const h = await startHarness();
  const rows = [customerRow(0), ...Array.from({ length: 300 }, (_, i) => customerRow(i + 1, { Email: 'bad' }))];
  const timeout = new Promise((r) => setTimeout(() => r('HUNG'), 3000));
  const res = await Promise.race([runRows(h, rows, { skipExisting: true }).then((r) => r.result.counts), timeout]);
  console.log('RESULT', JSON.stringify(res));
}, 10000);
