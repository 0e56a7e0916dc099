import { describe, expect, it } from 'vitest';
import { repeatedHeaderCheck } from '../../src/input/repeated-header.js';

const HEADER = ['Name', 'Customer ID', 'Phone', 'City'];
const EVERY_COLUMN = [0, 1, 2, 3];
const BOM = '\uFEFF';

const repeatsHeader = repeatedHeaderCheck(HEADER, EVERY_COLUMN, 1);

describe('repeatedHeaderCheck', () => {
  it.each([
    ['the header as written', ['Name', 'Customer ID', 'Phone', 'City']],
    ['the header in another case', ['NAME', 'customer id', 'phone', 'CITY']],
    ['the header behind a second export’s byte-order mark', [`${BOM}Name`, 'Customer ID', 'Phone', 'City']],
    [
      'a quoted first cell behind the mark, which csv-parse reads with its quotes',
      [`${BOM}"Name"`, 'Customer ID', 'Phone', 'City'],
    ],
    // The first is the cell looked at first, which the reader's csv-parse has trimmed.
    ['the header with white space around its other cells', ['Name', ' Customer ID\t', 'Phone ', ' City']],
    ['the header with an empty value after it', ['Name', 'Customer ID', 'Phone', 'City', '']],
  ])('tells %s as the header repeated', (_, record) => {
    expect(repeatsHeader(record), `${JSON.stringify(record)} was taken for a customer`).toEqual({
      code: 'invalid_value',
      message:
        'repeats the header of row 1 (two exports joined into one file?): it is not a customer, so delete this row',
    });
  });

  // csv-parse trims outside quotes only: the white space inside `"Name "` reaches the check, in the header or a row.
  it.each([
    ['the first cell padded inside its quotes', ['Name', 'City'], ['Name ', 'City']],
    ['the first cell padded before it', ['Name', 'City'], ['\tName', 'City']],
    ['the first cell padded with a no-break space', ['Name', 'City'], ['Name\u00A0', 'City']],
    ['the header’s first cell padded, the record’s not', ['Name ', 'City'], ['Name', 'City']],
    ['a quoted padded first cell behind the mark', ['Name', 'City'], [`${BOM}"Name "`, 'City']],
    ['the last cell padded, as before', ['Name', 'City'], ['Name', 'City ']],
  ])('tells the header repeated with white space around %s', (_, header, record) => {
    expect(
      repeatedHeaderCheck(header, [0, 1], 1)(record),
      `${JSON.stringify(record)} under the header ${JSON.stringify(header)} was taken for a customer`,
    ).toBeDefined();
  });

  it.each([
    ['a customer', ['Alpha Co', 'A1', '+1 555 0101', 'Boston']],
    ['a customer named as the Name column is', ['Name', 'A1', '', 'Boston']],
    ['the header with one cell left empty', ['Name', 'Customer ID', '', 'City']],
    ['the header short of its last cell', ['Name', 'Customer ID', 'Phone']],
    ['the header with one cell changed', ['Name', 'Customer ID', 'Phone', 'Town']],
    ['another mark than a byte-order mark', ['\u200BName', 'Customer ID', 'Phone', 'City']],
  ])('passes %s as a record of its own', (_, record) => {
    expect(repeatsHeader(record), `${JSON.stringify(record)} was taken for the header`).toBeUndefined();
  });

  it('names the row the header is on, below blank lines', () => {
    expect(repeatedHeaderCheck(HEADER, EVERY_COLUMN, 3)(HEADER)?.message).toMatch(
      /^repeats the header of row 3 /,
    );
  });

  it('leaves out a column without a header: its cell may hold anything', () => {
    const check = repeatedHeaderCheck(['Name', '', 'Email'], [0, 1, 2], 1);
    expect(check(['Name', 'x', 'Email']), 'the unnamed column’s cell decided').toBeDefined();
  });

  it('looks only at the given columns: a report’s zcust_* cells hold its verdict, not the header', () => {
    const report = ['zcust_row', 'zcust_status', 'Name', 'Email'];
    const check = repeatedHeaderCheck(report, [2, 3], 1);
    expect(
      check(['4', 'invalid', 'Name', 'Email']),
      'a report’s repeated header was taken for a customer',
    ).toBeDefined();
  });
});
