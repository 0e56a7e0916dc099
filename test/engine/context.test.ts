import { describe, expect, it } from 'vitest';
import { pause, RunStop } from '../../src/engine/context.js';

describe('pause on a RunStop', () => {
  it('lets any number of rows wait on one stop without Node warning of a listener leak', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const stop = new RunStop();
      const waits = Array.from({ length: 40 }, () => pause(10_000, stop));
      stop.stop('interrupted', 'interrupted by the user (Ctrl-C)');
      expect(await Promise.all(waits)).toEqual(waits.map(() => false));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it.each([
    { stoppedBefore: true, slept: false },
    { stoppedBefore: false, slept: true },
  ])('returns $slept when the run was stopped before: $stoppedBefore', async ({ stoppedBefore, slept }) => {
    const stop = new RunStop();
    if (stoppedBefore) stop.stop('fail-fast', 'stopped');
    expect(await pause(1, stop)).toBe(slept);
  });
});
