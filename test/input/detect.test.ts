import { describe, expect, it } from 'vitest';
import {
  detectBom,
  detectDelimiter,
  firstLine,
  preferredDelimiter,
  separatedBy,
  utf16WithoutBom,
  workbookReason,
} from '../../src/input/detect.js';
import { resolveMap } from '../../src/input/header-map.js';
import { headerCellMeaning } from '../../src/input/headers.js';
import { countLineBreaks, endOfLastLine, LineCounter } from '../../src/input/lines.js';
import type { MapEntries } from '../../src/input/types.js';

describe('detectDelimiter', () => {
  it.each([
    ['Name,Email,Phone', ','],
    ['Name;Email;Phone', ';'],
    ['Name\tEmail\tPhone', '\t'],
    ['Name|Email|Phone', '|'],
    ['"Last, First";Email;Phone', ';'],
    ['Name;Email,Phone', ','],
    ['Name', ','],
    ['', ','],
  ])('finds %j delimited by %j', (line, delimiter) => {
    expect(detectDelimiter(line)).toBe(delimiter);
  });

  it.each([
    ['a tie between comma and TAB', 'Name, Inc\tEmail', '\t'],
    ['a single column', 'Name', '\t'],
    ['more commas than TABs', 'Name,Email,Phone\tCity', ','],
  ])('prefers TAB for a .tsv file on %s', (_, line, delimiter) => {
    expect(detectDelimiter(line, preferredDelimiter('customers.TSV'))).toBe(delimiter);
  });

  /** Headers as exports write them, read as the CSV reader reads them (the template, --map, zcust_* columns). */
  const detect = (line: string, map: MapEntries = [], name = 'customers.csv') =>
    detectDelimiter(line, preferredDelimiter(name), (cell) => headerCellMeaning(cell, resolveMap(map)));
  it.each<[string, string, MapEntries, string]>([
    [
      'an English export whose address cell lists its parts',
      'Name;Email;Address (Street, City, Postcode, Country)',
      [],
      ';',
    ],
    [
      'a German export whose address cell lists its parts',
      'Name;E-Mail;Adresse (Straße, Nr., PLZ, Ort)',
      [],
      ';',
    ],
    [
      'an English export whose Name column --map names',
      'Company;E-mail;Address (Street, City, Postcode, Country)',
      [['Company', 'Name']],
      ';',
    ],
    [
      'a German export without Name, its cell split in brackets otherwise',
      'Firma;E-Mail;Anschrift (Straße, PLZ, Ort, Land)',
      [],
      ';',
    ],
    ['a French export of no template column', 'Nom;Courriel;Adresse (rue, code postal, ville)', [], ';'],
    [
      'a French export whose last cell holds a comma, no brackets',
      'Raison sociale;E-mail;Ville, Code postal',
      [],
      ';',
    ],
    // More commas, no brackets: read at the commas, its Name is missed aloud (the warning, nothing sent), where a
    // Name found in a cut cell was an import of cut names, silently (see the "Name, Vorname" cases).
    [
      'a file whose cell lists address parts, no brackets, its Name named by --map: the more frequent',
      'Company;Street, City, Postcode',
      [['Company', 'Name']],
      ',',
    ],
    [
      'the same with as many commas as semicolons: the split that finds Name',
      'Company;Street, City',
      [['Company', 'Name']],
      ';',
    ],
    ['the same without --map: the split naming more columns', 'Company;Street, City, Postcode', [], ','],
    [
      'a TAB file whose cell holds as many commas as there are TABs',
      'Name\tAddress, City, Zip\tEmail',
      [],
      '\t',
    ],
    [
      'a TAB file of no template column, a cell in brackets holding commas',
      'Kunde\tAnschrift (Straße, Ort)\tMail',
      [],
      '\t',
    ],
    ['a pipe file whose cell holds a comma', 'Name|Email|Notes, remarks', [], '|'],
    ['a pipe file of no template column', 'Kunde|Kontakt (Vorname, Nachname)|Mail', [], '|'],
    ['a comma file whose cells hold semicolons', 'Name,Email,"Notes; more",Phone;Fax;Mobile', [], ','],
    ['a comma file of no template column', 'Kunde,Mail,Telefon', [], ','],
    ['a semicolon file of no template column', 'Kunde;Mail;Telefon', [], ';'],
    ['a file of no template column, both occurring: the more frequent', 'Kunde,Mail,Telefon;Fax', [], ','],
    [
      'a file whose splits name as many columns, neither Name: the more frequent',
      'Email;Remarks, more, Phone',
      [],
      ',',
    ],
    // A header cell that is a phrase with a comma ("Name, Vorname") must not make its first word the Name column:
    // read so, every row was imported with a cut-off name and no e-mail, silently.
    ['a German export whose Name cell is "Name, Vorname"', 'Name, Vorname;E-Mail;Telefon', [], ';'],
    ['the same, pipe-separated', 'Name, Vorname|E-Mail|Telefon', [], '|'],
    ['a TAB file whose Name cell is "Name, Title"', 'Name, Title\tEmail\tPhone', [], '\t'],
    ['a comma file whose Name cell is "Name; Title"', 'Name; Title,Email,Phone', [], ','],
    // As many commas as semicolons: the comma followed by a space is prose, the delimiter the one that is not.
    ['a two-column export whose Name cell is "Name, Vorname"', 'Name, Vorname;E-Mail', [], ';'],
    ['the same, TAB-separated', 'Name, Vorname\tE-Mail', [], '\t'],
    ['the same, pipe-separated', 'Name, Vorname|E-Mail', [], '|'],
    ['a two-column comma file whose Name cell is "Name; Title"', 'Name; Title,Email', [], ','],
    [
      'a two-column file, neither candidate followed by a space: the split that finds Name',
      'Name,Vorname;E-Mail',
      [],
      ',',
    ],
    [
      'a two-column file, both candidates followed by a space: the split that finds Name',
      'Kunde; Name, E-Mail',
      [],
      ',',
    ],
    ['a report imported again, semicolon-separated', 'zcust_row;zcust_status;Kunde, Firma', [], ';'],
    ['a single column', 'Name', [], ','],
    ['a single column of its own name', 'Kunde', [], ','],
  ])('splits the header of %s at the right delimiter', (_, line, map, delimiter) => {
    expect(detect(line, map)).toBe(delimiter);
  });

  it.each([
    ['a single column', 'Name', '\t'],
    ['a TAB file of no template column, with as many commas', 'Kunde, Firma\tMail', '\t'],
  ])('prefers TAB for a .tsv file of headers as exports write them: %s', (_, line, delimiter) => {
    expect(detect(line, [], 'customers.tsv')).toBe(delimiter);
  });

  it.each([
    ['customers.tsv', '\t'],
    ['customers.csv', ','],
    ['standard input', ','],
  ])('the name %j promises %j', (name, delimiter) => {
    expect(preferredDelimiter(name)).toBe(delimiter);
  });
});

describe('separatedBy', () => {
  it.each([
    [',', 'comma-separated'],
    [';', 'semicolon-separated'],
    ['\t', 'tab-separated'],
    ['|', 'pipe-separated'],
    [':', 'separated by ":"'],
  ])('%j reads as %s', (delimiter, text) => {
    expect(separatedBy(delimiter)).toBe(text);
  });
});

describe('utf16WithoutBom', () => {
  const be = (text: string) => Buffer.from(text, 'utf16le').swap16();
  it.each([
    ['UTF-16LE, ASCII', Buffer.from('Name,Email\n', 'utf16le'), 'utf16le'],
    ['UTF-16LE with accents', Buffer.from('Nom,Société,Email\nJosé', 'utf16le'), 'utf16le'],
    ['UTF-16BE, ASCII', be('Name,Email\n'), 'utf16be'],
    ['UTF-16BE with accents', be('Nom,Société\n'), 'utf16be'],
    ['UTF-8', Buffer.from('Name,Email\nJosé,j@example.com\n'), undefined],
    ['latin1', Buffer.from('Nom,Société\n', 'latin1'), undefined],
    ['UTF-16LE without ASCII (no NULs to tell by)', Buffer.from('名前,電子メール', 'utf16le'), undefined],
    ['one character of UTF-16LE (too little to tell)', Buffer.from('N', 'utf16le'), undefined],
    ['NULs on both sides (binary)', Buffer.from([0, 0, 65, 0, 0, 66, 0, 0]), undefined],
    [
      'a UTF-8 header, then a cell pasted from a UTF-16 tool',
      Buffer.concat([Buffer.from('Name,Notes\nAcme,'), Buffer.from('pasted from a UTF-16 tool', 'utf16le')]),
      undefined,
    ],
    [
      'a UTF-8 header, then UTF-16BE in the row below',
      Buffer.concat([Buffer.from('Name\r\n'), be('pasted from a UTF-16 tool')]),
      undefined,
    ],
    ['UTF-16LE after blank lines', Buffer.from('\r\n\nName,Email\n', 'utf16le'), 'utf16le'],
    ['UTF-16BE after blank lines', be('\n \nName,Email\n'), 'utf16be'],
  ])('%s: %s', (_, head, expected) => {
    expect(utf16WithoutBom(head)).toBe(expected);
  });
});

describe('firstLine', () => {
  it.each([
    ['Name,Email\nA,a', 'Name,Email'],
    ['\r\n  \nName\r\nA', 'Name'],
    ['"Multi\nLine",Email\nA', '"Multi\nLine",Email'],
    ['Name,Email', undefined],
    ['"Open\n', undefined],
  ])('of %j is %j', (text, line) => {
    expect(firstLine(text)).toBe(line);
  });
});

describe('detectBom', () => {
  it.each([
    [[0xef, 0xbb, 0xbf, 0x41], { encoding: 'utf-8', length: 3 }],
    [[0xff, 0xfe, 0x41, 0x00], { encoding: 'utf-16le', length: 2 }],
    [[0xfe, 0xff, 0x00, 0x41], { encoding: 'utf-16be', length: 2 }],
    [[0x41, 0x42, 0x43], undefined],
    [[0xef, 0xbb], undefined],
    [[], undefined],
  ])('of %j is %j', (bytes, bom) => {
    expect(detectBom(Buffer.from(bytes))).toEqual(bom);
  });
});

describe('workbookReason', () => {
  const ZIP = 'customers.xlsx is an Excel workbook (or another zip file)';
  const XLS = 'customers.xlsx is an Excel 97-2003 workbook (.xls, or another Office 97-2003 file)';
  const advice = ', not CSV, JSON or NDJSON: open it in Excel and save it as "CSV UTF-8 (Comma delimited)"';
  it.each([
    ["a zip's local file header (.xlsx, .ods)", [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00], ZIP],
    ['an empty zip', [0x50, 0x4b, 0x05, 0x06], ZIP],
    ['a spanned zip', [0x50, 0x4b, 0x07, 0x08, 0x50, 0x4b, 0x03, 0x04], ZIP],
    ['an OLE2 compound file (.xls)', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00], XLS],
  ])('names %s as a workbook', (_, bytes, what) => {
    expect(workbookReason(Buffer.from(bytes), 'customers.xlsx')).toBe(what + advice);
  });

  it.each([
    ['a CSV header that starts with PK', Buffer.from('PKey,Name\n1,Acme\n')],
    ["the first three bytes of a zip's signature", Buffer.from([0x50, 0x4b, 0x03])],
    ['half of the OLE2 signature', Buffer.from([0xd0, 0xcf, 0x11, 0xe0])],
    ['a UTF-8 byte-order mark and a header', Buffer.from('\uFEFFName\n')],
    ['nothing', Buffer.alloc(0)],
  ])('leaves %s to be read', (_, bytes) => {
    expect(workbookReason(bytes, 'customers.csv')).toBeUndefined();
  });
});

describe('line counting', () => {
  it.each([
    ['', 0],
    ['a', 0],
    ['a\nb', 1],
    ['a\r\nb\r\n', 2],
    ['a\rb\r', 2],
    ['\n\r\n\r', 3],
  ])('%j has %i line breaks', (text, breaks) => {
    expect(countLineBreaks(text)).toBe(breaks);
  });

  it.each([
    ['a\nb', 2],
    ['a\nb\n', 4],
    ['a\r\n', 3],
    ['a\r', 0],
    ['a\nb\r', 2],
    ['\r', 0],
    ['abc', 0],
  ])('cuts %j after its last whole line, at %i', (text, cut) => {
    expect(endOfLastLine(text)).toBe(cut);
  });

  it('counts a CRLF split between two chunks as one line break', () => {
    const counter = new LineCounter();
    counter.feed('a\r');
    counter.feed('\nb\r');
    counter.feed('\n');
    expect(counter.current).toBe(3);
  });

  it('tells the line after some text without counting it', () => {
    const counter = new LineCounter();
    counter.feed('a\n');
    expect(counter.lineAfter('b\nc')).toBe(3);
    expect(counter.current).toBe(2);
  });
});
