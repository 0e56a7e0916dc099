import { describe, expect, it } from 'vitest';
import {
  errorValueLookalikeMessage,
  isSpreadsheetArtefact,
  spreadsheetCellMessage,
  spreadsheetErrorMessage,
  textFormulaValue,
  textFormulaWarning,
} from '../../src/customer/spreadsheet-cells.js';
import { COLUMN, taxColumns } from '../../src/template.js';

/** Every error value Excel and Google Sheets write in a cell. */
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
];

const errorMessage = (value: string) =>
  `"${value}" is a spreadsheet error (a formula that failed), not a value: correct the formula or empty the cell`;
const lostDigits = (value: string) =>
  `"${value}" is a number a spreadsheet wrote in scientific notation, and its other digits were lost: format the column as text in the spreadsheet and export again`;

describe('spreadsheetErrorMessage', () => {
  it.each(ERROR_VALUES)('refuses %s as a spreadsheet error', (value) => {
    expect(spreadsheetErrorMessage(value)).toBe(errorMessage(value));
  });

  it.each([
    ['in lower case', '#n/a', '#n/a'],
    ['in mixed case', '#Div/0!', '#Div/0!'],
    ['with white space around it', '  #REF!\t', '#REF!'],
  ])('refuses one %s, quoting it trimmed', (_, value, quoted) => {
    expect(spreadsheetErrorMessage(value)).toBe(errorMessage(quoted));
  });

  it.each([
    ['text that holds one', 'Order #N/A'],
    ['one with text after it', '#N/A 2'],
    ['a hash and a word', '#42'],
    ['an unknown error-like word', '#FOO!'],
    ['one without its punctuation', '#NA'],
    ['N/A without the hash', 'N/A'],
    ['NA', 'NA'],
    ['empty', ''],
  ])('passes %s (%j)', (_, value) => {
    expect(spreadsheetErrorMessage(value)).toBeUndefined();
  });
});

describe('errorValueLookalikeMessage (for code columns)', () => {
  it.each([
    ['#NA', '#N/A'],
    ['#na', '#N/A'],
    ['#DIV0', '#DIV/0!'],
    ['#VALUE', '#VALUE!'],
    ['#N.A.', '#N/A'],
  ])('tells %j as the spreadsheet error %s it looks like', (value, resembled) => {
    expect(errorValueLookalikeMessage(value)).toBe(
      `"${value}" looks like the spreadsheet error ${resembled} (a formula that failed), not a value: correct the formula or empty the cell`,
    );
  });

  it('tells an error value itself as one', () => {
    expect(errorValueLookalikeMessage('#N/A')).toBe(errorMessage('#N/A'));
  });

  it.each(['NA', 'N/A', '#US', 'US', '#'])('leaves %j to the code’s own rule', (value) => {
    expect(errorValueLookalikeMessage(value)).toBeUndefined();
  });
});

/** The columns of numbers kept as text, whose scientific notation is refused. */
const NUMBER_COLUMNS = [
  COLUMN.customerId,
  COLUMN.phone,
  COLUMN.zipCode,
  COLUMN.shipToZipCode,
  COLUMN.paymentTermId,
  COLUMN.taxId,
  taxColumns(9).id,
];

describe('spreadsheetCellMessage: a long number a spreadsheet wrote in scientific notation', () => {
  it.each(
    NUMBER_COLUMNS.flatMap((column) =>
      ['1.23457E+11', '4.15E+09', '1E+11', '1.23457e+11', '1.23457E+011', '4,91511E+12', '1,23457e+011'].map(
        (value) => [column, value],
      ),
    ),
  )('%s: refuses %j', (column, value) => {
    expect(spreadsheetCellMessage(column, value)).toBe(lostDigits(value));
  });

  it.each([
    ['an ID with an E in it', 'CUST-1E5'],
    ['an exponent without a sign', '1E5'],
    ['a negative exponent (a small number, no ID)', '2E-05'],
    ['two digits before the point', '12E+3'],
    ['a one-digit exponent', '1.5E+3'],
    ['a one-digit exponent after a decimal comma', '1,5E+3'],
    ['a comma with no digit after it', '1,E+12'],
    ['a thousands comma before the point', '1,234.5E+12'],
    ['a leading zero', '0.5E+10'],
    ['a phone number', '+44 20 7946 0958'],
    ['a plain long number', '123456789012'],
    ['a tax number ending in E', '12345678901E'],
  ])('passes %s (%j)', (_, value) => {
    expect(spreadsheetCellMessage(COLUMN.customerId, value)).toBeUndefined();
  });

  it.each([COLUMN.name, COLUMN.addressLine1, COLUMN.notes, COLUMN.creditLimit])(
    'leaves %s to its own rules, which may hold it as text or refuse it as no amount',
    (column) => {
      expect(spreadsheetCellMessage(column, '1.23457E+11')).toBeUndefined();
    },
  );

  it('refuses an error value in any column', () => {
    expect(spreadsheetCellMessage(COLUMN.name, '#REF!')).toBe(errorMessage('#REF!'));
  });
});

describe('isSpreadsheetArtefact (keys that tell no two customers apart)', () => {
  it.each([
    ['#N/A', true],
    [' #value! ', true],
    ['1.23457E+11', true],
    ['1,23457E+11', true],
    ['CUST-1E5', false],
    ['ana@acme.example', false],
    ['#NA', false],
  ])('%j: %s', (value, expected) => {
    expect(isSpreadsheetArtefact(value)).toBe(expected);
  });
});

// Cells as csv-parse hands them over: `"=""07030"""` in the file is `="07030"` here.
describe("textFormulaValue: Excel's formula for a text, which exports write to keep leading zeros", () => {
  it.each([
    ['a postcode', '="07030"', '07030'],
    ['an ID', '="00124"', '00124'],
    ['a text with a quote in it, doubled as in any formula', '="a""b"', 'a"b'],
    ['a text of a quote alone', '=""""', '"'],
    ['an empty text', '=""', ''],
    ['a text with spaces around it, trimmed as any cell is', '=" 07030 "', '07030'],
    ['a text over two lines', '="1 Main St\nSuite 4"', '1 Main St\nSuite 4'],
  ])('reads %s (%j) as %j', (_, cell, text) => {
    expect(textFormulaValue(cell)).toBe(text);
  });

  it.each([
    ['text with = later in it', 'a=b'],
    ['a formula of a cell', '=A1'],
    ['a formula that joins two texts', '="a"&"b"'],
    ['a quote inside not doubled', '="a"b"'],
    ['no closing quote', '="07030'],
    ['a space after the =', '= "07030"'],
    ['text after the closing quote', '="07030" x'],
    ['a formula without quotes', '=07030'],
    ['the text without its formula', '07030'],
  ])('leaves %s (%j) as written', (_, cell) => {
    expect(textFormulaValue(cell)).toBeUndefined();
  });

  it('warns naming the column, the cell as written and what it was read as', () => {
    expect(textFormulaWarning(COLUMN.zipCode, '="07030"', '07030')).toEqual({
      field: COLUMN.zipCode,
      code: 'invalid_value',
      message:
        'read as "07030": the cell holds ="07030", Excel\'s formula for that text, which exports write to keep a value as text (its leading zeros)',
    });
  });
});
