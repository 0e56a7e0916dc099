/**
 * The notes about an object's keys: where they were first met, a key given twice, and the keys --map sends away
 * from the column each matches by itself, kept until the object is read (a header is known up front, keys only as
 * the objects are read).
 */
import { quoted } from '../customer/text.js';
import { matchHeader } from '../template.js';
import type { HeaderMap, MapEntry } from './header-map.js';
import type { Reading } from './json-object-reading.js';

/** Where a note says its keys were first met: " (first in row 5)", once the row is known. */
export const firstIn = (row: number | undefined): string =>
  row === undefined ? '' : ` (first in row ${row})`;

export const givenTwice = (key: string, row: number | undefined): string =>
  `the key ${quoted(key)} is given twice in one object${firstIn(row)}: the first wins, the second is ignored`;

/** Keeps, for noteMappedAway, a key whose --map entries leave out the column it matches by itself. */
export function noteOwnColumn(
  read: Reading,
  path: string,
  entries: readonly MapEntry[],
  map: HeaderMap,
): void {
  const own = matchHeader(path, map.target);
  if (own === undefined || entries.some((entry) => entry.column === own)) return;
  read.mappedAway ??= [];
  read.mappedAway.push({ path, own, entries });
}
