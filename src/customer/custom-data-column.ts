/**
 * The Custom Data column as a row holds it: read (custom-data.ts) before the schema runs, with its warning about
 * keys given twice, and then the schema's field, which takes the object or reports why the cell is none.
 */
import * as z from 'zod';
import type { Issue } from '../model.js';
import { COLUMN } from '../template.js';
import { type CustomData, duplicateKeysWarning, readCustomData } from './custom-data.js';
import { present } from './present-value.js';

/** The Custom Data cell read, and a warning naming the keys it gives twice (the first value of each is kept). */
export function readCustomDataColumn(
  fields: Record<string, string>,
  warnings: Issue[],
): CustomData | undefined {
  const text = present(fields, COLUMN.customData);
  if (text === undefined) return undefined;
  const read = readCustomData(text);
  const message = duplicateKeysWarning(read.duplicateKeys);
  if (message !== undefined) warnings.push({ field: COLUMN.customData, code: 'invalid_json', message });
  return read;
}

/** Custom Data arrives read (readCustomData, before the schema, so that its warnings survive a failed row). */
export const customDataField = z.custom<CustomData>().transform((read, ctx) => {
  if ('message' in read) {
    ctx.issues.push({ code: 'custom', input: read.text, message: read.message });
    return z.NEVER;
  }
  return read.object;
});
