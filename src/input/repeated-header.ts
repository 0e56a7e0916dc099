/**
 * A record that repeats the header is no customer: two exports joined into one file (`cat a.csv b.csv`) put the
 * second's header among the rows, where it was created as a customer named "Name" whose Customer ID was
 * "Customer ID", and a validate called the file clean. It is told by its cells, wherever it stands: each column's
 * cell is that column's header as the file wrote it.
 */
import { looksBlank } from '../customer/text.js';
import type { Issue } from '../model.js';

const BYTE_ORDER_MARK = 0xfeff;

/**
 * A second export's first cell keeps its byte-order mark, which hides the cell's quotes from csv-parse
 * (`\uFEFF"Name"` is read as written): those quotes are the quoting they are, and are taken off here.
 */
function unquoted(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"')
    ? text.slice(1, -1).replaceAll('""', '"')
    : text;
}

/**
 * A cell as it is compared with its header: the ends trimmed (String.trim takes a byte-order mark off too), in any
 * case, since the tool of a second export may write `name` where the first wrote `Name`.
 */
function comparable(cell: string): string {
  // Trimmed again once unquoted: `\uFEFF"Name "` holds its white space inside the quotes.
  const text = cell.charCodeAt(0) === BYTE_ORDER_MARK ? unquoted(cell.trim()).trim() : cell.trim();
  return text.toLowerCase();
}

/**
 * Whether String.trim would take this character off a cell's end (a byte-order mark included): ASCII is settled by
 * one comparison, since every other character trim takes is beyond it.
 */
function trimmable(code: number): boolean {
  return code <= 0x20 || (code > 0x7e && String.fromCharCode(code).trim() === '');
}

/** Whether trim would take something off either end of `cell`. */
function mayBePadded(cell: string): boolean {
  return trimmable(cell.charCodeAt(0)) || trimmable(cell.charCodeAt(cell.length - 1));
}

/** What a record repeating the header is reported with: the row is the user's to delete, never sent. */
function repeatedHeaderIssue(headerRow: number): Issue {
  return {
    code: 'invalid_value',
    message: `repeats the header of row ${headerRow} (two exports joined into one file?): it is not a customer, so delete this row`,
  };
}

/**
 * The test of a record against `header` (the file's header record, as read) at `columns` (the file's own columns:
 * a report's zcust_* cells are its verdict, not the header's repeat), with the issue it gets when every named
 * column's cell is its header. A column with no header is left out: it names nothing to repeat.
 */
export function repeatedHeaderCheck(
  header: readonly string[],
  columns: readonly number[],
  headerRow: number,
): (values: readonly string[]) => Issue | undefined {
  const named = columns.filter((index) => !looksBlank(header[index] ?? ''));
  const expected = named.map((index) => [index, comparable(header[index] ?? '')] as const);
  const first = expected[0];
  if (first === undefined) return () => undefined;
  const [keyIndex] = first;
  const keyLength = (header[keyIndex] ?? '').trim().length;
  return (values) => {
    const key = values[keyIndex];
    // This runs for every row: one cell's length settles nearly all of them. csv-parse trims outside quotes only,
    // so a cell whose ends trim would take off (`"Name "`, a second export's byte-order mark) is let through to
    // the comparison, which trims, as is the key's length taken from the header trimmed.
    if (key === undefined || (key.length !== keyLength && !mayBePadded(key))) return undefined;
    for (const [index, text] of expected) if (comparable(values[index] ?? '') !== text) return undefined;
    return repeatedHeaderIssue(headerRow);
  };
}
