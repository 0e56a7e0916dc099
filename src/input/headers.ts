/**
 * Which template column each file column feeds: --map entries first, then the template's own matching
 * (case-insensitive, ignoring spaces _ - . , API field names as aliases, some only for their own target).
 * Also recognises the zcust_* columns of a report being imported again.
 */
import { looksBlank } from '../customer/text.js';
import { UsageError } from '../errors.js';
import type { Issue, TargetName } from '../model.js';
import { amountOfCents } from '../targets/credit-limit.js';
import { isCentsHeader, matchHeader, normalizeHeader } from '../template.js';
import { formatCount } from '../util/counts.js';
import { CappedNames, type NameList } from './name-list.js';

/** How a file's headers are matched: --map, and the target, whose own field names are aliases too. */
export interface HeaderMap {
  /**
   * --map, ready to look up: normalised file header → the template column (and the header as typed); `cents`
   * when the header is mapped to a field in cents (`--map "Limit=credit_limit_cents"`).
   */
  entries: ReadonlyMap<string, { column: string; header: string; cents: boolean }>;
  target: TargetName;
}

export function resolveMap(
  map: Record<string, string> | undefined,
  target: TargetName = 'zenskar',
): HeaderMap {
  const entries = new Map<string, { column: string; header: string; cents: boolean }>();
  for (const [header, to] of Object.entries(map ?? {})) {
    const key = normalizeHeader(header);
    if (key === '') throw new UsageError(`--map "${header}=${to}": the header before "=" is empty`);
    const column = matchHeader(to, target);
    if (column === undefined) {
      throw new UsageError(
        `--map "${header}=${to}": "${to}" is not a template column (run zcust sample-csv to see them)`,
      );
    }
    entries.set(key, { column, header, cents: isCentsHeader(to, target) });
  }
  return { entries, target };
}

/** The template column a --map entry sends a header to, if one does. */
export function mappedColumn(header: string, map: HeaderMap): string | undefined {
  return map.entries.get(normalizeHeader(header))?.column;
}

/** The template column a header (or JSON key path) stands for, --map first. */
export function columnFor(header: string, map: HeaderMap): string | undefined {
  return mappedColumn(header, map) ?? matchHeader(header, map.target);
}

/** Whether a header's values are its column's amount in cents (DayZero's credit_limit_cents), --map first. */
export function inCents(header: string, map: HeaderMap): boolean {
  return map.entries.get(normalizeHeader(header))?.cents ?? isCentsHeader(header, map.target);
}

/**
 * A value in cents as its column's amount (100050 → "1000.50"), or the issue of the row, on that column, when
 * it is not a whole number of cents. `name` is the header or key as the file spells it, for the message. A value
 * that shows nothing is left as it is: empty, as in every column (schema.ts).
 */
export function readCents(column: string, name: string, text: string): { amount: string } | { issue: Issue } {
  if (looksBlank(text)) return { amount: text };
  const read = amountOfCents(text, name);
  return read.ok
    ? { amount: read.amount }
    : { issue: { field: column, code: 'invalid_value', message: read.message } };
}

/**
 * The report's own columns, as the report writer names them (compared normalised). `json` is the last column of a
 * JSON input's report, which holds the values of the wrong JSON type (report-json.ts): the JSON reader writes it
 * as one of the input's columns, and a report imported again keeps it among them, so the next report has it too.
 */
export const REPORT_COLUMNS = {
  row: 'zcust_row',
  status: 'zcust_status',
  customerId: 'zcust_customer_id',
  errorCode: 'zcust_error_code',
  error: 'zcust_error',
  json: 'zcust_json',
} as const;

const REPORT_KEYS: ReadonlyMap<string, keyof typeof REPORT_COLUMNS> = new Map(
  Object.entries(REPORT_COLUMNS).map(([key, name]) => [
    normalizeHeader(name),
    key as keyof typeof REPORT_COLUMNS,
  ]),
);

/**
 * The widest header read: as many columns as a spreadsheet holds (Excel's limit, column XFD). Every row is as wide
 * as the header in the report, however few values it has: a 2 MB file whose header had a million columns took
 * about 1 MB a row, in memory and in the report. A report's zcust_* columns are not counted, so a report of a file
 * 16,384 columns wide can be imported again.
 */
export const MAX_COLUMNS = 16_384;

/**
 * The header's columns, a report's zcust_* ones left out: what MAX_COLUMNS bounds. Only the first of each is left
 * out: zcust_json is echoed like the input's own columns, so a header of a million of them would cost as much.
 */
export function columnCount(headers: readonly string[]): number {
  const reportColumns = new Set<string>();
  let count = 0;
  for (const header of headers) {
    const key = REPORT_KEYS.get(normalizeHeader(header));
    if (key === undefined || reportColumns.has(key)) count++;
    else reportColumns.add(key);
  }
  return count;
}

/** Whether a header is a report's: it has one of the zcust_* columns the report writer adds. */
export function isReportHeader(headers: readonly string[]): boolean {
  return headers.some((header) => REPORT_KEYS.has(normalizeHeader(header)));
}

export interface ColumnPlan {
  /** Every header in the file, zcust_* ones included. */
  headerCount: number;
  /** The original headers (zcust_* left out), in file order. */
  columns: string[];
  /** File index of each of `columns`. */
  originalIndexes: number[];
  /** Template column → the file index it is read from. */
  fieldIndexes: Array<[column: string, index: number]>;
  /** Those of fieldIndexes whose values are in cents (inCents), with the header as written; mostly none. */
  centsIndexes: Array<[column: string, index: number, header: string]>;
  unmatched: NameList;
  notes: string[];
  isReport: boolean;
  /** File indexes of the report's status, customer ID, error code and zcust_json columns. */
  report: { status?: number; customerId?: number; errorCode?: number; json?: number };
}

export function planColumns(headers: readonly string[], map: HeaderMap): ColumnPlan {
  const plan: ColumnPlan = {
    headerCount: headers.length,
    columns: [],
    originalIndexes: [],
    fieldIndexes: [],
    centsIndexes: [],
    unmatched: { names: [], more: 0 },
    notes: [],
    isReport: false,
    report: {},
  };
  const candidates: Array<{ index: number; header: string; column: string | undefined; mapped: boolean }> =
    [];
  headers.forEach((header, index) => {
    const reportKey = REPORT_KEYS.get(normalizeHeader(header));
    if (reportKey !== undefined) {
      plan.isReport = true;
      if (reportKey !== 'row' && reportKey !== 'error') plan.report[reportKey] ??= index;
      // zcust_json is echoed like the input's own columns (see REPORT_COLUMNS), though it is no template column.
      if (reportKey === 'json') {
        plan.columns.push(header);
        plan.originalIndexes.push(index);
      }
      return;
    }
    plan.columns.push(header);
    plan.originalIndexes.push(index);
    const mapped = mappedColumn(header, map);
    candidates.push({ index, header, column: columnFor(header, map), mapped: mapped !== undefined });
  });

  // A --map entry wins over a header that merely matches; otherwise the first column wins.
  const taken = new Map<string, { index: number; header: string }>();
  const ordered = [...candidates.filter((c) => c.mapped), ...candidates.filter((c) => !c.mapped)];
  for (const { index, header, column } of ordered) {
    if (column === undefined) continue;
    const first = taken.get(column);
    if (first === undefined) {
      taken.set(column, { index, header });
      plan.fieldIndexes.push([column, index]);
      if (inCents(header, map)) plan.centsIndexes.push([column, index, header]);
    } else {
      // Numbered, so that two columns with the same header ("Name" and "Name") are told apart.
      plan.notes.push(
        `columns ${first.index + 1} ("${first.header}") and ${index + 1} ("${header}") both mean ${column}; column ${index + 1} is ignored`,
      );
    }
  }
  // Columns that mean a template column already taken have their note above; each other name is listed once.
  const unmatched = new CappedNames();
  for (const c of candidates) if (c.column === undefined && c.header.trim() !== '') unmatched.add(c.header);
  plan.unmatched = unmatched.list;
  const headerless = candidates.filter((c) => c.header.trim() === '').map((c) => c.index + 1);
  if (headerless.length > 0) plan.notes.push(headerlessNote(headerless));
  plan.fieldIndexes.sort((a, b) => a[1] - b[1]);

  const present = new Set(headers.map(normalizeHeader));
  for (const [key, { header }] of map.entries) {
    if (!present.has(key)) plan.notes.push(`--map "${header}=…": the file has no column "${header}"`);
  }
  return plan;
}

/** Numbers or runs of the headerless columns' list shown before the rest are counted. */
const HEADERLESS_PARTS = 20;

/**
 * One note for the columns without a header, numbers in runs: a spreadsheet saved with trailing empty columns
 * (Excel keeps those it ever formatted) gave one warning per column, hundreds of lines of them.
 */
export function headerlessNote(columns: readonly number[]): string {
  // Runs of three or more as a range ("5–9"); shorter ones as numbers.
  const parts: { text: string; count: number }[] = [];
  for (let i = 0; i < columns.length; ) {
    let end = i;
    while (end + 1 < columns.length && columns[end + 1] === columns[end]! + 1) end++;
    if (end - i >= 2) parts.push({ text: `${columns[i]}–${columns[end]}`, count: end - i + 1 });
    else for (let j = i; j <= end; j++) parts.push({ text: `${columns[j]}`, count: 1 });
    i = end + 1;
  }
  const shown = parts.slice(0, HEADERLESS_PARTS).map((p) => p.text);
  const rest = parts.slice(HEADERLESS_PARTS).reduce((sum, p) => sum + p.count, 0);
  const last = rest > 0 ? `${formatCount(rest)} more` : shown.pop();
  const list = shown.length > 0 ? `${shown.join(', ')} and ${last}` : `${last}`;
  return columns.length === 1
    ? `column ${list} has no header; it is ignored`
    : `columns ${list} have no header; they are ignored`;
}
