/**
 * What to say when no column of a CSV header is Name, so that every row is invalid: what the reading itself tells
 * of why. A row just below that names Name is the header, under a title line (Numbers' "Include table names"
 * export starts with "Table 1"); otherwise the delimiter may have split the header wrongly, so it is named.
 */
import { separatedBy } from './detect.js';
import type { CsvLayout } from './types.js';

const DELIMITER_FROM: Readonly<Record<CsvLayout['delimiterFrom'], string>> = {
  option: '--delimiter',
  'sep line': 'as its sep= line says',
  detected: 'detected from the header line',
};

export function noNameColumnWarning(layout: CsvLayout): string {
  const lead = 'no column of the header is Name, so every row will be invalid';
  if (layout.headerLikeRow !== undefined) {
    return `${lead}; row ${layout.headerLikeRow} looks like the header: remove the row(s) above it`;
  }
  const read = `${separatedBy(layout.delimiter)} (${DELIMITER_FROM[layout.delimiterFrom]})`;
  const fix = layout.delimiterFrom === 'detected' ? 'if it is not, give --delimiter' : 'check the delimiter';
  return `${lead}; the file was read as ${read}: ${fix}, or name the column with --map "Your Header=Name"`;
}
