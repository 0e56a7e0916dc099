/**
 * What to say when no column of a CSV header is Name, so that every row is invalid: what the reading itself tells
 * of why. --map may have sent the Name column elsewhere; a row just below that names Name is the header, under a
 * title line (Numbers' "Include table names" export starts with "Table 1"), at the delimiter read or another;
 * otherwise the delimiter may have split the header wrongly, so it is named, and where it came from.
 */

import { quoted } from '../customer/text.js';
import { separatedBy } from './detect.js';
import { givenAll } from './header-map.js';
import { keepBoth, mapFeeds } from './headers.js';
import type { CsvLayout } from './types.js';

const DELIMITER_FROM: Readonly<Record<CsvLayout['delimiterFrom'], string>> = {
  option: '--delimiter',
  'sep line': 'as its sep= line says',
  detected: 'detected from the header line',
  default: 'the default: its first line holds none of , ; TAB |',
};

/** `(separated by ";")`: a delimiter other than the one the file was read at. */
const separatedAt = (delimiter: string): string =>
  `separated by ${delimiter === '\t' ? 'TABs' : JSON.stringify(delimiter)}`;

export function noNameColumnWarning(layout: CsvLayout): string {
  const lead = 'no column of the header is Name, so every row will be invalid';
  if (layout.nameMappedAway !== undefined) {
    const { header, entries } = layout.nameMappedAway;
    return `${lead}: ${givenAll(entries)} sends the file's column ${quoted(header)} to ${mapFeeds(entries)} instead; ${keepBoth(entries, 'Name')}`;
  }
  if (layout.headerLikeRow !== undefined) {
    const { row, delimiter } = layout.headerLikeRow;
    const at = delimiter === undefined ? '' : ` (${separatedAt(delimiter)})`;
    return `${lead}; row ${row} looks like the header${at}: remove the row(s) above it`;
  }
  const read = `${separatedBy(layout.delimiter)} (${DELIMITER_FROM[layout.delimiterFrom]})`;
  const fix =
    layout.delimiterFrom === 'detected' || layout.delimiterFrom === 'default'
      ? 'if it is not, give --delimiter'
      : 'check the delimiter';
  return `${lead}; the file was read as ${read}: ${fix}, or name the column with --map "Your Header=Name"`;
}
