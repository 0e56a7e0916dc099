/**
 * What a run says when a signal stops it. Ctrl-C (SIGINT) is someone at the terminal; SIGTERM is usually not
 * (kill, a CI job's timeout, docker stop), so the report names it instead of blaming "the user (Ctrl-C)".
 */
export interface Interruption {
  /** Said at once, on stderr. */
  notice: string;
  /** Why the run stopped: the summary's and the reports' "aborted". */
  reason: string;
}

/**
 * An import lets the requests it has sent finish; validate and --dry-run send none, so they just stop and write
 * the report.
 */
export type InterruptedRun = 'import' | 'validate';

let currentRun: InterruptedRun = 'import';

/** The run the command line started, for the notice of interruptionBy (set before the run begins). */
export function interruptionsSayFor(run: InterruptedRun): void {
  currentRun = run;
}

export function interruptionBy(signal: NodeJS.Signals, run: InterruptedRun = currentRun): Interruption {
  const how = signal === 'SIGINT' ? 'Ctrl-C' : signal;
  const doing =
    run === 'import'
      ? 'finishing the requests in flight, then writing the report'
      : 'stopping; writing the report';
  return {
    notice: `interrupted by ${how}: ${doing} (${how} again to quit at once)`,
    reason: signal === 'SIGINT' ? 'interrupted by the user (Ctrl-C)' : `interrupted by ${signal}`,
  };
}
