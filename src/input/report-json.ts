/**
 * A JSON input's report keeps what no column can hold as it was: the values of the wrong JSON type (an
 * `address` given as a string, a Name given as an object, a tax_info item that is not an object), as one JSON
 * object in its last column, zcust_json, keyed as json-wrong-types.ts keeps them. Its columns alone would lose them
 * (the address) or turn them into text that passes (`{"first":"Ann"}` as a name), and an unfixed row of the
 * report, imported again, would be created without them. So a report's zcust_json is read back as the JSON
 * file's keys were: what was wrong is wrong again, with the same issues, until it is fixed.
 *
 * A cell wins where the user changed it: a text column whose cell still holds the JSON text of its zcust_json
 * value is that value, and still wrong; a cell with other text is the fix. A cell left empty takes zcust_json's
 * value. What has no column of its own (an address, tax_info) is fixed in zcust_json itself: written as the
 * object it should be, or taken out once its values are in their columns.
 */

import { quoted } from '../customer/text.js';
import type { Issue, SourceRow } from '../model.js';
import { parseJsonRow } from '../util/exact-json.js';
import type { HeaderMap } from './header-map.js';
import { REPORT_COLUMNS } from './headers.js';
import { JsonFieldMapper } from './json-fields.js';
import type { ObjectFields } from './json-object-reading.js';
import { describeJsonValue, isJsonObject } from './json-shapes.js';

/** zcust_json holds only what zcust wrote there, fixed: anything else in it is an issue of the row. */
const cellIssue = (code: Issue['code'], message: string): Issue => ({
  field: REPORT_COLUMNS.json,
  code,
  message,
});

/** Reads a report row's zcust_json cell (`text`, not blank) into `source`: its fields and its issues. */
export function readWrongTypes(text: string, source: SourceRow, map: HeaderMap): void {
  const issues = wrongTypeIssues(text, source.fields, map);
  if (issues.length > 0) source.issues = [...(source.issues ?? []), ...issues];
}

function wrongTypeIssues(text: string, fields: Record<string, string>, map: HeaderMap): Issue[] {
  const mapper = new JsonFieldMapper(map);
  let read: ObjectFields;
  try {
    const parsed = parseJsonRow(text);
    if (!isJsonObject(parsed.value)) {
      return [cellIssue('invalid_json', `is ${describeJsonValue(parsed.value)}, not a JSON object`)];
    }
    read = mapper.toFields(parsed.value, parsed.duplicateKeys);
  } catch (error) {
    // Nested past MAX_ROW_LEVELS: parseJsonRow refuses it before parsing (JsonTooDeepError, a RangeError).
    const why =
      error instanceof RangeError ? 'nests objects or arrays too deeply to read' : 'is not valid JSON';
    return [cellIssue('invalid_json', why)];
  }

  const fixed = new Set<string>();
  for (const [column, value] of Object.entries(read.fields)) {
    const cell = fields[column] ?? '';
    if (cell === '') fields[column] = value;
    else if (cell !== value) fixed.add(column);
  }
  const issues = read.issues
    .filter((issue) => issue.field === undefined || !fixed.has(issue.field))
    // A key with no column of its own (address, tax_info) is fixed in zcust_json: the message says where.
    .map((issue) => (issue.field === undefined ? { ...issue, field: REPORT_COLUMNS.json } : issue));
  for (const key of mapper.unmatched.names) {
    issues.push(cellIssue('invalid_value', `the key ${quoted(key)} matches no column`));
  }
  for (const note of mapper.notes) issues.push(cellIssue('invalid_value', note));
  return issues;
}
