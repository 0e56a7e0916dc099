/**
 * Where outcomes go: one writer per --report file, the format chosen by the extension, and a fan-out so the
 * engine writes each outcome once whatever the number of reports.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { refuseEmpty } from '../empty-value.js';
import { ioReason, UsageError } from '../errors.js';
import type { Outcome, RunSummary } from '../model.js';
import { createFailure } from '../util/create-failure.js';
import { fileIdentity } from '../util/same-file.js';
import { openCsvReport } from './csv.js';
import { openJsonReport } from './json.js';
import { openJunitReport } from './junit.js';
import { unreadPipe, whenPipesHaveReaders } from './pipe-reader.js';
import { lockReports } from './report-locks.js';
import { rowsHeldByAll } from './rows-held.js';

export interface ReportWriter {
  readonly path: string;
  /**
   * Hands the outcome to the file; returns a promise only when the caller must wait before the next one
   * (the stream's buffer is full), so that a million rows do not cost a million promises.
   */
  write(outcome: Outcome): Promise<void> | undefined;
  /**
   * Writes out what waits in memory, so that a file that cannot take it (a full disk) fails before the summary
   * is made: the summary then says so, in the other reports too.
   */
  flush(): Promise<void>;
  /**
   * Writes what only the end knows (totals) and closes the file. With `keep`, a report the summary heads
   * (JSON, XML) keeps its rows spooled until abort(), and may be closed again with another summary; a CSV
   * report, which holds none, stays as it is then.
   */
  close(summary: RunSummary, options?: { keep?: boolean }): Promise<void>;
  /**
   * Stops without a summary (an internal error): closes the file and removes temp files. A report already
   * closed stays as it is (its temp files are removed).
   */
  abort(): Promise<void>;
}

export interface ReportOptions {
  /** The input file as the user named it (`-` for stdin); JUnit uses its name as the test cases' classname. */
  input?: string;
  /**
   * A report could not be written (a full disk): it is given up, the others go on, and this is told why, so
   * the run can stop and still account for every row in them. Without it, write() rejects.
   */
  onFailure?: (message: string) => void;
  /** A JSON or XML report's temp file could not be removed: what to tell the user (see SpoolOptions). */
  onLeftBehind?: (message: string) => void;
  /**
   * Reports given up before they were opened (a named pipe nothing read before the run stopped), each with why:
   * told and named in `aborted` as any report given up during the run (openReports).
   */
  givenUp?: readonly string[];
  /**
   * A report is a named pipe nothing reads yet: zcust waits for a reader, a CSV report's before the run
   * (openReportsOnceRead), a JSON or XML report's at the end, when it is written (see SpoolOptions).
   */
  onWaitForReader?: (path: string) => void;
  /**
   * The reports hold their first `rows` rows where the user reads them, each time that grows: a CSV report block by
   * block, as its blocks reach the file; a JSON or XML report once it is written whole for the last time, as the
   * reports are closed (written again with another summary, it may fail and be emptied). Of openReports, every
   * report given: one given up holds no more (see rowsHeldByAll).
   */
  onHeld?: (rows: number) => void;
}

type Opener = (path: string, columns: readonly string[], options: ReportOptions) => ReportWriter;

const OPENERS: Record<string, Opener> = {
  '.csv': (path, columns, options) => openCsvReport(path, columns, options),
  '.json': (path, _columns, options) => openJsonReport(path, options),
  '.xml': (path, _columns, options) => openJunitReport(path, options.input, options),
};

/**
 * Throws the usage error openReports would, for a name whose format is unknown or two formats named for one file,
 * without touching any file.
 */
export function checkReportNames(paths: readonly string[]): void {
  for (const path of paths) openerFor(path);
  oncePerFile(paths);
}

const STANDARD_OUTPUT = new Set(['-', '/dev/stdout', '/dev/fd/1', '/proc/self/fd/1']);

function openerFor(path: string): Opener {
  // `--report "$OUT"` with OUT unset: told in the words --config "" and -o "" get, not as a name of no format.
  refuseEmpty(path, '--report', 'give a file name ending in .csv, .json or .xml, or leave the flag out');
  // ".csv" has no extension to Node (a hidden file's name): "--report $OUT.csv" with OUT unset, which the
  // message below would tell to end in .csv.
  const bare = basename(path).toLowerCase();
  if (Object.hasOwn(OPENERS, bare)) {
    throw new UsageError(
      `the report name "${path}" is only an extension (an unset variable?): give it a name, such as customers.report${bare}`,
    );
  }
  const extension = extname(path).toLowerCase();
  const opener = Object.hasOwn(OPENERS, extension) ? OPENERS[extension] : undefined;
  if (!opener && STANDARD_OUTPUT.has(path)) {
    // The format is told by the name: standard output has none.
    throw new UsageError(
      `a report cannot be written to standard output as "${path}": give --report a file name ending in .csv, .json or .xml, or a link to /dev/stdout with such a name (ln -s /dev/stdout out.csv; --report out.csv)`,
    );
  }
  if (!opener) {
    throw new UsageError(
      `cannot tell the report format of "${path}": use a file name ending in ${Object.keys(OPENERS).join(', ')} (JUnit XML)`,
    );
  }
  return opener;
}

export function openReport(
  path: string,
  columns: readonly string[],
  options: ReportOptions = {},
): ReportWriter {
  const opener = openerFor(path);
  checkPlace(path);
  return openChecked(path, opener, columns, options);
}

/** Opens a report whose format and place were checked (openerFor, checkPlace). */
function openChecked(
  path: string,
  opener: Opener,
  columns: readonly string[],
  options: ReportOptions,
): ReportWriter {
  try {
    return opener(path, columns, options);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // The path is the user's --report (or the working directory): nothing has been sent yet, so exit 2.
    throw new UsageError(`cannot write the report "${path}": ${createFailure(path, error)}`, {
      cause: error,
    });
  }
}

/**
 * Refuses a path no report can be written to, before anything is opened: a CSV report is emptied as it is opened,
 * so a later --report refused after it (a folder that does not exist) lost the earlier run's report, which the
 * retry workflow imports, and left a report of no rows behind.
 */
function checkPlace(path: string): void {
  const refuse = (reason: string) => new UsageError(`cannot write the report "${path}": ${reason}`);
  try {
    // Checked as written: a JSON or XML report is opened only at the end, and "x/../r.json" names the working
    // folder on paper (its temporary file went there) but not to the system while x does not exist. Every
    // customer was created, then the report failed with exit 3.
    const folder = statSync(dirname(path), { throwIfNoEntry: false });
    if (folder === undefined) throw refuse('its folder does not exist');
    if (!folder.isDirectory()) throw refuse(`${dirname(path)} is not a folder`);
    const file = statSync(path, { throwIfNoEntry: false });
    if (file?.isDirectory()) throw refuse('it is a directory');
    // A folder that takes no new file (read-only, /proc), or a file that cannot be written.
    accessSync(file ? path : dirname(path), constants.W_OK);
  } catch (error) {
    // stat() and access() refuse too (a folder under a file, one not to be looked into): the user's path.
    throw error instanceof UsageError ? error : refuse(createFailure(path, error));
  }
}

const isCsv = (path: string): boolean => extname(path).toLowerCase() === '.csv';

/** `<input name>.report.csv` in the working directory; stdin gives `stdin.report.csv`. */
export function defaultReportPath(input: string, cwd: string): string {
  if (input === '-') return join(cwd, 'stdin.report.csv');
  const name = basename(input);
  const stem = name.slice(0, name.length - extname(name).length) || name;
  // Always appending `.report.csv` means the default can never be the input itself, even when re-importing a report.
  return join(cwd, `${stem}.report.csv`);
}

async function settleAll(tasks: Promise<void>[]): Promise<void> {
  const failures = (await Promise.allSettled(tasks)).filter((r) => r.status === 'rejected');
  if (failures.length === 1) throw failures[0]!.reason;
  if (failures.length > 1) {
    throw new AggregateError(
      failures.map((f) => f.reason),
      failures.map((f) => ioReason(f.reason)).join('; '),
    );
  }
}

/**
 * The reports to open, each file once: a path given twice, or two names of one file (a link, two links to
 * /dev/stdout), is written once, under the first name. Two of them each writing it put two headers and every
 * row twice in one file, interleaved. Two formats cannot share one file: that is a usage error.
 */
function oncePerFile(paths: readonly string[]): string[] {
  const byFile = new Map<string, string>();
  for (const path of paths) {
    const key = fileIdentity(path, process.cwd());
    const first = byFile.get(key);
    if (first === undefined) byFile.set(key, path);
    else if (extname(first).toLowerCase() !== extname(path).toLowerCase()) {
      throw new UsageError(
        `--report ${first} and --report ${path} are the same file, and one file holds one report: give them different files`,
      );
    }
  }
  return [...byFile.values()];
}

/**
 * One writer for every --report path. A path given twice is written once. If one path cannot be opened,
 * none is left half-open. close() closes every report even when one fails, then rejects with the failure.
 */
export function openReports(
  paths: readonly string[],
  columns: readonly string[],
  options: ReportOptions = {},
): Omit<ReportWriter, 'close'> & {
  paths: string[];
  written(): string[];
  /** Why each report given up was (see onFailure), in the order they failed. */
  failures(): string[];
  /**
   * Closes every report, even when one fails, and resolves with the summary they hold: the one given, or, when
   * a report failed as it was closed, that one with `aborted` naming it and the report not listed. Without
   * onFailure, rejects with the failure instead.
   */
  close(summary: RunSummary): Promise<RunSummary>;
} {
  const unique = oncePerFile(paths);
  // Every format and place checked before any file is created or emptied.
  const openers = new Map(unique.map((path) => [path, openerFor(path)] as const));
  for (const path of unique) checkPlace(path);
  // Before any report is emptied or spooled: refused, this run leaves every report as another zcust writes it.
  const lock = lockReports(unique, process.cwd());
  const opened = new Map<string, ReportWriter>();
  // A report given up before it was opened (a named pipe nothing read) holds no row, now or later.
  const heldBy = rowsHeldByAll(unique, options.givenUp?.length ? undefined : options.onHeld);
  try {
    // CSV reports last: one is emptied as it is opened, and a JSON or XML report whose folder refuses its
    // temporary file must not leave it so.
    const csvLast = [...openers].sort(([a], [b]) => Number(isCsv(a)) - Number(isCsv(b)));
    for (const [path, opener] of csvLast)
      opened.set(path, openChecked(path, opener, columns, { ...options, onHeld: heldBy(path) }));
  } catch (error) {
    void settleAll([...opened.values()].map((w) => w.abort()))
      .catch(() => undefined)
      .finally(lock.release);
    throw error;
  }
  const writers = unique.map((path) => opened.get(path) as ReportWriter);
  const failed = new Set<ReportWriter>();
  const failures = [...(options.givenUp ?? [])];
  for (const message of failures) options.onFailure?.(message);
  const giveUp = (writer: ReportWriter, error: unknown): undefined => {
    if (!options.onFailure) throw error;
    if (!failed.has(writer)) {
      failed.add(writer);
      const message = error instanceof Error ? error.message : String(error);
      failures.push(message);
      options.onFailure(message);
    }
    return undefined;
  };
  // Absolute, as the default report's path is: the summary lists them, and a script that reads --json (or the
  // JSON report's summary) from another folder must find --report r.csv as surely as customers.report.csv.
  const written = () => writers.filter((w) => !failed.has(w)).map((w) => resolve(w.path));
  // Every report given up is named in `aborted`, after what stopped the run if that was something else (Ctrl-C,
  // a server that stopped answering): unnamed, a JSON report its folder would not take passed for written.
  const naming = (summary: RunSummary): RunSummary => {
    const unnamed = failures.filter((f) => !summary.aborted?.includes(f));
    if (unnamed.length === 0) return summary;
    const aborted = [...(summary.aborted === undefined ? [] : [summary.aborted]), ...unnamed].join('; ');
    return { ...summary, aborted, reports: written() };
  };
  const writeTo = (writer: ReportWriter, outcome: Outcome): Promise<void> | undefined => {
    if (failed.has(writer)) return undefined;
    try {
      return writer.write(outcome)?.catch((error: unknown) => giveUp(writer, error));
    } catch (error) {
      return giveUp(writer, error);
    }
  };
  const only = writers.length === 1 ? writers[0] : undefined;
  return {
    paths: unique,
    /** The reports not given up (see onFailure), by absolute path. */
    written,
    failures: () => [...failures],
    path: unique.join(', '),
    // One report is the usual case, and this runs once per row: skip the fan-out's bookkeeping then.
    write: only
      ? (outcome) => writeTo(only, outcome)
      : (outcome) => {
          const waits = writers.map((w) => writeTo(w, outcome)).filter((p) => p !== undefined);
          return waits.length === 0 ? undefined : settleAll(waits);
        },
    flush: () =>
      settleAll(
        writers
          .filter((w) => !failed.has(w))
          .map((w) => w.flush().catch((error: unknown) => giveUp(w, error))),
      ),
    // A report given up is closed as it stands: what it holds so far stays, its failure was already told. One
    // that fails now (JSON and XML are written whole at the end) is given up too, and told like the others;
    // and the others, closed with a summary that did not say so, are closed again with one that does (their
    // rows stay spooled until then), as they would say a failure found before the end.
    close: async (summary) => {
      let told = naming(summary);
      try {
        for (;;) {
          const before = failed.size;
          await settleAll(
            writers
              .filter((w) => !failed.has(w))
              .map((w) => w.close(told, { keep: true }).catch((error: unknown) => giveUp(w, error))),
          );
          if (failed.size === before) return told;
          told = naming(told);
        }
      } finally {
        // Closes those given up as they stand, and removes the rows the others kept spooled.
        await Promise.allSettled(writers.map((w) => w.abort()));
        lock.release();
      }
    },
    abort: () => settleAll(writers.map((w) => w.abort())).finally(lock.release),
  };
}

/**
 * openReports, once each CSV report on a named pipe has a reader (see pipe-reader.ts): a CSV report is opened
 * now, a JSON or XML one only at the end (its spool waits for its reader then). Once `signal` ends the wait (Ctrl-C),
 * the pipes nothing reads are given up (see ReportOptions.givenUp) and the other reports are opened.
 */
export async function openReportsOnceRead(
  paths: readonly string[],
  columns: readonly string[],
  options: ReportOptions & { signal?: AbortSignal } = {},
): Promise<ReturnType<typeof openReports>> {
  const { signal, ...reportOptions } = options;
  const pipes = await whenPipesHaveReaders(paths.filter(isCsv), { signal, onWait: options.onWaitForReader });
  try {
    return openReports(
      paths.filter((path) => !pipes.unread.includes(path)),
      columns,
      { ...reportOptions, givenUp: [...(options.givenUp ?? []), ...pipes.unread.map(unreadPipe)] },
    );
  } finally {
    pipes.release();
  }
}
