import type { DataFileWriter } from './data-file.js';
import { FaultInjector, type FaultSettings } from './faults.js';
import { type Counters, snapshot, zeroCounters } from './stats.js';
import type { Dialect, RecordedRequest, SandboxStats } from './types.js';

/** Everything one running sandbox keeps between requests. */
export class SandboxRuntime {
  counters: Counters = zeroCounters();
  faults: FaultInjector;
  /** undefined unless requests are recorded. */
  recorded: RecordedRequest[] | undefined;
  /**
   * Answers waiting out the injected latency, with their timers. Their work is done (a customer created), so
   * a stop answers them at once rather than drop their connections.
   */
  readonly waiting = new Map<() => void, NodeJS.Timeout>();
  /** Set once the sandbox stops: answers no longer wait out the latency. */
  closing = false;

  constructor(
    readonly dialect: Dialect,
    readonly settings: FaultSettings,
    readonly dataFile: DataFileWriter | undefined,
    recordRequests: boolean,
  ) {
    this.faults = new FaultInjector(settings);
    this.recorded = recordRequests ? [] : undefined;
  }

  stats(): SandboxStats {
    return snapshot(this.counters, this.dialect.customerCount());
  }

  /**
   * As if just started, empty: customers, counters, recorded requests and the fault sequence; the data file
   * loses this target's customers (other targets' lines stay).
   */
  async reset(): Promise<void> {
    this.dialect.reset();
    this.counters = zeroCounters();
    this.faults = new FaultInjector(this.settings);
    if (this.recorded) this.recorded = [];
    await this.dataFile?.removeTargetLines();
  }

  /** Answers every request waiting out the latency now (for a stop). */
  answerWaiting(): void {
    this.closing = true;
    for (const [answer, timer] of this.waiting) {
      clearTimeout(timer);
      answer();
    }
    this.waiting.clear();
  }
}
