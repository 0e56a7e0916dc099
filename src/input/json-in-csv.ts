/**
 * A CSV input (by its name or --format) whose first line is JSON: a JSON export saved as .csv or .txt, jq -c's
 * lines in a .txt. Read as CSV, `[{"Name":…}]` was "the header is damaged at line 1", and a pretty-printed array
 * a header of one column "[" and a warning to give --delimiter; neither said the file is JSON. It is refused before
 * any row is read, as a workbook is, saying which --format reads it.
 *
 * A real CSV header may start with a bracket too (`[Name],Email`, `{Id},Name`), so only a first line no export
 * writes as CSV is taken for JSON: one that parses as a JSON array or object, `[` or `{` alone (JSON.stringify(…, 2),
 * jq), or one whose first key or object starts (`[{"`, `{"`): a CSV cell that holds a double quote is quoted
 * whole, so none starts `{"`.
 */

import { readWithFormat } from './format-advice.js';
import { firstLineOf, objectsOverLines } from './json-start.js';

const ARRAY_START = /^\[\s*(?:\{\s*(?:["}]|$)|$)/;
const OBJECT_START = /^\{\s*(?:["}]|$)/;

type JsonKind = 'array' | 'object a line' | 'object over lines';

/** The JSON value `text` holds, if it holds one (undefined is no JSON value). */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * What JSON a first line (white space trimmed) starts, if it is JSON; undefined for a line CSV may hold. A line
 * that parses once a comma after it is taken off is an object a line too (the NDJSON reader names the comma).
 */
function jsonKind(line: string): JsonKind | undefined {
  const value = parsed(line) ?? parsed(line.replace(/,$/, ''));
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object' && value !== null) return 'object a line';
  if (ARRAY_START.test(line)) return 'array';
  if (!OBJECT_START.test(line)) return undefined;
  // Not JSON on its own: the first line of an object over several lines, or one object a line with a mistake.
  return line.endsWith('}') ? 'object a line' : 'object over lines';
}

/**
 * Why CSV text starting with `text` (the header's first chunks) cannot be read as CSV, when its first non-blank
 * line is JSON; undefined otherwise. `name`: the input as the user named it; `file`: its path, when it is a
 * regular file a command may name.
 */
export function jsonInCsvReason(text: string, name: string, file: string | undefined): string | undefined {
  const start = text.trimStart();
  if (!start.startsWith('[') && !start.startsWith('{')) return undefined;
  const line = firstLineOf(start).trimEnd();
  const kind = jsonKind(line);
  if (kind === undefined) return undefined;
  const notCsv = `not CSV (its first line starts with "${line[0]}")`;
  if (kind === 'array') return `${name} holds a JSON array, ${notCsv}: ${readWithFormat('json', file)}`;
  if (kind === 'object a line')
    return `${name} holds JSON objects one a line (NDJSON), ${notCsv}: ${readWithFormat('ndjson', file)}`;
  return `${name} holds JSON, ${notCsv}: ${objectsOverLines(file)}`;
}
