/**
 * How long to wait before retrying. Pure: the engine owns the retry loop (it must look a customer up before
 * re-sending a create whose outcome is unknown) and asks these functions for the numbers.
 */

export interface BackoffOptions {
  /** Ceiling of the first retry's delay; doubles with every further retry. */
  baseMs: number;
  /** The exponential ceiling never grows past this. */
  maxMs: number;
}

/**
 * A server's Retry-After is obeyed only up to this: a misconfigured proxy saying "come back in a day" should
 * fail the row after the retries, not freeze the run.
 */
export const RETRY_AFTER_CAP_MS = 60_000;

/**
 * Delay before retry number `attempt` (1-based): full jitter, random() * min(maxMs, baseMs * 2^(attempt-1)),
 * so that rows failing together do not retry together (AWS "Exponential Backoff And Jitter").
 *
 * With a Retry-After the server's wait (capped) is the floor and the jitter is added on top of it rather than
 * max()-ed with it: several requests answered 429 at the same moment would otherwise all come back at exactly
 * the instant the server named, and be refused again together.
 */
export function backoffDelay(
  attempt: number,
  opts: BackoffOptions,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`backoff attempt must be a whole number from 1, got ${attempt}`);
  }
  // 2 ** large is Infinity, which min() turns back into maxMs: no overflow to guard against.
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** (attempt - 1));
  const jitter = random() * ceiling;
  if (retryAfterMs === undefined) return jitter;
  return Math.min(Math.max(0, retryAfterMs), RETRY_AFTER_CAP_MS) + jitter;
}

/** IMF-fixdate, RFC 850 and asctime dates all start with a day name; this keeps Date.parse away from "2024". */
const HTTP_DATE = /^(mon|tue|wed|thu|fri|sat|sun)/i;
/**
 * An asctime date ("Mon Jan  6 08:49:40 2025") names no zone: RFC 9110 says it is GMT, but Date.parse reads it in
 * local time (at UTC+5:30 a 10 s wait became none; 8 h west of GMT, the 60 s cap).
 */
const ENDS_WITHOUT_ZONE = /\d{4}$/;
const DELAY_SECONDS = /^\d+$/;

/**
 * Retry-After (RFC 9110 §10.2.3) as milliseconds from `now`: either delay-seconds or an HTTP date.
 * A date in the past means "now" (0). Anything else is undefined, so the caller falls back to plain backoff.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (DELAY_SECONDS.test(raw)) return Number(raw) * 1000;
  if (!HTTP_DATE.test(raw)) return undefined;
  const at = Date.parse(ENDS_WITHOUT_ZONE.test(raw) ? `${raw} GMT` : raw);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
