/**
 * The pace a server asks for with 429s. No limit until the first 429; then requests start no faster than the
 * server was answering without 429 over the last second (a little under it), so rows stop racing each other
 * for its places. Every three seconds without a 429 the pace rises by a fifth, to find out whether the limit
 * has gone up; another 429 cuts it again (at most once a second). A 429 with no other answer in the last
 * second sets no pace (there is nothing to measure it by) but halves one already set.
 *
 * Without it, an import at --concurrency 8 into a server that takes 5 creates a second kept sending as fast as
 * answers came: each refused row came back after its Retry-After to race new rows again, and some ran out of
 * retries (6 of 60 rows failed rate_limited, 59–63 answers of 429 for 60 creates).
 */
import { type Clock, sleepUntil, systemClock } from './rate-limiter.js';

const WINDOW_MS = 1000;
const SLOTS = 10;
const SLOT_MS = WINDOW_MS / SLOTS;
/** Below what the server answered, so the pace settles just under its limit rather than on it. */
const CUT_TO = 0.9;
const RAISE_BY = 1.2;
/** Probing for a higher limit costs a 429 each time it finds the old one: once every few seconds is enough. */
const RAISE_AFTER_MS = 3000;
const MIN_RATE = 1;

export interface AdaptiveRate {
  /**
   * Resolves when the caller may start its request (at once while no 429 has come), or as soon as `signal`
   * aborts.
   */
  take(signal?: AbortSignal): Promise<void> | undefined;
  /** An answer came: `throttled` for a 429. */
  answered(throttled: boolean): void;
  /** Requests a second at most, or undefined while unlimited. */
  readonly rate: number | undefined;
}

export function createAdaptiveRate(clock: Clock = systemClock): AdaptiveRate {
  // Answers other than 429 in each tenth of the last second: a ring of counters, cheap on every answer.
  const counts = new Array<number>(SLOTS).fill(0);
  const stamps = new Array<number>(SLOTS).fill(-1);
  let rate: number | undefined;
  let changedAt = Number.NEGATIVE_INFINITY;
  // Starts are spaced 1000 / rate ms apart; a new pace applies from the next free start on, so requests
  // already waiting keep their places and no second schedule runs beside the first.
  let nextStart = Number.NEGATIVE_INFINITY;

  const setRate = (value: number, now: number) => {
    rate = value;
    changedAt = now;
  };
  const waitForStart = (paceRate: number, signal: AbortSignal | undefined) => {
    const at = Math.max(clock.now(), nextStart);
    nextStart = at + 1000 / paceRate;
    return sleepUntil(clock, at, signal);
  };
  const okInLastSecond = (now: number): number => {
    const current = Math.floor(now / SLOT_MS);
    let sum = 0;
    for (let i = 0; i < SLOTS; i++) if (stamps[i]! > current - SLOTS) sum += counts[i]!;
    return sum;
  };

  return {
    take: (signal) => (rate === undefined ? undefined : waitForStart(rate, signal)),
    answered(throttled) {
      const now = clock.now();
      if (throttled) {
        if (now - changedAt < WINDOW_MS) return;
        const answering = okInLastSecond(now);
        // No answer to go by (the first answers were 429s, or the server is slow): Retry-After paces the
        // refused rows, and a pace guessed at one a second could hold a fast run back for minutes.
        if (answering === 0 && rate === undefined) return;
        const next =
          answering === 0 ? (rate ?? MIN_RATE) / 2 : Math.min(rate ?? answering, answering) * CUT_TO;
        setRate(Math.max(MIN_RATE, next), now);
        return;
      }
      const slot = Math.floor(now / SLOT_MS);
      const i = slot % SLOTS;
      if (stamps[i] !== slot) {
        stamps[i] = slot;
        counts[i] = 0;
      }
      counts[i]! += 1;
      if (rate !== undefined && now - changedAt >= RAISE_AFTER_MS) setRate(rate * RAISE_BY, now);
    },
    get rate() {
      return rate;
    },
  };
}
