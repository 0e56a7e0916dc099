/**
 * Which template columns a header (or a JSON key path) feeds: its --map entries when it has any, else the
 * template's own match (case-insensitive, ignoring spaces _ - . and invisible characters; API field names as
 * aliases, some only for their own target).
 */
import { showInvisible } from '../customer/text.js';
import { UsageError } from '../errors.js';
import type { TargetName } from '../model.js';
import { isCentsHeader, matchHeader, normalizeHeader } from '../template.js';
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

/** How a file's headers are matched: --map, and the target, whose own field names are aliases too. */
export interface HeaderMap {
  /**
   * --map, ready to look up: normalised file header → the columns it feeds, in the order given. One header may
   * feed several (`--map "Email=Email" --map "Email=Customer ID"`).
   */
  entries: ReadonlyMap<string, readonly MapEntry[]>;
  target: TargetName;
}

/** A header or key in a message, its invisible characters shown ("Email<U+200B>"). */
export const quoted = (text: string): string => `"${showInvisible(text)}"`;

export function resolveMap(map: MapEntries = [], target: TargetName = 'zenskar'): HeaderMap {
  const entries = new Map<string, MapEntry[]>();
  for (const [header, to] of map) {
    const given = `--map "${showInvisible(header)}=${showInvisible(to)}"`;
    const key = normalizeHeader(header);
    if (key === '') throw new UsageError(`${given}: the header before "=" is empty`);
    const column = matchHeader(to, target);
    if (column === undefined) {
      throw new UsageError(
        `${given}: ${quoted(to)} is not a template column (run zcust sample-csv to see them)`,
      );
    }
    const cents = isCentsHeader(to, target);
    const feeds = entries.get(key) ?? [];
    const same = feeds.find((entry) => entry.column === column);
    // A header may feed several columns (each entry is an instruction); one column in two units contradicts itself.
    if (same === undefined) feeds.push({ column, cents, header, given });
    else if (same.cents !== cents) {
      throw new UsageError(`${same.given} and ${given} read one column in two units; keep one of them`);
    }
    entries.set(key, feeds);
  }
  return { entries, target };
}

/** "--map "A=B" and --map "A=C"": the entries behind a note. */
export const givenAll = (entries: readonly MapEntry[]): string =>
  entries.map((entry) => entry.given).join(' and ');

const NO_COLUMNS: readonly ColumnSource[] = [];
/** The template's answers, one array each, so that a JSON key read in every object costs no allocation. */
const TEMPLATE_SOURCES = new Map<string, readonly ColumnSource[]>();

/** The column the template itself matches a header to, as a list of one, or none. */
function templateSources(header: string, target: TargetName): readonly ColumnSource[] {
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

/** The --map entries that name a header (or JSON key path), if any do. */
export function mapEntriesOf(header: string, map: HeaderMap): readonly MapEntry[] | undefined {
  return map.entries.get(normalizeHeader(header));
}

/** The template columns a header (or JSON key path) feeds: its --map entries, else the template's own match. */
export function columnsOf(header: string, map: HeaderMap): readonly ColumnSource[] {
  return mapEntriesOf(header, map) ?? templateSources(header, map.target);
}
