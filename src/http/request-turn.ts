/**
 * When a request may start: once the pace 429s set (adaptive-rate.ts) lets it, then once --rate does
 * (rate-limiter.ts). The last wait decides the start, so it is --rate's: at most N starts in any second holds by
 * construction, whatever the pace. The other way round, requests that had passed --rate queued behind a slower
 * pace, and went out together as it rose a fifth every three seconds: 14 starts in one second at --rate 10.
 */
import type { AdaptiveRate } from './adaptive-rate.js';
import type { RateLimiter } from './rate-limiter.js';

/** Resolves when the request may start, or as soon as `signal` aborts (the caller then sends nothing). */
export async function waitForTurn(
  pace: AdaptiveRate,
  limiter: RateLimiter | undefined,
  signal: AbortSignal | undefined,
): Promise<void> {
  const paced = pace.take(signal);
  if (paced) await paced;
  // The request of a run that stopped meanwhile is not sent: it takes no --rate place.
  if (limiter && !signal?.aborted) await limiter.take(signal);
}
