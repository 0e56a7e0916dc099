/**
 * The sandbox's bounds that its flags check when they are parsed, so that any number past one (1e9 or 1e400) is
 * told the same range. No imports: the command line loads this before it knows which command runs.
 */

/** The largest TCP port. */
export const MAX_PORT = 65_535;

/** The largest fault seed: the fault generator (mulberry32) keeps 32 bits of state. */
export const MAX_SEED = 2 ** 32 - 1;
