import { describe, expect, it } from 'vitest';
import { MAX_RECORD_CHARS, MAX_RECORD_TEXT } from '../../src/input/limits.js';
import { type InputOptions, openInput } from '../../src/input/open.js';
import type { CsvLayout, MapEntries } from '../../src/input/types.js';
import type { SourceRow } from '../../src/model.js';
import { CSV_REPORT_COLUMNS } from '../../src/report/csv.js';
import { codes, drain, readText, useTempDir } from './helpers.js';

const UTF8_TEXT = 'Name,Email,City\nJosé Müller,jose@example.com,Zürich\n"Ann, Ltd",ann@example.com,Kraków\n';
const EXPECTED_ROWS = [
  {
    row: 2,
    fields: { Name: 'José Müller', Email: 'jose@example.com', City: 'Zürich' },
    raw: ['José Müller', 'jose@example.com', 'Zürich'],
  },
  {
    row: 3,
    fields: { Name: 'Ann, Ltd', Email: 'ann@example.com', City: 'Kraków' },
    raw: ['Ann, Ltd', 'ann@example.com', 'Kraków'],
  },
];

const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
/** UTF-32BE, which Node cannot encode: one 4-byte unit per code point. */
const utf32be = (text: string) =>
  Buffer.concat(
    [...text].map((c) => {
      const unit = Buffer.alloc(4);
      unit.writeUInt32BE(c.codePointAt(0) ?? 0);
      return unit;
    }),
  );
const utf32le = (text: string) => Buffer.from(utf32be(text)).swap32();

/**
 * The ways a UTF-16 file reaches zcust: how to write text so (code unit by code unit, so a lone surrogate
 * is written as it is), the --encoding to pass, and the encoding's name in a damage message.
 */
const UTF16_FILES = [
  [
    'UTF-16LE with BOM',
    (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    undefined,
    'UTF-16LE',
  ],
  [
    'UTF-16BE with BOM',
    (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]),
    undefined,
    'UTF-16BE',
  ],
  [
    'UTF-16LE without BOM, --encoding utf16le',
    (text: string) => Buffer.from(text, 'utf16le'),
    'utf16le',
    'UTF-16LE',
  ],
  ['UTF-16BE without BOM, --encoding UTF-16BE', utf16be, 'UTF-16BE', 'UTF-16BE'],
] as const;

describe('CSV encodings give the same rows as the UTF-8 file', () => {
  it.each([
    ['UTF-8 without BOM', Buffer.from(UTF8_TEXT), undefined],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(UTF8_TEXT)]), undefined],
    [
      'UTF-16 LE with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(UTF8_TEXT, 'utf16le')]),
      undefined,
    ],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(UTF8_TEXT)]), undefined],
    ['latin1 with --encoding latin1', Buffer.from(UTF8_TEXT, 'latin1'), 'latin1'],
    ['UTF-16 LE without BOM with --encoding utf16le', Buffer.from(UTF8_TEXT, 'utf16le'), 'utf16le'],
    // UTF-32LE's mark begins with UTF-16LE's: it was read as UTF-16, a NUL beside each character.
    ['UTF-32 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32le(UTF8_TEXT)]), undefined],
    ['UTF-32 BE with BOM', Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32be(UTF8_TEXT)]), undefined],
    ['UTF-32 LE without BOM with --encoding utf-32le', utf32le(UTF8_TEXT), 'utf-32le'],
  ])('%s', async (_, bytes, encoding) => {
    for (const chunkSize of [1, 7, 64 * 1024]) {
      const { source, rows } = await readText(bytes, encoding ? { encoding, chunkSize } : { chunkSize });
      expect(source.columns, `header with chunks of ${chunkSize} bytes`).toEqual(['Name', 'Email', 'City']);
      expect(rows, `rows with chunks of ${chunkSize} bytes`).toEqual(EXPECTED_ROWS);
    }
  });

  it('reads a UTF-8 header as UTF-8 whatever the rows below it hold (a cell pasted from a UTF-16 tool)', async () => {
    const pasted = Buffer.from('pasted from a UTF-16 tool', 'utf16le');
    const bytes = Buffer.concat([Buffer.from('Name,Notes\nAcme,'), pasted, Buffer.from('\nBeta,ok\n')]);
    const { rows } = await readText(bytes);
    expect(rows.map((r) => r.fields)).toEqual([
      { Name: 'Acme', Notes: pasted.toString('utf8') },
      { Name: 'Beta', Notes: 'ok' },
    ]);
  });

  it.each(UTF16_FILES)(
    '%s: reads a surrogate pair cut between chunks at any byte',
    async (_, encode, encoding) => {
      const bytes = encode('Name,City\nA,😀\nB,x😀\n');
      // Every chunk size up to the whole file puts a cut at each byte of each emoji.
      for (let chunkSize = 1; chunkSize <= bytes.length; chunkSize++) {
        const { rows } = await readText(bytes, { encoding, chunkSize });
        expect(
          rows.map((r) => [r.fields.City, r.issues]),
          `chunks of ${chunkSize} bytes`,
        ).toEqual([
          ['😀', undefined],
          ['x😀', undefined],
        ]);
      }
    },
  );

  it('leaves no BOM character in the first header', async () => {
    const { source } = await readText(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Name\nA\n')]),
    );
    expect(source.columns).toEqual(['Name']);
    expect(source.unmatched.names).toEqual([]);
  });
});

describe('CSV delimiters', () => {
  it.each([
    ['comma', 'Name,Email\nA,a@example.com\n'],
    ['semicolon', 'Name;Email\nA;a@example.com\n'],
    ['tab', 'Name\tEmail\nA\ta@example.com\n'],
    ['pipe', 'Name|Email\nA|a@example.com\n'],
    ['semicolon with commas inside quotes', '"Name";"Email"\n"A, Inc.";a@example.com\n'],
  ])('detects %s from the header line', async (_, text) => {
    const { rows } = await readText(text);
    expect(rows.map((r) => r.fields)).toEqual([
      { Name: text.includes('Inc') ? 'A, Inc.' : 'A', Email: 'a@example.com' },
    ]);
  });

  it.each<[string, string, MapEntries, string[]]>([
    [
      'a semicolon file whose header cell holds more commas',
      'Name;Email;Adresse (Straße, Nr., PLZ, Ort)\r\nMüller;m@m.example;Hauptstr. 1\r\n',
      [],
      ['Name', 'Email', 'Adresse (Straße, Nr., PLZ, Ort)'],
    ],
    [
      'the same with headers --map names',
      'Firma;Mail;Adresse (Straße, Nr., PLZ, Ort)\nMüller;m@m.example;Hauptstr. 1\n',
      [
        ['Firma', 'Name'],
        ['Mail', 'Email'],
      ],
      ['Firma', 'Mail', 'Adresse (Straße, Nr., PLZ, Ort)'],
    ],
  ])('detects the delimiter whose cells name columns: %s', async (_, text, map, columns) => {
    const { source } = await readText(text, { map });
    expect(source.columns).toEqual(columns);
    expect(source.layout).toEqual({ delimiter: ';', delimiterFrom: 'detected' });
  });

  it.each<[string, string, Partial<InputOptions>, CsvLayout]>([
    ['detected', 'Name;Email\nA;a\n', {}, { delimiter: ';', delimiterFrom: 'detected' }],
    ['given', 'Name;Email\nA;a\n', { delimiter: 'comma' }, { delimiter: ',', delimiterFrom: 'option' }],
    [
      "named by Excel's sep= line",
      'sep=|\nName;Email\nA;a\n',
      {},
      { delimiter: '|', delimiterFrom: 'sep line' },
    ],
    [
      'the default, for a header of one column',
      'Name\nA\n',
      {},
      { delimiter: ',', delimiterFrom: 'default' },
    ],
    [
      'the default, for a title line above the header',
      'Kunden\nFirma;Mail\nA;a\n',
      {},
      { delimiter: ',', delimiterFrom: 'default' },
    ],
  ])('says how the delimiter was chosen: %s', async (_, text, options, layout) => {
    const { source } = await readText(text, options);
    expect(source.layout).toEqual(layout);
  });

  it.each<[string, string, MapEntries, CsvLayout['headerLikeRow']]>([
    [
      "Numbers' table name above the header",
      'Table 1\nName,Email,Customer ID\nAcme,a@acme.example,C1\n',
      [],
      { row: 2 },
    ],
    [
      'a title and a blank line above it',
      'Customers 2026\n\nName,Email\nAcme,a@acme.example\n',
      [],
      { row: 3 },
    ],
    [
      'the header further down, named as --map says',
      'Export\nFirma,Email\nAcme,a@acme.example\n',
      [['Firma', 'Name']],
      { row: 2 },
    ],
    [
      'a title without a delimiter above a semicolon header',
      'Kunden\nName;Email\nAcme;a@acme.example\n',
      [],
      { row: 2, delimiter: ';' },
    ],
    [
      'a title with a comma, a blank line, and a TAB header',
      'Export, 2026\n\nName\tEmail\nAcme\ta@acme.example\n',
      [],
      { row: 3, delimiter: '\t' },
    ],
    [
      'a semicolon header below a title, named as --map says',
      'Kunden\nFirma;Mail\nAcme;a@acme.example\n',
      [['Firma', 'Name']],
      { row: 2, delimiter: ';' },
    ],
    ['no row that names Name', 'Foo,Bar\n1,2\n', [], undefined],
    ['no row that names Name, at any delimiter', 'Kunden\nFirma;Mail\nAcme;a@acme.example\n', [], undefined],
    ['a header that names Name', 'Name,Email\nName,a@acme.example\n', [], undefined],
    ['the header past the first ten rows', `Title\n${'x\n'.repeat(10)}Name,Email\n`, [], undefined],
    ['a title, and the delimiter named by sep=', 'sep=,\nKunden\nName;Email\nA;a\n', [], undefined],
  ])('finds, among the first rows, one that looks like the header: %s', async (_, text, map, row) => {
    const { source } = await readText(text, { map });
    expect(source.layout?.headerLikeRow).toEqual(row);
  });

  it('says that --map took the Name column away, as the cause of there being none, and in no note of its own', async () => {
    const { source } = await readText('Name;Email\nAcme;a@acme.example\n', {
      map: [['Name', 'Customer ID']],
    });
    expect(source.layout).toMatchObject({
      delimiter: ';',
      nameMappedAway: { header: 'Name', entries: [{ given: '--map "Name=Customer ID"' }] },
    });
    expect(source.layout?.headerLikeRow).toBeUndefined();
    expect(source.notes).toEqual([]);
  });

  it('does not count delimiters inside quoted headers', async () => {
    const { source } = await readText('"Name;Full",Email\nA,a@example.com\n');
    expect(source.columns).toEqual(['Name;Full', 'Email']);
  });

  it.each([
    [';', 'Name;Email\nA;a\n', ['Name', 'Email']],
    [',', 'Name;Email\nA;a\n', ['Name;Email']],
    ['tab', 'Name\tEmail\nA\ta\n', ['Name', 'Email']],
  ])('--delimiter %j overrides detection', async (delimiter, text, columns) => {
    const { source } = await readText(text, { delimiter });
    expect(source.columns).toEqual(columns);
  });

  // Excel writes (and reads) a first line `sep=;` naming the delimiter; the header is the line after it.
  it.each([
    ['semicolon, CRLF', 'sep=;\r\nName;Email\r\nA, Inc.;a@example.com\r\n', undefined, 2],
    ['pipe, in capitals', 'SEP=|\nName|Email\nA, Inc.|a@example.com\n', undefined, 2],
    // The sep= line does not show in a spreadsheet; the blank line does: the header is row 2.
    ['tab, then a blank line', 'sep=\t\n\nName\tEmail\nA, Inc.\ta@example.com\n', undefined, 3],
    [
      'comma, though the header has more semicolons',
      'sep=,\nName,Email,Notes;a;b;c\n"A, Inc.",a@example.com,x\n',
      undefined,
      2,
    ],
    ['semicolon, --delimiter given too', 'sep=;\nName;Email\nA, Inc.;a@example.com\n', ';', 2],
    // Blank lines above the sep= line are rows (1 and 2); the sep= line is not: the header is row 3.
    ['semicolon, after blank lines', '\n\r\nsep=;\r\nName;Email\r\nA, Inc.;a@example.com\r\n', undefined, 4],
  ])(
    'takes the delimiter from a sep= line (%s) and the header from the next',
    async (_, text, delimiter, row) => {
      for (const chunkSize of [2, 64 * 1024]) {
        const { source, rows } = await readText(text, { chunkSize, ...(delimiter ? { delimiter } : {}) });
        expect(source.columns[0], `chunks of ${chunkSize}`).toBe('Name');
        expect(
          rows.map((r) => [r.row, r.fields.Name, r.fields.Email?.slice(0, 1)]),
          `chunks of ${chunkSize}`,
        ).toEqual([[row, 'A, Inc.', 'a']]);
      }
    },
  );

  it('counts a sep= line when it names the line of damage', async () => {
    const { rows } = await readText('sep=;\nName;Email\nA;a\n"B;b\n');
    expect(rows.at(-1)?.issues?.[0]?.message).toBe(
      'the file is damaged at line 4 (unclosed quoted field); nothing after it was read',
    );
  });

  it('keeps empty fields between tab delimiters', async () => {
    const { rows } = await readText('Name\tPhone\tEmail\nA\t\ta@example.com\n');
    expect(rows[0]?.raw).toEqual(['A', '', 'a@example.com']);
  });
});

describe('CSV records', () => {
  it('reads CRLF line endings without leaving CR in values', async () => {
    const { rows } = await readText('Name,Email\r\nA,a@example.com\r\nB,b@example.com\r\n');
    expect(rows.map((r) => [r.row, ...r.raw])).toEqual([
      [2, 'A', 'a@example.com'],
      [3, 'B', 'b@example.com'],
    ]);
  });

  it('reads quoted fields holding the delimiter, doubled quotes and newlines', async () => {
    const { rows } = await readText(
      'Name,Notes,Custom Data\n"A, Inc.","line 1\nline 2","{""tier"":""gold""}"\n',
    );
    expect(rows[0]?.fields).toEqual({
      Name: 'A, Inc.',
      Notes: 'line 1\nline 2',
      'Custom Data': '{"tier":"gold"}',
    });
    expect(rows[0]?.raw).toEqual(['A, Inc.', 'line 1\nline 2', '{"tier":"gold"}']);
  });

  it('trims surrounding whitespace but keeps inner whitespace, leading zeros and plus signs', async () => {
    const { rows } = await readText('Name , Phone ,Zip Code\n  John  Smith  ,  +0044 20 ,"  007  "\n');
    expect(rows[0]?.fields).toEqual({ Name: 'John  Smith', Phone: '+0044 20', 'Zip Code': '007' });
  });

  it('skips blank lines and lines of empty fields, but counts them as the spreadsheet rows they are', async () => {
    // Rows: 1 blank, 2 the header, 3 blank, 4 A, 5 spaces, 6 empty fields, 7 blank (CRLF), 8 B.
    const { rows } = await readText('\nName,Email\n\nA,a@example.com\n   \n,\n\r\nB,b@example.com\n\n');
    expect(rows.map((r) => [r.row, r.fields.Name])).toEqual([
      [4, 'A'],
      [8, 'B'],
    ]);
  });

  it.each([
    ['no-break spaces', '\u00a0,\u00a0'],
    ['zero-width spaces', '\u200b,'],
    ['a byte-order mark and a word joiner', '\ufeff,\u2060'],
  ])('skips a line of cells that show nothing (%s), counting it as a row', async (_, blank) => {
    const { rows } = await readText(`Name,Email\n${blank}\nA,a@example.com\n`);
    expect(rows.map((r) => [r.row, r.fields.Name])).toEqual([[3, 'A']]);
  });

  it('numbers a record with line breaks inside quotes as one row, as a spreadsheet shows it', async () => {
    const { rows } = await readText('Name,Address Line 1\nA,"1 Main\nStreet"\n\nB,x\n');
    expect(rows.map((r) => [r.row, r.fields.Name])).toEqual([
      [2, 'A'],
      [4, 'B'],
    ]);
  });

  it('reports a record with more values than the header as column_count, keeping all its values', async () => {
    const { rows } = await readText('Name,Email\nA,a@example.com,x,y\nB,b@example.com\n');
    expect(rows[0]).toMatchObject({
      row: 2,
      fields: { Name: 'A', Email: 'a@example.com' },
      raw: ['A', 'a@example.com', 'x', 'y'],
      issues: [{ code: 'column_count', message: 'has 4 values but the header has 2 columns' }],
    });
    expect(codes(rows[1]), 'the next row is unaffected').toEqual([]);
  });

  it.each([
    ['a plain file', 'Name,Email\nA,a@example.com,x,y\n', 'has 4 values but the header has 2 columns'],
    ['a one-column header', 'Name\nA,b\n', 'has 2 values but the header has 1 column'],
    [
      'a report imported again, as the file it was made from (its zcust_* columns left out)',
      'zcust_row,zcust_status,zcust_customer_id,zcust_error_code,zcust_error,Name,Email,City\n' +
        '2,invalid,,column_count,has 4 values but the header has 3 columns,C,c@example.com,x,extra\n',
      'has 4 values but the header has 3 columns',
    ],
  ])('counts the values and the columns of %s in the column_count message', async (_, text, message) => {
    const { rows } = await readText(text);
    expect(rows[0]?.issues).toEqual([{ code: 'column_count', message }]);
  });

  const JOINED_EXPORTS =
    'Name,Customer ID,Phone,City\r\nAlpha Co,A1,+1 555 0101,Boston\r\nBeta Co,A2,,Austin\r\n' +
    '\uFEFFName,Customer ID,Phone,City\r\nGamma Co,A3,,Denver\r\n';

  it.each([
    ['on this thread', false],
    ['on a worker thread', true],
  ])(
    'marks a record that repeats the header (two exports joined) as no customer, read %s',
    async (_, parseOnWorker) => {
      for (const chunkSize of [5, 64 * 1024]) {
        const { rows } = await readText(JOINED_EXPORTS, { chunkSize, parseOnWorker });
        expect(
          rows.map((r) => [r.row, r.notACustomer ?? false, codes(r)]),
          `rows, chunks of ${chunkSize}`,
        ).toEqual([
          [2, false, []],
          [3, false, []],
          [4, true, ['invalid_value']],
          [5, false, []],
        ]);
        expect(rows[2]?.raw, 'the report echoes the record as written').toEqual([
          '\uFEFFName',
          'Customer ID',
          'Phone',
          'City',
        ]);
      }
    },
  );

  it('marks a report’s row that repeats the header in its own columns, whatever its zcust_* cells hold', async () => {
    // Its zcust_* cells are the verdict of the run that wrote the report, never the header's repeat.
    const header = [...CSV_REPORT_COLUMNS, 'Name', 'Customer ID', 'City'].join(',');
    const verdict = '4,invalid,,invalid_value,repeats the header of row 1';
    const { rows } = await readText(
      `${header}\n2,created,c1,,,Alpha Co,A1,Boston\n${verdict},Name,Customer ID,City\n`,
    );
    expect(
      rows.map((r) => [r.row, r.notACustomer ?? false]),
      'the repeated header among a report’s rows was taken for a customer',
    ).toEqual([
      [2, false],
      [3, true],
    ]);
  });

  it.each([
    ['padded in the repeat', 'Name,City\nA,B\n"Name ",City\n'],
    ['padded in the header', '"Name ",City\nA,B\nName,City\n'],
    ['padded inside quotes behind a second export’s mark', 'Name,City\nA,B\n\uFEFF"Name ",City\n'],
  ])('marks a record that repeats the header with its first cell %s as no customer', async (_, text) => {
    const { rows } = await readText(text);
    expect(
      rows.map((r) => [r.row, r.notACustomer ?? false]),
      'white space around the first cell hid the repeat',
    ).toEqual([
      [2, false],
      [3, true],
    ]);
  });

  it('names the header’s own row, below blank lines, in the message of a record that repeats it', async () => {
    const { rows } = await readText('\n\nName,Email\nA,a@example.com\nName,Email\n');
    expect(rows.at(-1)?.issues).toEqual([
      {
        code: 'invalid_value',
        message:
          'repeats the header of row 3 (two exports joined into one file?): it is not a customer, so delete this row',
      },
    ]);
  });

  it.each([
    ['on this thread', false],
    ['on a worker thread', true],
  ])(
    "reads a cell that is Excel's text formula as its text, with a warning, read %s",
    async (_, parseOnWorker) => {
      const { rows } = await readText(
        'Name,Zip Code,Customer ID,City,Legacy Ref\r\nBeta,"=""07030""","=""00124""",a=b,"=""x"""\r\n',
        { parseOnWorker },
      );
      expect(rows[0]?.fields, 'the values the row is checked and sent with').toEqual({
        Name: 'Beta',
        'Zip Code': '07030',
        'Customer ID': '00124',
        City: 'a=b',
      });
      expect(rows[0]?.raw, 'the report echoes the cells as written, an unmatched column’s too').toEqual([
        'Beta',
        '="07030"',
        '="00124"',
        'a=b',
        '="x"',
      ]);
      expect(rows[0]?.warnings?.map((w) => [w.field, w.message.slice(0, w.message.indexOf(':'))])).toEqual([
        ['Zip Code', 'read as "07030"'],
        ['Customer ID', 'read as "00124"'],
      ]);
    },
  );

  it('fills the missing fields of a short record with empty strings', async () => {
    const { rows } = await readText('Name,Email,City\nA\n');
    expect(rows[0]).toEqual({ row: 2, fields: { Name: 'A', Email: '', City: '' }, raw: ['A', '', ''] });
  });

  it.each([
    ['an empty file', ''],
    ['only blank lines', '\n\n  \r\n'],
  ])('reads %s as no columns and no rows', async (_, text) => {
    const { source, rows } = await readText(text);
    expect(source.columns).toEqual([]);
    expect(rows).toEqual([]);
  });

  it('reads a header without records as no rows', async () => {
    const { source, rows } = await readText('Name,Email\n');
    expect(source.columns).toEqual(['Name', 'Email']);
    expect(rows).toEqual([]);
  });
});

describe('a long CSV record', () => {
  it.each([
    ['unquoted', (v: string) => v],
    ['quoted', (v: string) => `"${v}"`],
  ])('of 1.1 million characters (%s) is one row, not damage', async (_, quote) => {
    const text = `Name,Notes\nA,\nB,${quote('y'.repeat(1_100_000))}\nC,\n`;
    const { rows } = await readText(text);
    expect(rows.map((r) => [r.row, r.fields.Name, r.fields.Notes?.length ?? 0])).toEqual([
      [2, 'A', 0],
      [3, 'B', 1_100_000],
      [4, 'C', 0],
    ]);
  });

  it(`longer than ${MAX_RECORD_TEXT} is damage, as an unclosed quote would be`, async () => {
    const { rows } = await readText(`Name,Notes\nA,\nB,${'y'.repeat(MAX_RECORD_CHARS + 10)}\nC,\n`);
    expect(rows.map((r) => r.fields.Name ?? r.issues?.[0]?.message)).toEqual([
      'A',
      `the file is damaged at line 3 (a record longer than ${MAX_RECORD_TEXT}: an unclosed quote, or a value too long to import); nothing after it was read`,
    ]);
  });
});

describe('a JSON file read as CSV', () => {
  const dir = useTempDir();

  it.each([
    [
      'a JSON array',
      '[{"Name":"A","Email":"a@x.co"}]\n',
      'a JSON array, not CSV (its first line starts with "["): read it with --format json',
    ],
    [
      'a JSON array over several lines',
      '[\n  {"Name": "A", "Email": "a@x.co"}\n]\n',
      'a JSON array, not CSV',
    ],
    [
      'jq -c lines',
      '{"Name":"A"}\n{"Name":"B"}\n',
      'JSON objects one a line (NDJSON), not CSV (its first line starts with "{"): read it with --format ndjson',
    ],
  ])(
    'refuses %s before any row is read, as a usage error naming the --format that reads it',
    async (_, text, reason) => {
      for (const chunkSize of [1, 64 * 1024]) {
        await expect(readText(text, { chunkSize }), `pieces of ${chunkSize} bytes`).rejects.toMatchObject({
          name: 'UsageError',
          message: expect.stringContaining(`standard input holds ${reason}`),
        });
      }
    },
  );

  it('names the file to rename, quoted for the shell', async () => {
    const file = await dir.file("jq's lines.txt", '{"Name":"A"}\n');
    await expect(openInput({ path: file })).rejects.toMatchObject({
      name: 'UsageError',
      message: expect.stringMatching(
        /read it with --format ndjson, or name it \.ndjson: mv '\S+jq'\\''s lines\.txt' '\S+jq'\\''s lines\.ndjson'$/,
      ),
    });
  });

  it.each([
    ['[Name],Email', '[Name],Email\nA,a@x.co\n', { '[Name]': 'A', Email: 'a@x.co' }],
    ['{Id},Name', '{Id},Name\n1,A\n', { '{Id}': '1', Name: 'A' }],
    ['[Kunde];E-Mail', '[Kunde];E-Mail\nA;a@x.co\n', { '[Kunde]': 'A', 'E-Mail': 'a@x.co' }],
    ['{{name}},{{email}}', '{{name}},{{email}}\nA,a@x.co\n', { '{{name}}': 'A', '{{email}}': 'a@x.co' }],
  ])('reads a header starting with a bracket, %s, as CSV', async (_, text, cells) => {
    const { source, rows } = await readText(text);
    expect(source.columns).toEqual(Object.keys(cells));
    expect(rows.map((r) => r.raw)).toEqual([Object.values(cells)]);
  });
});

describe('a damaged CSV file', () => {
  const damaged = (line: number, reason: string) =>
    `the file is damaged at line ${line} (${reason}); nothing after it was read`;

  /** Read in chunks of each size, `bytes` give the rows named `names`, then one damage row: `line`, `reason`. */
  async function expectStopsAt(
    bytes: Buffer,
    read: { encoding?: string; chunkSizes: number[] },
    names: string[],
    line: number,
    reason: string,
  ) {
    for (const chunkSize of read.chunkSizes) {
      const { rows } = await readText(
        bytes,
        read.encoding ? { encoding: read.encoding, chunkSize } : { chunkSize },
      );
      expect(
        rows.slice(0, -1).map((r) => r.fields.Name),
        `rows before, chunks of ${chunkSize}`,
      ).toEqual(names);
      expect(rows.at(-1)?.issues, `the damage row, chunks of ${chunkSize}`).toEqual([
        { code: 'malformed_input', message: damaged(line, reason) },
      ]);
    }
  }

  it.each([
    ['LF', 'Name,Email\nA,a\nB,b\n"C,c\nD,d\n', ['A', 'B'], 4, 4],
    ['CRLF', 'Name,Email\r\nA,a\r\nB,b\r\n"C,c\r\nD,d\r\n', ['A', 'B'], 4, 4],
    // Blank lines are spreadsheet rows too: the damaged record is row 6, as it is line 6.
    ['blank lines before the damage', 'Name,Email\n\nA,a\n\n\nB,"b\n', ['A'], 6, 6],
    ['a quoted newline before the damage', 'Name,Notes\nA,"x\ny"\n"B,c\n', ['A'], 4, 3],
    [
      'quoted CRLFs before the damage',
      'Name,Notes\r\nA,"x\r\ny\r\nz"\r\n\r\nB,"\r\n"\r\n"C,c\r\n',
      ['A', 'B'],
      8,
      5,
    ],
    ['a quoted CR before the damage', 'Name,Notes\rA,"x\ry"\r"B,c\r', ['A'], 4, 3],
    ['damage in the first record', 'Name,Email\n"A,a\nB,b\n', [], 2, 2],
    ['CR line endings and blank lines', 'Name,Email\rA,a\r\r\rB,b\r"C,c\rD,d', ['A', 'B'], 6, 6],
    ['lines of only spaces before the damage', 'Name,Email\n  \nA,a\n \t \n"B,b\n', ['A'], 5, 5],
    ['blank lines before damage in the first record', 'Name,Email\n\n\n"A,a\n', [], 4, 4],
  ])(
    'with an unclosed quote (%s) yields the rows before it, then one malformed_input row',
    async (_, text, names, line, row) => {
      for (const chunkSize of [3, 64 * 1024]) {
        const { rows } = await readText(text, { chunkSize });
        expect(
          rows.slice(0, -1).map((r) => r.fields.Name),
          `rows before, chunks of ${chunkSize}`,
        ).toEqual(names);
        expect(rows.at(-1), `the damage row, chunks of ${chunkSize}`).toEqual({
          row,
          fields: {},
          raw: [],
          issues: [{ code: 'malformed_input', message: damaged(line, 'unclosed quoted field') }],
        });
      }
    },
  );

  it('with text after a closing quote names the line of that record', async () => {
    for (const chunkSize of [3, 64 * 1024]) {
      const { rows } = await readText('Name,Email\nA,a\n\nB,"b"x\nC,c\n', { chunkSize });
      expect(
        rows.map((r) => r.fields.Name ?? null),
        `chunks of ${chunkSize}`,
      ).toEqual(['A', null]);
      expect(rows.at(-1)?.issues, `chunks of ${chunkSize}`).toEqual([
        { code: 'malformed_input', message: damaged(4, 'text after the closing quote of a field') },
      ]);
    }
  });

  it.each([
    [
      'a byte that is never UTF-8',
      Buffer.concat([Buffer.from('Name\nA\nB'), Buffer.from([0xff]), Buffer.from('\nC\n')]),
      ['A'],
      3,
    ],
    [
      'a latin1 file read as UTF-8',
      Buffer.from('Name,City\nA,Paris\nB,Zürich\nC,Rome\n', 'latin1'),
      ['A'],
      3,
    ],
    [
      'a character cut off at the end',
      Buffer.concat([Buffer.from('Name\nA\nB'), Buffer.from([0xc3])]),
      ['A'],
      3,
    ],
    [
      'bad bytes inside a quoted multi-line field',
      Buffer.concat([Buffer.from('Name,Notes\nA,a\nB,"x\ny'), Buffer.from([0xc0, 0x80]), Buffer.from('"\n')]),
      ['A'],
      4,
    ],
  ])('with %s stops at that line', async (_, bytes, names, line) => {
    await expectStopsAt(
      bytes,
      { chunkSizes: [1, 5, 64 * 1024] },
      names,
      line,
      "not valid UTF-8; if the file was saved in another encoding, try --encoding windows-1252 (Windows, Latin-1), windows-1250 (Central European) or macintosh (Excel for Mac's plain CSV)",
    );
  });

  it("with a Mac Roman file (Excel for Mac's plain CSV) stops at its line, advising macintosh first", async () => {
    await expectStopsAt(
      Buffer.from('Name,City\nA,Paris\nM\x9fller GmbH,M\x9fnchen\nC,Rome\n', 'latin1'),
      { chunkSizes: [64 * 1024] },
      ['A'],
      3,
      "not valid UTF-8; if the file was saved in another encoding, try --encoding macintosh (Excel for Mac's plain CSV), windows-1252 (Windows, Latin-1) or windows-1250 (Central European)",
    );
  });

  it.each([
    ['ascii', 'a byte from 0x80 on', Buffer.from('Name\nA\nM\xfcller\nC\n', 'latin1')],
    [
      'windows-1252',
      'the byte 0x81, which it leaves undefined',
      Buffer.from('Name\nA\nCaf\x81\nC\n', 'latin1'),
    ],
    ['gb18030', 'the byte 0xFF, which starts no character', Buffer.from('Name\nA\nX\xffY\nC\n', 'latin1')],
    [
      'utf32le',
      'a code point above U+10FFFF',
      Buffer.concat([utf32le('Name\nA\nB'), Buffer.from([0, 0, 0x11, 0]), utf32le('\nC\n')]),
    ],
    ['cesu8', 'a character cut off at the end', Buffer.from('Name\nA\nB\xe5\x8c', 'latin1')],
    [
      'shift_jis',
      'a lead byte with no trail byte it allows',
      Buffer.from('Name\nA\nB\x81\x20\nC\n', 'latin1'),
    ],
  ])('in %s, %s stops at that line, not read as U+FFFD', async (encoding, _, bytes) => {
    await expectStopsAt(
      bytes,
      { encoding, chunkSizes: [1, 5, 64 * 1024] },
      ['A'],
      3,
      `not valid ${encoding}: a byte it has no character for; if the file was saved in another encoding, give that one with --encoding`,
    );
  });

  it.each([['latin1'], ['windows-1252'], ['iso-8859-15']])(
    'a UTF-8 file (zcust report) read with --encoding %s is a usage error saying to leave --encoding out',
    async (encoding) => {
      const bytes = Buffer.from('zcust_row,zcust_status,Name\n2,invalid,Müller GmbH\n', 'utf8');
      await expect(readText(bytes, { encoding })).rejects.toThrow(
        `cannot read standard input: the header is damaged at line 1 (it looks like UTF-8, not ${encoding}: its characters beyond ASCII are UTF-8's (read as ${encoding}, "é" would be "Ã©"); read it without --encoding)`,
      );
    },
  );

  it.each([
    ['windows-1252', Buffer.from('Name\nM\xfcller \x80\n', 'latin1'), 'Müller €'],
    ['utf16le', Buffer.from('Name\nA \uFFFD B\n', 'utf16le'), 'A \uFFFD B'],
    [
      'gb18030',
      Buffer.from([...Buffer.from('Name\n'), 0xb1, 0xb1, 0xbe, 0xa9, ...Buffer.from('\n')]),
      '北京',
    ],
    // Within the BMP, CESU-8 is byte for byte UTF-8: read as CESU-8, it is the same text.
    ['cesu8', Buffer.from('Name\nMüller 北京\n', 'utf8'), 'Müller 北京'],
    ['cesu8', Buffer.from('Name\nMuller\n'), 'Muller'],
  ])(
    'in %s, a file of its own characters (U+FFFD in UTF-16) is read whole',
    async (encoding, bytes, name) => {
      const { rows } = await readText(bytes, { encoding });
      expect(rows.map((r) => [r.fields.Name, r.issues ?? []])).toEqual([[name, []]]);
    },
  );

  describe.each(UTF16_FILES)('in %s', (_, encode, encoding, name) => {
    it.each([
      ['a lone high surrogate', encode('Name\nA\nB\uD800x\nC\n')],
      ['a lone low surrogate', encode('Name\nA\nB\uDC00x\nC\n')],
      ['a high surrogate followed by a pair', encode('Name\nA\nB\uD800\uD83D\uDE00\nC\n')],
      ['a high surrogate ending the file', encode('Name\nA\nB\uD83D')],
      ['an odd byte ending the file', Buffer.concat([encode('Name\nA\nB'), Buffer.from('x')])],
    ])('with %s stops at that line', async (_, bytes) => {
      await expectStopsAt(
        bytes,
        { encoding, chunkSizes: [1, 2, 3, 5, 64 * 1024] },
        ['A'],
        3,
        `not valid ${name}`,
      );
    });
  });

  it.each([
    ['UTF-16LE', 'utf16le', (text: string) => Buffer.from(text, 'utf16le')],
    ['UTF-16BE', 'utf16be', utf16be],
  ])(
    'in %s without a BOM read as UTF-8 is a usage error naming --encoding %s',
    async (name, encoding, encode) => {
      for (const text of ['Name,Email\nJosé,j@example.com\n', 'Name,Email\nAnn,a@example.com\n']) {
        for (const chunkSize of [1, 64 * 1024]) {
          await expect(
            readText(encode(text), { chunkSize }),
            `${JSON.stringify(text)} in chunks of ${chunkSize}`,
          ).rejects.toThrow(
            `cannot read standard input: the header is damaged at line 1 (it looks like ${name} without a byte-order mark (a NUL byte beside each character); read it with --encoding ${encoding})`,
          );
        }
      }
    },
  );

  it.each([
    ['UTF-16LE', 'utf16le', 'latin1', (text: string) => Buffer.from(text, 'utf16le')],
    ['UTF-16BE', 'utf16be', 'windows-1252', utf16be],
  ])(
    'in %s without a BOM read as a one-byte encoding is a usage error naming --encoding %s (--encoding %s)',
    async (name, right, given, encode) => {
      await expect(readText(encode('Name,Email\nAnn,a@example.com\n'), { encoding: given })).rejects.toThrow(
        `cannot read standard input: the header is damaged at line 1 (it looks like ${name} without a byte-order mark (a NUL byte beside each character); read it with --encoding ${right})`,
      );
    },
  );

  it.each([
    ['UTF-16LE', 'utf16le', 'UTF-16BE', 'utf16be', 'Name,Email\nAnn,a@example.com\n'],
    ['UTF-16BE', 'utf16be', 'UTF-16LE', 'utf16le', 'Name,Email\nAnn,a@example.com\n'],
    // No NUL in the header to tell by: the line feeds, which come out as the unassigned U+0A00, tell.
    ['UTF-16LE', 'utf16le', 'UTF-16BE', 'utf16be', '名前,メール\n佐藤,sato@example.com\n'],
    ['UTF-16BE', 'utf16be', 'UTF-16LE', 'utf16le', '名前,メール\r\n佐藤,sato@example.com\r\n'],
  ])(
    'in %s read as the other byte order is a usage error naming --encoding %s (%s given, %j)',
    async (name, right, wrongName, wrong, text) => {
      const bytes = right === 'utf16le' ? Buffer.from(text, 'utf16le') : utf16be(text);
      for (const chunkSize of [1, 3, 64 * 1024]) {
        await expect(
          readText(bytes, { encoding: wrong, chunkSize }),
          `chunks of ${chunkSize}`,
        ).rejects.toThrow(
          `cannot read standard input: the header is damaged at line 1 (it looks like ${name}, not ${wrongName}: the two bytes of each character are the other way round; read it with --encoding ${right})`,
        );
      }
    },
  );

  it.each(['utf16le', 'utf16be', 'utf-16'])(
    'in UTF-8 read with --encoding %s is a usage error saying it is not UTF-16 (it was one header line, 0 rows, exit 0)',
    async (encoding) => {
      const text = 'Name,Email\nAnn,ann@example.com\nBo,bo@example.com\nCarla,carla@example.com\n';
      await expect(readText(text, { encoding })).rejects.toThrow(
        /the header is damaged at line 1 \(it does not look like UTF-16(LE|BE)?: its first 64 bytes have no NUL byte/,
      );
    },
  );

  it.each([
    ['utf32', 'UTF-32'],
    ['utf-32le', 'UTF-32LE'],
    ['UCS4', 'UTF-32'],
  ])(
    'in UTF-8 read with --encoding %s is a usage error saying it is not UTF-32 (it was a few invalid characters, 0 rows, exit 0)',
    async (encoding, name) => {
      const text = 'Name,Email\nAnn,ann@example.com\nBo,bo@example.com\nCarla,carla@example.com\n';
      await expect(readText(text, { encoding })).rejects.toThrow(
        `the header is damaged at line 1 (it does not look like ${name}: its first 64 bytes have no NUL byte, which every delimiter and line break has in UTF-32`,
      );
    },
  );

  it.each(['utf16le', 'utf32'])(
    'in UTF-8 shorter than the 64 bytes looked at, read with --encoding %s, is looked at whole: still a usage error',
    async (encoding) => {
      await expect(readText('Name,Email\nA,a@x.com\nB,bad\n', { encoding })).rejects.toThrow(
        /it does not look like UTF-(16LE|32): its bytes have no NUL byte/,
      );
    },
  );

  it('is a usage error when the header itself is damaged', async () => {
    await expect(readText('"Name,Email\nA,a\n')).rejects.toThrow(
      'cannot read standard input: the header is damaged at line 1 (unclosed quoted field)',
    );
  });
});

describe("a DOS end-of-file mark (Ctrl-Z, 0x1A) as the file's last character", () => {
  const dir = useTempDir();
  const ROWS = [
    [2, 'Acme', 'a@acme.example'],
    [3, 'Beta', 'b@beta.example'],
  ];
  const rowsOf = (rows: SourceRow[]) => rows.map((r) => [r.row, r.fields.Name, r.fields.Email]);
  const FILES = [
    ['after the last value', 'Name,Email\r\nAcme,a@acme.example\r\nBeta,b@beta.example\x1a'],
    ['after a closing quote', '"Name","Email"\r\n"Acme","a@acme.example"\r\n"Beta","b@beta.example"\x1a'],
    ['on a line of its own', 'Name,Email\r\nAcme,a@acme.example\r\nBeta,b@beta.example\r\n\x1a'],
  ];

  it.each(FILES)('is ignored %s, however the input is cut into pieces', async (_, text) => {
    for (const chunkSize of [1, 2, 3, 7, 64 * 1024]) {
      const { rows } = await readText(text, { chunkSize });
      expect(rowsOf(rows), `pieces of ${chunkSize} bytes`).toEqual(ROWS);
      expect(
        rows.flatMap((r) => r.issues ?? []),
        `pieces of ${chunkSize} bytes`,
      ).toEqual([]);
    }
  });

  it.each(FILES)('is ignored %s in a file', async (_, text) => {
    const source = await openInput({ path: await dir.file('dos.csv', text) });
    expect(rowsOf(await drain(source))).toEqual(ROWS);
  });

  it('is ignored in UTF-16, where it is two bytes', async () => {
    const text = '\ufeffName,Email\r\nAcme,a@acme.example\r\nBeta,b@beta.example\x1a';
    const { rows } = await readText(Buffer.from(text, 'utf16le'), { chunkSize: 3 });
    expect(rowsOf(rows)).toEqual(ROWS);
  });

  it.each([
    ['inside a value', 'Name,Email\nBe\x1ata,b@beta.example\n', 'Be\x1ata', 'b@beta.example'],
    [
      'before the last line',
      'Name,Email\nBeta,b@beta.example\x1a\nC,c@c.example\n',
      'Beta',
      'b@beta.example\x1a',
    ],
    ['the first of two at the end', 'Name,Email\nBeta,b@beta.example\x1a\x1a', 'Beta', 'b@beta.example\x1a'],
  ])('stays a character of the value %s', async (_, text, name, email) => {
    const { rows } = await readText(text, { chunkSize: 1 });
    expect(rows[0]?.fields).toEqual({ Name: name, Email: email });
  });
});

describe('streaming', () => {
  const dir = useTempDir();

  it('yields the first row long before the file has been read', async () => {
    const record = 'Jane Roe,jane@example.com,Somewhere Street 1,Springfield\n';
    const file = await dir.file('big.csv', `Name,Email,Address Line 1,City\n${record.repeat(100_000)}`);
    const source = await openInput({ path: file });
    for await (const row of source.rows) {
      expect(row.row).toBe(2);
      break;
    }
    expect(source.totalBytes).toBeGreaterThan(5_000_000);
    expect(source.bytesRead()).toBeLessThan((source.totalBytes ?? 0) / 10);
  });

  it('says how many rows of a file read at once are parsed but not handed out yet (for the progress share)', async () => {
    const file = await dir.file('ten.csv', `Name\n${'A\n'.repeat(10)}`);
    const source = await openInput({ path: file });
    const ahead: number[] = [];
    for await (const _ of source.rows) ahead.push(source.rowsAhead?.() ?? -1);
    expect(source.bytesRead(), 'the whole file was read at once').toBe(source.totalBytes);
    // Parsed in a batch or two: once the first row is out, most of the other nine are counted ahead.
    expect(ahead[0], `rows ahead, row by row: ${ahead.join(' ')}`).toBeGreaterThanOrEqual(8);
    expect(ahead.at(-1)).toBe(0);
  });

  it('counts every byte by the end of the file', async () => {
    const text = 'Name\nA\nB\n';
    const file = await dir.file('small.csv', text);
    const source = await openInput({ path: file });
    await drain(source);
    expect(source.bytesRead()).toBe(Buffer.byteLength(text));
    expect(source.totalBytes).toBe(Buffer.byteLength(text));
  });
});
