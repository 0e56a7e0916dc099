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

export function interruptionBy(signal: NodeJS.Signals): Interruption {
  const how = signal === 'SIGINT' ? 'Ctrl-C' : signal;
  return {
    notice: `interrupted by ${how}: finishing the requests in flight, then writing the report (${how} again to quit at once)`,
    reason: signal === 'SIGINT' ? 'interrupted by the user (Ctrl-C)' : `interrupted by ${signal}`,
  };
}
