/**
 * The run's summary: made from what the engine returned (and why it stopped), then printed: as JSON on standard
 * output with --json, as text on stderr otherwise, only why it stopped with --quiet. Returns the exit code.
 */
import type { RunStop } from '../engine/context.js';
import type { EngineResult } from '../engine/options.js';
import { EXIT, ioReason } from '../errors.js';
import type { RunSummary, TargetName } from '../model.js';
import { exitCodeFor, formatSummary, summaryJson } from '../report/summary.js';
import type { StderrLines } from '../ui/stderr-lines.js';
import { plural } from '../util/counts.js';
import { readerHasGone, writeOut } from '../util/write-out.js';
import type { CommandIO, ImportFlags } from './import.js';

interface SummaryFacts {
  mode: 'validate' | 'import';
  target: TargetName;
  file: string;
  startedAt: number;
  sending: boolean;
  dryRun: boolean | undefined;
  baseUrl: string | undefined;
  result: EngineResult;
  createdEarlier: number;
  rowsWithWarnings: number;
  reports: string[];
  /** The input was a pipe the stop ended before its end (InputSource.cutShort). */
  cutShort: () => boolean | undefined;
  stop: RunStop;
}

export function summaryOf(facts: SummaryFacts): RunSummary {
  const { mode, file, result, stop } = facts;
  const summary: RunSummary = {
    command: mode,
    target: facts.target,
    input: file,
    started_at: new Date(facts.startedAt).toISOString(),
    duration_ms: Date.now() - facts.startedAt,
    rows: result.rows,
    counts: result.counts,
    rows_with_warnings: facts.rowsWithWarnings,
    // A report given up (a full disk) is named by the abort, not listed as written.
    reports: facts.reports,
  };
  if (facts.sending) summary.created_earlier = facts.createdEarlier;
  if (mode === 'import' && facts.dryRun) summary.dry_run = true;
  if (facts.baseUrl) summary.base_url = facts.baseUrl;
  if (result.stopped) {
    summary.aborted = facts.cutShort()
      ? `${result.stopped.message}; ${file === '-' ? 'standard input' : file} was read no further, so rows it had not sent by then are not in the report`
      : result.stopped.message;
    // Counted as created or skipped, as the report said; the summary must not let them pass for checked.
    if (result.unchecked) {
      summary.aborted += `; ${plural(result.unchecked, 'row')} the imported report says ${result.unchecked === 1 ? 'was' : 'were'} done ${result.unchecked === 1 ? 'is' : 'are'} counted as it says but not checked: import this run's report to check ${result.unchecked === 1 ? 'it' : 'them'}`;
    }
  } else if (stop.reason === 'cannot-write') summary.aborted = stop.message;
  return summary;
}

interface SummaryPrinting {
  flags: Pick<ImportFlags, 'json' | 'quiet'>;
  io: Pick<CommandIO, 'stdout'>;
  lines: StderrLines;
  say: (line: string) => void;
  sending: boolean;
  /** The first errors, for the text summary. */
  firstErrors: () => string[];
  /** Why the engine stopped the run, if it did. */
  stopped: string | undefined;
  /** Why each report given up was. */
  reportFailures: () => string[];
  /** Called as the summary is about to be printed: a quit from then on must not print another answer. */
  onSummary: () => void;
}

/** Prints the summary (once the reports are closed); returns the exit code. */
export async function printSummary(summary: RunSummary, p: SummaryPrinting): Promise<number> {
  const { flags, lines, say, sending } = p;
  const exitCode = exitCodeFor(summary);
  const json = `${JSON.stringify({ ...summaryJson(summary), exit_code: exitCode })}\n`;
  p.onSummary();
  const printed = flags.json ? await writeOut(p.io.stdout, json) : undefined;
  const unprinted = printed !== undefined && !readerHasGone(printed);
  if (unprinted) {
    // What was asked for, where it can still be read: a script parsing stderr gets the same JSON, with the
    // exit code the command now ends with.
    say(`error: cannot write the JSON summary to standard output (${ioReason(printed)}); here it is:`);
    const code = sending ? exitCode : EXIT.usage;
    lines.write(`${JSON.stringify({ ...summaryJson(summary), exit_code: code })}\n`);
  } else if (!flags.json && !flags.quiet)
    lines.write(`${formatSummary(summary, p.firstErrors(), { color: false })}\n`);
  // Why the run stopped is an error: --json, like --quiet, still says it (a CI log keeps stderr), a report
  // that failed only at the end, when it was written out, too.
  else if (summary.aborted !== undefined) {
    const why = p.stopped;
    say(why ?? summary.aborted);
    // A report given up once the run had stopped for another reason (Ctrl-C) is named in aborted: here too.
    for (const failure of p.reportFailures()) if (why !== undefined && !why.includes(failure)) say(failure);
  }
  // Nothing was sent, so output that did not arrive fails the command; once rows were sent, the exit code
  // tells their fate (2 would say that nothing was).
  return unprinted && !sending ? EXIT.usage : exitCode;
}
