/**
 * Where the header may really be when the one read names no Name column: a row just below that names it, under a
 * title line (Numbers' "Include table names" export starts with "Table 1"). Looked for among the first rows read
 * with the header, split at the delimiter read and, when none names Name so, at the other candidates: a title line
 * that holds no delimiter leaves the file read at the default one, and `Name;Email` below it split at commas is one
 * cell that names nothing.
 */
import { looksBlank } from '../customer/text.js';
import { DELIMITERS, firstRecordsOf } from './detect.js';
import type { HeaderMap } from './header-map.js';
import { headerCellMeaning } from './headers.js';

/** How many records after the header are looked at for the header a title above it hid. */
const LATER_HEADER_RECORDS = 10;
/** Records read again at another delimiter: blank lines above the header count, so some room for them. */
const RECORDS_READ_AGAIN = 100;

/**
 * Where among `records`, the first ones after a header that names no Name column, one does: the header is
 * further down, under a title line. Undefined when none of the first few does.
 */
export function laterHeaderAt(records: readonly (readonly string[])[], map: HeaderMap): number | undefined {
  const namesName = (cell: string) => headerCellMeaning(cell, map) === 'name';
  const at = records.slice(0, LATER_HEADER_RECORDS).findIndex((cells) => cells.some(namesName));
  return at === -1 ? undefined : at;
}

/**
 * The row (the spreadsheet's, blank lines counted) and the delimiter of a record among the first after the header
 * that names Name when `text` (the file's start, as read so far) is split at a candidate other than `read`.
 */
export function laterHeaderSplitOtherwise(
  text: string,
  read: string,
  map: HeaderMap,
): { row: number; delimiter: string } | undefined {
  for (const delimiter of DELIMITERS) {
    if (delimiter === read) continue;
    const records = firstRecordsOf(text, delimiter, RECORDS_READ_AGAIN);
    const header = records.findIndex((cells) => !cells.every(looksBlank));
    if (header === -1) continue;
    const at = laterHeaderAt(records.slice(header + 1), map);
    // Row numbers count from 1, the header's is header + 1, and the record at `at` after it is one further on.
    if (at !== undefined) return { row: header + 2 + at, delimiter };
  }
  return undefined;
}
