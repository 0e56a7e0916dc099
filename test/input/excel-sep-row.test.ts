import { describe, expect, it } from 'vitest';
import { excelSepRowCheck } from '../../src/input/excel-sep-row.js';

const EVERY_COLUMN = [0, 1, 2];
const BOM = '\uFEFF';

const isSepRow = excelSepRowCheck(EVERY_COLUMN, ';');

const sepRowIssue = (separator: string) => ({
  code: 'invalid_value',
  message: `is Excel's "sep=${separator}" line of another export (two exports joined into one file?): it is not a customer, so delete this row`,
});

describe('excelSepRowCheck', () => {
  it.each([
    ['split by the delimiter it names', ['sep=', ''], ';'],
    ['split, padded to the header’s width', ['sep=', '', ''], ';'],
    ['naming another delimiter than the file’s', ['sep=,'], ','],
    ['in another case', ['SEP=|', '', ''], '|'],
    ['behind a second export’s byte-order mark', [`${BOM}sep=`, ''], ';'],
    ['with white space around the cell', [' sep=, ', ' ', ''], ','],
  ])('tells the sep= line %s as no customer', (_, record, separator) => {
    expect(isSepRow(record), `${JSON.stringify(record)} was taken for a customer`).toEqual(
      sepRowIssue(separator),
    );
  });

  it.each([
    ['a customer', ['Alpha Co', 'a@alpha.example', 'Boston']],
    ['a sep= line with another cell filled', ['sep=', '', 'Boston']],
    ['sep= alone, nothing split off', ['sep=']],
    ['sep= naming two characters', ['sep=;;']],
    ['a name that starts as one', ['sep=ratist', '', '']],
    ['sep= not in the first column', ['', 'sep=;', '']],
  ])('passes %s as a record of its own', (_, record) => {
    expect(isSepRow(record), `${JSON.stringify(record)} was taken for a sep= line`).toBeUndefined();
  });

  it('looks only at the given columns: a report’s zcust_* cells hold its verdict', () => {
    const check = excelSepRowCheck([2, 3], ',');
    expect(check(['3', 'invalid', 'sep=', '']), 'a report’s sep= row was taken for a customer').toEqual(
      sepRowIssue(','),
    );
  });
});
