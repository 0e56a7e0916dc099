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
  /** Answers waiting out the injected latency, cleared on close. */
  readonly timers = new Set<NodeJS.Timeout>();

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

  /** As if just started, empty: customers, counters, recorded requests, the data file and the fault sequence. */
  async reset(): Promise<void> {
    this.dialect.reset();
    this.counters = zeroCounters();
    this.faults = new FaultInjector(this.settings);
    if (this.recorded) this.recorded = [];
    await this.dataFile?.truncate();
  }
}
