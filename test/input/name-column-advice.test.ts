import { describe, expect, it } from 'vitest';
import { resolveMap } from '../../src/input/header-map.js';
import { headerHoldingName, noNameColumnWarning } from '../../src/input/name-column-advice.js';
import type { CsvLayout, MapEntries } from '../../src/input/types.js';

const LEAD = 'no column of the header is Name, so every row will be invalid';

describe('noNameColumnWarning: why no column of a CSV header is Name', () => {
  it.each<[string, CsvLayout, string]>([
    [
      'a row below that names Name: a title line above the header',
      { delimiter: ',', delimiterFrom: 'detected', headerLikeRow: { row: 2 } },
      `${LEAD}; row 2 looks like the header: remove the row(s) above it`,
    ],
    [
      'a row below that names Name at another delimiter: a title line without one',
      { delimiter: ',', delimiterFrom: 'default', headerLikeRow: { row: 2, delimiter: ';' } },
      `${LEAD}; row 2 looks like the header (separated by ";"): remove the row(s) above it`,
    ],
    [
      'the same, at TABs',
      { delimiter: ',', delimiterFrom: 'default', headerLikeRow: { row: 3, delimiter: '\t' } },
      `${LEAD}; row 3 looks like the header (separated by TABs): remove the row(s) above it`,
    ],
    [
      'the delimiter by default: the first line holds none',
      { delimiter: ',', delimiterFrom: 'default' },
      `${LEAD}; the file was read as comma-separated (the default: its first line holds none of , ; TAB |): if it is not, give --delimiter, or name the column with --map "Your Header=Name"`,
    ],
    [
      'an --map entry that sent the Name column elsewhere',
      {
        delimiter: ';',
        delimiterFrom: 'detected',
        nameMappedAway: {
          header: 'Name',
          entries: resolveMap([['Name', 'Customer ID']]).headers[0]!.entries,
        },
      },
      `${LEAD}: --map "Name=Customer ID" sends the file's column "Name" to Customer ID instead; add --map "Name=Name" if it should feed Name too`,
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
    [
      'a header that holds Name among other words: the --map entry that imports it',
      { delimiter: ';', delimiterFrom: 'detected', headerHoldingName: 'Name, Vorname' },
      `${LEAD}; the file was read as semicolon-separated (detected from the header line): if it is not, give --delimiter, or name the column with --map "Name, Vorname=Name"`,
    ],
    [
      'the same, the delimiter given',
      { delimiter: ',', delimiterFrom: 'option', headerHoldingName: 'Kunde (Name)' },
      `${LEAD}; the file was read as comma-separated (--delimiter): check the delimiter, or name the column with --map "Kunde (Name)=Name"`,
    ],
    [
      'the same, a header a shell would read inside double quotes: in single quotes',
      { delimiter: ';', delimiterFrom: 'detected', headerHoldingName: 'Name "$1"' },
      `${LEAD}; the file was read as semicolon-separated (detected from the header line): if it is not, give --delimiter, or name the column with --map 'Name "$1"=Name'`,
    ],
    [
      'the same, a header with an apostrophe too',
      { delimiter: ';', delimiterFrom: 'detected', headerHoldingName: "Kunde's Name ($)" },
      `${LEAD}; the file was read as semicolon-separated (detected from the header line): if it is not, give --delimiter, or name the column with --map 'Kunde'\\''s Name ($)=Name'`,
    ],
  ])('names %s', (_, layout, warning) => {
    expect(noNameColumnWarning(layout)).toBe(warning);
  });
});

describe('headerHoldingName: the one header cell with Name among the words of its parts', () => {
  it.each<[string, string[], MapEntries, string | undefined]>([
    ['a German Name cell', ['Name, Vorname', 'E-Mail', 'Telefon'], [], 'Name, Vorname'],
    ['Name in brackets', ['Kunde (Name)', 'Mail'], [], 'Kunde (Name)'],
    ['Name after a slash, a word of its part', ['Full name / Company', 'Email'], [], 'Full name / Company'],
    ['an alias of Name as a part', ['Firma/Customer_Name', 'Mail'], [], 'Firma/Customer_Name'],
    // As typed into --map: `Firma<U+000D><U+000A>(Name)`, pasted, named no column.
    [
      "a cell over two lines (Excel's Alt+Enter), as one",
      ['Firma\r\n(Name)', 'E-Mail', 'Tel'],
      [],
      'Firma (Name)',
    ],
    ['a cell with a zero-width space, without it', ['Kunde (Name)\u200B', 'Mail'], [], 'Kunde (Name)'],
    ['a part --map names Name', ['Firma (Kunde)', 'Mail'], [['Kunde', 'Name']], 'Firma (Kunde)'],
    ['no word of any cell names Name', ['Kunde', 'Mail'], [], undefined],
    ['a word that only holds "name"', ['Username', 'Mail'], [], undefined],
    // Which is the customer's name zcust cannot tell, so it names neither.
    ['two cells that hold Name', ['First Name', 'Last Name', 'Email'], [], undefined],
  ])('%s: %j', (_, headers, map, cell) => {
    expect(headerHoldingName(headers, resolveMap(map))).toBe(cell);
  });
});
