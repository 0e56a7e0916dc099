/**
 * One run of `zcust import` or `zcust validate`, signals aside (see runImport): its configuration checked, its
 * input and what it sends to opened (open-connection.ts), its reports, the engine run with its progress drawn,
 * then its summary (import-summary.ts); whatever it opened closed however it ends (run-resources.ts).
 */
import v8 from 'node:v8';
import { resolveConfig } from '../config.js';
import { refuseEmpty } from '../empty-value.js';
import type { RunStop } from '../engine/context.js';
import { createdEarlier } from '../engine/events.js';
import { runEngine } from '../engine/run.js';
import { unusedColumnWarning, warnUnusedColumns } from '../engine/unused-columns.js';
import { UsageError } from '../errors.js';
import { openInput } from '../input/open.js';
import type { RunSummary } from '../model.js';
import { waitingForReader } from '../report/pipe-reader.js';
import { createErrorCollector, withoutControlCharacters } from '../report/summary.js';
import { openReportsOnceRead } from '../report/writer.js';
import { getTarget } from '../targets/index.js';
import { createProgress } from '../ui/progress.js';
import type { StderrLines } from '../ui/stderr-lines.js';
import type { CommandIO, ImportFlags } from './import.js';
import { printSummary, summaryOf } from './import-summary.js';
import { sayInputNotes } from './input-notes.js';
import { openConnection } from './open-connection.js';
import { parseMap } from './parse-map.js';
import { reportPathsFor } from './report-paths.js';
import { closeResources, type RunResources } from './run-resources.js';

const FIRST_ERRORS = 10;

export async function runUntilStopped(
  mode: 'validate' | 'import',
  file: string,
  flags: ImportFlags,
  io: CommandIO,
  stop: RunStop,
  lines: StderrLines,
  /** Called as the summary is about to be printed: a quit from then on must not print another answer. */
  onSummary: () => void,
): Promise<number> {
  // Rows are short-lived garbage, and V8's default lets the heap grow well past what is live before it
  // collects: 210 MB for a 100,000-row import whose live heap is 22 MB. Growing by 30% at a time keeps a
  // million-row validate near 180 MB and that import near 145 MB, for some speed (measured, bench/).
  // Set here, not for every command: the sandbox is better off without it.
  v8.setFlagsFromString('--heap-growing-percent=30');
  const startedAt = Date.now();
  const sending = mode === 'import' && !flags.dryRun;
  // Loaded while the input's first bytes are read (about 30 ms of the run's start-up); validate never loads it.
  const httpModule = sending ? import('../http/client.js') : undefined;
  // Settled here if the run ends before it is used (a usage error): an unawaited rejection would crash.
  httpModule?.catch(() => undefined);
  const config = resolveConfig(flags, io.env, io.cwd);
  const target = getTarget(config.target);
  // Warnings quote header names and JSON keys from the file: an ANSI escape there must not reach the terminal.
  const say = (line: string) => lines.write(`zcust: ${withoutControlCharacters(line)}\n`);
  if (sending) for (const w of config.warnings) say(`warning: ${w}`);
  if (sending && flags.skipExisting && !target.lookup) {
    throw new UsageError(
      `--skip-existing needs a way to look customers up, and ${target.label} has none; import without it`,
    );
  }

  refuseEmpty(file, 'the file name', 'give the CSV, JSON or NDJSON file to read, or "-" for standard input');
  const reportPaths = reportPathsFor(file, flags, io);
  const input = await openInput({
    path: file,
    format: flags.format,
    encoding: flags.encoding,
    delimiter: flags.delimiter,
    map: parseMap(flags.map),
    target: target.name,
    stdin: io.stdin,
    parseOnWorker: !sending,
    // A pipe (standard input, or a path such as <(…) or a named pipe) may never end: once the run stops, what
    // it has not sent yet is not waited for.
    stop: stop.signal,
  });
  const sayNotesAfterRows = sayInputNotes(input, say);
  const opened: RunResources = {};
  let summary: RunSummary | undefined;
  try {
    const run = { config, target, flags, io, stop, say, isReport: input.isReport };
    const connection = sending ? await openConnection(opened, run, httpModule) : undefined;
    const reports = await openReportsOnceRead(reportPaths, input.columns, {
      input: file,
      // A report that cannot be written stops the run like Ctrl-C: the others still get every row.
      onFailure: (message) => stop.stop('cannot-write', message),
      onLeftBehind: (message) => say(`warning: ${message}`),
      // A named pipe nothing reads yet is waited for; Ctrl-C while a CSV report waits gives it up.
      signal: stop.signal,
      onWaitForReader: (path) => say(waitingForReader(path)),
      onHeld: opened.heldNotes?.held,
    });
    opened.reports = reports;

    const firstErrors = createErrorCollector(FIRST_ERRORS);
    /** Created rows an earlier import (or try) had created: see RunSummary.created_earlier. */
    let createdByEarlierRuns = 0;
    /** See RunSummary.rows_with_warnings. */
    let rowsWithWarnings = 0;
    const progress = createProgress({
      stream: io.stderr,
      enabled: !flags.quiet && !flags.json,
      drawsBar: io.stderrIsInteractive,
      totalBytes: input.totalBytes,
      bytesRead: input.bytesRead,
      stopped: () => stop.stopped,
      createdEarlier: () => createdByEarlierRuns,
    });
    lines.showProgress(progress);
    const result = await runEngine({
      mode: sending ? 'import' : 'validate',
      rows: warnUnusedColumns(
        input.rows,
        target,
        (column, row) => say(unusedColumnWarning(target, column, row)),
        { columns: input.fieldColumns, includeExample: flags.includeExample ?? false },
      ),
      target,
      includeExample: flags.includeExample ?? false,
      fieldColumns: input.fieldColumns,
      failFast: flags.failFast ?? false,
      skipExisting: flags.skipExisting ?? false,
      concurrency: config.concurrency,
      net: connection?.net,
      stop,
      keepNotes: opened.heldNotes?.keep,
      onOutcome: (outcome) => {
        firstErrors.add(outcome);
        const earlier = createdEarlier(outcome);
        if (earlier) createdByEarlierRuns++;
        // About a value (they name its column); notes on how the row was settled (found by lookup) are not.
        if (outcome.warnings.some((w) => w.field !== undefined)) rowsWithWarnings++;
        return reports.write(outcome);
      },
      onProgress: (rowsDone, counts, rowsRead) =>
        progress.update(rowsDone, counts, rowsRead + (input.rowsAhead?.() ?? 0)),
      // Stopped however the run ends: its clock would write a progress line after the error.
    }).finally(() => progress.stop());
    // Before the summary is made: a report the disk cannot take, or a journal removed or cut short since it was
    // last looked at, is told in it, and in the other reports.
    await reports.flush();
    opened.journal?.checkOnDisk();
    sayNotesAfterRows();
    summary = summaryOf({
      mode,
      target: config.target,
      file,
      startedAt,
      sending,
      dryRun: flags.dryRun,
      baseUrl: connection?.baseUrl,
      result,
      createdEarlier: createdByEarlierRuns,
      rowsWithWarnings,
      reports: reports.written(),
      cutShort: () => input.cutShort?.(),
      stop,
    });
    // A JSON or XML report is written whole at the end: one the disk could not take is told from here on too.
    summary = await reports.close(summary);
    return await printSummary(summary, {
      flags,
      io,
      lines,
      say,
      sending,
      firstErrors: () => firstErrors.lines(),
      stopped: result.stopped?.message,
      reportFailures: () => reports.failures(),
      onSummary,
    });
  } catch (e) {
    if (!summary) await opened.reports?.abort().catch(() => {});
    throw e;
  } finally {
    await closeResources(opened);
  }
}
