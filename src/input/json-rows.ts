/** What JSON and NDJSON rows share: the fixed column list and one object → one SourceRow. */
import type { SourceRow } from '../model.js';
import { ALL_COLUMNS } from '../template.js';
import { JsonNumberText } from '../util/exact-json.js';
import { malformedRow } from './damage.js';
import { isJsonObject, type JsonFieldMapper } from './json-fields.js';

/**
 * JSON has no header row: the report echoes every column an object can fill instead, further tax pairs
 * included, so that each value is in the report to be fixed and imported again.
 */
export const JSON_COLUMNS: readonly string[] = ALL_COLUMNS.map((c) => c.name);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof JsonNumberText) return 'a number';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

export function jsonObjectRow(
  value: unknown,
  row: number,
  mapper: JsonFieldMapper,
  where: string,
): SourceRow {
  if (!isJsonObject(value)) {
    return malformedRow(row, `${where} is ${describe(value)}, not an object`);
  }
  let fields: Record<string, string>;
  try {
    fields = mapper.toFields(value);
  } catch (error) {
    // Thousands of levels of nesting overflow the stack of JSON.stringify: that object is the row's problem.
    if (!(error instanceof RangeError)) throw error;
    return malformedRow(row, `${where} nests objects or arrays too deeply to read`);
  }
  return { row, fields, raw: JSON_COLUMNS.map((column) => fields[column] ?? '') };
}
