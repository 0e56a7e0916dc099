/**
 * Spreadsheet formula injection: a cell that starts with = + - @ TAB or CR is run as a formula by Excel,
 * LibreOffice and Sheets. The report prefixes such cells with a single quote (OWASP's advice); importing a
 * report again removes exactly that prefix, so values round-trip unchanged.
 */
// Quotes are counted in, so that a value which itself starts with ' before a formula character round-trips too.
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** The characters a neutralised cell can start with; any other first character needs no regex. */
const RISKY_FIRST = new Set(["'", '=', '+', '-', '@', '\t', '\r']);

export function neutraliseCell(value: string): string {
  return RISKY_FIRST.has(value.charAt(0)) && FORMULA_START.test(value) ? `'${value}` : value;
}

export function restoreCell(value: string): string {
  return markedFormulaStart(value) === undefined ? value : value.slice(1);
}

/**
 * The character a value that starts with the mark (an apostrophe, or several, before = + - @ TAB or CR) keeps
 * from running as a formula; undefined for any other value.
 */
export function markedFormulaStart(value: string): string | undefined {
  if (!value.startsWith("'") || !FORMULA_START.test(value.slice(1))) return undefined;
  return value.replace(/^'+/, '').charAt(0);
}
