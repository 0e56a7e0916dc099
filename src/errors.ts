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
 * or the journal could not be written (disk full): the journal holds what was recorded. Exit 3.
 */
export class AbortError extends Error {
  readonly exitCode = 3;
  override name = 'AbortError';
}

/**
 * The input could not be read any further (EIO from a failing disk or network mount). Before anything was sent
 * (the header, the first text) openInput makes it a usage error (exit 2); midway the engine stops the run there,
 * as at Ctrl-C, and the rows read so far are reported (exit 3). It was an internal error, exit 70, naming no
 * file; and thrown through the engine, it ended a run with no JSON or XML report at all.
 */
export class InputReadError extends AbortError {}

export const EXIT = { ok: 0, rowsFailed: 1, usage: 2, aborted: 3, internal: 70 } as const;

/** The system's words for the usual file errors, said the way a finance user would. */
const PLAIN_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
};

/** What a failed file operation says, in words: "no space left on device", not "ENOSPC: …, write". */
export function ioReason(error: unknown): string {
  const code = (error as Partial<NodeJS.ErrnoException> | undefined)?.code;
  const plain = code === undefined ? undefined : PLAIN_REASONS[code];
  if (plain !== undefined) return plain;
  if (!(error instanceof Error)) return String(error);
  return code === undefined
    ? error.message
    : error.message.replace(/^\w+: /, '').replace(/, \w+( '.*')?$/, '');
}
