/**
 * The CSV report: the zcust_* columns, then the input's own columns in their original order, one line per
 * outcome. It is meant to be fixed in a spreadsheet and imported again, so every cell is neutralised against
 * formula injection (the reader restores them) and the original values are echoed back untouched.
 *
 * LF line endings and no byte-order mark: the report is re-imported by zcust and read by scripts (cut, awk,
 * csv-parse), for which a BOM is a stray character in the first header; spreadsheets open LF files fine.
 */
import { rm } from 'node:fs/promises';
import type { Issue, Outcome } from '../model.js';
import { csvCell, csvCellsAfterComma } from './csv-cell.js';
import { issueText } from './issue-text.js';
import { openSink } from './sink.js';
import type { ReportOptions, ReportWriter } from './writer.js';

export const CSV_REPORT_COLUMNS = [
  'zcust_row',
  'zcust_status',
  'zcust_customer_id',
  'zcust_error_code',
  'zcust_error',
] as const;

const SEPARATOR = '; ';

/**
 * One issue's piece of zcust_error, which splits at SEPARATOR into one piece an issue. The validators' messages
 * hold no SEPARATOR (a test holds them to it), but a platform's words may (Zenskar's 422 lists its errors with it),
 * and so may a message that quotes them: there it is given as a comma.
 */
const piece = (issue: Issue): string => issueText(issue).replaceAll(SEPARATOR, ', ');

/** The header line: the cells of a row, without the comma that would precede the first. */
const csvLine = (cells: readonly string[]): string => `${csvCellsAfterComma(cells).slice(1)}\n`;

/**
 * One report line: zcust_* then the original values, padded to the header's width. A column_count row has
 * more values than the header: all are kept so nothing the user typed is lost. Built straight into a
 * string, as this runs once per row.
 */
export function csvReportLine(outcome: Outcome, columnCount: number): string {
  const { errors, raw } = outcome;
  let codes = '';
  let messages = '';
  if (errors.length > 0) {
    codes = [...new Set(errors.map((e) => e.code))].join(SEPARATOR);
    messages = errors.map(piece).join(SEPARATOR);
  }
  // The CSV report is the one most users read, and it has no warnings column: a row that is done but has
  // something to say (created by an earlier run, not sent; a Customer ID that differs from the customer's)
  // says it here, after a skipped row's reason. The code column stays for errors, which is what a filter on it
  // looks for.
  if (outcome.warnings.length > 0 && (errors.length === 0 || outcome.status === 'skipped')) {
    const warnings = outcome.warnings.map((w) => `warning: ${piece(w)}`).join(SEPARATOR);
    messages = messages === '' ? warnings : `${messages}${SEPARATOR}${warnings}`;
  }
  let line = `${outcome.row},${outcome.status},${csvCell(outcome.customerId ?? '')},${csvCell(codes)},${csvCell(messages)}`;
  line += outcome.rawCsv ?? csvCellsAfterComma(raw);
  for (let i = raw.length; i < columnCount; i++) line += ',';
  return `${line}\n`;
}

export function openCsvReport(
  path: string,
  columns: readonly string[],
  { onHeld }: Pick<ReportOptions, 'onHeld'> = {},
): ReportWriter {
  // Its rows are the writes after the header's.
  const sink = openSink(path, { onWritten: onHeld && ((writes) => onHeld(writes - 1)) });
  let rowsWritten = 0;
  let closed = false;
  // Handed to the stream now, so the header precedes any row even if writes are not awaited one by one;
  // a failure here is kept by the sink and surfaces on the next write or on close.
  sink.write(csvLine([...CSV_REPORT_COLUMNS, ...columns]))?.catch(() => undefined);

  return {
    path,
    write(outcome) {
      rowsWritten += 1;
      return sink.write(csvReportLine(outcome, columns.length));
    },
    flush: () => sink.flush(),
    async close() {
      if (closed) return; // it holds no summary: closed again with another (see ReportWriter), it stays as it is
      closed = true;
      await sink.end();
    },
    async abort() {
      if (closed) return; // a finished report stays as it is
      // Rows already written stay (flushed, not dropped): a partial report still tells what happened to
      // them. An empty one is noise.
      await sink.end().catch(() => sink.destroy());
      if (rowsWritten === 0) await rm(path, { force: true });
    },
  };
}
