/**
 * `zcust import` and `zcust validate` (validate = import that sends nothing, as --dry-run does): wires
 * configuration, input, target, HTTP client, journal, engine, progress and reports together.
 */
import { constants as osConstants } from 'node:os';
import { join, resolve } from 'node:path';
import v8 from 'node:v8';
import { describeCredentialOrigins } from '../config/credential-sources.js';
import type { FlagSettings } from '../config/flag-settings.js';
import { requireConnection } from '../config/require-connection.js';
import { resolveConfig } from '../config.js';
import { showInvisible } from '../customer/text.js';
import { refuseEmpty } from '../empty-value.js';
import { Reachability, RunStop } from '../engine/context.js';
import { createdEarlier } from '../engine/events.js';
import { runEngine } from '../engine/run.js';
import { unusedColumnWarning, warnUnusedColumns } from '../engine/unused-columns.js';
import { EXIT, ioReason, UsageError } from '../errors.js';
import type { HttpClient } from '../http/client.js';
import { ignoredProxyHint } from '../http/proxy-variables.js';
import { noNameColumnWarning } from '../input/name-column-advice.js';
import { describeNames } from '../input/name-list.js';
import { type InputFormat, openInput } from '../input/open.js';
import type { MapEntries } from '../input/types.js';
import type { RunSummary } from '../model.js';
import { errorForm } from '../report/error-form.js';
import { waitingForReader } from '../report/pipe-reader.js';
import { abandonSpools } from '../report/spool.js';
import {
  createErrorCollector,
  exitCodeFor,
  formatSummary,
  summaryJson,
  withoutControlCharacters,
} from '../report/summary.js';
import { checkReportNames, defaultReportPath, openReportsOnceRead } from '../report/writer.js';
import type { Sandbox } from '../sandbox/index.js';
import { type HeldNotes, holdNotes } from '../state/held-notes.js';
import { type Journal, openJournal } from '../state/journal.js';
import { journalsIn } from '../state/journal-headers.js';
import type { JournalIdentity } from '../state/journal-identity.js';
import { adoptJournalOfOtherSpelling } from '../state/journal-spelling.js';
import { type EarlierFolder, refuseStrandedJournal } from '../state/stranded-journals.js';
import { getTarget } from '../targets/index.js';
import type { Credentials } from '../targets/target.js';
import { COLUMN } from '../template.js';
import { createProgress } from '../ui/progress.js';
import { type StderrLines, stderrLines } from '../ui/stderr-lines.js';
import { plural } from '../util/counts.js';
import { exitProcess } from '../util/exit.js';
import { isSameFile, streamIsFile, streamReadsFile } from '../util/same-file.js';
import { uuidKey } from '../util/same-uuid.js';
import { readerHasGone, writeBeforeExit, writeOut } from '../util/write-out.js';
import { VERSION } from '../version.js';
import { interruptionBy, QUIT_SIGNAL, quitNotice, STOP_SIGNALS } from './interruption.js';
import { resumingLine, unguardedWarning } from './resuming.js';
import { signalEffects } from './signal-effect.js';

export interface ImportFlags extends FlagSettings {
  format?: InputFormat;
  encoding?: string;
  delimiter?: string;
  map?: string[];
  report?: string[];
  json?: boolean;
  quiet?: boolean;
  includeExample?: boolean;
  skipExisting?: boolean;
  dryRun?: boolean;
  failFast?: boolean;
  sandbox?: boolean;
  resume?: boolean;
}

export interface CommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stderr is a terminal that can draw the progress bar (see cli.ts); otherwise plain lines. */
  stderrIsInteractive: boolean;
}

const FIRST_ERRORS = 10;

/** Every --map entry, in order: one header given twice feeds both columns (see resolveMap). */
export function parseMap(entries: readonly string[] = []): MapEntries {
  return entries.map((entry) => {
    const at = entry.lastIndexOf('=');
    if (at <= 0 || at === entry.length - 1) {
      throw new UsageError(`--map "${showInvisible(entry)}": expected "Header In File=Template Column"`);
    }
    return [entry.slice(0, at).trim(), entry.slice(at + 1).trim()] as const;
  });
}

export async function runImport(
  mode: 'validate' | 'import',
  file: string,
  flags: ImportFlags,
  io: CommandIO,
): Promise<number> {
  // Listening from the start (validate too): Ctrl-C stops reading new rows, reports the rest not_attempted and
  // exits 3. Installed only once the reports were open, a signal before then ended the process with an
  // empty report (the last one overwritten), or with nothing at all while standard input was still awaited.
  const stop = new RunStop();
  const lines = stderrLines(io.stderr);
  // Once the summary is being printed, --json has its answer.
  let summaryBegun = false;
  const quitAtOnce = (signal: NodeJS.Signals) => {
    // Before anything is said: the bar's line wrap would cut it, and nothing restores the terminal after.
    lines.stopProgress();
    // Only an import that sends to a real tenant keeps a journal (validate, --dry-run and --sandbox do not).
    const journalled = mode === 'import' && !flags.dryRun && !flags.sandbox;
    const notice = quitNotice(signal, journalled);
    lines.write(`zcust: ${notice}\n`);
    // No stream is waited for now: the JSON and XML reports' temp files would stay behind, and their
    // targets hold an earlier run's report, or one cut short.
    for (const left of abandonSpools()) lines.write(`zcust: warning: ${left}\n`);
    // As a shell reports a process the signal ended (a second SIGTERM exited 130, Ctrl-C's code). The lock
    // goes on the way out (see run-lock.ts).
    const code = 128 + osConstants.signals[signal];
    // --json's answer all the same (stdout was left empty), written before the exit drops what is queued; not
    // a second line after the summary.
    if (flags.json && !summaryBegun) writeBeforeExit(io.stdout, errorForm(mode, notice, code));
    exitProcess(code);
  };
  // Only a signal, not the run's own stop, can make the next one quit at once: a Ctrl-C while --fail-fast's stop
  // (or a server gone, a full disk) wound the run down was taken for a second one, and ended it without its report.
  const effectOf = signalEffects();
  // Once the run has ended, its summary and reports written: the exit code it earned, or null after an error.
  let ended: number | null | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    // The handlers stay until the process exits: removed, a signal in the moment between the run's end and the
    // exit ended the process by that signal (130/143 to the shell) after a run that had passed.
    if (ended !== undefined) {
      if (ended !== null) exitProcess(ended);
      return;
    }
    const effect = effectOf(signal);
    if (effect === 'quit') quitAtOnce(signal);
    if (effect !== 'stop') return;
    const { notice, reason } = interruptionBy(signal);
    lines.write(`zcust: ${notice}\n`);
    stop.stop('interrupted', reason);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  process.on(QUIT_SIGNAL, quitAtOnce);
  try {
    ended = await runUntilStopped(mode, file, flags, io, stop, lines, () => {
      summaryBegun = true;
    });
    return ended;
  } catch (error) {
    // The error's own exit follows at once (cli.ts): a signal meanwhile changes nothing.
    ended = null;
    throw error;
  }
}

/**
 * Which tenant of the base URL the journal is: its organisation (Zenskar) or business id (DayZero); AmbioSys has
 * neither, and its token alone tells its tenants apart (see JournalIdentity.secretTenant).
 */
function journalTenant(credentials: Credentials): Pick<JournalIdentity, 'tenant' | 'secretTenant'> {
  const tenant = credentials.organisation ?? credentials.businessId;
  // Sent as given, but filed by its one spelling: in upper case, the same tenant had a second journal.
  return tenant === undefined
    ? { tenant: '', secretTenant: credentials.apiKey }
    : { tenant: uuidKey(tenant) };
}

async function runUntilStopped(
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
  const reportPaths = flags.report?.length ? flags.report : [defaultReportPath(file, io.cwd)];
  // Before the input is opened: a named pipe given as the input and as the report was waited for, then refused.
  // Through a link too: writing a report over the input would destroy the user's file. Standard input
  // redirected from the report (`< stdin.report.csv`, the retry of a run that read standard input) too: an
  // import read its own report back without end (9.9 GB in 10 minutes), and validate cut the file short.
  const overwritten = reportPaths.find((p) =>
    file === '-' ? streamReadsFile(io.stdin, p, io.cwd) : isSameFile(p, file, io.cwd),
  );
  if (overwritten !== undefined) {
    const input = file === '-' ? 'standard input, which is that file,' : file;
    // No --report given: it is the default report that would, and --report is how to put it elsewhere.
    const report = flags.report?.length ? `--report ${overwritten}` : `the default report ${overwritten}`;
    const elsewhere = flags.report?.length ? 'write the report elsewhere' : 'give another with --report';
    throw new UsageError(`${report} would overwrite the input ${input} while it is read; ${elsewhere}`);
  }
  // A report on standard output (a link to /dev/stdout) with --json: the summary would follow the report's
  // rows in a pipe, and overwrite its first line in a file.
  const onStdout = flags.json ? reportPaths.find((p) => streamIsFile(io.stdout, p, io.cwd)) : undefined;
  if (onStdout !== undefined) {
    throw new UsageError(
      `--report ${onStdout} is standard output, where --json writes the summary; write the report to a file, or leave out --json`,
    );
  }
  checkReportNames(reportPaths);
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
  const warnUnmatched = () => {
    if (input.unmatched.names.length > 0) {
      say(`warning: ignoring columns that match no template column: ${describeNames(input.unmatched)}`);
    }
  };
  // Notes known before the first row (a CSV header's) are said now; a reader adds others while reading
  // (a report's unknown statuses, JSON keys), said after the rows.
  const notesSaid = input.notes.length;
  for (const note of input.notes) say(`warning: ${note}`);
  if (input.format === 'csv' && input.columns.length === 0) {
    // A pipe the stop ended before it sent a header is not an empty file: the summary's "read no further" says so.
    if (input.cutShort?.() !== true)
      say('warning: the file has no header line (it is empty or blank): there is nothing to read');
  } else if (input.layout && input.fieldColumns && !input.fieldColumns.includes(COLUMN.name)) {
    // Said once, up front: otherwise the first sign is "Name: is required" on every row.
    say(`warning: ${noNameColumnWarning(input.layout)}`);
  }
  // A CSV header says it all up front; JSON keys are known only once every object has been read.
  if (input.format === 'csv') warnUnmatched();
  let sandbox: Sandbox | undefined;
  let client: HttpClient | undefined;
  let journal: Journal | undefined;
  /** What rows were told of their other key, noted in the journal once the reports hold them (see held-notes.ts). */
  let heldNotes: HeldNotes | undefined;
  // Opened (and so emptied) only once every setting has passed: a run refused with exit 2 (another run of this
  // import going on, missing credentials) must leave an existing report alone, that run's own included.
  let reports: Awaited<ReturnType<typeof openReportsOnceRead>> | undefined;
  let summary: RunSummary | undefined;
  try {
    let baseUrl: string | undefined;
    let net: Parameters<typeof runEngine>[0]['net'];
    if (sending) {
      if (flags.sandbox) {
        // Loaded only when needed: validate runs never pay for the sandbox or the HTTP stack.
        const { startSandbox } = await import('../sandbox/index.js');
        sandbox = await startSandbox({ target: config.target, port: 0 });
        config.baseUrl = sandbox.url;
        config.credentials = { ...sandbox.credentials };
        // Nothing of a profile for another target is sent to the sandbox: its own credentials replace them.
        delete config.profileForOtherTarget;
        // Named by where it was set, never quoted: a URL may carry a password or the key (in a CI log).
        const ignored = config.baseUrlFrom?.source;
        if (ignored !== undefined) say(`warning: the base URL of ${ignored} is ignored with --sandbox`);
        // Neither a warning nor an error: --json, like --quiet, leaves it out.
        if (!flags.quiet && !flags.json) {
          say(
            `importing into a new embedded ${target.label} sandbox at ${sandbox.url} (nothing leaves this machine)`,
          );
        }
      }
      const connection = requireConnection(config);
      const { assertSafeBaseUrl, createHttpClient } = await (httpModule ?? import('../http/client.js'));
      // The import's identity (its journal): one server and path however spelled (`//`, an empty `?`).
      const safe = assertSafeBaseUrl(connection.baseUrl);
      baseUrl = `${safe.origin}${safe.pathname}`.replace(/\/+$/, '');
      client = createHttpClient({
        baseUrl,
        timeoutMs: config.timeoutMs,
        connections: config.concurrency,
        userAgent: `zcust/${VERSION}`,
        rate: config.rate,
      });
      if (!flags.sandbox) {
        // A sandbox lives only as long as this run: a journal of it would describe nothing that still exists.
        const stateDir = resolve(io.cwd, config.stateDir);
        // Journals used to be kept in ./.zcust by default, and `~/…` was taken literally: a re-run that silently
        // ignored them would send again what they say was created. This tenant's is exit 2; others are warned of.
        const oldDefault = join(io.cwd, '.zcust');
        const literal = config.stateDirTakenLiterally;
        const earlier: Array<EarlierFolder & { notRead: string }> = [];
        if (config.stateDirIsDefault && journalsIn(oldDefault).length > 0) {
          earlier.push({
            folder: oldDefault,
            why: 'which kept them in the working folder by default',
            notRead: `(the default is ${config.stateDir})`,
          });
        }
        if (literal !== undefined && journalsIn(literal).length > 0) {
          earlier.push({
            folder: literal,
            why: 'which took "~" in the state folder literally',
            notRead: `(the folder is ${config.stateDir}): move them there`,
          });
        }
        const identity: JournalIdentity = {
          target: config.target,
          baseUrl,
          ...journalTenant(connection.credentials),
        };
        refuseStrandedJournal(earlier, identity, { stateDir, fresh: flags.resume === false });
        for (const { folder, why, notRead } of earlier) {
          say(
            `warning: ${folder} holds journals of an earlier zcust, ${why}; they are not read now ${notRead}`,
          );
        }
        adoptJournalOfOtherSpelling(stateDir, identity);
        journal = openJournal(stateDir, identity, {
          fresh: flags.resume === false,
          onWriteFailure: (message) => stop.stop('cannot-write', message),
        });
        heldNotes = holdNotes(journal);
        const brief = flags.quiet === true || flags.json === true;
        const resuming = resumingLine(journal.resumed, target, input.isReport, brief);
        if (resuming !== undefined) say(resuming);
        const unguarded = unguardedWarning(journal.resumed, target, {
          fresh: flags.resume === false,
          stateDir,
          ignoredEarlier: journal.ignoredEarlier,
          skipExisting: flags.skipExisting === true,
        });
        if (unguarded !== undefined) say(unguarded);
      }
      // The sandbox's own credentials are never the user's to trace.
      const origins = flags.sandbox
        ? undefined
        : describeCredentialOrigins(config.target, config.credentialOrigins);
      net = {
        ...(origins === undefined ? {} : { credentialOrigins: origins }),
        client,
        credentials: connection.credentials,
        target,
        retries: config.retries,
        backoff: { baseMs: 250, maxMs: 20_000 },
        random: Math.random,
        stop,
        journal,
        reach: new Reachability({ hint: ignoredProxyHint(io.env, baseUrl) }),
      };
    }
    const opened = await openReportsOnceRead(reportPaths, input.columns, {
      input: file,
      // A report that cannot be written stops the run like Ctrl-C: the others still get every row.
      onFailure: (message) => stop.stop('cannot-write', message),
      onLeftBehind: (message) => say(`warning: ${message}`),
      // A named pipe nothing reads yet is waited for; Ctrl-C while a CSV report waits gives it up.
      signal: stop.signal,
      onWaitForReader: (path) => say(waitingForReader(path)),
      onHeld: heldNotes?.held,
    });
    reports = opened;

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
      net,
      stop,
      keepNotes: heldNotes?.keep,
      onOutcome: (outcome) => {
        firstErrors.add(outcome);
        const earlier = createdEarlier(outcome);
        if (earlier) createdByEarlierRuns++;
        // About a value (they name its column); notes on how the row was settled (found by lookup) are not.
        if (outcome.warnings.some((w) => w.field !== undefined)) rowsWithWarnings++;
        return opened.write(outcome);
      },
      onProgress: (rowsDone, counts, rowsRead) =>
        progress.update(rowsDone, counts, rowsRead + (input.rowsAhead?.() ?? 0)),
      // Stopped however the run ends: its clock would write a progress line after the error.
    }).finally(() => progress.stop());
    // Before the summary is made: a report the disk cannot take is told in it, and in the other reports.
    await opened.flush();
    for (const note of input.notes.slice(notesSaid)) say(`warning: ${note}`);
    if (input.format !== 'csv') warnUnmatched();
    summary = {
      command: mode,
      target: config.target,
      input: file,
      started_at: new Date(startedAt).toISOString(),
      duration_ms: Date.now() - startedAt,
      rows: result.rows,
      counts: result.counts,
      rows_with_warnings: rowsWithWarnings,
      // A report given up (a full disk) is named by the abort, not listed as written.
      reports: opened.written(),
    };
    if (sending) summary.created_earlier = createdByEarlierRuns;
    if (mode === 'import' && flags.dryRun) summary.dry_run = true;
    if (baseUrl) summary.base_url = baseUrl;
    if (result.stopped) {
      summary.aborted = input.cutShort?.()
        ? `${result.stopped.message}; ${file === '-' ? 'standard input' : file} was read no further, so rows it had not sent by then are not in the report`
        : result.stopped.message;
      // Counted as created or skipped, as the report said; the summary must not let them pass for checked.
      if (result.unchecked) {
        summary.aborted += `; ${plural(result.unchecked, 'row')} the imported report says ${result.unchecked === 1 ? 'was' : 'were'} done ${result.unchecked === 1 ? 'is' : 'are'} counted as it says but not checked: import this run's report to check ${result.unchecked === 1 ? 'it' : 'them'}`;
      }
    } else if (stop.reason === 'cannot-write') summary.aborted = stop.message;
    // A JSON or XML report is written whole at the end: one the disk could not take is told from here on too.
    summary = await opened.close(summary);
    const exitCode = exitCodeFor(summary);
    const json = `${JSON.stringify({ ...summaryJson(summary), exit_code: exitCode })}\n`;
    onSummary();
    const printed = flags.json ? await writeOut(io.stdout, json) : undefined;
    const unprinted = printed !== undefined && !readerHasGone(printed);
    if (unprinted) {
      // What was asked for, where it can still be read: a script parsing stderr gets the same JSON, with the
      // exit code the command now ends with.
      say(`error: cannot write the JSON summary to standard output (${ioReason(printed)}); here it is:`);
      const code = sending ? exitCode : EXIT.usage;
      lines.write(`${JSON.stringify({ ...summaryJson(summary), exit_code: code })}\n`);
    } else if (!flags.json && !flags.quiet)
      lines.write(`${formatSummary(summary, firstErrors.lines(), { color: false })}\n`);
    // Why the run stopped is an error: --json, like --quiet, still says it (a CI log keeps stderr), a report
    // that failed only at the end, when it was written out, too.
    else if (summary.aborted !== undefined) {
      const why = result.stopped?.message;
      say(why ?? summary.aborted);
      // A report given up once the run had stopped for another reason (Ctrl-C) is named in aborted: here too.
      for (const failure of opened.failures()) if (why !== undefined && !why.includes(failure)) say(failure);
    }
    // Nothing was sent, so output that did not arrive fails the command; once rows were sent, the exit code
    // tells their fate (2 would say that nothing was).
    return unprinted && !sending ? EXIT.usage : exitCode;
  } catch (e) {
    if (!summary) await reports?.abort().catch(() => {});
    throw e;
  } finally {
    // After the reports are closed: the notes of the rows they hold, and those alone.
    heldNotes?.close();
    journal?.close();
    await client?.close();
    await sandbox?.close();
  }
}
