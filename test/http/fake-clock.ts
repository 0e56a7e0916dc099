import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../../src/http/rate-limiter.js';

export interface FakeClock extends Clock {
  /** Fires pending sleeps in time order up to `until`, letting the woken code run before the next one. */
  runUntil(until: number): Promise<void>;
  /** The length of every sleep asked for, in order. */
  readonly sleeps: readonly number[];
}

export function createFakeClock(): FakeClock {
  let now = 0;
  const timers: { at: number; wake: () => void }[] = [];
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    sleep(ms, signal) {
      sleeps.push(ms);
      return new Promise<void>((wake) => {
        if (signal?.aborted) return wake();
        const timer = { at: now + ms, wake };
        timers.push(timer);
        // As a real timer does: an abort wakes the sleeper at once, and the timer is gone.
        signal?.addEventListener(
          'abort',
          () => {
            timers.splice(timers.indexOf(timer), 1);
            wake();
          },
          { once: true },
        );
      });
    },
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
