/**
 * A value in a column the chosen target never sends would silently vanish. Warn once per such column,
 * the first time a row actually carries a value in it (an empty template column is no news).
 */
import type { SourceRow } from '../model.js';
import type { Target } from '../targets/target.js';

export async function* warnUnusedColumns(
  rows: AsyncIterable<SourceRow>,
  target: Target,
  warn: (column: string, row: number) => void,
): AsyncGenerator<SourceRow> {
  const seen = new Set<string>();
  for await (const row of rows) {
    for (const column in row.fields) {
      if (row.fields[column] !== '' && !seen.has(column) && !target.usesColumn(column)) {
        seen.add(column);
        warn(column, row.row);
      }
    }
    yield row;
  }
}
