import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRateLimiter, MAX_TIMER_MS, type RateLimiter } from '../../src/http/rate-limiter.js';
import { createFakeClock, type FakeClock } from './fake-clock.js';

/** Start `take()` for each arrival time (simulated ms) and record when each caller was let through. */
function arrive(limiter: RateLimiter, clock: FakeClock, arrivals: number[]): number[] {
  const starts: number[] = [];
  for (const at of arrivals) {
    void clock
      .sleep(at)
      .then(() => limiter.take())
      .then(() => starts.push(clock.now()));
  }
  return starts;
}

/** The largest number of starts inside any half-open one-second window [s, s + 1000). */
function busiestSecond(starts: number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  return Math.max(0, ...sorted.map((from) => sorted.filter((t) => t >= from && t < from + 1000).length));
}

describe('createRateLimiter', () => {
  it('lets the first request of a burst start at once', async () => {
    const clock = createFakeClock();
    const starts = arrive(createRateLimiter(4, clock), clock, [0]);

    await clock.runUntil(0);

    expect(starts).toEqual([0]);
  });

  it.each([1, 4, 10])('with rate %i, the (N+1)th request of a burst waits a full second', async (rate) => {
    const clock = createFakeClock();
    const starts = arrive(createRateLimiter(rate, clock), clock, Array(rate + 1).fill(0));

    await clock.runUntil(5_000);

    expect(starts).toHaveLength(rate + 1);
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(1000);
  });

  it.each([1, 3, 7, 20])(
    'with rate %i over 3 simulated seconds, no second holds more than N starts, yet N a second start',
    async (rate) => {
      const clock = createFakeClock();
      const starts = arrive(createRateLimiter(rate, clock), clock, Array(rate * 10).fill(0));

      await clock.runUntil(2_999);

      expect(busiestSecond(starts), `starts: ${starts.join(', ')}`).toBe(rate);
      expect(starts.length, 'throughput over 3 s').toBe(rate * 3);
    },
  );

  it('after an idle pause the next request starts at once', async () => {
    const clock = createFakeClock();
    const starts = arrive(createRateLimiter(2, clock), clock, [0, 0, 0, 5_000]);

    await clock.runUntil(6_000);

    expect(starts).toEqual([0, 500, 1000, 5_000]);
  });

  it('never lets more than N start in any second, whatever the arrival pattern', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 4_000 }), { minLength: 1, maxLength: 60 }),
        async (rate, arrivals) => {
          const clock = createFakeClock();
          const starts = arrive(createRateLimiter(rate, clock), clock, arrivals);

          await clock.runUntil(20_000);

          expect(starts).toHaveLength(arrivals.length);
          expect(busiestSecond(starts)).toBeLessThanOrEqual(rate);
        },
      ),
      { numRuns: 60 },
    );
  });

  describe('a run that stops while a request waits for its place', () => {
    // The real clock, so that a wait that ignored the stop would outlast the test's timeout (100 s a place).
    it('ends the wait at once, well before the place comes', async () => {
      const limiter = createRateLimiter(0.01);
      await limiter.take();
      const run = new AbortController();
      const startedAt = performance.now();

      const waiting = limiter.take(run.signal);
      run.abort();
      await waiting;

      expect(performance.now() - startedAt, 'the wait ran on to its place, 100 s away').toBeLessThan(50_000);
    });

    it('does not wait at all when the run has already stopped', async () => {
      const clock = createFakeClock();
      const limiter = createRateLimiter(1, clock);
      await limiter.take();

      await limiter.take(AbortSignal.abort());

      expect(clock.now(), 'simulated time went by').toBe(0);
    });
  });

  it.each([1e-7, 1e-300])(
    'with rate %s, never asks for a timer longer than Node keeps (it would fire after 1 ms)',
    async (rate) => {
      const clock = createFakeClock();
      const limiter = createRateLimiter(rate, clock);
      void limiter.take().then(() => limiter.take());

      await clock.runUntil(3 * MAX_TIMER_MS);

      expect(clock.sleeps.length, 'the second request never waited').toBeGreaterThan(0);
      expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(MAX_TIMER_MS);
    },
  );

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses a rate of %s', (rate) => {
    expect(() => createRateLimiter(rate)).toThrow(RangeError);
  });
});
