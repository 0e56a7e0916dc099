/**
 * What a person (stderr) and a script (--json on stdout) are told at the end of a run, and the exit code.
 * Pure formatting: nothing here prints.
 */
import { type Outcome, type RunSummary, STATUSES, type Status } from '../model.js';
import { formatCount, formatRate, plural } from '../util/counts.js';
import { shortened } from '../util/whole-characters.js';
import { issueText } from './issue-text.js';

const ERROR_STATUSES: ReadonlySet<Status> = new Set(['invalid', 'duplicate', 'failed']);

/** Per the contract: 3 aborted; 1 any row invalid, duplicate, failed or not attempted; else 0. */
export function exitCodeFor(summary: RunSummary): 0 | 1 | 3 {
  if (summary.aborted) return 3;
  const counts = countsOf(summary);
  const unfinished = [...ERROR_STATUSES, 'not_attempted' as const].some((status) => counts[status] > 0);
  return unfinished ? 1 : 0;
}

/** Every status, in the contract's order, zero when the run saw none. */
export function countsOf(summary: RunSummary): Record<Status, number> {
  return Object.fromEntries(STATUSES.map((s) => [s, summary.counts[s] ?? 0])) as Record<Status, number>;
}

/**
 * Rows the run worked through per second, one decimal: rows it never reached (not_attempted, after a stop)
 * do not count, or a run stopped by a 401 after 8 requests would claim thousands a second. Null for a run too
 * short to measure (never Infinity, which JSON cannot hold).
 */
export function rowsPerSecond(summary: RunSummary): number | null {
  if (summary.duration_ms <= 0) return null;
  const worked = summary.rows - (summary.counts.not_attempted ?? 0);
  return Math.round((worked / summary.duration_ms) * 10_000) / 10;
}

export interface SummaryJson extends RunSummary {
  rows_per_second: number | null;
}

/** What `--json` prints and the JSON report's "summary": the RunSummary, every count, and the rate. */
export function summaryJson(summary: RunSummary): SummaryJson {
  // Spelled out so the key order is stable whatever order the summary was built in.
  return {
    command: summary.command,
    ...(summary.dry_run === undefined ? {} : { dry_run: summary.dry_run }),
    target: summary.target,
    ...(summary.base_url === undefined ? {} : { base_url: summary.base_url }),
    input: summary.input,
    started_at: summary.started_at,
    duration_ms: summary.duration_ms,
    rows: summary.rows,
    rows_per_second: rowsPerSecond(summary),
    counts: countsOf(summary),
    ...(summary.created_earlier === undefined ? {} : { created_earlier: summary.created_earlier }),
    ...(summary.rows_with_warnings === undefined ? {} : { rows_with_warnings: summary.rows_with_warnings }),
    ...(summary.aborted === undefined ? {} : { aborted: summary.aborted }),
    reports: [...summary.reports],
  };
}

// --- the human block -------------------------------------------------------------------------------------

type Style = 'bold' | 'dim' | 'green' | 'yellow' | 'red';
const ANSI: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  green: [32, 39],
  yellow: [33, 39],
  red: [31, 39],
};
const STATUS_STYLE: Record<Status, Style> = {
  created: 'green',
  valid: 'green',
  skipped: 'dim',
  not_attempted: 'yellow',
  invalid: 'red',
  duplicate: 'red',
  failed: 'red',
};

function paint(style: Style, text: string, color: boolean): string {
  const [open, close] = ANSI[style];
  return color ? `\u001b[${open}m${text}\u001b[${close}m` : text;
}

const MAX_LINE = 300;
/**
 * API messages and file names are untrusted: control characters (ANSI escapes, newlines) would let them
 * repaint the terminal or forge lines, so they become spaces, and very long text is cut.
 */
export function terminalSafe(text: string): string {
  const flat = withoutControlCharacters(text);
  return flat.length > MAX_LINE ? shortened(flat, MAX_LINE - 1) : flat;
}

/** Control characters (ANSI escapes, line breaks) as spaces: for lines that quote a file's header names. */
export function withoutControlCharacters(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const totalSeconds = Math.round(seconds);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min ${s} s`;
}

function headline(summary: RunSummary): string {
  const command = `zcust ${summary.command}${summary.dry_run ? ' (dry run)' : ''}`;
  const input = summary.input === '-' ? 'stdin' : terminalSafe(summary.input);
  // Only an import that sends goes "into" the target; validate checks against its rules.
  const target =
    summary.command === 'import' && !summary.dry_run ? `into ${summary.target}` : `for ${summary.target}`;
  const rate = rowsPerSecond(summary);
  const speed = rate === null ? '' : ` (${formatRate(rate)} rows/s)`;
  return `${command}: ${plural(summary.rows, 'row')} from ${input} ${target} in ${formatDuration(summary.duration_ms)}${speed}`;
}

function countsLine(summary: RunSummary, color: boolean): string {
  const counts = countsOf(summary);
  const earlier = summary.created_earlier ?? 0;
  const parts = STATUSES.filter((s) => counts[s] > 0).map((s) => {
    const note =
      s === 'created' && earlier > 0 ? ` (${formatCount(earlier)} by earlier imports, not sent again)` : '';
    return paint(STATUS_STYLE[s], `${s.replace('_', ' ')} ${formatCount(counts[s])}${note}`, color);
  });
  return parts.length > 0 ? parts.join(' · ') : 'no rows';
}

/**
 * The few lines for stderr at the end of a run:
 *   headline · non-zero counts · why it stopped · first errors · where the report is.
 */
export function formatSummary(
  summary: RunSummary,
  firstErrors: string[],
  opts: { color?: boolean } = {},
): string {
  const color = opts.color ?? false;
  const lines = [paint('bold', headline(summary), color), `  ${countsLine(summary, color)}`];
  const warned = summary.rows_with_warnings ?? 0;
  if (warned > 0) {
    lines.push(
      `  ${paint('yellow', `warnings on ${plural(warned, 'row')} about their values (see the report)`, color)}`,
    );
  }
  // Whole, not cut as the lines that quote the server are: its advice comes last ("Check the base URL … then run
  // the import again; the base URL came from …"). What it quotes of a server was shortened where it was quoted (targets/error-body.ts).
  if (summary.aborted) {
    lines.push(`  ${paint('red', `aborted: ${withoutControlCharacters(summary.aborted)}`, color)}`);
  }
  if (firstErrors.length > 0) {
    lines.push('  first errors:', ...firstErrors.map((line) => `    ${terminalSafe(line)}`));
  }
  if (summary.reports.length > 0) {
    const label = summary.reports.length === 1 ? 'report' : 'reports';
    lines.push(`  ${label}: ${summary.reports.map(terminalSafe).join(', ')}`);
  }
  return lines.join('\n');
}

// --- first errors ------------------------------------------------------------------------------------------

export interface ErrorCollector {
  /** Looks at every outcome; keeps the errors of invalid, duplicate and failed rows. */
  add(outcome: Outcome): void;
  /** The first `limit` lines (`row N: Column: message`), then `… and K more` when some were left out. */
  lines(): string[];
}

export function createErrorCollector(limit = 10): ErrorCollector {
  const kept: string[] = [];
  let more = 0;
  return {
    add(outcome) {
      if (!ERROR_STATUSES.has(outcome.status)) return;
      for (const issue of outcome.errors) {
        if (kept.length < limit) kept.push(terminalSafe(`row ${outcome.row}: ${issueText(issue)}`));
        else more += 1;
      }
    },
    lines: () =>
      more > 0
        ? [...kept, `… and ${formatCount(more)} more ${more === 1 ? 'error' : 'errors'} (see the report)`]
        : [...kept],
  };
}
