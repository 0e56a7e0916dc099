/**
 * Which template column each file column feeds (header-map.ts says which a header may feed; here the file's
 * columns share them out), and what to say about the header: columns that clash, match nothing or have no header,
 * --map entries it lacks or that leave a column unfed. Also recognises the zcust_* columns of a report being
 * imported again.
 */
import { looksBlank, quoted, showInvisible } from '../customer/text.js';
import type { Issue } from '../model.js';
import { amountOfCents } from '../targets/credit-limit.js';
import { COLUMN, matchHeader, normalizeHeader } from '../template.js';
import { formatCount } from '../util/counts.js';
import type { CellMeaning } from './detect.js';
import {
  type ColumnSource,
  columnsOf,
  givenAll,
  type HeaderMap,
  type MapEntry,
  type MapHeader,
  mapArgument,
  templateColumnsOf,
} from './header-map.js';
import { mapFileColumns } from './map-columns.js';
import { CappedNames, type NameList } from './name-list.js';

/**
 * A value in cents as its column's amount (100050 → "1000.50"), or the issue of the row, on that column, when
 * it is not a whole number of cents. `name` is the header or key as the file spells it, for the message. A value
 * that shows nothing is left as it is: empty, as in every column (present-value.ts).
 */
export function readCents(column: string, name: string, text: string): { amount: string } | { issue: Issue } {
  if (looksBlank(text)) return { amount: text };
  const read = amountOfCents(text, showInvisible(name));
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
 * What a header cell names, taken alone (the delimiter is still to be chosen): the Name column (--map included),
 * another column zcust reads (a template column, a report's own), a name it does not know, or nothing.
 */
export function headerCellMeaning(header: string, map: HeaderMap): CellMeaning {
  if (looksBlank(header)) return 'blank';
  const columns = columnsOf(header, map);
  if (columns.some((source) => source.column === COLUMN.name)) return 'name';
  return columns.length > 0 || REPORT_KEYS.has(normalizeHeader(header)) ? 'column' : 'unknown';
}

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
  /**
   * The header that names Name by itself, when --map sends it elsewhere and no other column feeds Name: the cause of
   * the warning that no column is Name, rather than a note of its own.
   */
  nameMappedAway?: { header: string; entries: readonly MapEntry[] };
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
  // The file's own columns, zcust_* ones left out: those --map and the template may name.
  const named: [index: number, header: string][] = [];
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
    named.push([index, header]);
  });
  const mapped = mapFileColumns(named, map);
  const candidates: Candidate[] = named.map(([index, header]) => {
    const entries = mapped.entriesAt.get(index);
    return { index, header, sources: entries ?? templateColumnsOf(header, map.target), entries };
  });

  // A --map entry wins over a header that merely matches; otherwise the first column wins.
  const taken = new Map<string, Candidate>();
  const clashes: Array<{ column: string; first: Candidate; other: Candidate }> = [];
  const ordered = [...candidates.filter((c) => c.entries), ...candidates.filter((c) => !c.entries)];
  for (const candidate of ordered) {
    for (const { column, cents } of candidate.sources) {
      const first = taken.get(column);
      if (first !== undefined) {
        clashes.push({ column, first, other: candidate });
        continue;
      }
      taken.set(column, candidate);
      plan.fieldIndexes.push([column, candidate.index]);
      if (cents) plan.centsIndexes.push([column, candidate.index, candidate.header]);
    }
  }
  for (const clash of clashes) plan.notes.push(clashNote(clash, taken));
  // Columns that mean a template column already taken have their note above; each other name is listed once.
  const unmatched = new CappedNames();
  for (const c of candidates) if (c.sources.length === 0 && !looksBlank(c.header)) unmatched.add(c.header);
  plan.unmatched = unmatched.list;
  const headerless = candidates.filter((c) => looksBlank(c.header)).map((c) => c.index + 1);
  if (headerless.length > 0) plan.notes.push(headerlessNote(headerless));
  plan.fieldIndexes.sort((a, b) => a[1] - b[1]);
  mapNotes(mapped.missing, candidates, taken, plan, map);
  return plan;
}

/** A column of the file, and the template columns it would feed. */
interface Candidate {
  index: number;
  header: string;
  sources: readonly ColumnSource[];
  /** Its --map entries, when it has any (then `sources` are theirs). */
  entries: readonly MapEntry[] | undefined;
}

/** Columns for a sentence: "Name", "Name and Customer ID", "Name, Email and Customer ID". */
const LISTED = new Intl.ListFormat('en-GB', { type: 'conjunction' });

/**
 * Two columns of the file for one template column: the second is ignored for it (numbered, so that two columns
 * with the same header, "Name" and "Name", are told apart). Led by the --map entries that made the clash.
 */
function clashNote(
  { column, first, other }: { column: string; first: Candidate; other: Candidate },
  taken: ReadonlyMap<string, Candidate>,
): string {
  // A set: two columns with one header ("Email" twice) share their entries.
  const by = new Set(
    [first, other].flatMap((c) => c.entries?.filter((entry) => entry.column === column) ?? []),
  );
  const lead = by.size > 0 ? `${givenAll([...by])}: ` : '';
  // A column mapped to several may still feed another of them.
  const stillFeeds = [...taken].filter(([, c]) => c === other).map(([fed]) => fed);
  const n = other.index + 1;
  const outcome =
    stillFeeds.length === 0
      ? `column ${n} is ignored`
      : `column ${n} feeds ${LISTED.format(stillFeeds)} only`;
  return `${lead}columns ${first.index + 1} (${quoted(first.header)}) and ${n} (${quoted(other.header)}) both mean ${column}; ${outcome}`;
}

/**
 * What to say about --map: an entry whose header the file lacks, and one that takes a header away from the column it
 * matches by itself, so that no column feeds that one (`--map "Email=Customer ID"` left the e-mail unsent, unsaid).
 * When that column is Name, every row is invalid, and the warning about it says why (nameMappedAway) instead.
 */
function mapNotes(
  missing: readonly MapHeader[],
  candidates: readonly Candidate[],
  taken: ReadonlyMap<string, Candidate>,
  plan: ColumnPlan,
  map: HeaderMap,
): void {
  for (const mapped of missing) plan.notes.push(mapHeaderMissingNote(mapped, 'the file has no column'));
  // Said once for a header's entries, though two columns of the file carry that header.
  const said = new Set<string>();
  for (const { header, entries } of candidates) {
    if (entries === undefined || said.has(givenAll(entries))) continue;
    const own = matchHeader(header, map.target);
    if (own === undefined || taken.has(own)) continue;
    said.add(givenAll(entries));
    if (own === COLUMN.name) plan.nameMappedAway ??= { header, entries };
    else plan.notes.push(mappedAwayNote(entries, own, `the file's column ${quoted(header)}`, 'no column'));
  }
}

/**
 * What to say of --map entries whose header the file lacks (or whose key no object has: json-fields.ts). `lacking`:
 * what lacks it, said before the header ("the file has no column").
 */
export const mapHeaderMissingNote = ({ header, entries }: MapHeader, lacking: string): string =>
  `${givenAll(entries)}: ${lacking} ${quoted(header)}`;

/**
 * What to say of a header (or a JSON key: json-fields.ts) that --map sends away from `own`, the column it matches
 * by itself, when nothing else feeds that one. `source`: the header or key, as the sentence names it ("the file's
 * column "Email""); `nothing`: what feeds `own` instead ("no column"), and where, if that needs saying.
 */
export const mappedAwayNote = (
  entries: readonly MapEntry[],
  own: string,
  source: string,
  nothing: string,
  where = '',
): string =>
  `${givenAll(entries)}: ${source} now feeds ${mapFeeds(entries)}, so ${nothing} feeds ${own}${where}; ${keepBoth(entries, own)}`;

/** "Customer ID and Phone": the columns --map entries send a header to. */
export const mapFeeds = (entries: readonly MapEntry[]): string =>
  LISTED.format(entries.map((entry) => entry.column));

/** How to have a header mapped away feed its own column too. */
export const keepBoth = (entries: readonly MapEntry[], own: string): string =>
  `add ${mapArgument(entries[0]!.header, own)} if it should feed ${own} too`;

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
