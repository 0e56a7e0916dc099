import { describe, expect, it } from 'vitest';
import { statsSummary } from '../../src/sandbox/describe.js';
import type { SandboxStats } from '../../src/sandbox/index.js';

const stats: SandboxStats = {
  requests: 12,
  creates: 9,
  duplicates: 0,
  validationRejections: 0,
  authFailures: 0,
  lookups: 3,
  customers: 9,
  injected: { failures: 0, rateLimited: 0, dropped: 0 },
};

describe('the stop line', () => {
  it.each([
    [0, '9 customers stored;'],
    [3, '9 customers stored, 3 of them in memory only (not in the data file, which could not be written);'],
  ])('with %i customers a failed data file kept out, says %s', (unsaved, said) => {
    expect(statsSummary(stats, unsaved)).toContain(` lookups, ${said} injected`);
  });
});
