/**
 * The CSV reader: finds the header (detecting the delimiter from it), plans the columns, then turns
 * each record into a SourceRow. Streams: only the current chunk's records are ever held.
 */

import { textFormulaValue, textFormulaWarning } from '../customer/spreadsheet-cells.js';
import { looksBlank } from '../customer/text.js';
import { UsageError } from '../errors.js';
import type { Issue, SourceRow } from '../model.js';
import { restoreCell } from '../report/neutralise.js';
import { COLUMN } from '../template.js';
import { formatCount, plural } from '../util/counts.js';
import type { FdLoan } from './bytes.js';
import { type CsvEvent, readCsvRecords } from './csv-records.js';
import { readCsvRecordsThreaded, threadsAvailable } from './csv-threaded.js';
import { damagedFileRow } from './damage.js';
import type { DecodedText } from './decode.js';
import { detectDelimiter, excelSeparator, firstLine, holdsDelimiter, preferredDelimiter } from './detect.js';
import { excelSepRowCheck } from './excel-sep-row.js';
import { cutShortRow, cutsARecord } from './file-cut-short.js';
import type { HeaderMap } from './header-map.js';
import {
  type ColumnPlan,
  columnCount,
  headerCellMeaning,
  isReportHeader,
  MAX_COLUMNS,
  planColumns,
  readCents,
} from './headers.js';
import { jsonInCsvReason } from './json-in-csv.js';
import { laterHeaderAt, laterHeaderSplitOtherwise } from './later-header.js';
import { headerHoldingName } from './name-column-advice.js';
import { repeatedHeaderCheck } from './repeated-header.js';
import { readWrongTypes } from './report-json.js';
import { ReportStatuses } from './report-status.js';
import { prepend, readUntil } from './text-head.js';
import type { CsvLayout, ReaderPart } from './types.js';

const EQUALS_SIGN = 0x3d;

/** Give up looking for the end of the header line after this much text (then detect from what we have). */
const HEADER_SEARCH_CHARS = 1_000_000;

export interface CsvReaderOptions {
  /** As the user named the file, for messages. */
  name: string;
  /** Detected from the header line when undefined. */
  delimiter: string | undefined;
  map: HeaderMap;
  /** Its path, when it is a regular file a command in a message may name (not standard input, nor a pipe). */
  path?: string;
  /** Parse on a worker thread (large files: see csv-threaded.ts). */
  threaded?: boolean;
  /** The open file, so that a worker can read it (standard input has none: its text is handed over). */
  file?: { lend: () => FdLoan | undefined; encoding: string };
}

/** Reads the first chunks until the header line is complete; returns them so the parser sees them too. */
async function readHead(chunks: AsyncIterator<string>): Promise<string[]> {
  let text = '';
  return readUntil(chunks, (chunk) => {
    text += chunk;
    return firstLine(text) !== undefined || text.length >= HEADER_SEARCH_CHARS;
  });
}

/**
 * A record that shows nothing: every cell empty, spaces, or characters no spreadsheet shows (a zero-width space,
 * a byte-order mark). Skipped as a blank line is: a row of NBSPs was skipped while a row of zero-width spaces
 * was an invalid row.
 */
const isBlank = (values: readonly string[]): boolean => values.every(looksBlank);

/** True when the original columns are the whole header in file order (no zcust_* columns among them). */
const isIdentity = (indexes: readonly number[], count: number): boolean =>
  indexes.length === count && indexes.every((index, i) => index === i);

/** What reading a report's zcust_* cells needs beyond the plan. */
interface ReportReading {
  statuses: ReportStatuses;
  map: HeaderMap;
  /** Whether a `="…"` cell is Excel's text formula: not in a JSON input's report (textFormulasRead). */
  textFormulas: boolean;
}

/**
 * A JSON input's values are read as written, `="00999"` included, and its report (the one with zcust_json) writes
 * them so, marked `'="00999"` against formula injection: read as a text formula once the mark is off, the report
 * imported again sent `00999`. A CSV input's report echoes its cells as the export wrote them: `="07030"` is read
 * as its text again, as the first import did.
 */
const textFormulasRead = (plan: ColumnPlan): boolean => plan.report.json === undefined;

/**
 * `sameOrder`: isIdentity of the plan, worked out once. `notACustomer`: the one issue of a record that is no
 * customer (a repeated header, a sep= line), whose other cells say nothing: a repeated report header's
 * zcust_status "zcust_status" was warned of as a status zcust does not write, on a row never imported.
 */
function toSourceRow(
  values: string[],
  row: number,
  plan: ColumnPlan,
  sameOrder: boolean,
  report: ReportReading,
  notACustomer: Issue | undefined,
): SourceRow {
  // A report neutralised formula-like cells with a leading quote; importing it again takes that off.
  const cell = plan.isReport ? (i: number) => restoreCell(values[i] ?? '') : (i: number) => values[i] ?? '';
  // The common case, a plain file with complete records, keeps the parser's array as it is (a million
  // rows make a copy per row show up in the profile).
  const raw =
    sameOrder && !plan.isReport && values.length === plan.headerCount
      ? values
      : plan.originalIndexes.map(cell);
  const fields: Record<string, string> = {};
  let readAsText: Issue[] | undefined;
  const mapped = plan.fieldIndexes;
  for (let i = 0; i < mapped.length; i++) {
    const [column, index] = mapped[i]!;
    const value = cell(index).trim();
    // Only a cell that starts with `=` may be Excel's text formula: one character settles every other cell.
    const text =
      value.charCodeAt(0) === EQUALS_SIGN && report.textFormulas ? textFormulaValue(value) : undefined;
    fields[column] = text ?? value;
    if (text !== undefined) {
      readAsText ??= [];
      readAsText.push(textFormulaWarning(column, value, text));
    }
  }
  const source: SourceRow = { row, fields, raw };
  if (readAsText) source.warnings = readAsText;

  if (values.length > plan.headerCount) {
    for (let i = plan.headerCount; i < values.length; i++) raw.push(cell(i));
    // A report's zcust_* columns are not the user's: the counts are those of the file the report was made from.
    const reportColumns = plan.headerCount - plan.columns.length;
    source.issues = [
      {
        code: 'column_count',
        message: `has ${plural(values.length - reportColumns, 'value')} but the header has ${plural(plan.columns.length, 'column')}`,
      },
    ];
  }
  // Its extra values are kept above, for the report to echo.
  if (notACustomer !== undefined) {
    source.issues = [notACustomer];
    source.notACustomer = true;
    return source;
  }
  if (plan.centsIndexes.length > 0) readCentsFields(source, plan.centsIndexes);
  if (plan.report.status !== undefined) {
    const text = cell(plan.report.status).trim();
    const status = text === '' ? undefined : report.statuses.read(text, row);
    const customerId = plan.report.customerId === undefined ? '' : cell(plan.report.customerId).trim();
    const errorCode = plan.report.errorCode === undefined ? '' : cell(plan.report.errorCode).trim();
    if (status !== undefined) {
      source.previous = { status };
      if (customerId !== '') source.previous.customerId = customerId;
      if (errorCode !== '') source.previous.errorCode = errorCode;
    }
  }
  if (plan.report.json !== undefined) {
    const wrongTypes = cell(plan.report.json).trim();
    if (wrongTypes !== '') readWrongTypes(wrongTypes, source, report.map);
  }
  return source;
}

/**
 * The cells of a column in cents (DayZero's credit_limit_cents) become their column's amount. One that is not a
 * whole number of cents is an issue of the row, and its column is left empty: its digits, read as an amount,
 * would be a hundred times the limit. (The report keeps the cell as written, under its own header.)
 */
function readCentsFields(source: SourceRow, columns: ColumnPlan['centsIndexes']): void {
  for (const [column, , header] of columns) {
    const read = readCents(column, header, source.fields[column] ?? '');
    if ('amount' in read) source.fields[column] = read.amount;
    else {
      source.fields[column] = '';
      source.issues = [...(source.issues ?? []), read.issue];
    }
  }
}

/**
 * `events`, then (the worker gone) the file's loan given back and this thread's own reader closed: the file is
 * closed once both are done with it.
 */
async function* closingAfter(
  events: AsyncGenerator<CsvEvent>,
  loan: FdLoan,
  own: AsyncIterator<string>,
): AsyncGenerator<CsvEvent> {
  try {
    yield* events;
  } finally {
    loan.giveBack();
    await own.return?.(undefined);
  }
}

export async function openCsv(text: DecodedText, options: CsvReaderOptions): Promise<ReaderPart> {
  const chunks = text.chunks[Symbol.asyncIterator]();
  const head = await readHead(chunks);
  const headText = head.join('');
  // A JSON file named .csv is refused before its first line is taken for a header (json-in-csv.ts).
  const json = jsonInCsvReason(headText, options.name, options.path);
  if (json !== undefined) throw new UsageError(json);
  const headerLine = firstLine(headText) ?? headText;
  const separator = excelSeparator(headerLine);
  const delimiter =
    options.delimiter ??
    separator ??
    detectDelimiter(headerLine, preferredDelimiter(options.name), (cell) =>
      headerCellMeaning(cell, options.map),
    );
  const delimiterFrom: CsvLayout['delimiterFrom'] =
    options.delimiter !== undefined
      ? 'option'
      : separator !== undefined
        ? 'sep line'
        : holdsDelimiter(headerLine)
          ? 'detected'
          : 'default';
  let workerBytes = 0;
  let events: AsyncGenerator<CsvEvent>;
  const onWorker = options.threaded && threadsAvailable;
  // None when this thread's reader has already read all there is (the end, or damage: bad bytes in the header,
  // UTF-16 without a byte-order mark): the text in hand is parsed here.
  const loan = onWorker ? options.file?.lend() : undefined;
  if (loan) {
    const workerFile = {
      fd: loan.fd,
      bytesAtOpen: loan.bytesAtOpen,
      encoding: options.file!.encoding,
      name: options.name,
    };
    // The worker reads the file from its start itself, through this thread's descriptor: this thread's reading
    // stops at the header, and the file stays open until the worker is done.
    const onBytesRead = (bytes: number) => {
      workerBytes = bytes;
    };
    events = closingAfter(readCsvRecordsThreaded({ file: workerFile, onBytesRead }, delimiter), loan, chunks);
  } else if (onWorker && !options.file) {
    events = readCsvRecordsThreaded(
      { text: prepend(head, chunks), decodeDamage: text.damage, name: options.name },
      delimiter,
    );
  } else {
    events = readCsvRecords(prepend(head, chunks), delimiter, text.damage);
  }

  // The header is the first non-blank record (after a `sep=` line); records after it in the same batch are the
  // first rows. Line numbers in messages stay the file's own: the sep line is read, then set aside.
  let header: string[] | undefined;
  let firstRecords: string[][] = [];
  let sepLineAhead = separator !== undefined;
  // Blank lines before the header are rows of the spreadsheet too (a `sep=` line is not: it does not show).
  let rowsBeforeHeader = 0;
  let plan: ColumnPlan;
  try {
    while (header === undefined) {
      const next = await events.next();
      if (next.done) break;
      const event: CsvEvent = next.value;
      if ('damage' in event) {
        throw new UsageError(
          `cannot read ${options.name}: the header is damaged at line ${event.damage.line} (${event.damage.reason})`,
        );
      }
      let at = event.records.findIndex((values) => !isBlank(values));
      if (at !== -1 && sepLineAhead) {
        sepLineAhead = false;
        const after = event.records.slice(at + 1).findIndex((values) => !isBlank(values));
        at = after === -1 ? -1 : at + 1 + after;
      }
      if (at !== -1) {
        header = event.records[at];
        firstRecords = event.records.slice(at + 1);
      }
      rowsBeforeHeader += at === -1 ? event.records.length : at;
    }
    const width = columnCount(header ?? []);
    if (width > MAX_COLUMNS) {
      throw new UsageError(
        `cannot read ${options.name}: its header has ${formatCount(width)} columns, more than the ${formatCount(MAX_COLUMNS)} a spreadsheet can hold (Excel's limit)`,
      );
    }
    // A report neutralised its header cells as it did the others: matched as written, `'+Phone` was a column
    // of no template field, `'-E-mail-` no longer Email, and --map "+Phone=Phone" found nothing. An --map entry
    // that may mean two of its columns is refused here.
    const headers = header ?? [];
    plan = planColumns(isReportHeader(headers) ? headers.map(restoreCell) : headers, options.map);
  } catch (error) {
    // The reading stops (a worker ends, and gives the file back) before the caller closes the file.
    await events.return(undefined);
    throw error;
  }
  if (separator !== undefined && !sepLineAhead) rowsBeforeHeader -= 1;

  const fieldColumns = plan.fieldIndexes.map(([column]) => column);
  const layout: CsvLayout = { delimiter, delimiterFrom };
  if (plan.nameMappedAway !== undefined) layout.nameMappedAway = plan.nameMappedAway;
  else if (!fieldColumns.includes(COLUMN.name)) {
    // Looked for only among the records in hand: what the header line's own chunk brought. An Excel sep= line
    // says the delimiter itself.
    const laterHeader = laterHeaderAt(firstRecords, options.map);
    if (laterHeader !== undefined) layout.headerLikeRow = { row: 2 + rowsBeforeHeader + laterHeader };
    else if (separator === undefined) {
      const elsewhere = laterHeaderSplitOtherwise(headText, delimiter, options.map);
      if (elsewhere !== undefined) layout.headerLikeRow = elsewhere;
    }
    const holding = headerHoldingName(plan.columns, options.map);
    if (holding !== undefined) layout.headerHoldingName = holding;
  }

  const sameOrder = isIdentity(plan.originalIndexes, plan.headerCount);
  // Compared with the header as the file wrote it, a report's marks and all, as its rows are.
  const repeatsHeader = repeatedHeaderCheck(header ?? [], plan.originalIndexes, 1 + rowsBeforeHeader);
  const isExcelSepRow = excelSepRowCheck(plan.originalIndexes, delimiter);
  const statuses = new ReportStatuses();
  const report: ReportReading = { statuses, map: options.map, textFormulas: textFormulasRead(plan) };
  // Rows are handed out by a plain iterator over the current batch of records rather than an async
  // generator: a million rows through a generator cost a million suspended frames and promises, while
  // here a row already parsed is one resolved promise. Records become SourceRows one at a time, as asked.
  // The spreadsheet's row number: a blank line is a row (skipped, but counted), a record with line breaks inside
  // quotes is one. Counting records only, every row after a blank line was named one row too early.
  let row = 1 + rowsBeforeHeader;
  let records: string[][] = header === undefined ? [] : firstRecords;
  let rawCsv: string[] | undefined;
  let at = 0;
  let finished = header === undefined;
  const end: IteratorReturnResult<undefined> = { value: undefined, done: true };

  /** The next row of the current batch, or undefined when the batch is used up. */
  const nextInBatch = (): SourceRow | undefined => {
    while (at < records.length) {
      const i = at++;
      const values = records[i]!;
      row += 1;
      if (isBlank(values)) continue;
      const notACustomer = repeatsHeader(values) ?? isExcelSepRow(values);
      const source = toSourceRow(values, row, plan, sameOrder, report, notACustomer);
      // Rendered from the record as it came, so only good for a row whose raw values are exactly those.
      if (rawCsv && source.raw === values) source.rawCsv = rawCsv[i];
      return source;
    }
    return undefined;
  };

  const close = async (): Promise<IteratorReturnResult<undefined>> => {
    finished = true;
    records = [];
    await events.return(undefined);
    return end;
  };

  /** The file's cut-short error, passed on once the row it cut has been handed out. */
  let afterCutRow: Error | undefined;
  const nextBatch = async (): Promise<IteratorResult<SourceRow, undefined>> => {
    if (afterCutRow) throw afterCutRow;
    try {
      for (;;) {
        const source = nextInBatch();
        if (source) return { value: source, done: false };
        if (finished) return end;
        const next = await events.next();
        if (next.done) return await close();
        const event: CsvEvent = next.value;
        if ('damage' in event) {
          const damaged = damagedFileRow(row + 1, event.damage);
          await close();
          return { value: damaged, done: false };
        }
        records = event.records;
        rawCsv = event.rawCsv;
        at = 0;
      }
    } catch (error) {
      await close();
      if (!cutsARecord(error)) throw error;
      // The line the file's end cut in two is reported as such, then the run stops (file-cut-short.ts).
      afterCutRow = error;
      return { value: cutShortRow(row + 1, error), done: false };
    }
  };

  const rows: AsyncIterableIterator<SourceRow> = {
    [Symbol.asyncIterator]() {
      return this;
    },
    next() {
      const source = nextInBatch();
      return source ? Promise.resolve({ value: source, done: false }) : nextBatch();
    },
    return: close,
  };

  return {
    columns: plan.columns,
    fieldColumns,
    layout,
    unmatched: plan.unmatched,
    // A getter, like JSON's: a report's rows can add a note as they are read (report-status.ts).
    get notes() {
      const late = statuses.note;
      return late === undefined ? plan.notes : [...plan.notes, late];
    },
    isReport: plan.isReport,
    rows,
    rowsAhead: () => records.length - at,
    // A worker that reads the file counts its bytes (none until its first batch comes).
    ...(loan ? { bytesRead: () => workerBytes } : {}),
  };
}
