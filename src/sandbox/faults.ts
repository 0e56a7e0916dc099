import { MAX_PORT, MAX_SEED } from './limits.js';
import { mulberry32 } from './prng.js';

export interface FaultSettings {
  latencyMs: number;
  failRate: number;
  /** 0 means no limit. */
  rateLimit: number;
  dropRate: number;
  seed: number;
}

const WINDOW_MS = 1000;
/** Mixed into the seed so drops do not mirror failures when both rates are set. */
const DROP_STREAM = 0x9e3779b9;

/**
 * Decides, request by request, which fault (if any) hits. Failures and drops draw from separate PRNG
 * streams, so the failure pattern depends only on the request order, not on which requests were creates.
 */
export class FaultInjector {
  private readonly failRoll: () => number;
  private readonly dropRoll: () => number;
  private windowStart = Number.NEGATIVE_INFINITY;
  private windowCount = 0;

  constructor(private readonly settings: FaultSettings) {
    this.failRoll = mulberry32(settings.seed);
    this.dropRoll = mulberry32(settings.seed ^ DROP_STREAM);
  }

  /**
   * Counts the request in the current one-second window; true when it is beyond the limit. The window opens
   * at the first request after the previous one closed, so a burst is judged as a burst, not split by the clock.
   */
  rateLimited(now: number): boolean {
    if (this.settings.rateLimit <= 0) return false;
    if (now - this.windowStart >= WINDOW_MS) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    this.windowCount += 1;
    return this.windowCount > this.settings.rateLimit;
  }

  fails(): boolean {
    return this.settings.failRate > 0 && this.failRoll() < this.settings.failRate;
  }

  drops(): boolean {
    return this.settings.dropRate > 0 && this.dropRoll() < this.settings.dropRate;
  }
}

/** What is wrong with the fault options, in words a CLI user can act on; undefined when all is well. */
export function faultOptionProblem(options: {
  latencyMs?: number;
  failRate?: number;
  rateLimit?: number;
  dropRate?: number;
  seed?: number;
  port?: number;
}): string | undefined {
  const { latencyMs, failRate, rateLimit, dropRate, seed, port } = options;
  if (latencyMs !== undefined && !(Number.isFinite(latencyMs) && latencyMs >= 0)) {
    return `--latency must be a number of milliseconds, 0 or more (got ${latencyMs})`;
  }
  if (failRate !== undefined && !isProbability(failRate)) {
    return `--fail-rate must be between 0 and 1 (got ${failRate})`;
  }
  if (dropRate !== undefined && !isProbability(dropRate)) {
    return `--drop-rate must be between 0 and 1 (got ${dropRate})`;
  }
  if (rateLimit !== undefined && !(Number.isInteger(rateLimit) && rateLimit >= 0)) {
    return `--rate-limit must be a whole number of requests per second, 0 for none (got ${rateLimit})`;
  }
  // The PRNG's state is 32 bits: a larger seed (or a negative one) would quietly mean the same faults as
  // another seed, 2^32 apart.
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED)) {
    return `--seed must be a whole number from 0 to ${MAX_SEED}, the fault generator's 32 bits of state (got ${seed})`;
  }
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= MAX_PORT)) {
    return `--port must be a whole number from 0 to ${MAX_PORT} (got ${port})`;
  }
  return undefined;
}

function isProbability(value: number): boolean {
  return Number.isFinite(value) && value >= 0 && value <= 1;
}
