/** The --map entries, read: which header in the file feeds which template column. */
import { showInvisible } from '../customer/text.js';
import { UsageError } from '../errors.js';
import type { MapEntries } from '../input/types.js';

/** Every --map entry, in order: one header given twice feeds both columns (see resolveMap). */
export function parseMap(entries: readonly string[] = []): MapEntries {
  return entries.map((entry) => {
    const at = entry.lastIndexOf('=');
    if (at <= 0 || at === entry.length - 1) {
      throw new UsageError(`--map "${showInvisible(entry)}": expected "Header In File=Template Column"`);
    }
    return [entry.slice(0, at).trim(), entry.slice(at + 1).trim()] as const;
  });
}
