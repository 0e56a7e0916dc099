import { describe, expect, it } from 'vitest';
import { createAdaptiveRate } from '../../src/http/adaptive-rate.js';
import { createRateLimiter } from '../../src/http/rate-limiter.js';
import { waitForTurn } from '../../src/http/request-turn.js';
import { createFakeClock } from './fake-clock.js';

/** The most of `starts` (sorted) that fall in any window of `ms`. */
function mostInAnyWindow(starts: readonly number[], ms: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < starts.length; i++) {
    while ((starts[i] ?? 0) - (starts[j] ?? 0) >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/**
 * `callers` requests at a time for `seconds` of fake time, at --rate `rate`, each answered at once: a 429 for the
 * answers numbered in `throttled`, else a success. Returns when each request started.
 */
async function starts(opts: { rate: number; callers: number; seconds: number; throttled: number[] }) {
  const clock = createFakeClock();
  const limiter = createRateLimiter(opts.rate, clock);
  const pace = createAdaptiveRate(clock);
  const started: number[] = [];
  const end = opts.seconds * 1000;
  const caller = async () => {
    while (clock.now() < end) {
      await waitForTurn(pace, limiter, undefined);
      started.push(clock.now());
      pace.answered(opts.throttled.includes(started.length));
    }
  };
  const callers = Array.from({ length: opts.callers }, caller);
  await clock.runUntil(end + 10_000);
  await Promise.all(callers);
  return started.filter((t) => t < end);
}

// rate.sh: a server that answered 429 to its 20th request only; at --rate 10 the run then started 14 requests in
// one second (58 in five), as the pace set by the 429 rose past --rate.
describe('waitForTurn: --rate N holds, N starts in any second at most, whatever the pace 429s set', () => {
  it.each([
    { what: 'no 429', rate: 10, throttled: [] },
    { what: 'a 429 at the 20th answer, the pace then rising a fifth every 3 s', rate: 10, throttled: [20] },
    { what: '429s at the 20th and 80th answers', rate: 10, throttled: [20, 80] },
    { what: 'a 429 at the 10th answer, --rate 4', rate: 4, throttled: [10] },
  ])('$what: at most $rate starts in any 1000 ms', async ({ rate, throttled }) => {
    const seen = await starts({ rate, callers: 8, seconds: 30, throttled });
    expect(mostInAnyWindow(seen, 1000), `starts in the busiest second at --rate ${rate}`).toBeLessThanOrEqual(
      rate,
    );
    expect(mostInAnyWindow(seen, 5000), 'starts in the busiest 5 s').toBeLessThanOrEqual(5 * rate);
  });
});
