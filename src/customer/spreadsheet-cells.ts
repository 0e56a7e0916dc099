/**
 * What a spreadsheet writes in a cell in place of the value: the text of an error (a formula that failed), and a
 * long number in scientific notation, which keeps only its first digits. Exported as CSV, both read as text like
 * any other: `#N/A` was created as a Customer ID, and two customers whose IDs Excel had collapsed to the same
 * `1.23457E+11` were one customer twice, the second a duplicate of the first. And what an export writes so that a
 * spreadsheet keeps the value: Excel's text formula, `="07030"`.
 */
import type { Issue } from '../model.js';
import { COLUMN, MAX_TAX_PAIRS, taxColumns } from '../template.js';

/**
 * Excel's error values and Google Sheets' (`#ERROR!`), as a cell shows them; LibreOffice writes Excel's. Each is
 * a whole cell: a value that only holds one (`Order #N/A`) is text.
 */
const ERROR_VALUES = [
  '#N/A',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#DIV/0!',
  '#NULL!',
  '#NUM!',
  '#SPILL!',
  '#CALC!',
  '#GETTING_DATA',
  '#ERROR!',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#UNKNOWN!',
] as const;

const lettersOf = (value: string): string => value.toUpperCase().replace(/[^A-Z0-9]/g, '');

const ERROR_VALUE_SET: ReadonlySet<string> = new Set(ERROR_VALUES);
/** An error value by its letters and digits alone: `#NA` and `#DIV0` are #N/A and #DIV/0! written by hand. */
const ERROR_VALUE_BY_LETTERS: ReadonlyMap<string, string> = new Map(
  ERROR_VALUES.map((e) => [lettersOf(e), e]),
);

/** The error value a cell holds, in any case and with the white space around it, or undefined. */
function errorValueOf(value: string): string | undefined {
  const upper = value.trim().toUpperCase();
  return ERROR_VALUE_SET.has(upper) ? upper : undefined;
}

/** Whether a cell may hold an error value (it starts with `#`, or with white space): most are settled by this. */
function mayBeErrorValue(value: string): boolean {
  const first = value.charCodeAt(0);
  return first === 0x23 || (first <= 0x20 && value.trimStart().charCodeAt(0) === 0x23);
}

const ERROR_ADVICE = 'correct the formula or empty the cell';

/** Whether a cell is one of the error values, whole (the cheap first-character test settles most cells). */
const isErrorValue = (value: string): boolean => mayBeErrorValue(value) && errorValueOf(value) !== undefined;

/** Why a cell holding a spreadsheet's error value cannot be imported, or undefined when it holds none. */
export function spreadsheetErrorMessage(value: string): string | undefined {
  if (!isErrorValue(value)) return undefined;
  return `"${value.trim()}" is a spreadsheet error (a formula that failed), not a value: ${ERROR_ADVICE}`;
}

/**
 * For a code column, which refuses the value anyway: what a value that only resembles an error value (`#NA`,
 * `#DIV0`) stands for. A code's own suggestion read its letters instead: "#NA"… did you mean "NA" (Namibia)?
 */
export function errorValueLookalikeMessage(value: string): string | undefined {
  if (!mayBeErrorValue(value)) return undefined;
  if (errorValueOf(value) !== undefined) return spreadsheetErrorMessage(value);
  const resembled = ERROR_VALUE_BY_LETTERS.get(lettersOf(value));
  return resembled === undefined
    ? undefined
    : `"${value.trim()}" looks like the spreadsheet error ${resembled} (a formula that failed), not a value: ${ERROR_ADVICE}`;
}

/**
 * Excel's General format for a number too long for its cell (`1.23457E+11`, `4.15E+09`, `1E+11`; LibreOffice's
 * three-digit exponent, `1.23457E+011`): one digit before the point, an explicit `+`. The point is a comma where
 * the locale writes decimals so (German, French, Italian Excel: `4,91511E+12`). Kept that tight, since an ID may
 * hold an E: `CUST-1E5`, `1E5`, `2E-05` or `12E+3` is no spreadsheet's writing and passes.
 */
const SCIENTIFIC_NOTATION = /^[1-9](?:[.,]\d+)?E\+\d{2,3}$/i;

const hasLostDigits = (value: string): boolean => SCIENTIFIC_NOTATION.test(value.trim());

/**
 * The columns of numbers kept as text (IDs, phone numbers, postcodes, tax numbers), which a spreadsheet turns into
 * numbers, and shows in scientific notation once they are long. The other columns' own rules refuse such a value
 * (not an e-mail, not a UUID, not an amount), or may hold it as text (a name, a street).
 */
const NUMBERS_KEPT_AS_TEXT: ReadonlySet<string> = new Set([
  COLUMN.customerId,
  COLUMN.phone,
  COLUMN.zipCode,
  COLUMN.shipToZipCode,
  COLUMN.paymentTermId,
  ...Array.from({ length: MAX_TAX_PAIRS }, (_, i) => taxColumns(i + 1).id),
]);

/**
 * Why a cell holds what a spreadsheet wrote in place of the value, or undefined: an error value in any column, a
 * number in scientific notation in a column of numbers kept as text.
 */
export function spreadsheetCellMessage(column: string, value: string): string | undefined {
  const error = spreadsheetErrorMessage(value);
  if (error !== undefined || !NUMBERS_KEPT_AS_TEXT.has(column) || !hasLostDigits(value)) return error;
  return `"${value.trim()}" is a number a spreadsheet wrote in scientific notation, and its other digits were lost: format the column as text in the spreadsheet and export again`;
}

/**
 * Whether a key (an e-mail, a Customer ID) is what a spreadsheet wrote in place of the value. Such keys tell no
 * two customers apart: two rows whose IDs both failed, or both collapsed to `1.23457E+11`, are not one customer.
 */
export const isSpreadsheetArtefact = (value: string): boolean => isErrorValue(value) || hasLostDigits(value);

/**
 * Excel's formula for a text, `="07030"`, as a whole cell: CRM exports write a postcode or an ID so, that Excel keeps
 * its leading zeros, and in the CSV it is the formula as written (`="07030"` was created as a Zip Code). Its inner
 * quotes are doubled, as in any formula's string; `=A1`, `="a"&"b"` and `Sales=Yes` are no such formula.
 */
const TEXT_FORMULA = /^="((?:[^"]|"")*)"$/;

/** The text an Excel text formula gives, trimmed as any cell is (`="07030"` → `07030`), or undefined. */
export function textFormulaValue(cell: string): string | undefined {
  return TEXT_FORMULA.exec(cell)?.[1]?.replaceAll('""', '"').trim();
}

/** The warning of a cell read as the text of its formula: the value sent is not the one written. */
export function textFormulaWarning(column: string, cell: string, text: string): Issue {
  return {
    field: column,
    code: 'invalid_value',
    message: `read as "${text}": the cell holds ${cell}, Excel's formula for that text, which exports write to keep a value as text (its leading zeros)`,
  };
}
