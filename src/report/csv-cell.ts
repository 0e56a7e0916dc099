/**
 * One CSV report cell: neutralised against formula injection, then RFC 4180 quoting only where needed (a
 * comma, quote, CR or LF inside the cell, or whitespace at either end, which the reader trims from an
 * unquoted cell), which keeps a round trip through zcust's reader exact. Written out rather than calling
 * csv-stringify per line: every cell is already a string, and a stringifier per record cost a third of
 * `zcust validate`'s time on a million rows.
 */
import { neutraliseCell } from './neutralise.js';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(value: string): string {
  const cell = neutraliseCell(value);
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** Values as the report's cells, each preceded by its comma: what follows the zcust_* cells on a line. */
export function csvCellsAfterComma(values: readonly string[]): string {
  let text = '';
  for (let i = 0; i < values.length; i++) text += `,${csvCell(values[i]!)}`;
  return text;
}
