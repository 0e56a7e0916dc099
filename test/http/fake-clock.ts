import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../../src/http/rate-limiter.js';

export interface FakeClock extends Clock {
  /** Fires pending sleeps in time order up to `until`, letting the woken code run before the next one. */
  runUntil(until: number): Promise<void>;
}

export function createFakeClock(): FakeClock {
  let now = 0;
  const timers: { at: number; wake: () => void }[] = [];
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((wake) => timers.push({ at: now + ms, wake })),
    async runUntil(until) {
      for (;;) {
        await nextTurn();
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > until) break;
        timers.shift();
        now = Math.max(now, next.at);
        next.wake();
      }
      now = Math.max(now, until);
    },
  };
}
