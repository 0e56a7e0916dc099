/**
 * A CSV file given as JSON or NDJSON (by its name or --format) is told by its first line: one that reads as a CSV
 * header gets the advice to read it as CSV, where it was "a JSON input is an array of objects" or each line "not
 * valid JSON", neither saying the file is CSV.
 */
import { detectDelimiter, firstRecordsOf, holdsDelimiter } from './detect.js';
import { readWithFormat } from './format-advice.js';
import type { HeaderMap } from './header-map.js';
import { headerCellMeaning } from './headers.js';

/**
 * Whether `line` reads as a CSV header: it holds a delimiter, and split where the CSV reader would split it, one of
 * its cells names a column zcust reads (--map included). A line of one word, or of words zcust does not know, is
 * not told apart from other text that is not JSON.
 */
function readsAsCsvHeader(line: string, map: HeaderMap): boolean {
  if (!holdsDelimiter(line)) return false;
  const meaning = (cell: string) => headerCellMeaning(cell, map);
  const cells = firstRecordsOf(line, detectDelimiter(line, ',', meaning), 1)[0] ?? [];
  return cells.some((cell) => meaning(cell) === 'name' || meaning(cell) === 'column');
}

/** Says what a first line that reads as a CSV header means (after "it" or "its first line"); undefined for others. */
export type CsvHeaderAdvice = (line: string) => string | undefined;

/** `file`: the input's path, when it is a regular file a command may name. */
export const csvHeaderAdvice =
  (map: HeaderMap, file: string | undefined): CsvHeaderAdvice =>
  (line) =>
    readsAsCsvHeader(line, map)
      ? `reads as a CSV header: if the file is CSV, ${readWithFormat('csv', file)}`
      : undefined;
