/**
 * One CSV report cell: neutralised against formula injection, then RFC 4180 quoting only where needed (a
 * comma, quote, CR or LF inside the cell), which keeps a round trip through csv-parse exact. Written out
 * rather than calling csv-stringify per line: every cell is already a string, and a stringifier per record
 * cost a third of `zcust validate`'s time on a million rows.
 */
import { neutraliseCell } from './neutralise.js';

const NEEDS_QUOTES = /[",\r\n]/;

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
