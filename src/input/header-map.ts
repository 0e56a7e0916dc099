/**
 * Which template columns a header (or a JSON key path) feeds: its --map entries when it has any, else the
 * template's own match (case-insensitive, ignoring spaces _ - . and invisible characters; API field names as
 * aliases, some only for their own target).
 */
import { quoted, showInvisible, withoutInvisible } from '../customer/text.js';
import { UsageError } from '../errors.js';
import type { TargetName } from '../model.js';
import { isCentsHeader, matchHeader, normalizeHeader } from '../template.js';
import { shellWord } from '../util/shell-word.js';
import type { MapEntries } from './types.js';

/** A template column a header feeds, and whether its values are that column's amount in cents. */
export interface ColumnSource {
  column: string;
  cents: boolean;
}

/** One --map entry, resolved. */
export interface MapEntry extends ColumnSource {
  /** The header as typed. */
  header: string;
  /** The entry as typed, for messages: `--map "Company=Name"`. */
  given: string;
}

/** A header as --map names it (as typed), and its entries, in the order given. */
export interface MapHeader {
  header: string;
  entries: readonly MapEntry[];
}

/** How a file's headers are matched: --map, and the target, whose own field names are aliases too. */
export interface HeaderMap {
  /** --map's headers, each with every entry that names it (`--map "Email=Email" --map "Email=Customer ID"`). */
  headers: readonly MapHeader[];
  /** Normalised header → the --map headers that normalise to it: a file header's candidates, found at once. */
  byLooseKey: ReadonlyMap<string, readonly MapHeader[]>;
  target: TargetName;
}

export function resolveMap(map: MapEntries = [], target: TargetName = 'zenskar'): HeaderMap {
  const byTyped = new Map<string, MapEntry[]>();
  for (const [header, to] of map) {
    const given = `--map "${showInvisible(header)}=${showInvisible(to)}"`;
    if (normalizeHeader(header) === '') throw new UsageError(`${given}: the header before "=" is empty`);
    const column = matchHeader(to, target);
    if (column === undefined) {
      throw new UsageError(
        `${given}: ${quoted(to)} is not a template column (run zcust sample-csv to see them)`,
      );
    }
    const entries = byTyped.get(header) ?? [];
    byTyped.set(header, addEntry(entries, { column, cents: isCentsHeader(to, target), header, given }));
  }
  const headers = [...byTyped].map(([header, entries]) => ({ header, entries }));
  const byLooseKey = new Map<string, MapHeader[]>();
  for (const mapped of headers) {
    const key = normalizeHeader(mapped.header);
    byLooseKey.set(key, [...(byLooseKey.get(key) ?? []), mapped]);
  }
  return { headers, byLooseKey, target };
}

/**
 * `entries` with `entry` added, unless it names a column already there. A header may feed several columns (each
 * entry is an instruction); one column in two units contradicts itself.
 */
export function addEntry(entries: MapEntry[], entry: MapEntry): MapEntry[] {
  const same = entries.find((e) => e.column === entry.column);
  if (same === undefined) entries.push(entry);
  else if (same.cents !== entry.cents) {
    throw new UsageError(`${same.given} and ${entry.given} read one column in two units; keep one of them`);
  }
  return entries;
}

/**
 * How closely a header as --map names it matches a header of the file (or a JSON key path): 0 as written, 1 but
 * for case, 2 as the template matches (ignoring spaces, `_`, `-`, `.` and invisible characters); undefined when
 * not at all. An entry picks the closest header only: `--map "E-mail=Customer ID"` beside a column `Email` names
 * the column `E-mail`, not both.
 */
export function closeness(typed: string, header: string): number | undefined {
  if (typed === header) return 0;
  if (typed.toLowerCase() === header.toLowerCase()) return 1;
  return normalizeHeader(typed) === normalizeHeader(header) ? 2 : undefined;
}

/** Line breaks and tabs, with the white space around them: Excel's Alt+Enter puts a line break in a header cell. */
const LINE_BREAKS_AND_TABS = /\s*[\t\n\v\f\r\u2028\u2029]\s*/g;

/**
 * `header` as a user can type it in an --map entry, for a message that suggests one: its line breaks and tabs as
 * one space, its invisible characters left out (showInvisible's `<U+000D>`, pasted, named no header), when that
 * still picks `header` alone among `headers` (closeness: loosely, as the template matches); `header` as it is
 * when it has nothing to leave out, or when nothing typeable would pick it (a NEL, a control character).
 */
export function typeableHeader(header: string, headers: readonly string[]): string {
  const typed = withoutInvisible(header.replace(LINE_BREAKS_AND_TABS, ' '));
  if (typed === header || showInvisible(typed) !== typed) return header;
  const how = closeness(typed, header);
  if (how === undefined) return header;
  // A header the typed form matches as closely would be picked too (map-columns.ts), a closer one instead.
  const rival = headers.some(
    (other) => other !== header && (closeness(typed, other) ?? Number.POSITIVE_INFINITY) <= how,
  );
  return rival ? header : typed;
}

/**
 * Inside double quotes a shell still reads `$`, a backquote, `\` and `"`, and bash's history `!`: a header holding
 * one is suggested in single quotes, where nothing is read but the quote itself.
 */
const READ_IN_DOUBLE_QUOTES = /[$`\\"!]/;

/**
 * `--map "Header=Column"` as a user types it in a shell, for a message that suggests the entry: in double quotes,
 * as the messages quote entries given, unless the shell would read something in them.
 */
export function mapArgument(header: string, column: string): string {
  const entry = `${showInvisible(header)}=${column}`;
  return READ_IN_DOUBLE_QUOTES.test(entry) ? `--map ${shellWord(entry)}` : `--map "${entry}"`;
}

/** "--map "A=B" and --map "A=C"": the entries behind a note. */
export const givenAll = (entries: readonly MapEntry[]): string =>
  entries.map((entry) => entry.given).join(' and ');

const NO_COLUMNS: readonly ColumnSource[] = [];
/** The template's answers, one array each, so that a JSON key read in every object costs no allocation. */
const TEMPLATE_SOURCES = new Map<string, readonly ColumnSource[]>();

/** The column the template itself matches a header (or JSON key path) to, as a list of one, or none. */
export function templateColumnsOf(header: string, target: TargetName): readonly ColumnSource[] {
  const column = matchHeader(header, target);
  if (column === undefined) return NO_COLUMNS;
  const cents = isCentsHeader(header, target);
  const id = `${target}\n${column}\n${cents}`;
  let sources = TEMPLATE_SOURCES.get(id);
  if (sources === undefined) {
    sources = [{ column, cents }];
    TEMPLATE_SOURCES.set(id, sources);
  }
  return sources;
}

const NO_MAP_HEADERS: readonly MapHeader[] = [];

/**
 * The --map headers that name a header or JSON key path: each that matches it, unless one of `others` (the headers
 * or keys beside it) matches that --map header more closely (closeness).
 */
export function mapHeadersOf(
  header: string,
  map: HeaderMap,
  others: () => Iterable<string> = () => [],
): readonly MapHeader[] {
  if (map.byLooseKey.size === 0) return NO_MAP_HEADERS;
  const named = map.byLooseKey.get(normalizeHeader(header));
  if (named === undefined) return NO_MAP_HEADERS;
  return named.filter((mapped) => {
    const mine = closeness(mapped.header, header) ?? Number.POSITIVE_INFINITY;
    return mine === 0 || !isCloser(mapped.header, mine, others());
  });
}

/**
 * The entries of the --map headers that name one header, if any do. Two may name it (`Email` and `email`): it
 * feeds the columns of both.
 */
export function entriesOf(mapped: readonly MapHeader[]): readonly MapEntry[] | undefined {
  let entries: readonly MapEntry[] | undefined;
  for (const { entries: more } of mapped)
    entries = entries === undefined ? more : more.reduce(addEntry, [...entries]);
  return entries;
}

/** Whether one of `others` matches `typed` more closely than `than`. */
function isCloser(typed: string, than: number, others: Iterable<string>): boolean {
  for (const other of others) if ((closeness(typed, other) ?? Number.POSITIVE_INFINITY) < than) return true;
  return false;
}

/**
 * The template columns a header (or JSON key path) feeds: its --map entries, else the template's own match. Taken
 * alone, as a header cell is while the delimiter is still to be chosen.
 */
export function columnsOf(header: string, map: HeaderMap): readonly ColumnSource[] {
  return entriesOf(mapHeadersOf(header, map)) ?? templateColumnsOf(header, map.target);
}
