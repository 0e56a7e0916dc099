/**
 * The slowest --rate taken: one request every 100 s. Anything slower is a slip (0.001 for 0.1, a stray
 * exponent) that would hold each request back for hours, not a pace anyone means. Its own module so that the
 * command line can check --rate without loading config.ts and zod.
 */
export const MIN_RATE = 0.01;

export const RATE_RULE = `at least ${MIN_RATE} (requests a second: one every ${1 / MIN_RATE} s)`;
