/**
 * The JSON report: { "summary": {...}, "rows": [ ... ] }. The summary comes first but is known only at the
 * end, so rows are spooled to a temp file as they come and the report is assembled on close.
 * One row per line: still valid JSON, and `grep`-able.
 */
import type { Issue, Outcome } from '../model.js';
import { openSpool, type SpoolOptions } from './spool.js';
import { summaryJson } from './summary.js';
import type { ReportWriter } from './writer.js';

function issueJson(issue: Issue) {
  return { field: issue.field ?? null, code: issue.code, message: issue.message };
}

/** One row of the report, keys in the contract's order. */
export function rowJson(outcome: Outcome) {
  return {
    row: outcome.row,
    status: outcome.status,
    customer_id: outcome.customerId ?? null,
    errors: outcome.errors.map(issueJson),
    warnings: outcome.warnings.map(issueJson),
  };
}

export function openJsonReport(path: string, options: SpoolOptions = {}): ReportWriter {
  const spool = openSpool(path, options);
  let first = true;
  return {
    path,
    async write(outcome) {
      const separator = first ? '' : ',\n';
      first = false;
      await spool.append(separator + JSON.stringify(rowJson(outcome)));
    },
    flush: () => spool.flush(),
    close: (summary, options) =>
      spool.finish(`{"summary":${JSON.stringify(summaryJson(summary))},"rows":[\n`, '\n]}\n', options),
    abort: () => spool.discard(),
  };
}
