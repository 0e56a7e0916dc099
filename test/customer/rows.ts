/** Small factories for validator tests: a row is "a valid customer named Ada" plus the fields a test cares about. */
import type { SourceRow } from '../../src/model.js';
import { COLUMN } from '../../src/template.js';

export function sourceRow(fields: Record<string, string>, extra: Partial<SourceRow> = {}): SourceRow {
  return { row: 7, fields, raw: Object.values(fields), ...extra };
}

/** A row that passes every rule, with `fields` laid over it. */
export function validRowWith(fields: Record<string, string> = {}, extra: Partial<SourceRow> = {}): SourceRow {
  return sourceRow({ [COLUMN.name]: 'Ada Lovelace Ltd', ...fields }, extra);
}
