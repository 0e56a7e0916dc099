/**
 * The JUnit XML report, for CI dashboards: one test suite per run, one test case per row. Passing rows are
 * created or valid; invalid, duplicate and failed rows are failures; skipped and not-attempted rows are
 * skipped. Totals head the file but are known only at the end, so test cases are spooled like the JSON rows.
 */
import { basename } from 'node:path';
import type { Outcome, RunSummary, Status } from '../model.js';
import { issueText } from './issue-text.js';
import { openSpool, type SpoolOptions } from './spool.js';
import type { ReportWriter } from './writer.js';

// XML 1.0 allows TAB, LF, CR and everything from U+0020 except lone surrogates, U+FFFE and U+FFFF.
// With the u flag a lone surrogate is one code point outside the allowed ranges, so it is replaced too.
const ILLEGAL_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/**
 * What stands for a character XML cannot hold: U+FFFD, as the CSV report writes a lone surrogate. Left out, a
 * message quoting a cell that held only a control character showed `""`, as if the cell were empty.
 */
const REPLACEMENT = '\uFFFD';
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
// In attributes, quotes end the value and whitespace would be normalised away: escape those as well.
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

export function xmlText(value: string): string {
  return value.replace(ILLEGAL_XML, REPLACEMENT).replace(/[&<>]/g, (c) => TEXT_ESCAPES[c]!);
}

export function xmlAttribute(value: string): string {
  return value.replace(ILLEGAL_XML, REPLACEMENT).replace(/[&<>"'\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c]!);
}

/**
 * A row the run stopped before (not_attempted) is an error, not a skip: skipped, a Ctrl-C'd or 401-aborted run
 * showed green in CI dashboards, with its reason only in a property they do not display.
 */
type Verdict = 'pass' | 'failure' | 'skipped' | 'error';
const VERDICT: Record<Status, Verdict> = {
  created: 'pass',
  valid: 'pass',
  skipped: 'skipped',
  not_attempted: 'error',
  invalid: 'failure',
  duplicate: 'failure',
  failed: 'failure',
};

function skipReason(outcome: Outcome): string {
  const issues = outcome.errors.length > 0 ? outcome.errors : outcome.warnings;
  return issues.length > 0 ? issues.map(issueText).join('; ') : outcome.status;
}

/** A passing row's warnings (created by an earlier run, a country that derived no code), as its output. */
function warningsOut(outcome: Outcome): string {
  if (outcome.warnings.length === 0) return '';
  const lines = outcome.warnings.map((w) => `warning: ${w.code}: ${issueText(w)}`).join('\n');
  return `    <system-out>${xmlText(lines)}</system-out>\n`;
}

function testCase(outcome: Outcome, classname: string): string {
  const open = `  <testcase classname="${xmlAttribute(classname)}" name="row ${outcome.row}"`;
  switch (VERDICT[outcome.status]) {
    case 'pass': {
      const out = warningsOut(outcome);
      return out === '' ? `${open}/>\n` : `${open}>\n${out}  </testcase>\n`;
    }
    case 'skipped':
      return `${open}>\n    <skipped message="${xmlAttribute(skipReason(outcome))}"/>\n  </testcase>\n`;
    case 'error': {
      // What its last try got, when the stop came between tries (a 503, not tried again).
      const why = outcome.warnings.map(issueText).join('; ');
      const message = `not attempted: the run stopped before this row${why ? ` (${why})` : ''}`;
      return `${open}>\n    <error message="${xmlAttribute(message)}" type="not_attempted"/>\n  </testcase>\n`;
    }
    case 'failure': {
      const message = outcome.errors.map(issueText).join('; ') || outcome.status;
      const details = outcome.errors.map((e) => `${e.code}: ${issueText(e)}`).join('\n');
      return (
        `${open}>\n    <failure message="${xmlAttribute(message)}" type="${outcome.status}">` +
        `${xmlText(details)}</failure>\n  </testcase>\n`
      );
    }
  }
}

interface Totals {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function head(summary: RunSummary, totals: Totals): string {
  const counts = `tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}"`;
  const time = (summary.duration_ms / 1000).toFixed(3);
  const properties = [
    ['target', summary.target],
    ['input', summary.input],
    ...(summary.dry_run ? [['dry_run', 'true']] : []),
    ...(summary.aborted ? [['aborted', summary.aborted]] : []),
  ]
    .map(([name, value]) => `    <property name="${name}" value="${xmlAttribute(value ?? '')}"/>\n`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="zcust" ${counts} time="${time}">\n` +
    `<testsuite name="zcust ${summary.command}" ${counts} time="${time}" timestamp="${xmlAttribute(summary.started_at)}">\n` +
    `  <properties>\n${properties}  </properties>\n`
  );
}

/** `input` names the test cases' class (its file name; stdin for `-`). */
export function openJunitReport(path: string, input?: string, options: SpoolOptions = {}): ReportWriter {
  const spool = openSpool(path, options);
  const classname = input === undefined ? 'zcust' : input === '-' ? 'stdin' : basename(input);
  // Counted from the rows actually written, so the totals always agree with the test cases below them.
  const totals: Totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  return {
    path,
    async write(outcome) {
      totals.tests += 1;
      const verdict = VERDICT[outcome.status];
      if (verdict === 'failure') totals.failures += 1;
      if (verdict === 'error') totals.errors += 1;
      if (verdict === 'skipped') totals.skipped += 1;
      await spool.append(testCase(outcome, classname));
    },
    flush: () => spool.flush(),
    close: (summary, options) =>
      spool.finish(head(summary, totals), '</testsuite>\n</testsuites>\n', options),
    abort: () => spool.discard(),
  };
}
