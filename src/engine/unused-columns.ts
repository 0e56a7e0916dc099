/**
 * A value in a column the chosen target never sends would silently vanish. Warn once per such column,
 * the first time a row actually carries a value in it (an empty template column is no news).
 */
import type { SourceRow } from '../model.js';
import type { Target } from '../targets/target.js';

/**
 * `columns`: the template columns every row carries (a CSV header's), so the unused ones are worked out once
 * and the per-row cost is a few lookups that stop once each is warned about. Without it (JSON, whose objects
 * vary) every row's keys are looked at.
 */
export async function* warnUnusedColumns(
  rows: AsyncIterable<SourceRow>,
  target: Target,
  warn: (column: string, row: number) => void,
  columns?: readonly string[],
): AsyncGenerator<SourceRow> {
  const watched = columns ? columns.filter((c) => !target.usesColumn(c)) : [];
  const warned = new Set<string>();
  for await (const row of rows) {
    if (!columns) {
      for (const column in row.fields) {
        if (row.fields[column] && !warned.has(column) && !target.usesColumn(column)) {
          warned.add(column);
          warn(column, row.row);
        }
      }
    }
    for (let i = 0; i < watched.length; i++) {
      const column = watched[i]!;
      if (row.fields[column]) {
        warn(column, row.row);
        watched.splice(i--, 1);
      }
    }
    yield row;
  }
}
