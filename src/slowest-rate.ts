/**
 * The slowest --rate taken: one request every 100 s. Anything slower is a slip (0.001 for 0.1, a stray
 * exponent) that would hold each request back for hours, not a pace anyone means. Its own module so that the
 * command line can check --rate without loading config.ts and zod.
 */
export const MIN_RATE = 0.01;

export const RATE_RULE = `at least ${MIN_RATE} (requests a second: one every ${1 / MIN_RATE} s)`;

/**
 * Whether `n` is a rate the limiter can space requests by; if not, the rule it breaks, in the words --rate and a
 * profile's "rate" both use. A number too large to hold (1e400 reads as Infinity) is told it must be finite:
 * told only the minimum, which it passes, a user could not see what was wrong (and the limiter refused it
 * later, as an internal error).
 */
export function rateProblem(n: number | undefined): string | undefined {
  if (n !== undefined && n >= MIN_RATE && Number.isFinite(n)) return undefined;
  return n !== undefined && n >= MIN_RATE ? `a finite number ${RATE_RULE}` : `a number ${RATE_RULE}`;
}
