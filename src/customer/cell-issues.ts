/**
 * The checks of a cell's own text, whatever the column's rule: control characters in free text, a spreadsheet's
 * mark before a value, what a spreadsheet wrote in place of one, and an invisible character in a Customer ID.
 * Which columns are free text, and which may run over several lines, is decided here once.
 */
import type { Issue } from '../model.js';
import { markedFormulaStart } from '../report/neutralise.js';
import { ALL_COLUMNS, COLUMN, MAX_TAX_PAIRS, taxColumns } from '../template.js';
import { codeOfRefusal } from './issue-codes.js';
import { present } from './present-value.js';
import { spreadsheetCellMessage } from './spreadsheet-cells.js';
import { controlCharacterMessage, hasControlCharacter, strayInvisibleMessage } from './text.js';

/**
 * The columns whose text is sent as it is, with what lines it may have. The others are left out because
 * their own rule already refuses any control character: Email (the address pattern), Business Entity ID (a
 * UUID), Custom Data (custom-data.ts holds its keys and strings to the multi-line rule: a JSON escape can write
 * any character, so the cell's text alone would not tell), the yes/no columns, the country codes (two letters)
 * and the tax jurisdictions (a list of six); a Tax ID, whose check ignores spaces, is looked at by tax.ts, with
 * its own code.
 */
const CHECKED_BY_OWN_RULE: ReadonlySet<string> = new Set([
  COLUMN.email,
  COLUMN.businessEntityId,
  COLUMN.customData,
  COLUMN.autoCharge,
  COLUMN.emailCommunications,
  COLUMN.countryCode,
  COLUMN.shipToCountryCode,
  ...Array.from({ length: MAX_TAX_PAIRS }, (_, i) => Object.values(taxColumns(i + 1))).flat(),
]);

/** Address lines and long notes may run over several lines (a quoted CSV cell may hold line breaks). */
const MULTI_LINE_COLUMNS: ReadonlySet<string> = new Set([
  COLUMN.addressLine1,
  COLUMN.addressLine2,
  COLUMN.addressLine3,
  COLUMN.shipToLine1,
  COLUMN.shipToLine2,
  COLUMN.shipToLine3,
  COLUMN.notes,
  COLUMN.invoiceFooter,
]);

/** Text column → whether it may be multi-line. */
const TEXT_COLUMNS: ReadonlyMap<string, boolean> = new Map(
  ALL_COLUMNS.filter((c) => !CHECKED_BY_OWN_RULE.has(c.name)).map((c) => [
    c.name,
    MULTI_LINE_COLUMNS.has(c.name),
  ]),
);

/**
 * The row's cells in one pass, in file column order: a control character in a text column (a NUL in a Name) makes
 * the row invalid; a spreadsheet's mark is warned of (see spreadsheetMarkWarning); what a spreadsheet wrote in
 * place of a value (an error value, a number in scientific notation) goes to `refused`.
 */
export function cellIssues(
  fields: Record<string, string>,
  errors: Issue[],
  warnings: Issue[],
  refused: Issue[],
): void {
  for (const column in fields) {
    const cell = fields[column] ?? '';
    if (cell.charCodeAt(0) === 0x27) spreadsheetMarkWarning(column, cell, warnings);
    const notValue = spreadsheetCellMessage(column, cell);
    if (notValue !== undefined)
      refused.push({ field: column, code: codeOfRefusal(column), message: notValue });
    // One test of the cell as read settles nearly every cell; the rest are read as the row reads them.
    if (!hasControlCharacter(cell)) continue;
    const multiLine = TEXT_COLUMNS.get(column);
    const value = multiLine === undefined ? undefined : present(fields, column);
    const message = value === undefined ? undefined : controlCharacterMessage(value, multiLine);
    if (message !== undefined) errors.push({ field: column, code: 'invalid_value', message });
  }
}

/**
 * A Customer ID is a key, as a code is: "ACME-1" with a zero-width space after it is another customer, whom every
 * screen shows as ACME-1 (a second one was created beside the first), so it is refused, the character named. A
 * control character is cellIssues' to report: one error, not two.
 */
export function invisibleInCustomerId(id: string | undefined): Issue | undefined {
  if (id === undefined) return undefined;
  const message = strayInvisibleMessage(id);
  if (message === undefined || hasControlCharacter(id)) return undefined;
  return { field: COLUMN.customerId, code: 'invalid_value', message };
}

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/** How a warning names the character a formula mark stands before. */
const FORMULA_STARTS: Readonly<Record<string, string>> = { '\t': 'a tab', '\r': 'a carriage return' };

/**
 * A text value that starts with a spreadsheet's mark (an apostrophe before = + - @, as spreadsheets and reports
 * write it, or before a digit, to keep a number's leading zeros) is sent as written, apostrophe and all, and said
 * so: a report whose zcust_* columns were deleted is a plain file, and created every "+44…" phone as "'+44…"
 * without a word. Not taken off: in a plain file any text can be the value itself (a zcust report takes its own
 * marks off).
 */
function spreadsheetMarkWarning(column: string, value: string, warnings: Issue[]): void {
  if (!TEXT_COLUMNS.has(column)) return;
  const first = markedFormulaStart(value);
  const message =
    first !== undefined
      ? `starts with an apostrophe before ${FORMULA_STARTS[first] ?? `"${first}"`}, the mark a spreadsheet or a report (zcust's too) puts before a value that looks like a formula: it is sent with the apostrophe, so remove it from the file if it is not part of the value (a zcust report imported with its zcust_* columns has it taken off)`
      : // Excel's mark for a number kept as text ('01067); not one before a letter, which a name may start with.
        isDigit(value.charCodeAt(1))
        ? 'starts with an apostrophe before a digit, the mark a spreadsheet puts before a number to keep its leading zeros: it is sent with the apostrophe, so remove it from the file if it is not part of the value'
        : undefined;
  if (message !== undefined) warnings.push({ field: column, code: 'invalid_value', message });
}
