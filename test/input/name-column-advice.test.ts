import { describe, expect, it } from 'vitest';
import { noNameColumnWarning } from '../../src/input/name-column-advice.js';
import type { CsvLayout } from '../../src/input/types.js';

const LEAD = 'no column of the header is Name, so every row will be invalid';

describe('noNameColumnWarning: why no column of a CSV header is Name', () => {
  it.each<[string, CsvLayout, string]>([
    [
      'a row below that names Name: a title line above the header',
      { delimiter: ',', delimiterFrom: 'detected', headerLikeRow: 2 },
      `${LEAD}; row 2 looks like the header: remove the row(s) above it`,
    ],
    [
      'a delimiter detected',
      { delimiter: ',', delimiterFrom: 'detected' },
      `${LEAD}; the file was read as comma-separated (detected from the header line): if it is not, give --delimiter, or name the column with --map "Your Header=Name"`,
    ],
    [
      'a delimiter given',
      { delimiter: ';', delimiterFrom: 'option' },
      `${LEAD}; the file was read as semicolon-separated (--delimiter): check the delimiter, or name the column with --map "Your Header=Name"`,
    ],
    [
      "a delimiter named by Excel's sep= line",
      { delimiter: '|', delimiterFrom: 'sep line' },
      `${LEAD}; the file was read as pipe-separated (as its sep= line says): check the delimiter, or name the column with --map "Your Header=Name"`,
    ],
  ])('names %s', (_, layout, warning) => {
    expect(noNameColumnWarning(layout)).toBe(warning);
  });
});
