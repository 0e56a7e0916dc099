/**
 * Errors that end a run. Row problems are never exceptions: they are Issues on an Outcome.
 * cli.ts is the one place that turns these into exit codes.
 */

/** Bad flag, unreadable file, missing credentials: nothing was sent. Exit 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  override name = 'UsageError';
}

/**
 * The run stopped early (credentials rejected, Ctrl-C, --fail-fast): the report is still written. Or a report
 * could not be written (disk full): the journal still holds what was sent. Exit 3.
 */
export class AbortError extends Error {
  readonly exitCode = 3;
  override name = 'AbortError';
}

export const EXIT = { ok: 0, rowsFailed: 1, usage: 2, aborted: 3, internal: 70 } as const;
