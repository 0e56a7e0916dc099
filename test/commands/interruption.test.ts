import { describe, expect, it } from 'vitest';
import { type InterruptedRun, interruptionBy, quitNotice } from '../../src/commands/interruption.js';

describe('interruptionBy: what a run says when a signal stops it', () => {
  it.each<{ signal: NodeJS.Signals; run: InterruptedRun; notice: string; reason: string }>([
    {
      signal: 'SIGINT',
      run: 'import',
      notice:
        'interrupted by Ctrl-C: finishing the requests in flight, then writing the report (Ctrl-C again to quit at once)',
      reason: 'interrupted by the user (Ctrl-C)',
    },
    {
      signal: 'SIGTERM',
      run: 'import',
      notice:
        'interrupted by SIGTERM: finishing the requests in flight, then writing the report (SIGTERM again to quit at once)',
      reason: 'interrupted by SIGTERM',
    },
    // The terminal closed or an ssh session dropped: a second one comes, and quits nothing (see import.ts).
    {
      signal: 'SIGHUP',
      run: 'import',
      notice:
        'interrupted by SIGHUP: finishing the requests in flight, then writing the report (SIGTERM to quit at once)',
      reason: 'interrupted by SIGHUP',
    },
    // validate and --dry-run send no requests: there are none in flight to finish.
    {
      signal: 'SIGINT',
      run: 'validate',
      notice: 'interrupted by Ctrl-C: stopping; writing the report (Ctrl-C again to quit at once)',
      reason: 'interrupted by the user (Ctrl-C)',
    },
    {
      signal: 'SIGTERM',
      run: 'validate',
      notice: 'interrupted by SIGTERM: stopping; writing the report (SIGTERM again to quit at once)',
      reason: 'interrupted by SIGTERM',
    },
    {
      signal: 'SIGHUP',
      run: 'validate',
      notice: 'interrupted by SIGHUP: stopping; writing the report (SIGTERM to quit at once)',
      reason: 'interrupted by SIGHUP',
    },
  ])('$signal during $run', ({ signal, run, notice, reason }) => {
    expect(interruptionBy(signal, run)).toEqual({ notice, reason });
  });
});

describe('quitNotice: what is said when a signal quits a run at once', () => {
  it.each<{ signal: NodeJS.Signals; journalled: boolean; notice: string }>([
    {
      signal: 'SIGINT',
      journalled: true,
      notice: 'interrupted again: exiting at once; the journal keeps what was done',
    },
    { signal: 'SIGTERM', journalled: false, notice: 'interrupted again: exiting at once' },
    // Ctrl-\ quits at the first: nothing was interrupted before it.
    {
      signal: 'SIGQUIT',
      journalled: true,
      notice: 'quit by SIGQUIT: exiting at once; the journal keeps what was done',
    },
    { signal: 'SIGQUIT', journalled: false, notice: 'quit by SIGQUIT: exiting at once' },
  ])('$signal, journalled $journalled', ({ signal, journalled, notice }) => {
    expect(quitNotice(signal, journalled)).toBe(notice);
  });
});
