import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { resolveMap } from '../../src/input/header-map.js';
import { headerlessNote, planColumns } from '../../src/input/headers.js';
import type { MapEntries } from '../../src/input/types.js';
import type { TargetName } from '../../src/model.js';
import { FORMULA_STARTS } from '../fixtures/formula-starts.js';
import { readText } from './helpers.js';

describe('header matching', () => {
  it.each([
    ['Name', 'Name'],
    ['NAME', 'Name'],
    ['customer_name', 'Name'],
    ['external_id', 'Customer ID'],
    ['customer-id', 'Customer ID'],
    ['phone_number', 'Phone'],
    ['zipCode', 'Zip Code'],
    ['zip_code', 'Zip Code'],
    ['country_code', 'Country Code'],
    ['custom_data', 'Custom Data'],
    ['Ship.To.City', 'Ship To City'],
    ['Tax Jurisdiction 2', 'Tax Jurisdiction 2'],
  ])('reads header %j as %s', async (header, column) => {
    const { source, rows } = await readText(`${header}\nvalue\n`);
    expect(rows[0]?.fields).toEqual({ [column]: 'value' });
    expect(source.unmatched.names).toEqual([]);
  });

  it('lists the headers that match nothing, in file order, and leaves them out of fields', async () => {
    const { source, rows } = await readText('Favourite Colour,Name,Shoe Size\nblue,A,42\n');
    expect(source.unmatched).toEqual({ names: ['Favourite Colour', 'Shoe Size'], more: 0 });
    expect(rows[0]?.fields).toEqual({ Name: 'A' });
    expect(rows[0]?.raw, 'the report still echoes every column').toEqual(['blue', 'A', '42']);
  });

  // "Tax ID 1" is the first pair's number as a file that numbers every pair writes it: the same column as "Tax ID".
  it.each([
    ['Email', 'E-mail', 'Email'],
    ['Tax Jurisdiction', 'Tax Jurisdiction 1', 'Tax Jurisdiction'],
    ['Tax ID 1', 'Tax ID', 'Tax ID'],
  ])(
    'uses the first of %j and %j, which both mean %s, and notes the other',
    async (first, second, column) => {
      const { source, rows } = await readText(`${first},${second}\nfirst,second\n`);
      expect(rows[0]?.fields).toEqual({ [column]: 'first' });
      expect(source.notes).toEqual([
        `columns 1 ("${first}") and 2 ("${second}") both mean ${column}; column 2 is ignored`,
      ]);
      expect(source.unmatched.names, 'it is not also said to match nothing').toEqual([]);
    },
  );

  it('lists a header that matches nothing once, however many columns carry it', async () => {
    const { source } = await readText('Name,Foo,Foo\nA,1,2\n');
    expect(source.unmatched.names).toEqual(['Foo']);
  });

  it('lists at most 200 headers that match nothing, each at most 80 characters, and counts the rest', async () => {
    const headers = [
      'Name',
      `Long${'g'.repeat(200)}`,
      // As many as a header may have (MAX_COLUMNS).
      ...Array.from({ length: 16_382 }, (_, i) => `extra${i}`),
    ];
    const { source } = await readText(`${headers.join(',')}\nA\n`);
    expect(source.unmatched.names).toHaveLength(200);
    expect(source.unmatched.names[0]).toBe(`Long${'g'.repeat(76)}…`);
    expect(source.unmatched.more, 'the headers past the first 200').toBe(16_383 - 200);
  });

  it('notes the columns without a header, in one note, by number: their values are not read', async () => {
    const { source, rows } = await readText('Name,,Email, \nA,x,a@example.com,y\n');
    expect(source.notes).toEqual(['columns 2 and 4 have no header; they are ignored']);
    expect(rows[0]?.fields).toEqual({ Name: 'A', Email: 'a@example.com' });
  });

  it.each<[string, number[], string]>([
    ['one', [3], 'column 3 has no header; it is ignored'],
    ['two apart', [2, 4], 'columns 2 and 4 have no header; they are ignored'],
    ['two side by side', [3, 4], 'columns 3 and 4 have no header; they are ignored'],
    ['a run of three or more as a range', [2, 5, 6, 7], 'columns 2 and 5–7 have no header; they are ignored'],
    [
      "Excel's trailing empty columns",
      Array.from({ length: 250 }, (_, i) => i + 3),
      'columns 3–252 have no header; they are ignored',
    ],
    [
      'more than 20 numbers or runs: the rest counted',
      Array.from({ length: 30 }, (_, i) => 2 * i + 2),
      'columns 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40 and 10 more have no header; they are ignored',
    ],
  ])('headerlessNote: %s', (_, columns, note) => {
    expect(headerlessNote(columns)).toBe(note);
  });
});

describe("a target's own field names as headers", () => {
  // DayZero's `address` is one free-text string: Address Line 1 holds it, and the round trip keeps its text.
  // Zenskar's `address` is an object (no CSV cell holds one) and AmbioSys has none: there it matches nothing.
  const FILE = 'name,email,address\nK1,k1@x.com,"12 rue X, Paris"\n';
  it.each([
    ['dayzero', { Name: 'K1', Email: 'k1@x.com', 'Address Line 1': '12 rue X, Paris' }, []],
    ['zenskar', { Name: 'K1', Email: 'k1@x.com' }, ['address']],
    ['ambiosys', { Name: 'K1', Email: 'k1@x.com' }, ['address']],
  ] as const)(
    'for %s, reads the row as %j and lists %j as matching nothing',
    async (target, fields, unmatched) => {
      const { source, rows } = await readText(FILE, { target });
      expect(rows[0]?.fields).toEqual(fields);
      expect(source.unmatched.names).toEqual(unmatched);
    },
  );

  it('for dayzero, notes a header "address" beside "Address Line 1": both mean that column', async () => {
    const { source, rows } = await readText('Address Line 1,Address\n1 Main St,2 Side St\n', {
      target: 'dayzero',
    });
    expect(rows[0]?.fields).toEqual({ 'Address Line 1': '1 Main St' });
    expect(source.notes).toEqual([
      'columns 1 ("Address Line 1") and 2 ("Address") both mean Address Line 1; column 2 is ignored',
    ]);
  });

  it('for dayzero, --map may name "address" as the column a header means', async () => {
    const { rows } = await readText('Adresse\n12 rue X\n', {
      target: 'dayzero',
      map: [['Adresse', 'address']],
    });
    expect(rows[0]?.fields).toEqual({ 'Address Line 1': '12 rue X' });
  });

  it('for zenskar, --map "Adresse=address" is a usage error: "address" is no column there', () => {
    expect(() => resolveMap([['Adresse', 'address']], 'zenskar')).toThrow(
      '"address" is not a template column',
    );
  });
});

describe("DayZero's own credit_limit_cents as a CSV column", () => {
  // An integer of cents in DayZero's API and exports: read as Credit Limit's amount, exactly (BigInt).
  it.each([
    ['100050', { Name: 'A', 'Credit Limit': '1000.50' }, undefined],
    ['5', { Name: 'A', 'Credit Limit': '0.05' }, undefined],
    ['9007199254740991', { Name: 'A', 'Credit Limit': '90071992547409.91' }, undefined],
    ['', { Name: 'A', 'Credit Limit': '' }, undefined],
    [
      '12.5',
      { Name: 'A', 'Credit Limit': '' },
      [
        {
          field: 'Credit Limit',
          code: 'invalid_value',
          message:
            'credit_limit_cents "12.5" is not a whole number of cents: write the cents as digits only (100050 is 1000.50)',
        },
      ],
    ],
    [
      '-100',
      { Name: 'A', 'Credit Limit': '' },
      [
        {
          field: 'Credit Limit',
          code: 'invalid_value',
          message: 'credit_limit_cents "-100" is negative, and a credit limit cannot be below 0',
        },
      ],
    ],
  ])('for dayzero, reads %j as %j, with issues %j', async (cents, fields, issues) => {
    const { source, rows } = await readText(`Name,credit_limit_cents\nA,${cents}\n`, { target: 'dayzero' });
    expect(rows[0]?.fields).toEqual(fields);
    expect(rows[0]?.issues).toEqual(issues);
    expect(source.unmatched.names).toEqual([]);
  });

  it.each(['zenskar', 'ambiosys'] as const)(
    'for %s, matches nothing (no Credit Limit there)',
    async (target) => {
      const { source, rows } = await readText('Name,credit_limit_cents\nA,100050\n', { target });
      expect(rows[0]?.fields).toEqual({ Name: 'A' });
      expect(source.unmatched.names).toEqual(['credit_limit_cents']);
    },
  );

  // As with any two headers for one column: the first wins for every row, and the note names both.
  it.each([
    [
      'Credit Limit,credit_limit_cents\n5,100050\n',
      '5',
      'columns 1 ("Credit Limit") and 2 ("credit_limit_cents") both mean Credit Limit; column 2 is ignored',
    ],
    [
      'credit_limit_cents,Credit Limit\n100050,5\n',
      '1000.50',
      'columns 1 ("credit_limit_cents") and 2 ("Credit Limit") both mean Credit Limit; column 2 is ignored',
    ],
  ])('for dayzero, %j: the first column wins (%s) and is noted', async (text, amount, note) => {
    const { source, rows } = await readText(text, { target: 'dayzero' });
    expect(rows[0]?.fields).toEqual({ 'Credit Limit': amount });
    expect(rows[0]?.issues).toBeUndefined();
    expect(source.notes).toEqual([note]);
  });

  it.each<[MapEntries, string]>([
    [[['Limit', 'credit_limit_cents']], '1000.50'],
    [[['Limit', 'Credit Limit']], '100050'],
  ])('for dayzero, --map %j reads the header in the unit it names', async (map, amount) => {
    const { rows } = await readText('Limit\n100050\n', { target: 'dayzero', map });
    expect(rows[0]?.fields).toEqual({ 'Credit Limit': amount });
  });
});

describe('--map', () => {
  it.each<[MapEntries, string, Record<string, string>]>([
    [[['Kunde', 'Name']], 'Kunde,Email\nA,a@example.com\n', { Name: 'A', Email: 'a@example.com' }],
    [[['KUNDE ', 'name']], 'Kunde\nA\n', { Name: 'A' }],
    [[['Mail Address', 'Email']], 'Mail_Address\na@example.com\n', { Email: 'a@example.com' }],
    [[['Contact', 'customer_name']], 'Contact\nA\n', { Name: 'A' }],
  ])('%j maps a header the template does not know', async (map, text, fields) => {
    const { source, rows } = await readText(text, { map });
    expect(rows[0]?.fields).toEqual(fields);
    expect(source.unmatched.names).toEqual([]);
  });

  it('wins over a header that matches the same column by name, the note naming the entry', async () => {
    const { source, rows } = await readText('Name,Company\nJane,Acme\n', { map: [['Company', 'Name']] });
    expect(rows[0]?.fields).toEqual({ Name: 'Acme' });
    expect(source.notes).toEqual([
      '--map "Company=Name": columns 2 ("Company") and 1 ("Name") both mean Name; column 1 is ignored',
    ]);
    expect(source.unmatched.names).toEqual([]);
  });

  it('notes an entry that names a column the file lacks, quoting the entry as typed', async () => {
    const { source } = await readText('Name\nA\n', { map: [['Firma', 'Name']] });
    expect(source.notes).toEqual(['--map "Firma=Name": the file has no column "Firma"']);
  });

  it.each<[string, MapEntries, string, Record<string, string>]>([
    [
      'Name and Customer ID',
      [
        ['Company', 'Name'],
        ['Company', 'Customer ID'],
      ],
      'Company,Email\nAcme Corp,ap@acme.example\n',
      { Name: 'Acme Corp', 'Customer ID': 'Acme Corp', Email: 'ap@acme.example' },
    ],
    [
      'Email and Customer ID',
      [
        ['Email', 'Email'],
        ['Email', 'Customer ID'],
      ],
      'Name,Email\nAcme,ap@acme.example\n',
      { Name: 'Acme', Email: 'ap@acme.example', 'Customer ID': 'ap@acme.example' },
    ],
    [
      'one column, given twice (once by an alias)',
      [
        ['Company', 'Name'],
        ['company', 'customer_name'],
      ],
      'Company\nAcme Corp\n',
      { Name: 'Acme Corp' },
    ],
  ])('feeds each column a header is mapped to: %s', async (_, map, text, fields) => {
    const { source, rows } = await readText(text, { map });
    expect(rows[0]?.fields, 'an entry was dropped').toEqual(fields);
    expect(source.notes).toEqual([]);
  });

  it('says which column a header mapped to two still feeds, when another column wins one of them', async () => {
    const { source, rows } = await readText('Firma,Company\nFirst,Second\n', {
      map: [
        ['Firma', 'Name'],
        ['Company', 'Name'],
        ['Company', 'Customer ID'],
      ],
    });
    expect(rows[0]?.fields).toEqual({ Name: 'First', 'Customer ID': 'Second' });
    expect(source.notes).toEqual([
      '--map "Firma=Name" and --map "Company=Name": columns 1 ("Firma") and 2 ("Company") both mean Name; column 2 feeds Customer ID only',
    ]);
  });

  it.each<[string, string, MapEntries, string[]]>([
    [
      'a header mapped away from the column it matches, which then has none',
      'Name,Email\nA,a@example.com\n',
      [['Email', 'Customer ID']],
      [
        '--map "Email=Customer ID": the file\'s column "Email" now feeds Customer ID, so no column feeds Email; add --map "Email=Email" if it should feed Email too',
      ],
    ],
    [
      'the same, spelt otherwise in the file and mapped to two columns',
      'Name,E-mail\nA,a@example.com\n',
      [
        ['email', 'Customer ID'],
        ['email', 'Phone'],
      ],
      [
        '--map "email=Customer ID" and --map "email=Phone": the file\'s column "E-mail" now feeds Customer ID and Phone, so no column feeds Email; add --map "email=Email" if it should feed Email too',
      ],
    ],
    [
      'nothing when the header still feeds that column too',
      'Name,Email\nA,a@example.com\n',
      [
        ['Email', 'Customer ID'],
        ['Email', 'Email'],
      ],
      [],
    ],
    [
      'nothing when another header matches that column',
      'Name,Email,Email Address\nA,a@example.com,b@example.com\n',
      [['Email', 'Customer ID']],
      [],
    ],
    [
      'nothing when another header is mapped to that column',
      'Name,Email,Work Mail\nA,a@example.com,b@example.com\n',
      [
        ['Email', 'Customer ID'],
        ['Work Mail', 'Email'],
      ],
      [],
    ],
  ])('notes %s', async (_, text, map, notes) => {
    const { source } = await readText(text, { map });
    expect(source.notes).toEqual(notes);
  });

  it.each<[string, string, MapEntries, Record<string, string>, string[]]>([
    [
      'a header as written, beside one that differs by a hyphen',
      'Name,Email,E-mail\nAcme,billing@acme.example,CUST-42\n',
      [['E-mail', 'Customer ID']],
      { Name: 'Acme', Email: 'billing@acme.example', 'Customer ID': 'CUST-42' },
      [],
    ],
    [
      'the other one of the two, as written',
      'Name,Email,E-mail\nAcme,CUST-42,billing@acme.example\n',
      [['Email', 'Customer ID']],
      { Name: 'Acme', 'Customer ID': 'CUST-42', Email: 'billing@acme.example' },
      [],
    ],
    [
      'each of the two, by an entry of its own',
      'Name,Email,E-mail\nAcme,billing@acme.example,CUST-42\n',
      [
        ['Email', 'Email'],
        ['E-mail', 'Customer ID'],
      ],
      { Name: 'Acme', Email: 'billing@acme.example', 'Customer ID': 'CUST-42' },
      [],
    ],
    [
      'a header but for case, beside one that differs by more',
      'Name,Email,E-MAIL\nAcme,billing@acme.example,CUST-42\n',
      [['e-mail', 'Customer ID']],
      { Name: 'Acme', Email: 'billing@acme.example', 'Customer ID': 'CUST-42' },
      [],
    ],
    [
      'a header as written, beside one that differs by case only',
      'Name,email,EMAIL\nAcme,billing@acme.example,CUST-42\n',
      [['EMAIL', 'Customer ID']],
      { Name: 'Acme', Email: 'billing@acme.example', 'Customer ID': 'CUST-42' },
      [],
    ],
    [
      'a header as written, beside one that differs by an invisible character',
      'Name,Email\u200b,Email\nAcme,billing@acme.example,CUST-42\n',
      [['Email', 'Customer ID']],
      { Name: 'Acme', Email: 'billing@acme.example', 'Customer ID': 'CUST-42' },
      [],
    ],
    [
      'one header twice: both columns, the first winning as ever',
      'Name,Ref,Ref\nAcme,C-1,C-2\n',
      [['ref', 'Customer ID']],
      { Name: 'Acme', 'Customer ID': 'C-1' },
      ['--map "ref=Customer ID": columns 2 ("Ref") and 3 ("Ref") both mean Customer ID; column 3 is ignored'],
    ],
  ])('picks the header an entry names most closely: %s', async (_, text, map, fields, notes) => {
    const { source, rows } = await readText(text, { map });
    expect(rows[0]?.fields, 'the entry fed another column').toEqual(fields);
    expect(source.notes).toEqual(notes);
  });

  it.each<[string, string, MapEntries, string]>([
    [
      'E_mail for E-mail and E.mail, matched loosely',
      'Name,E-mail,E.mail\nAcme,a,b\n',
      [['E_mail', 'Customer ID']],
      '--map "E_mail=Customer ID": "E_mail" may mean column 2 ("E-mail") or column 3 ("E.mail"); write the header as the file spells it',
    ],
    [
      'email for Email and EMAIL, matched but for case',
      'Name,Email,EMAIL\nAcme,a,b\n',
      [['email', 'Customer ID']],
      '--map "email=Customer ID": "email" may mean column 2 ("Email") or column 3 ("EMAIL"); write the header as the file spells it',
    ],
    [
      'three headers, one holding an invisible character (shown)',
      'Name,E-mail,Email\u200b,E mail\nAcme,a,b,c\n',
      [['e_mail', 'Customer ID']],
      '--map "e_mail=Customer ID": "e_mail" may mean column 2 ("E-mail"), column 3 ("Email<U+200B>") or column 4 ("E mail"); write the header as the file spells it',
    ],
  ])(
    'refuses an entry that matches two headers equally closely, naming them (exit 2): %s',
    async (_, text, map, message) => {
      const read = readText(text, { map });
      await expect(read).rejects.toThrow(UsageError);
      await expect(readText(text, { map })).rejects.toThrow(message);
    },
  );

  it.each<[string, MapEntries, string, TargetName]>([
    ['an unknown column', [['Kunde', 'Nom']], '--map "Kunde=Nom": "Nom" is not a template column', 'zenskar'],
    [
      'an unknown column holding an invisible character, shown',
      [['Kunde', 'Na\u200bme\u200bX']],
      '"Na<U+200B>me<U+200B>X" is not a template column',
      'zenskar',
    ],
    ['an empty header', [['', 'Name']], 'the header before "=" is empty', 'zenskar'],
    [
      'a header of invisible characters only, shown',
      [['\u200b', 'Name']],
      '--map "<U+200B>=Name": the header before "=" is empty',
      'zenskar',
    ],
    [
      'one header for one column in two units',
      [
        ['Limit', 'credit_limit_cents'],
        ['Limit', 'Credit Limit'],
      ],
      '--map "Limit=credit_limit_cents" and --map "Limit=Credit Limit" read one column in two units; keep one of them',
      'dayzero',
    ],
  ])('%s is a usage error', (_, map, message, target) => {
    expect(() => resolveMap(map, target)).toThrow(UsageError);
    expect(() => resolveMap(map, target)).toThrow(message);
  });
});

describe('a header holding characters no one sees (exports from CRMs and spreadsheets)', () => {
  it.each([
    ['a zero-width space after it', 'Email\u200b', 'Email'],
    ['a left-to-right mark before it', '\u200eName', 'Name'],
    ['a soft hyphen inside it', 'Cus\u00adtomer ID', 'Customer ID'],
    ['a word joiner', 'Email\u2060', 'Email'],
    ['a byte-order mark (not the first bytes of the file)', 'Email\ufeff', 'Email'],
    ['a variation selector', 'Phone\ufe0f', 'Phone'],
    ['a Hangul filler', 'City\u3164', 'City'],
  ])('matches a header with %s as if it were not there', async (_, header, column) => {
    const { source, rows } = await readText(`${header}\nvalue\n`);
    expect(rows[0]?.fields).toEqual({ [column]: 'value' });
    expect(source.unmatched.names).toEqual([]);
  });

  it('does not ignore a format character that shows (U+0600 ARABIC NUMBER SIGN)', async () => {
    const { source } = await readText('\u0600Name\nvalue\n');
    expect(source.unmatched.names).toEqual(['\u0600Name']);
  });

  it('lets --map find such a header as the template does', async () => {
    const { source, rows } = await readText('Name,Fir\u200bma\nA,B\n', {
      map: [['Firma', 'Customer ID']],
    });
    expect(rows[0]?.fields).toEqual({ Name: 'A', 'Customer ID': 'B' });
    expect(source.notes, 'the entry found its column').toEqual([]);
  });

  it.each<[string, string, MapEntries, string]>([
    [
      'two columns for one',
      'Email\u00ad,Email\u200b\na@example.com,b@example.com\n',
      [],
      'columns 1 ("Email<U+00AD>") and 2 ("Email<U+200B>") both mean Email; column 2 is ignored',
    ],
    [
      'an entry whose header the file lacks',
      'Name\nA\n',
      [['Fir\u200bma', 'Name']],
      '--map "Fir<U+200B>ma=Name": the file has no column "Fir<U+200B>ma"',
    ],
  ])('shows them in the note about %s', async (_, text, map, note) => {
    const { source } = await readText(text, { map });
    expect(source.notes).toEqual([note]);
  });

  it('takes a header of invisible characters only for no header', async () => {
    const { source } = await readText('Name,\u200b\u2060\nA,x\n');
    expect(source.notes).toEqual(['column 2 has no header; it is ignored']);
    expect(source.unmatched.names).toEqual([]);
  });
});

describe('a report imported again', () => {
  const REPORT =
    'zcust_row,zcust_status,zcust_customer_id,zcust_error_code,zcust_error,Name,Email,Custom Data\n' +
    '2,created,cus_1,,,A,a@example.com,\n' +
    `3,invalid,,invalid_email,Email: not an address,'=SUM(1),b@,"'@x"\n` +
    `4,,,,,'+C,c@example.com,'-1\n`;

  it('is recognised by its zcust_* columns, which stay out of columns and raw', async () => {
    const { source, rows } = await readText(REPORT);
    expect(source.isReport).toBe(true);
    expect(source.columns).toEqual(['Name', 'Email', 'Custom Data']);
    expect(source.unmatched.names).toEqual([]);
    expect(rows.map((r) => r.raw)).toEqual([
      ['A', 'a@example.com', ''],
      ['=SUM(1)', 'b@', '@x'],
      ['+C', 'c@example.com', '-1'],
    ]);
  });

  it('undoes the formula neutralisation in fields', async () => {
    const { rows } = await readText(REPORT);
    expect(rows[1]?.fields).toEqual({ Name: '=SUM(1)', Email: 'b@', 'Custom Data': '@x' });
  });

  it.each(FORMULA_STARTS)(
    'undoes the neutralisation of a header starting with %s, so that --map and matching see it as written',
    async (_, first) => {
      const header = `${first}Mail`;
      const { source, rows } = await readText(`zcust_status,Name,"'${header}"\ninvalid,A,a@example.com\n`, {
        map: [[header, 'Email']],
      });
      expect(source.columns).toEqual(['Name', header]);
      expect(rows[0]?.fields).toEqual({ Name: 'A', Email: 'a@example.com' });
      expect(source.notes, 'the --map entry found its column').toEqual([]);
      expect(source.unmatched.names).toEqual([]);
    },
  );

  it('matches a neutralised header as written (-E-mail- is Email) without --map', async () => {
    const { rows } = await readText("zcust_status,Name,'-E-mail-\ninvalid,A,a@example.com\n");
    expect(rows[0]?.fields).toEqual({ Name: 'A', Email: 'a@example.com' });
  });

  it('fills previous from the earlier status, customer ID and error code, and only where there is a status', async () => {
    const { rows } = await readText(REPORT);
    expect(rows.map((r) => r.previous)).toEqual([
      { status: 'created', customerId: 'cus_1' },
      { status: 'invalid', errorCode: 'invalid_email' },
      undefined,
    ]);
  });

  it.each([
    ['CREATED', 'created'],
    ['Skipped', 'skipped'],
    ['NOT_ATTEMPTED', 'not_attempted'],
  ])('takes the status %j in any case, as %j', async (written, status) => {
    const { rows } = await readText(`zcust_status,zcust_customer_id,Name\n${written},cus_1,A\n`);
    expect(rows[0]?.previous).toEqual({ status, customerId: 'cus_1' });
  });

  it('warns once, naming the rows and the statuses zcust writes, where zcust_status holds another value', async () => {
    const { source, rows } = await readText(
      'zcust_status,zcust_customer_id,Name\ndone,cus_1,A\ncreated,cus_2,B\nDone,cus_3,C\nok,,D\n',
    );
    expect(
      rows.map((r) => r.previous),
      'rows with an unknown status are rows to import',
    ).toEqual([undefined, { status: 'created', customerId: 'cus_2' }, undefined, undefined]);
    expect(source.notes).toEqual([
      'zcust_status holds "done", "Done", "ok" on rows 2, 4, 5, which is not a status zcust writes (created, skipped, valid, invalid, duplicate, failed, not_attempted; in any case): read as rows to import, without their zcust_customer_id',
    ]);
  });

  it('numbers its rows afresh, as lines of the new file', async () => {
    const { rows } = await readText(REPORT);
    expect(rows.map((r) => r.row)).toEqual([2, 3, 4]);
  });

  it('leaves a quote before ordinary text alone', async () => {
    const { rows } = await readText("zcust_status,Name\nfailed,'Quoted'\n");
    expect(rows[0]?.fields.Name).toBe("'Quoted'");
  });

  it('is not assumed for an ordinary file that quotes a formula-like value', async () => {
    const { source, rows } = await readText("Name\n'=A\n");
    expect(source.isReport).toBe(false);
    expect(rows[0]?.fields.Name).toBe("'=A");
  });
});

describe('planColumns', () => {
  it('reads template columns by file index and keeps the file order', () => {
    const plan = planColumns(['Email', 'zcust_status', 'Name'], resolveMap(undefined));
    expect(plan.fieldIndexes).toEqual([
      ['Email', 0],
      ['Name', 2],
    ]);
    expect(plan.originalIndexes).toEqual([0, 2]);
    expect(plan.report).toEqual({ status: 1 });
  });
});

describe('a header wider than a spreadsheet', () => {
  /** A header of `width` columns, Name and Email first, then `extra` (a report's own columns, say). */
  const headerOf = (width: number, extra: readonly string[] = []) =>
    ['Name', 'Email', ...Array.from({ length: width - 2 }, (_, i) => `c${i}`), ...extra].join(',');
  const REPORT_COLUMNS = [
    'zcust_row',
    'zcust_status',
    'zcust_customer_id',
    'zcust_error_code',
    'zcust_error',
  ];

  // Every row is as wide as the header in the report: a million columns cost about 1 MB a row.
  it.each([
    ['16,384 columns, on this thread', headerOf(16_384), false],
    ['16,384 columns, on a worker', headerOf(16_384), true],
    [
      'a report of a 16,384-column file, whose zcust_* columns do not count',
      headerOf(16_384, REPORT_COLUMNS),
      false,
    ],
    [
      "a JSON input's report, whose zcust_json does not count",
      headerOf(16_384, [...REPORT_COLUMNS, 'zcust_json']),
      false,
    ],
  ])('reads %s', async (_name, header, parseOnWorker) => {
    const { source, rows } = await readText(`${header}\nAnn,ann@example.com\n`, { parseOnWorker });
    expect(source.columns.length, 'the columns read').toBeGreaterThanOrEqual(16_384);
    expect(
      rows.map((r) => r.fields),
      'the row',
    ).toEqual([{ Name: 'Ann', Email: 'ann@example.com' }]);
  });

  it.each([
    ['16,385 columns, on this thread', headerOf(16_385), false, '16,385'],
    ['16,385 columns, on a worker', headerOf(16_385), true, '16,385'],
    ['a million columns', headerOf(1_000_000), true, '1,000,000'],
    ['16,385 columns beside the zcust_* ones of a report', headerOf(16_385, REPORT_COLUMNS), false, '16,385'],
    // Each zcust_json is echoed in every row of the report, as the input's own columns are: only the first is free.
    [
      'a zcust_* column repeated past the limit',
      headerOf(3, Array(16_383).fill('zcust_json')),
      false,
      '16,385',
    ],
  ])('refuses %s, naming the count and the limit', async (_name, header, parseOnWorker, count) => {
    const reading = readText(`${header}\nAnn,ann@example.com\n`, { parseOnWorker });
    await expect(reading, 'a usage error').rejects.toThrow(UsageError);
    await expect(reading, 'the message').rejects.toThrow(
      `cannot read standard input: its header has ${count} columns, more than the 16,384 a spreadsheet can hold (Excel's limit)`,
    );
  });
});
