import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** Time as the limiter sees it; injected so tests can run simulated seconds instantly. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts (never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface RateLimiter {
  /**
   * Resolves when the caller may start its request, or as soon as `signal` aborts: a run that stops does not
   * wait out its place (the caller then sends nothing; the place is not given back, so the rate still holds).
   */
  take(signal?: AbortSignal): Promise<void>;
}

/**
 * The longest one timer may wait: Node fires a longer setTimeout after 1 ms instead (and warns), which turned
 * a place far ahead into a busy loop. A longer wait is slept in pieces.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Monotonic, so a wall-clock jump (NTP, DST) cannot release a burst or stall the run. */
export const systemClock: Clock = {
  now: () => performance.now(),
  // Only an abort rejects timers' sleep; the caller looks at the signal itself.
  sleep: (ms, signal) => sleep(ms, undefined, { signal }).catch(() => {}),
};

/** Sleeps on `clock` until `at`, or until `signal` aborts. Timers may wake a hair early: it sleeps again. */
export async function sleepUntil(clock: Clock, at: number, signal: AbortSignal | undefined): Promise<void> {
  for (let now = clock.now(); now < at && !signal?.aborted; now = clock.now()) {
    await clock.sleep(Math.min(at - now, MAX_TIMER_MS), signal);
  }
}

/**
 * At most `ratePerSecond` request starts in ANY one-second window, across every caller sharing the limiter.
 *
 * Why even spacing rather than a token bucket: a bucket of capacity C refilled at N/s lets C + N requests start
 * within one second (a full bucket, then a second's refill), so it breaks `--rate N` exactly when the server
 * is counting. Spacing starts 1000/N ms apart keeps the promise with no burst parameter to tune, spreads load
 * the way per-second server limits like it, and costs nothing in throughput: over any second it still starts N.
 *
 * Slot k of a busy run is at anchor + ceil(k * 1000 / N): offsets of slots N apart differ by exactly 1000, so
 * float drift can never squeeze an (N+1)th start into a window. After an idle gap the run restarts at "now".
 */
export function createRateLimiter(ratePerSecond: number, clock: Clock = systemClock): RateLimiter {
  if (!Number.isFinite(ratePerSecond) || ratePerSecond <= 0) {
    throw new RangeError(`rate must be a positive number of requests per second, got ${ratePerSecond}`);
  }
  const offsetMs = (slot: number) => Math.ceil((slot * 1000) / ratePerSecond);

  let anchor = Number.NEGATIVE_INFINITY;
  let nextSlot = 0;

  return {
    async take(signal) {
      const now = clock.now();
      // Reserve synchronously, before any await, so concurrent callers each get their own slot.
      let at = anchor + offsetMs(nextSlot);
      if (at <= now) {
        anchor = now;
        nextSlot = 0;
        at = now;
      }
      nextSlot += 1;
      // A start must never come before its slot.
      await sleepUntil(clock, at, signal);
    },
  };
}
