/**
 * What a run says when a signal stops it. Ctrl-C (SIGINT) is someone at the terminal; SIGTERM is usually not
 * (kill, a CI job's timeout, docker stop), nor is SIGHUP (the terminal closed, an ssh session dropped), so the
 * report names the signal instead of blaming "the user (Ctrl-C)".
 */
/**
 * The signals that stop a run (an import, validate, the sandbox) as Ctrl-C does. SIGHUP (the terminal closed, an
 * ssh session dropped) ended them at once: an import without a report, the sandbox without answering the creates
 * waiting out --latency. What is then written to a terminal that is gone fails (EIO), which cli.ts lets pass.
 */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * The signal that quits a run at once, as a second Ctrl-C does: Ctrl-\ (SIGQUIT). Left to its default, it ended
 * the process with the terminal's cursor hidden and its line wrap off, the lock and the JSON and XML reports'
 * temporary files left behind.
 */
export const QUIT_SIGNAL = 'SIGQUIT';

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

/**
 * What is said when `signal` quits a run at once: a second stop signal, or SIGQUIT. `journalled`: the run keeps
 * a journal (an import into a tenant; validate, --dry-run and --sandbox do not).
 */
export function quitNotice(signal: NodeJS.Signals, journalled: boolean): string {
  const why = signal === QUIT_SIGNAL ? `quit by ${signal}` : 'interrupted again';
  return `${why}: exiting at once${journalled ? '; the journal keeps what was done' : ''}`;
}

export function interruptionBy(signal: NodeJS.Signals, run: InterruptedRun = currentRun): Interruption {
  const how = signal === 'SIGINT' ? 'Ctrl-C' : signal;
  const doing =
    run === 'import'
      ? 'finishing the requests in flight, then writing the report'
      : 'stopping; writing the report';
  // A second SIGHUP does not quit (see signal-effect.ts): a closed terminal sends two.
  const quit = signal === 'SIGHUP' ? 'SIGTERM to quit at once' : `${how} again to quit at once`;
  return {
    notice: `interrupted by ${how}: ${doing} (${quit})`,
    reason: signal === 'SIGINT' ? 'interrupted by the user (Ctrl-C)' : `interrupted by ${signal}`,
  };
}
