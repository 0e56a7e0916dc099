import type { ReplyOutcome, SandboxStats } from './types.js';

export type Counters = Omit<SandboxStats, 'customers'>;

export function zeroCounters(): Counters {
  return {
    requests: 0,
    creates: 0,
    duplicates: 0,
    validationRejections: 0,
    authFailures: 0,
    lookups: 0,
    injected: { failures: 0, rateLimited: 0, dropped: 0 },
  };
}

export function countOutcome(counters: Counters, outcome: ReplyOutcome | undefined): void {
  switch (outcome) {
    case 'created':
      counters.creates += 1;
      break;
    case 'duplicate':
      counters.duplicates += 1;
      break;
    case 'invalid':
      counters.validationRejections += 1;
      break;
    case 'unauthorized':
      counters.authFailures += 1;
      break;
    case 'lookup':
      counters.lookups += 1;
      break;
    default:
      break;
  }
}

export function snapshot(counters: Counters, customers: number): SandboxStats {
  return { ...counters, injected: { ...counters.injected }, customers };
}
