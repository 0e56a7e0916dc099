/**
 * Which columns of a CSV header each --map header picks: those it matches most closely (closeness in
 * header-map.ts), so that `--map "E-mail=Customer ID"` on `Name,Email,E-mail` takes column 3 alone. Two different
 * headers it matches as closely (`E_mail` for `E-mail` and `E.mail`) are a usage error naming both: which one was
 * meant, zcust cannot tell.
 */
import { quoted } from '../customer/text.js';
import { UsageError } from '../errors.js';
import {
  addEntry,
  closeness,
  givenAll,
  type HeaderMap,
  type MapEntry,
  type MapHeader,
} from './header-map.js';

export interface MappedColumns {
  /** File index → the --map entries of its header. */
  entriesAt: ReadonlyMap<number, readonly MapEntry[]>;
  /** The --map headers the file has no column for. */
  missing: readonly MapHeader[];
}

/** `headers`: the file's columns, as [file index, header]. */
export function mapFileColumns(
  headers: readonly (readonly [index: number, header: string])[],
  map: HeaderMap,
): MappedColumns {
  const entriesAt = new Map<number, MapEntry[]>();
  const missing: MapHeader[] = [];
  for (const mapped of map.headers) {
    const picked = closestColumns(mapped, headers);
    if (picked.length === 0) missing.push(mapped);
    for (const [index] of picked) {
      entriesAt.set(index, mapped.entries.reduce(addEntry, entriesAt.get(index) ?? []));
    }
  }
  return { entriesAt, missing };
}

/** The columns `mapped` names: every one whose header it matches most closely; two headers so matched are refused. */
function closestColumns(
  mapped: MapHeader,
  headers: readonly (readonly [index: number, header: string])[],
): (readonly [index: number, header: string])[] {
  let best = Number.POSITIVE_INFINITY;
  let picked: (readonly [number, string])[] = [];
  for (const column of headers) {
    const how = closeness(mapped.header, column[1]);
    if (how === undefined || how > best) continue;
    if (how < best) [best, picked] = [how, []];
    picked.push(column);
  }
  // One header twice (`Email`, `Email`) is one header: both columns are picked, and the first wins as ever.
  const distinct = new Map<string, number>();
  for (const [index, header] of picked) if (!distinct.has(header)) distinct.set(header, index);
  if (distinct.size > 1) {
    const columns = [...distinct].map(([header, index]) => `column ${index + 1} (${quoted(header)})`);
    throw new UsageError(
      `${givenAll(mapped.entries)}: ${quoted(mapped.header)} may mean ${columns.slice(0, -1).join(', ')} or ${columns.at(-1)}; write the header as the file spells it`,
    );
  }
  return picked;
}
