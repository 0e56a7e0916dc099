/**
 * Excel's `sep=;` line below the header is no customer: two Excel exports joined into one file (`cat a.csv b.csv`)
 * put the second's first line among the rows, where it was created as a customer named "sep=". Only the file's own
 * first line is read as the delimiter it names (detect.ts); one further down is the user's to delete.
 */
import { looksBlank } from '../customer/text.js';
import type { Issue } from '../model.js';

/**
 * `sep=` and the character it names, or `sep=` alone when the delimiter split that character off. String.trim takes
 * off a second export's byte-order mark too.
 */
const SEP_CELL = /^sep=(.?)$/i;

/** A second export's byte-order mark, white space csv-parse kept: a longer cell is no `sep=` line. */
const LONGEST_SEP_CELL = 8;

/** What an Excel `sep=` line among the rows is reported with: the row is the user's to delete, never sent. */
function excelSepRowIssue(separator: string): Issue {
  return {
    code: 'invalid_value',
    message: `is Excel's "sep=${separator}" line of another export (two exports joined into one file?): it is not a customer, so delete this row`,
  };
}

/**
 * The test of a record at `columns` (the file's own columns: a report's zcust_* cells are its verdict) for Excel's
 * `sep=X` line: its first cell `sep=` and one character, every other cell empty. Split by the file's `delimiter`
 * when X is that delimiter, the line is `sep=` and an empty cell, and X is the delimiter.
 */
export function excelSepRowCheck(
  columns: readonly number[],
  delimiter: string,
): (values: readonly string[]) => Issue | undefined {
  const [first, ...others] = columns;
  if (first === undefined) return () => undefined;
  return (values) => {
    const cell = values[first];
    // This runs for every row: the first cell's length settles nearly all of them.
    if (cell === undefined || cell.length > LONGEST_SEP_CELL) return undefined;
    const named = SEP_CELL.exec(cell.trim());
    if (named === null) return undefined;
    const split = named[1] === '';
    if (split && values.length < 2) return undefined;
    if (!others.every((index) => looksBlank(values[index] ?? ''))) return undefined;
    return excelSepRowIssue(split ? delimiter : (named[1] ?? ''));
  };
}
