import { describe, expect, it } from 'vitest';
import { interruptionBy } from '../../src/commands/interruption.js';

describe('interruptionBy: what a run says when a signal stops it', () => {
  it.each([
    {
      signal: 'SIGINT' as const,
      notice:
        'interrupted by Ctrl-C: finishing the requests in flight, then writing the report (Ctrl-C again to quit at once)',
      reason: 'interrupted by the user (Ctrl-C)',
    },
    {
      signal: 'SIGTERM' as const,
      notice:
        'interrupted by SIGTERM: finishing the requests in flight, then writing the report (SIGTERM again to quit at once)',
      reason: 'interrupted by SIGTERM',
    },
  ])('$signal', ({ signal, notice, reason }) => {
    expect(interruptionBy(signal)).toEqual({ notice, reason });
  });
});
