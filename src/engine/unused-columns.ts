/**
 * A value in a column the chosen target never sends would silently vanish. Warn once per such column,
 * the first time a row actually carries a value in it (an empty template column is no news).
 */
import { isSkippedExample } from '../customer/example.js';
import type { SourceRow } from '../model.js';
import { getTarget } from '../targets/index.js';
import type { Target } from '../targets/target.js';
import { COLUMN, EXTRA_COLUMNS } from '../template.js';

/** The columns that tell rows apart (duplicate_in_file, the resume journal's keys), whatever the target sends. */
const ROW_KEYS: ReadonlySet<string> = new Set([COLUMN.email, COLUMN.customerId]);

/**
 * What the warning about an unused column says. A template column's values are still checked, by the template's
 * rules every target shares: said plainly, so that a row refused for an e-mail the target never receives is no
 * surprise. (It said only "it is not imported", and the rows its values made invalid or duplicates read as a
 * contradiction.) Another target's own column (DayZero's Credit Limit) is checked by that target's rules alone,
 * so not here but for what no cell may hold: saying "still checked" of it made a valid `abc` read as a checked one.
 */
export function unusedColumnWarning(
  target: Pick<Target, 'name' | 'label'>,
  column: string,
  row: number,
): string {
  const head = `warning: ${target.label} does not use the column "${column}" (first value on row ${row}); it is not imported`;
  const owners = EXTRA_COLUMNS.find((c) => c.name === column)?.targets;
  if (owners !== undefined && !owners.includes(target.name)) {
    const labels = LIST.format(owners.map((name) => getTarget(name).label));
    return `${head}, and only ${labels} ${owners.length === 1 ? 'uses' : 'use'} it: its values are not checked, except for what no cell may hold (a spreadsheet error such as #N/A, a control character)`;
  }
  const checked = ROW_KEYS.has(column)
    ? 'but its values are still checked, and tell rows apart: a second row with the same one is a duplicate'
    : 'but its values are still checked';
  return `${head}, ${checked}`;
}

const LIST = new Intl.ListFormat('en', { type: 'conjunction' });

export interface UnusedColumnOptions {
  /**
   * The template columns every row carries (a CSV header's), so the unused ones are worked out once and the
   * per-row cost is a few lookups that stop once each is warned about. Without it (JSON, whose objects vary)
   * every row's keys are looked at.
   */
  columns?: readonly string[];
  /** --include-example: the example row is imported, so its values count; otherwise it is skipped, unread. */
  includeExample: boolean;
}

export function warnUnusedColumns(
  rows: AsyncIterable<SourceRow>,
  target: Target,
  warn: (column: string, row: number) => void,
  { columns, includeExample }: UnusedColumnOptions,
): AsyncIterable<SourceRow> {
  const watched = columns ? columns.filter((c) => !target.usesColumn(c)) : [];
  // Nothing to watch (the usual file): no extra step per row.
  if (columns && watched.length === 0) return rows;
  return watching(rows, target, warn, watched, columns !== undefined, includeExample);
}

async function* watching(
  rows: AsyncIterable<SourceRow>,
  target: Target,
  warn: (column: string, row: number) => void,
  watched: string[],
  fixedColumns: boolean,
  includeExample: boolean,
): AsyncGenerator<SourceRow> {
  const warned = new Set<string>();
  for await (const row of rows) {
    // The template's own example fills every column, and so does a header repeated among the rows: none of their
    // values would be imported anyway.
    if (row.notACustomer || isSkippedExample(row, includeExample)) {
      yield row;
      continue;
    }
    if (!fixedColumns) {
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
