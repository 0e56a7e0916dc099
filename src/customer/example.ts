/** The template's John Doe row: left in a file by mistake, it must not become a real customer. */
import type { SourceRow } from '../model.js';
import { COLUMN, EXAMPLE_EMAIL, EXAMPLE_NAME } from '../template.js';

const EXAMPLE_NAME_KEY = EXAMPLE_NAME.toLowerCase();
const EXAMPLE_EMAIL_KEY = EXAMPLE_EMAIL.toLowerCase();

/** Name and Email are both the example's (ignoring case and surrounding spaces); other columns may differ. */
export function isExampleRow(row: SourceRow): boolean {
  const name = row.fields[COLUMN.name]?.trim().toLowerCase();
  const email = row.fields[COLUMN.email]?.trim().toLowerCase();
  return name === EXAMPLE_NAME_KEY && email === EXAMPLE_EMAIL_KEY;
}

/**
 * Whether the row is skipped as the example (`example_row`): it is the example, read without problems, and
 * --include-example is off. Whatever else looks at rows before they are prepared asks this too, so that a
 * row never imported is not warned about.
 */
export function isSkippedExample(row: SourceRow, includeExample: boolean): boolean {
  return !includeExample && !row.issues?.length && isExampleRow(row);
}
