/**
 * What to say when no column of a CSV header is Name, so that every row is invalid: what the reading itself tells
 * of why. --map may have sent the Name column elsewhere; a row just below that names Name is the header, under a
 * title line (Numbers' "Include table names" export starts with "Table 1"), at the delimiter read or another;
 * otherwise the delimiter may have split the header wrongly, so it is named, and where it came from, beside the
 * --map entry that names the Name column, the header's own when one holds Name among other words (`Name, Vorname`).
 */

import { quoted } from '../customer/text.js';
import { COLUMN } from '../template.js';
import { separatedBy } from './detect.js';
import { givenAll, type HeaderMap, mapArgument, typeableHeader } from './header-map.js';
import { headerCellMeaning, keepBoth, mapFeeds } from './headers.js';
import type { CsvLayout } from './types.js';

/** Where a header cell's parts and their words end: `Name, Vorname`, `Kunde (Name)`, `Full name / Company`. */
const PART_OR_WORD_BOUNDARY = /[,/()\s]+/;

/**
 * The header cell that holds a name of the Name column (as headerCellMeaning reads one, --map included) among its
 * parts or their words, when no cell is Name itself: the --map entry that would import it can then be named, so
 * the cell is given as a user types it (typeableHeader: a cell over two lines as one). Undefined unless exactly one
 * cell does: of `First Name` and `Last Name`, which is the customer's, zcust cannot tell.
 */
export function headerHoldingName(headers: readonly string[], map: HeaderMap): string | undefined {
  const holding = headers.filter((header) =>
    header.split(PART_OR_WORD_BOUNDARY).some((word) => headerCellMeaning(word, map) === 'name'),
  );
  return holding.length === 1 ? typeableHeader(holding[0]!, headers) : undefined;
}

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
  const entry = mapArgument(layout.headerHoldingName ?? 'Your Header', COLUMN.name);
  return `${lead}; the file was read as ${read}: ${fix}, or name the column with ${entry}`;
}
