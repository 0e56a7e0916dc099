/** The target's extra columns (Website, Notes, Credit Limit…): sent as given, each target checking its own. */
import { EXTRA_COLUMNS } from '../template.js';
import { present } from './present-value.js';

export function readExtras(fields: Record<string, string>): Record<string, string> {
  const extras: Record<string, string> = {};
  for (const column of EXTRA_COLUMNS) {
    const value = present(fields, column.name);
    if (value !== undefined) extras[column.name] = value;
  }
  return extras;
}
