/** The rows a reader yields for input it cannot read: data for the report, never an exception. */
import type { SourceRow } from '../model.js';
import type { Damage } from './types.js';

export function malformedRow(row: number, message: string): SourceRow {
  return { row, fields: {}, raw: [], issues: [{ code: 'malformed_input', message }] };
}

export function damagedFileRow(row: number, damage: Damage): SourceRow {
  return malformedRow(
    row,
    `the file is damaged at line ${damage.line} (${damage.reason}); nothing after it was read`,
  );
}
