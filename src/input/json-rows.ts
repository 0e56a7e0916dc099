/** What JSON and NDJSON rows share: the fixed column list and one object → one SourceRow. */
import type { SourceRow } from '../model.js';
import { ALL_COLUMNS } from '../template.js';
import { stringifyExact } from '../util/exact-json.js';
import type { KeyPath } from '../util/json-duplicate-keys.js';
import { malformedRow } from './damage.js';
import { REPORT_COLUMNS } from './headers.js';
import type { JsonFieldMapper } from './json-fields.js';
import { describeJsonValue, isJsonObject } from './json-shapes.js';

/**
 * JSON has no header row: the report echoes every column an object can fill instead, further tax pairs
 * included, so that each value is in the report to be fixed and imported again; then zcust_json, for the values
 * of the wrong JSON type, which no column holds as they are (report-json.ts).
 */
export const JSON_COLUMNS: readonly string[] = [...ALL_COLUMNS.map((c) => c.name), REPORT_COLUMNS.json];

/**
 * A row nested deeper than MAX_ROW_LEVELS (exact-json.ts): the readers find it while reading, without building
 * what lies deeper, and nothing of it is read.
 */
export const tooDeepRow = (row: number, where: string): SourceRow =>
  malformedRow(row, `${where} nests objects or arrays too deeply to read`);

/** `duplicateKeys`: paths of keys the object gives twice, whose first value the parser kept. */
export function jsonObjectRow(
  value: unknown,
  row: number,
  mapper: JsonFieldMapper,
  where: string,
  duplicateKeys: readonly KeyPath[] = [],
): SourceRow {
  if (!isJsonObject(value)) {
    return malformedRow(row, `${where} is ${describeJsonValue(value)}, not an object`);
  }
  // Never nested deeper than MAX_ROW_LEVELS: both readers refuse such a row as they read it (tooDeepRow), so
  // JSON.stringify cannot overflow its stack here.
  const read = mapper.toFields(value, duplicateKeys, row);
  const wrongTypes = read.wrongTypes === undefined ? '' : stringifyExact(read.wrongTypes);
  const { fields, issues } = read;
  const raw = ALL_COLUMNS.map((column) => fields[column.name] ?? '');
  raw.push(wrongTypes);
  return issues.length > 0 ? { row, fields, raw, issues } : { row, fields, raw };
}
