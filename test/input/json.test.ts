import { describe, expect, it } from 'vitest';
import { validateRow } from '../../src/customer/schema.js';
import { NO_JSON_ARRAY } from '../../src/input/json.js';
import { JSON_COLUMNS } from '../../src/input/json-rows.js';
import { jsonValueText } from '../../src/input/json-shapes.js';
import { jurisdictionOfTaxCountry } from '../../src/input/json-tax-info.js';
import { MAX_RECORD_CHARS, MAX_RECORD_TEXT } from '../../src/input/limits.js';
import { type InputOptions, openInput } from '../../src/input/open.js';
import type { MapEntries } from '../../src/input/types.js';
import { ALL_COLUMNS } from '../../src/template.js';
import { MAX_JSON_LEVELS } from '../../src/util/exact-json.js';
import { codes, readText, stdinOf, useTempDir } from './helpers.js';

const API_CUSTOMER = {
  customer_name: 'Acme GmbH',
  external_id: 'ACME-1',
  email: 'billing@acme.example',
  phone_number: '+49 30 1234',
  address: {
    line1: 'Hauptstr. 1',
    line2: '',
    city: 'Berlin',
    state: 'BE',
    zipCode: '10115',
    country: 'Germany',
    country_code: 'DE',
  },
  ship_to_address: { line1: 'Lager 2', city: 'Potsdam', zipCode: '14467', country_code: 'DE' },
  tax_info: [
    { country_code: 'DE', tax_code: 'VAT', tax_id: 'DE136695976' },
    { country_code: 'IN', tax_code: 'GST', tax_id: '27AAPFU0939F1ZV' },
  ],
  custom_data: { tier: 'gold', seats: 12 },
  auto_charge_enabled: true,
  communications_enabled: false,
  business_entity_id: null,
};

const API_FIELDS = {
  Name: 'Acme GmbH',
  'Customer ID': 'ACME-1',
  Email: 'billing@acme.example',
  Phone: '+49 30 1234',
  'Address Line 1': 'Hauptstr. 1',
  'Address Line 2': '',
  City: 'Berlin',
  State: 'BE',
  'Zip Code': '10115',
  Country: 'Germany',
  'Country Code': 'DE',
  'Ship To Address Line 1': 'Lager 2',
  'Ship To City': 'Potsdam',
  'Ship To Zip Code': '14467',
  'Ship To Country Code': 'DE',
  'Tax Jurisdiction': 'EU',
  'Tax ID': 'DE136695976',
  'Tax Jurisdiction 2': 'IND',
  'Tax ID 2': '27AAPFU0939F1ZV',
  'Custom Data': '{"tier":"gold","seats":12}',
  'Auto Charge': 'true',
  'Email Communications': 'false',
  'Business Entity ID': '',
};

const files = useTempDir();

const json = (format: 'json' | 'ndjson', text: string, chunkSize?: number) =>
  readText(text, chunkSize === undefined ? { format } : { format, chunkSize });

const DAYZERO = { target: 'dayzero' } as const;
/** What an NDJSON line that is part of a JSON array advises. */
const ONE_ARRAY = 'if the file is one JSON array, read it with --format json';

/** Each object read from a JSON array and an NDJSON line alike. */
async function readBoth(object: string, options: Partial<InputOptions> = {}) {
  const results = [];
  for (const [format, text] of [
    ['json', `[${object}]`],
    ['ndjson', object],
  ] as const) {
    results.push({ format, ...(await readText(text, { format, ...options })) });
  }
  return results;
}

/** The notes of `objects` read with `map`, as the elements of a JSON array and as NDJSON lines. */
async function notesOfBoth(objects: readonly string[], map: MapEntries) {
  const read = (format: 'json' | 'ndjson', text: string) =>
    readText(text, { format, map }).then(({ source }) => source.notes);
  return {
    json: await read('json', `[${objects.join(',')}]`),
    ndjson: await read('ndjson', objects.join('\n')),
  };
}

/** Reads `line` as an NDJSON file's second line, between two that are read, and returns its message. */
async function messageBetweenGoodLines(line: string): Promise<string | undefined> {
  const { rows } = await json('ndjson', `{"Name":"Z"}\n${line}\n{"Name":"C"}\n`);
  expect(
    rows.map((r) => [r.row, r.fields.Name ?? codes(r)[0]]),
    'the line is one malformed row, the lines around it read',
  ).toEqual([
    [2, 'Z'],
    [3, 'malformed_input'],
    [4, 'C'],
  ]);
  return rows[1]?.issues?.[0]?.message;
}

describe('JSON array', () => {
  it('reads the Zenskar API shape: nested addresses, tax_info pairs, custom_data as JSON text', async () => {
    const { rows } = await json('json', JSON.stringify([API_CUSTOMER]));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.row).toBe(2);
    expect(rows[0]?.fields).toEqual(API_FIELDS);
  });

  // Stripe's customer export nests `address` with `postal_code`; other exports say `zip`, `postcode`, `street`.
  it.each([
    [
      'Stripe',
      { line1: '510 Townsend St', city: 'San Francisco', postal_code: '94103' },
      'Address Line 1',
      '510 Townsend St',
    ],
    ['Stripe', { line1: '510 Townsend St', postal_code: '94103' }, 'Zip Code', '94103'],
    ['another export', { street: '1 Main St', zip: '02134' }, 'Address Line 1', '1 Main St'],
    ['another export', { street: '1 Main St', zip: '02134' }, 'Zip Code', '02134'],
    ['a British export', { postcode: 'SW1A 1AA' }, 'Zip Code', 'SW1A 1AA'],
    // A CRM's export nests the headers it would write flat: each is the column the flat header is.
    ['a CRM', { Province: 'ON' }, 'State', 'ON'],
    ['a CRM', { 'State/Province': 'QC' }, 'State', 'QC'],
    ['a CRM', { 'Address 1': '24 Sussex Dr' }, 'Address Line 1', '24 Sussex Dr'],
    ['a CRM', { 'Postal Code': 'K1M 1M4' }, 'Zip Code', 'K1M 1M4'],
    ['a CRM', { 'Country Name': 'Canada' }, 'Country', 'Canada'],
  ])('reads a nested address as %s writes it: %j gives %s', async (_, address, column, value) => {
    const { rows, source } = await json(
      'json',
      JSON.stringify([{ Name: 'A', address, ship_to_address: address }]),
    );
    expect(rows[0]?.fields[column], column).toBe(value);
    expect(rows[0]?.fields[`Ship To ${column}`], `Ship To ${column}`).toBe(value);
    expect(source.unmatched.names, 'keys ignored').toEqual([]);
  });

  it('reads template column names and turns numbers and booleans into text', async () => {
    const { rows } = await json(
      'json',
      '[{"Name":" A ","Zip Code":"00123","Credit Limit":1000.5,"Auto Charge":false}]',
    );
    expect(rows[0]?.fields).toEqual({
      Name: 'A',
      'Zip Code': '00123',
      'Credit Limit': '1000.5',
      'Auto Charge': 'false',
    });
  });

  it.each(['json', 'ndjson'] as const)(
    'keeps every digit of a number a JavaScript number would change (%s)',
    async (format) => {
      const object =
        '{"Name":"A","Customer ID":12345678901234567890,"Phone":1.2345678901234567890,"custom_data":{"n":98765432109876543210}}';
      const { rows } = await json(format, format === 'json' ? `[${object}]` : object);
      expect(rows[0]?.fields).toEqual({
        Name: 'A',
        'Customer ID': '12345678901234567890',
        Phone: '1.2345678901234567890',
        'Custom Data': '{"n":98765432109876543210}',
      });
    },
  );

  it.each(['json', 'ndjson'] as const)(
    'keeps every number as written, not as a JavaScript number would print it (%s)',
    async (format) => {
      const object =
        '{"Name":"A","Customer ID":1.10,"Zip Code":1e2,"Phone":-0,"Credit Limit":1.5E3,"custom_data":{"n":2.50},"x":{"y":7.0}}';
      const { rows } = await json(format, format === 'json' ? `[${object}]` : object);
      expect(rows[0]?.fields).toEqual({
        Name: 'A',
        'Customer ID': '1.10',
        'Zip Code': '1e2',
        Phone: '-0',
        'Credit Limit': '1.5E3',
        'Custom Data': '{"n":2.50}',
      });
    },
  );

  it.each(['json', 'ndjson'] as const)(
    'tells apart Customer IDs a JavaScript number would make one, 1.10 and 1.1 (%s)',
    async (format) => {
      const objects = ['{"Name":"A","Customer ID":1.10}', '{"Name":"B","Customer ID":1.1}'];
      const { rows } = await json(format, format === 'json' ? `[${objects.join(',')}]` : objects.join('\n'));
      expect(rows.map((r) => r.fields['Customer ID'])).toEqual(['1.10', '1.1']);
    },
  );

  it.each(['json', 'ndjson'] as const)(
    'a key with a number nested under an unknown key is one unmatched key (%s)',
    async (format) => {
      const object = '{"Name":"A","loyalty":{"points":12345678901234567890}}';
      const { source } = await json(format, format === 'json' ? `[${object}]` : object);
      expect(source.unmatched).toEqual({ names: ['loyalty.points'], more: 0 });
    },
  );

  it('echoes every column an object can fill as raw, in the columns order', async () => {
    const { source, rows } = await json('json', '[{"Name":"A","Website":"https://a.example"}]');
    expect(source.columns).toEqual([...ALL_COLUMNS.map((c) => c.name), 'zcust_json']);
    expect(rows[0]?.raw).toHaveLength(JSON_COLUMNS.length);
    expect(rows[0]?.raw[0]).toBe('A');
    expect(rows[0]?.raw[JSON_COLUMNS.indexOf('Website')]).toBe('https://a.example');
  });

  it.each([
    ['template names', '[{"Name":"A","Tax Jurisdiction 2":"AUS","Tax ID 2":"51 824 753 556"}]'],
    [
      'a second tax_info item',
      '[{"customer_name":"A","tax_info":[{"country_code":"DE","tax_id":"DE136695976"},{"country_code":"AU","tax_id":"51 824 753 556"}]}]',
    ],
  ])('keeps a second tax pair in raw, for the report (%s)', async (_, text) => {
    const { rows } = await json('json', text);
    expect(rows[0]?.raw[JSON_COLUMNS.indexOf('Tax Jurisdiction 2')]).toBe('AUS');
    expect(rows[0]?.raw[JSON_COLUMNS.indexOf('Tax ID 2')]).toBe('51 824 753 556');
  });

  it('reads UTF-16 with a BOM like UTF-8', async () => {
    const text = '[{"name":"Zoë","city":"Kraków"}]';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const { rows } = await readText(bytes, { format: 'json', chunkSize: 3 });
    expect(rows[0]?.fields).toEqual({ Name: 'Zoë', City: 'Kraków' });
  });

  it('numbers elements index + 2, across chunk boundaries', async () => {
    const text = JSON.stringify(
      Array.from({ length: 50 }, (_, i) => ({ name: `Customer ${i}` })),
      null,
      2,
    );
    const { rows } = await json('json', text, 13);
    expect(rows.map((r) => r.row)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    expect(rows[49]?.fields).toEqual({ Name: 'Customer 49' });
  });

  it('lists the keys that match nothing once rows have been read', async () => {
    const { source } = await json(
      'json',
      '[{"name":"A","colour":"red","meta":{"x":1}},{"name":"B","colour":"blue"}]',
    );
    expect(source.unmatched).toEqual({ names: ['colour', 'meta.x'], more: 0 });
  });

  it('notes, once, a second key of an object for a column already given, and keeps the first', async () => {
    const { source, rows } = await json(
      'json',
      '[{"Email":"a@x.io","email":"b@x.io"},{"Email":"c@x.io","email":"d@x.io"},{"Email":"e@x.io","email":"e@x.io"}]',
    );
    expect(rows.map((r) => r.fields.Email)).toEqual(['a@x.io', 'c@x.io', 'e@x.io']);
    expect(source.notes).toEqual([
      'the keys "Email" and "email" of one object both mean Email (first in row 2); the first wins, "email" is ignored',
    ]);
  });

  it('notes an address key that means a column another key of the address gives, as two flat keys are; the first wins', async () => {
    const { source, rows } = await json('json', '[{"Name":"A","address":{"state":"CA","Province":"ON"}}]');
    expect(rows[0]?.fields).toEqual({ Name: 'A', State: 'CA' });
    expect(source.notes).toEqual([
      'the keys "address.state" and "address.Province" of one object both mean State (first in row 2); the first wins, "address.Province" is ignored',
    ]);
  });

  it.each([
    ['a ship-to header in the billing address', '{"Shipping City":"Oakland"}', 'address.Shipping City'],
    ['a column that is no part of an address', '{"Email":"a@x.io"}', 'address.Email'],
  ])('lists as matching nothing %s', async (_, address, key) => {
    const { source, rows } = await json('json', `[{"Name":"A","address":${address}}]`);
    expect(rows[0]?.fields).toEqual({ Name: 'A' });
    expect(source.unmatched.names).toEqual([key]);
  });

  it('lets --map send an address key where it says, over the column its flat header is', async () => {
    const { rows } = await readText('[{"Name":"A","address":{"Province":"ON"}}]', {
      format: 'json',
      map: [['address.Province', 'Ship To State']],
    });
    expect(rows[0]?.fields).toEqual({ Name: 'A', 'Ship To State': 'ON' });
  });

  it('matches a key holding an invisible character as the header would be, and shows the character in notes', async () => {
    const { source, rows } = await json('json', '[{"Email":"a@x.io","Email\\u200b":"b@x.io"}]');
    expect(rows[0]?.fields).toEqual({ Email: 'a@x.io' });
    expect(source.notes).toEqual([
      'the keys "Email" and "Email<U+200B>" of one object both mean Email (first in row 2); the first wins, "Email<U+200B>" is ignored',
    ]);
  });

  it.each([
    [
      'a Zenskar key null before a template column',
      '{"Name":"A","external_id":null,"phone_number":null,"address":{"city":null},"Customer ID":"C-77","Phone":"+1 555 0100","City":"Boston"}',
      { Name: 'A', 'Customer ID': 'C-77', Phone: '+1 555 0100', City: 'Boston' },
    ],
    ['a blank Name before a name', '{"Name":"","name":"Real"}', { Name: 'Real' }],
    [
      'blank Custom Data before custom_data',
      '{"Name":"A","Custom Data":"  ","custom_data":{"tier":"gold"}}',
      { Name: 'A', 'Custom Data': '{"tier":"gold"}' },
    ],
    [
      'a tax_info item of nulls before the flat pair',
      '{"Name":"A","tax_info":[{"country_code":null,"tax_id":null}],"Tax Jurisdiction":"AUS","Tax ID":"51 824 753 556"}',
      { Name: 'A', 'Tax Jurisdiction': 'AUS', 'Tax ID': '51 824 753 556' },
    ],
    // Empty as the validator means it (schema.ts: a value that shows nothing is empty), not only null and blank.
    [
      'an Email of U+200B before email',
      '{"Name":"E","Email":"\\u200b","email":"e@x.com"}',
      { Email: 'e@x.com' },
    ],
    [
      'an external_id of U+200B before Customer ID',
      '{"Name":"F","external_id":"\\u200b","Customer ID":"C-9"}',
      { 'Customer ID': 'C-9' },
    ],
    ['a Name of U+200B before name', '{"Name":"\\u200b","name":"Real"}', { Name: 'Real' }],
    ['a Name of a word joiner and a ZWNJ', '{"Name":"\\u2060\\u200c","name":"Real"}', { Name: 'Real' }],
    ['a Name of a Hangul filler', '{"Name":"\\u3164","name":"Real"}', { Name: 'Real' }],
    ['a Name of control characters', '{"Name":"\\u0001\\u001f","name":"Real"}', { Name: 'Real' }],
    [
      'a tax_id of U+200B before Tax ID',
      '{"Name":"A","tax_info":{"tax_id":"\\u200b"},"Tax ID":"X1"}',
      { 'Tax ID': 'X1' },
    ],
  ])(
    '%s: an empty key (null, blank, showing nothing) gives way to a later one with a value, unnoted',
    async (_, object, fields) => {
      for (const format of ['json', 'ndjson'] as const) {
        const { source, rows } = await json(format, format === 'json' ? `[${object}]` : object);
        expect(rows[0]?.fields, format).toMatchObject(fields);
        expect(source.notes, format).toEqual([]);
      }
    },
  );

  it.each([
    ['alone', '{"Name":"A","Email":"\\u200b"}'],
    ['before a null key', '{"Name":"A","Email":"\\u200b","email":null}'],
    ['after a blank key', '{"Name":"A","Email":" ","email":"\\u200b"}'],
    ['beside another that shows nothing', '{"Name":"A","Email":"\\u200b","email":"\\ufeff"}'],
  ])('an Email that shows nothing %s stays empty: valid, no e-mail, unnoted', async (_, object) => {
    for (const format of ['json', 'ndjson'] as const) {
      const { source, rows } = await json(format, format === 'json' ? `[${object}]` : object);
      const row = rows[0];
      if (row === undefined) throw new Error(`${format}: no row read`);
      expect(validateRow(row), format).toMatchObject({ customer: { name: 'A' }, errors: [] });
      expect(validateRow(row).customer, format).not.toHaveProperty('email');
      expect(source.notes, format).toEqual([]);
    }
  });

  it('keeps a value over a later key of its column that shows nothing, unnoted', async () => {
    const { source, rows } = await json('ndjson', '{"Name":"A","Email":"a@x.io","email":"\\u200b"}');
    expect(rows[0]?.fields).toEqual({ Name: 'A', Email: 'a@x.io' });
    expect(source.notes).toEqual([]);
  });

  it('names both keys of a column and the row where they first met, and keeps the first', async () => {
    const { source, rows } = await json(
      'ndjson',
      [
        '{"Name":"K1"}',
        '{"Name":"K2","tax_info":[{"country_code":"IN","tax_id":"27AAPFU0939F1ZV"}],"Tax Jurisdiction":"AUS","Tax ID":"51 824 753 556"}',
        '{"Name":"K3","tax_info":[{"country_code":"IN","tax_id":"27AAPFU0939F1ZV"}],"Tax Jurisdiction":"AUS","Tax ID":"51 824 753 556"}',
      ].join('\n'),
    );
    expect(rows[1]?.fields).toMatchObject({ 'Tax Jurisdiction': 'IND', 'Tax ID': '27AAPFU0939F1ZV' });
    expect(source.notes).toEqual([
      'the keys "tax_info[0].country_code" and "Tax Jurisdiction" of one object both mean Tax Jurisdiction (first in row 3); the first wins, "Tax Jurisdiction" is ignored',
      'the keys "tax_info[0].tax_id" and "Tax ID" of one object both mean Tax ID (first in row 3); the first wins, "Tax ID" is ignored',
    ]);
  });

  it.each([
    ['a top-level key', '{"Name":"A","Email":"a@x.io","Name":"B"}', { Name: 'A', Email: 'a@x.io' }, 'Name'],
    [
      'a key of an address',
      '{"Name":"A","address":{"city":"Oslo","city":"Bergen"}}',
      { Name: 'A', City: 'Oslo' },
      'address.city',
    ],
    [
      'a key of a tax_info item',
      '{"Name":"A","tax_info":[{"country_code":"IN","tax_id":"27AAPFU0939F1ZV","tax_id":"x"}]}',
      { Name: 'A', 'Tax Jurisdiction': 'IND', 'Tax ID': '27AAPFU0939F1ZV' },
      'tax_info[0].tax_id',
    ],
    [
      'a key of Custom Data',
      '{"Name":"A","custom_data":{"tier":"gold","tier":"silver","n":1}}',
      { Name: 'A', 'Custom Data': '{"tier":"gold","n":1}' },
      'custom_data.tier',
    ],
  ])(
    'keeps the first value of %s given twice in one object, and says so once',
    async (_, object, fields, key) => {
      for (const [format, text] of [
        ['json', `[${object},${object}]`],
        ['ndjson', `${object}\n${object}`],
      ] as const) {
        const { source, rows } = await json(format, text);
        expect(
          rows.map((r) => r.fields),
          format,
        ).toEqual([fields, fields]);
        expect(source.notes, format).toEqual([
          `the key "${key}" is given twice in one object (first in row 2): the first wins, the second is ignored`,
        ]);
      }
    },
  );

  it('reads a tax_info object as a list of one', async () => {
    const { rows } = await json(
      'json',
      '[{"name":"A","tax_info":{"country_code":"IN","tax_id":"27AAPFU0939F1ZV"}}]',
    );
    expect(rows[0]?.fields).toEqual({ Name: 'A', 'Tax Jurisdiction': 'IND', 'Tax ID': '27AAPFU0939F1ZV' });
  });

  it('cuts a key path nested 30 levels deep short in the list of keys that match nothing', async () => {
    const deep = `${'{"abc":'.repeat(30)}1${'}'.repeat(30)}`;
    const { source } = await json('json', `[{"name":"A","x":${deep}}]`);
    expect(source.unmatched.names).toEqual([`${`x${'.abc'.repeat(30)}`.slice(0, 80)}…`]);
  });

  it('applies --map to keys and nested key paths', async () => {
    const { rows } = await readText('[{"firma":"A","billing":{"street":"Main 1"}}]', {
      format: 'json',
      map: [
        ['firma', 'Name'],
        ['billing.street', 'Address Line 1'],
      ],
    });
    expect(rows[0]?.fields).toEqual({ Name: 'A', 'Address Line 1': 'Main 1' });
  });

  it('feeds every column --map sends one key to', async () => {
    const { rows } = await readText('[{"Company":"Acme Corp","Email":"ap@acme.example"}]', {
      format: 'json',
      map: [
        ['Company', 'Name'],
        ['Company', 'Customer ID'],
      ],
    });
    expect(rows[0]?.fields).toEqual({
      Name: 'Acme Corp',
      'Customer ID': 'Acme Corp',
      Email: 'ap@acme.example',
    });
  });

  const COMPANY_IS_NAME =
    '--map "Company=Name": the keys "Company" and "Name" of one object both mean Name (first in row 2); "Name" is ignored';
  it.each<[string, string, Record<string, string>, string[], string[]]>([
    [
      'a key --map sends to a column, after one that matches it by itself',
      '{"Name":"Jane Smith","Company":"Acme GmbH"}',
      { Name: 'Acme GmbH' },
      [],
      [COMPANY_IS_NAME],
    ],
    [
      'the same, before it',
      '{"Company":"Acme GmbH","Name":"Jane Smith"}',
      { Name: 'Acme GmbH' },
      [],
      [COMPANY_IS_NAME],
    ],
    [
      'a key --map sends there that is empty: it gives way, as any empty key does',
      '{"Name":"Jane Smith","Company":null}',
      { Name: 'Jane Smith' },
      [],
      [],
    ],
    [
      'a key replaced that was of the wrong type: its issue goes with it',
      '{"Name":{"first":"Jane"},"Company":"Acme GmbH"}',
      { Name: 'Acme GmbH' },
      [],
      [
        '--map "Company=Name": the keys "Company" and "Name" of one object both mean Name (first in row 2); "Name" is ignored',
      ],
    ],
    [
      'a key --map sends there of the wrong type: its issue stays',
      '{"Name":"Jane Smith","Company":["Acme"]}',
      { Name: '["Acme"]' },
      ['invalid_value'],
      [COMPANY_IS_NAME],
    ],
  ])(
    'lets --map win over a key that matches the column by itself, as a CSV header: %s',
    async (_, object, fields, issues, notes) => {
      for (const [format, text] of [
        ['json', `[${object}]`],
        ['ndjson', object],
      ] as const) {
        const { source, rows } = await readText(text, { format, map: [['Company', 'Name']] });
        expect(rows[0]?.fields, `${format}: the key that feeds Name`).toEqual(fields);
        expect(codes(rows[0]), format).toEqual(issues);
        expect(source.notes, format).toEqual(notes);
      }
    },
  );

  it.each<[string, string, [string, string][], Record<string, string>]>([
    [
      'a key named as written, beside one that differs by a hyphen',
      '{"Name":"Acme","Email":"billing@acme.example","E-mail":"CUST-42"}',
      [['E-mail', 'Customer ID']],
      { Name: 'Acme', Email: 'billing@acme.example', 'Customer ID': 'CUST-42' },
    ],
    [
      'a key named but for case, beside one that differs by more',
      '{"Name":"Acme","E-MAIL":"CUST-42","Email":"billing@acme.example"}',
      [['e-mail', 'Customer ID']],
      { Name: 'Acme', Email: 'billing@acme.example', 'Customer ID': 'CUST-42' },
    ],
    [
      'a key of an address named as written',
      '{"Name":"Acme","address":{"city":"Berlin","City":"Bezirk Mitte"}}',
      [['address.City', 'State']],
      { Name: 'Acme', City: 'Berlin', State: 'Bezirk Mitte' },
    ],
  ])('lets --map pick the key it names most closely: %s', async (_, object, map, fields) => {
    const { source, rows } = await readText(object, { format: 'ndjson', map });
    expect(rows[0]?.fields).toEqual(fields);
    expect(source.notes).toEqual([]);
  });

  const emailAway = (row: number, feeds = 'Customer ID', entries = '--map "email=Customer ID"') =>
    `${entries}: the key "email" now feeds ${feeds}, so no key feeds Email (first in row ${row}); add --map "email=Email" if it should feed Email too`;
  it.each<[string, MapEntries, string[], string[]]>([
    [
      'a key mapped away from the column it matches, which then has none',
      [['email', 'Customer ID']],
      ['{"Name":"A","email":"a@x.io"}'],
      [emailAway(2)],
    ],
    [
      'once, at the first object that has the key',
      [['email', 'Customer ID']],
      ['{"Name":"A"}', '{"Name":"B","email":"b@x.io"}', '{"Name":"C","email":"c@x.io"}'],
      [emailAway(3)],
    ],
    [
      'a key mapped to two columns',
      [
        ['email', 'Customer ID'],
        ['email', 'Phone'],
      ],
      ['{"Name":"A","email":"a@x.io"}'],
      [emailAway(2, 'Customer ID and Phone', '--map "email=Customer ID" and --map "email=Phone"')],
    ],
    [
      'a key of an address',
      [['address.city', 'State']],
      ['{"Name":"A","address":{"city":"Berlin"}}'],
      [
        '--map "address.city=State": the key "address.city" now feeds State, so no key feeds City (first in row 2); add --map "address.city=City" if it should feed City too',
      ],
    ],
    [
      'the Name key',
      [['name', 'Customer ID']],
      ['{"name":"A","email":"a@x.io"}'],
      [
        '--map "name=Customer ID": the key "name" now feeds Customer ID, so no key feeds Name (first in row 2); add --map "name=Name" if it should feed Name too',
      ],
    ],
    [
      'the object that leaves the column without a key, not one where another key feeds it',
      [['email', 'Customer ID']],
      ['{"Name":"A","email":"a@x.io","Email Address":"b@x.io"}', '{"Name":"B","email":"c@x.io"}'],
      [emailAway(3)],
    ],
    [
      'nothing when the key still feeds the column too',
      [
        ['email', 'Customer ID'],
        ['email', 'Email'],
      ],
      ['{"Name":"A","email":"a@x.io"}'],
      [],
    ],
    [
      'nothing when another key of the object feeds the column',
      [['email', 'Customer ID']],
      ['{"Name":"A","email":"a@x.io","Email Address":"b@x.io"}'],
      [],
    ],
  ])(
    'warns, as of a CSV header, of a key --map sends away from its column: %s',
    async (_, map, objects, notes) => {
      expect(await notesOfBoth(objects, map), 'the notes of a key mapped away').toEqual({
        json: notes,
        ndjson: notes,
      });
    },
  );

  it.each<[string, MapEntries, string[], string[]]>([
    [
      'one entry',
      [['Firma', 'Name']],
      ['{"Name":"A","Email":"a@x.io"}', '{"Name":"B"}'],
      ['--map "Firma=Name": no object has the key "Firma"'],
    ],
    [
      'one key for two columns, each entry named',
      [
        ['Kundennummer', 'Customer ID'],
        ['Kundennummer', 'Phone'],
      ],
      ['{"Name":"A"}'],
      [
        '--map "Kundennummer=Customer ID" and --map "Kundennummer=Phone": no object has the key "Kundennummer"',
      ],
    ],
    [
      'each entry, in the order given, not one whose key some object has',
      [
        ['Firma', 'Name'],
        ['email', 'Email'],
        ['Kundennummer', 'Phone'],
      ],
      ['{"Name":"A","email":"a@x.io"}'],
      [
        '--map "Firma=Name": no object has the key "Firma"',
        '--map "Kundennummer=Phone": no object has the key "Kundennummer"',
      ],
    ],
    [
      'nothing when only the last object has the key',
      [['Firma', 'Name']],
      ['{"Name":"A"}', '{"Firma":"B"}'],
      [],
    ],
    [
      'nothing for a key matched loosely',
      [['Kunden-Nr', 'Customer ID']],
      ['{"Name":"A","kunden_nr":"K1"}'],
      [],
    ],
    [
      'nothing for a key of an address object',
      [['address.Province', 'State']],
      ['{"Name":"A","address":{"Province":"ON"}}'],
      [],
    ],
  ])(
    'warns, as of a CSV header, of an --map entry whose key no object has: %s',
    async (_, map, objects, notes) => {
      expect(await notesOfBoth(objects, map), 'the notes once every object is read').toEqual({
        json: notes,
        ndjson: notes,
      });
    },
  );

  it('warns of an --map entry whose key no object has only once every object is read', async () => {
    const text = '[{"Name":"A"},{"Name":"B"}]';
    const map: MapEntries = [['Firma', 'Name']];
    const source = await openInput({ path: '-', format: 'json', stdin: stdinOf(text), map });
    expect(source.notes, 'before any row is read').toEqual([]);
    const whileRead: string[][] = [];
    for await (const _ of source.rows) whileRead.push(source.notes);
    expect(whileRead, 'while rows are read').toEqual([[], []]);
    expect(source.notes).toEqual(['--map "Firma=Name": no object has the key "Firma"']);
  });

  it.each([
    ['a JSON file damaged before its end', 'json', '[{"Name":"A"},\n{"Name": tru}]'],
    ['a JSON file cut off', 'json', '[{"Name":"A"},\n{"Name":'],
  ] as const)('does not say which keys no object has of %s: the rest is unread', async (_, format, text) => {
    const { source } = await readText(text, { format, map: [['Firma', 'Name']] });
    expect(source.notes).toEqual([]);
  });

  it('turns an element that is not an object into a malformed_input row and goes on', async () => {
    const { rows } = await json(
      'json',
      '[{"name":"A"}, 42, ["x"], null, {"name":"B"}, 12345678901234567890]',
    );
    expect(rows.map((r) => [r.row, codes(r)[0] ?? r.fields.Name])).toEqual([
      [2, 'A'],
      [3, 'malformed_input'],
      [4, 'malformed_input'],
      [5, 'malformed_input'],
      [6, 'B'],
      [7, 'malformed_input'],
    ]);
    expect(rows[1]?.issues?.[0]?.message).toBe('array item 2 is a number, not an object');
    expect(rows[5]?.issues?.[0]?.message).toBe('array item 6 is a number, not an object');
  });

  const NDJSON_OR_LIST =
    ': one object a line (jq -c, mongoexport) reads with --format ndjson; customers in a list under a key (Stripe\'s "data", Airtable\'s "records") need that list taken out first, e.g. jq \'.data\' export.json > export.data.json, then run zcust on export.data.json';
  const AN_ARRAY = ': a JSON input is an array of objects, [{…},{…}]';
  const AS_CSV = ': its first line reads as a CSV header: if the file is CSV, read it with --format csv';
  const OVER_LINES =
    ": objects written over several lines (as jq '.[]' writes them) are neither a JSON array nor NDJSON's one object a line: make them an array, jq -s . export.json > export.array.json, or one a line, jq -c . export.json > export.lines.ndjson, then run zcust on the file made; customers in a list under a key (Stripe's \"data\", Airtable's \"records\") need that list taken out first, e.g. jq '.data' export.json > export.data.json, then run zcust on export.data.json";
  it.each([
    ["jq -c's or mongoexport's object a line", '{"name":"A"}\n{"name":"B"}\n', `"{")${NDJSON_OR_LIST}`],
    [
      "jq '.[]'s objects over several lines",
      '{\n  "Name": "A",\n  "Email": "a@x.com"\n}\n{\n  "Name": "B",\n  "Email": "b@x.com"\n}\n',
      `"{")${OVER_LINES}`,
    ],
    ['the same, CRLF', '{\r\n  "Name": "A"\r\n}\r\n', `"{")${OVER_LINES}`],
    ['an object whose first line goes on', '{"Name": "A",\n "Email": "a@x.com"}\n', `"{")${OVER_LINES}`],
    ['a short object a line', '{"Name":"A"}\r\n{"Name":"B"}\r\n', `"{")${NDJSON_OR_LIST}`],
    [
      'a Stripe list as its API writes it, over several lines',
      '{\n  "object": "list",\n  "data": [\n    {"name": "A"}\n  ]\n}\n',
      `"{")${OVER_LINES}`,
    ],
    ['a Stripe list', '{"object":"list","data":[{"name":"A"}],"has_more":false}', `"{")${NDJSON_OR_LIST}`],
    ['an Airtable list', '\n  {"records":[{"id":"rec1","fields":{"Name":"A"}}]}', `"{")${NDJSON_OR_LIST}`],
    ['a CSV file', 'Name,Email\nA,a@x.co\n', `"N")${AS_CSV}`],
    ['a CSV file at semicolons, after blank lines', '\r\n\r\nE-Mail;Firma\r\nA;a@x.co\r\n', `"E")${AS_CSV}`],
    ['a CSV file of one line', 'Customer ID\tName', `"C")${AS_CSV}`],
    ["Excel's quoted CSV header", '"Name","Email"\n', `""")${AS_CSV}`],
    ['a line of one word, no CSV header', 'Name\nA\n', `"N")${AN_ARRAY}`],
    ['a line naming no column zcust reads', 'Foo,Bar\n', `"F")${AN_ARRAY}`],
    ['a string', '  "customers"', `""")${AN_ARRAY}`],
    ['a number', '42', `"4")${AN_ARRAY}`],
    ['a DOS end-of-file mark before the array', '\x1a\n[{"Name":"A"}]', `"<U+001A>")${AN_ARRAY}`],
    [
      "zcust's own JSON report, given as a retry",
      '{"summary":{"command":"import"},"rows":[{"zcust_row":2}]}',
      `"{"): it is a zcust JSON report, which cannot be imported again; import the run's CSV report (--report x.report.csv writes one)`,
    ],
  ])('refuses %s at the top level as a usage error (exit 2), saying what to do', async (_, text, why) => {
    for (const chunkSize of [1, 64 * 1024]) {
      await expect(json('json', text, chunkSize), `pieces of ${chunkSize} bytes`).rejects.toMatchObject({
        name: 'UsageError',
        message: `standard input does not hold a JSON array (it starts with ${why}`,
      });
    }
  });

  it(`refuses white space past ${MAX_RECORD_TEXT} before the array, rather than hold it all`, async () => {
    const text = `${' \n'.repeat(MAX_RECORD_CHARS / 2 + 1)}[]`;
    await expect(json('json', text)).rejects.toMatchObject({
      name: 'UsageError',
      message: `standard input holds only white space in its first ${MAX_RECORD_TEXT}: a JSON input is an array of objects, [{…},{…}]`,
    });
  });

  it('names the file it refuses, whatever its name says', async () => {
    const file = await files.file('export.txt', '{"name":"A"}\n');
    await expect(openInput({ path: file, format: 'json' })).rejects.toMatchObject({
      name: 'UsageError',
      message: expect.stringMatching(
        /^\S+export\.txt does not hold a JSON array \(it starts with "\{"\): one object a line/,
      ),
    });
  });

  it.each([
    ['a bad token', Buffer.from('[\n{"name":"A"},\n{"name": tru},\n{"name":"C"}\n]'), 3, 'not valid JSON'],
    ['a doubled colon', Buffer.from('[\n{"name":"A"},\n{"name" :: "B"}\n]'), 3, 'not valid JSON'],
    [
      'a cut-off document',
      Buffer.from('[\n{"name":"A"},\n{"name":\n\n'),
      3,
      'the JSON ends before the array is closed',
    ],
    [
      'bytes that are not UTF-8',
      Buffer.concat([Buffer.from('[\n{"name":"A"},\n{"name":"B'), Buffer.from([0xff]), Buffer.from('"}]')]),
      3,
      "not valid UTF-8; if the file was saved in another encoding, try --encoding windows-1252 (Windows, Latin-1), windows-1250 (Central European) or macintosh (Excel for Mac's plain CSV)",
    ],
    [
      'a lone surrogate in UTF-16',
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('[\n{"name":"A"},\n{"name":"B\uD800"}]', 'utf16le'),
      ]),
      3,
      'not valid UTF-16LE',
    ],
  ])('with %s yields the elements before it, then the damage', async (_, bytes, line, reason) => {
    for (const chunkSize of [4, 64 * 1024]) {
      const { rows } = await readText(bytes, { format: 'json', chunkSize });
      expect(
        rows.map((r) => r.fields.Name ?? codes(r)[0]),
        `chunks of ${chunkSize}`,
      ).toEqual(['A', 'malformed_input']);
      expect(rows[1]?.row).toBe(3);
      expect(rows[1]?.issues?.[0]?.message, `chunks of ${chunkSize}`).toBe(
        `the file is damaged at line ${line} (${reason}); nothing after it was read`,
      );
    }
  });

  it.each([
    ['an empty file', ''],
    ['an empty array', ' [ ] \n'],
  ])('reads %s as no rows', async (_, text) => {
    expect((await json('json', text)).rows).toEqual([]);
  });

  it.each<[string, 'json' | 'ndjson', string, string[]]>([
    ['an empty JSON file', 'json', '', [NO_JSON_ARRAY]],
    ['a JSON file of whitespace', 'json', ' \r\n\t\n', [NO_JSON_ARRAY]],
    ['a JSON file of a byte-order mark', 'json', '\uFEFF', [NO_JSON_ARRAY]],
    ['an empty array', 'json', ' [ ] \n', []],
    ['an empty NDJSON file', 'ndjson', '', []],
  ])(
    'notes %s (%s) as holding no JSON array only when it holds nothing at all',
    async (_, format, text, notes) => {
      const { source } = await json(format, text);
      expect(
        source.notes,
        'an empty JSON file passed for an array of no rows, or [] was taken for no array',
      ).toEqual(notes);
    },
  );
});

describe('tax_info items', () => {
  it.each([
    ['the API names', '{"country_code":"IN","tax_code":"GST","tax_id":"27AAPFU0939F1ZV"}'],
    ['camelCase', '{"countryCode":"IN","taxId":"27AAPFU0939F1ZV"}'],
    ['other cases and separators', '{"COUNTRY-CODE":"in","Tax Id":"27AAPFU0939F1ZV"}'],
  ])('read their keys as every key is read (%s)', async (_, item) => {
    const { source, rows } = await json('json', `[{"Name":"A","tax_info":[${item}]}]`);
    expect(rows[0]?.fields).toEqual({ Name: 'A', 'Tax Jurisdiction': 'IND', 'Tax ID': '27AAPFU0939F1ZV' });
    expect(source.unmatched.names).toEqual([]);
  });

  it.each([
    [
      'a tax_info item',
      '"tax_info":[{"country_code":"IN","tax_id":"27AAPFU0939F1ZV","gstin":"x"}]',
      'tax_info[0].gstin',
    ],
    ['a tax_info object', '"tax_info":{"country_code":"IN","taxNumber":"x"}', 'tax_info[0].taxNumber'],
    ['a second tax_info item', '"tax_info":[{"country_code":"IN"},{"vat":"DE136695976"}]', 'tax_info[1].vat'],
    ['an address', '"address":{"line1":"1 Main St","flat":"3"}', 'address.flat'],
    ['a ship_to_address', '"ship_to_address":{"geo":{"lat":1}}', 'ship_to_address.geo.lat'],
  ])('list a key they do not know inside %s by its path, like a top-level one', async (_, members, path) => {
    const { source } = await json('json', `[{"Name":"A",${members},"bogus_key":1}]`);
    expect(source.unmatched.names).toEqual([path, 'bogus_key']);
  });

  it.each([
    [10, 'tax_info[9] was not read'],
    [12, 'tax_info[9] to tax_info[11] were not read'],
  ])('beyond the 9 pairs (%i items) make the row invalid, naming those not read', async (count, notRead) => {
    const item = { country_code: 'AU', tax_id: '51 824 753 556' };
    const { rows } = await json('json', JSON.stringify([{ Name: 'A', tax_info: Array(count).fill(item) }]));
    expect(rows[0]?.issues).toEqual([
      {
        code: 'invalid_value',
        message: `the key "tax_info" holds ${count} tax numbers, and zcust takes at most 9 a customer (Tax ID to Tax ID 9): ${notRead}`,
      },
    ]);
    expect(rows[0]?.fields['Tax ID 9'], 'the first nine are read').toBe('51 824 753 556');
  });
});

describe('JSON values of the wrong type for their key', () => {
  const ADDRESS = 'not an object like {"line1":"…","city":"…","country_code":"…"}; nothing of it was read';
  const TAX_ITEM = '{"country_code":"IN","tax_id":"…"}';
  const notText = (field: string, key: string, type: string) => ({
    field,
    code: 'invalid_value',
    message: `the key "${key}" is ${type}, not text (a string, a number or true/false)`,
  });
  const wholeRow = (message: string) => ({ code: 'invalid_value', message });
  /** Said of a string where an address object belongs: where one line of text goes instead. */
  const lineHint = (column: string) =>
    ` (a one-line address goes in {"line1":"…"}, or under the key "${column}")`;

  it.each([
    [
      'an address given as a string',
      '{"Name":"A","address":"1 Main St, Springfield"}',
      [wholeRow(`the key "address" is a string, ${ADDRESS}${lineHint('Address Line 1')}`)],
    ],
    [
      'a ship_to_address given as a string',
      '{"Name":"A","ship_to_address":"1 Main St, Springfield"}',
      [wholeRow(`the key "ship_to_address" is a string, ${ADDRESS}${lineHint('Ship To Address Line 1')}`)],
    ],
    [
      'a ship_to_address given as an array',
      '{"Name":"A","shipToAddress":["1 Main St"]}',
      [wholeRow(`the key "shipToAddress" is an array, ${ADDRESS}`)],
    ],
    [
      'an address given as a number',
      '{"Name":"A","address":12}',
      [wholeRow(`the key "address" is a number, ${ADDRESS}`)],
    ],
    [
      'a tax_info given as a string',
      '{"Name":"A","tax_info":"27AAPFU0939F1ZV"}',
      [
        wholeRow(
          `the key "tax_info" is a string, not a list of objects like [${TAX_ITEM}]; nothing of it was read`,
        ),
      ],
    ],
    [
      'a tax_info item given as a string',
      '{"Name":"A","tax_info":[{"country_code":"IN","tax_id":"27AAPFU0939F1ZV"},"51 824 753 556"]}',
      [wholeRow(`tax_info[1] is a string, not an object like ${TAX_ITEM}; it was not read`)],
    ],
    [
      'a Name given as an object',
      '{"Name":{"first":"Ann","last":"Lee"}}',
      [notText('Name', 'Name', 'an object')],
    ],
    [
      'a customer_name given as an array',
      '{"customer_name":["Ann","Lee"]}',
      [notText('Name', 'customer_name', 'an array')],
    ],
    [
      'a city inside the address given as an object',
      '{"Name":"A","address":{"city":{"name":"Oslo"}}}',
      [notText('City', 'address.city', 'an object')],
    ],
    [
      'a tax_id inside tax_info given as an object',
      '{"Name":"A","tax_info":{"country_code":"IN","tax_id":{"gstin":"27AAPFU0939F1ZV"}}}',
      [notText('Tax ID', 'tax_info[0].tax_id', 'an object')],
    ],
  ])(
    'makes %s an invalid_value of its row, naming the key and what it should be',
    async (_, object, issues) => {
      for (const [format, text] of [
        ['json', `[${object}]`],
        ['ndjson', object],
      ] as const) {
        const { rows } = await json(format, text);
        expect(rows[0]?.issues, format).toEqual(issues);
      }
    },
  );

  it('keeps the JSON text of an object given for a text column in the report, to be fixed there', async () => {
    const { rows } = await json('json', '[{"Name":{"first":"Ann"}}]');
    expect(rows[0]?.raw[JSON_COLUMNS.indexOf('Name')]).toBe('{"first":"Ann"}');
  });

  it.each([
    ['an address given as a string', '"address":"1 Main St"', '{"address":"1 Main St"}'],
    [
      'a ship_to_address given as an array',
      '"shipToAddress":["1 Main St"]',
      '{"shipToAddress":["1 Main St"]}',
    ],
    ['a tax_info given as a string', '"tax_info":"27AAPFU0939F1ZV"', '{"tax_info":"27AAPFU0939F1ZV"}'],
    [
      'a tax_info item given as a string, at its place',
      '"tax_info":[{"country_code":"IN","tax_id":"27AAPFU0939F1ZV"},"51 824 753 556"]',
      '{"tax_info":[null,"51 824 753 556"]}',
    ],
    [
      'tax_info items beyond the ninth, at their places',
      `"tax_info":[${Array(10).fill('{"country_code":"AU","tax_id":"51 824 753 556"}').join(',')}]`,
      `{"tax_info":[${'null,'.repeat(9)}{"country_code":"AU","tax_id":"51 824 753 556"}]}`,
    ],
    [
      'a phone_number given as an object, by its column',
      '"phone_number":{"cc":"49"}',
      '{"Phone":{"cc":"49"}}',
    ],
    [
      'a line of an address given as an array',
      '"address":{"line1":["1 Main","Apt 2"]}',
      '{"Address Line 1":["1 Main","Apt 2"]}',
    ],
    [
      'a tax_id given as an object, with its number as written',
      '"tax_info":{"country_code":"IN","tax_id":{"n":12345678901234567890}}',
      '{"Tax ID":{"n":12345678901234567890}}',
    ],
  ])('keeps %s in zcust_json, which no column holds as it was', async (_, members, wrongTypes) => {
    const { rows } = await json('json', `[{"Name":"A",${members}}]`);
    expect(rows[0]?.raw.at(-1)).toBe(wrongTypes);
  });

  it('leaves zcust_json empty where every value has its type', async () => {
    const { rows } = await json('json', JSON.stringify([API_CUSTOMER]));
    expect(rows[0]?.raw.at(-1)).toBe('');
  });

  it.each([
    ['numbers and true/false for text columns', '{"Name":12,"Phone":4930,"Notes":true}'],
    ['Custom Data as an object', '{"Name":"A","custom_data":{"tier":"gold"}}'],
    ['Custom Data as JSON text', '{"Name":"A","Custom Data":"{\\"tier\\":\\"gold\\"}"}'],
    [
      'null or a blank string for the nested keys',
      '{"Name":"A","address":null,"ship_to_address":" ","tax_info":null}',
    ],
    ['null items of tax_info', '{"Name":"A","tax_info":[null]}'],
    [
      'strings that show nothing for the nested keys',
      '{"Name":"A","address":"\\u200b","ship_to_address":"\\u2060","tax_info":"\\ufeff\\u200d"}',
    ],
    ['an item of tax_info that shows nothing', '{"Name":"A","tax_info":["\\u200b"]}'],
  ])('takes %s without an issue', async (_, object) => {
    const { source, rows } = await json('json', `[${object}]`);
    expect(rows[0]?.issues).toBeUndefined();
    expect(source.unmatched.names).toEqual([]);
  });
});

// The streaming parser (exact-json.ts) took each U+FEFF in a string for a byte-order mark, and dropped it.
// Custom Data's values and keys are kept as written, untrimmed: there a U+FEFF at either end shows too.
describe('U+FEFF inside a JSON string', () => {
  const FEFF = '\uFEFF';

  it.each([
    [
      'escaped, at the start of a value',
      '"custom_data":{"tier":"\\ufeffgold"}',
      { 'Custom Data': `{"tier":"${FEFF}gold"}` },
    ],
    [
      'escaped, in the middle of a value',
      '"Customer ID":"ACME\\ufeff-1"',
      { 'Customer ID': `ACME${FEFF}-1` },
    ],
    [
      'escaped, at the end of a value',
      '"custom_data":{"tier":"gold\\ufeff"}',
      { 'Custom Data': `{"tier":"gold${FEFF}"}` },
    ],
    [
      'escaped, in a key',
      '"custom_data":{"\\ufefftier":"gold"}',
      { 'Custom Data': `{"${FEFF}tier":"gold"}` },
    ],
    [
      'raw, at the start of a value',
      `"custom_data":{"tier":"${FEFF}gold"}`,
      { 'Custom Data': `{"tier":"${FEFF}gold"}` },
    ],
    ['raw, in the middle of a value', `"Customer ID":"ACME${FEFF}-1"`, { 'Customer ID': `ACME${FEFF}-1` }],
    [
      'raw, at the end of a value',
      `"custom_data":{"tier":"gold${FEFF}"}`,
      { 'Custom Data': `{"tier":"gold${FEFF}"}` },
    ],
    ['raw, in a key', `"custom_data":{"${FEFF}tier":"gold"}`, { 'Custom Data': `{"${FEFF}tier":"gold"}` }],
  ])('keeps a U+FEFF %s, as NDJSON does', async (_, member, fields) => {
    for (const { format, rows } of await readBoth(`{"Name":"A",${member}}`)) {
      expect(rows[0]?.fields, `${format}: the value read`).toEqual({ Name: 'A', ...fields });
    }
  });

  // Such a line is read again by the streaming parser, not JSON.parse alone: it dropped the U+FEFF there too.
  it.each([
    ['a key given twice', '"Name":"B"'],
    ['a number a JavaScript number would change', '"Phone":12345678901234567890'],
  ])('keeps a U+FEFF in an NDJSON line with %s', async (_, member) => {
    const { rows } = await json('ndjson', `{"Name":"A","Customer ID":"ACME\\ufeff-1",${member}}`);
    expect(rows[0]?.fields['Customer ID']).toBe(`ACME${FEFF}-1`);
  });

  it("takes a file's leading byte-order mark for one, and keeps a U+FEFF inside a value after it", async () => {
    const { rows } = await json('json', `${FEFF}[{"Name":"A","Customer ID":"ACME${FEFF}-1"},{"Name":"B"}]`);
    expect(rows.map((r) => r.fields)).toEqual([{ Name: 'A', 'Customer ID': `ACME${FEFF}-1` }, { Name: 'B' }]);
    expect(
      rows.flatMap((r) => r.issues ?? []),
      'no damage at the leading mark',
    ).toEqual([]);
  });
});

describe("MongoDB's extended JSON (mongoexport), where text belongs", () => {
  const OID = '5f1d7a3c9b1e8a2f4c6d8e0a';

  it.each([
    ['an ObjectId', `{"$oid":"${OID}"}`, OID],
    ['a 64-bit integer, every digit kept', '{"$numberLong":"12345678901234567890"}', '12345678901234567890'],
    ['a 32-bit integer', '{"$numberInt":"5"}', '5'],
    ['a double', '{"$numberDouble":"1.5"}', '1.5'],
    ['a decimal, as written', '{"$numberDecimal":"1.50"}', '1.50'],
    ['a relaxed date, as written', '{"$date":"2024-01-01T00:00:00Z"}', '2024-01-01T00:00:00Z'],
    [
      'a canonical date, as its ISO text',
      '{"$date":{"$numberLong":"1704067200000"}}',
      '2024-01-01T00:00:00.000Z',
    ],
    ['a date before 1970', '{"$date":{"$numberLong":"-86400000"}}', '1969-12-31T00:00:00.000Z'],
  ])('reads %s as the text it wraps', async (_, wrapped, text) => {
    for (const { format, source, rows } of await readBoth(`{"_id":${wrapped},"Name":"A"}`, {
      map: [['_id', 'Customer ID']],
    })) {
      expect(rows[0]?.fields, format).toEqual({ 'Customer ID': text, Name: 'A' });
      expect(rows[0]?.issues, format).toBeUndefined();
      expect(source.unmatched.names, format).toEqual([]);
    }
  });

  it('names the key of a wrapped value that matches nothing, as --map takes it', async () => {
    for (const { format, source } of await readBoth(`{"_id":{"$oid":"${OID}"},"Name":"A"}`)) {
      expect(source.unmatched.names, format).toEqual(['_id']);
    }
  });

  it('with --target dayzero, reads a wrapped credit_limit_cents as cents', async () => {
    const object = '{"name":"K1","credit_limit_cents":{"$numberLong":"100050"}}';
    for (const { format, rows } of await readBoth(object, DAYZERO)) {
      expect(rows[0]?.fields, format).toEqual({ Name: 'K1', 'Credit Limit': '1000.50' });
    }
  });

  it.each([
    ['a wrapper beside another key', `{"$oid":"${OID}","x":1}`],
    ['a wrapper of a number, not text', '{"$numberLong":123}'],
    ['a type with no text form', '{"$binary":{"base64":"AA==","subType":"00"}}'],
    ['a date out of range', '{"$date":{"$numberLong":"99999999999999999999"}}'],
  ])('leaves %s an object where text belongs', async (_, wrapped) => {
    for (const { format, rows } of await readBoth(`{"Name":"A","Customer ID":${wrapped}}`)) {
      expect(codes(rows[0]), format).toEqual(['invalid_value']);
    }
  });

  it('keeps a wrapper in Custom Data as the JSON it is', async () => {
    for (const { format, rows } of await readBoth(`{"Name":"A","custom_data":{"$oid":"${OID}"}}`)) {
      expect(rows[0]?.fields['Custom Data'], format).toBe(`{"$oid":"${OID}"}`);
    }
  });
});

describe("DayZero's own `address`, a string", () => {
  // DayZero's API (and an export from it) has `address` as one free-text string: Address Line 1 holds it, and
  // DayZero's body joins the address columns back into that one string. Zenskar's `address` is an object.
  const DAYZERO_CUSTOMER = '{"name":"K1","email":"k1@x.com","address":"12 rue X, Paris"}';
  const K1 = { Name: 'K1', Email: 'k1@x.com' };

  it.each([
    ['a string', DAYZERO_CUSTOMER, { ...K1, 'Address Line 1': '12 rue X, Paris' }],
    [
      'a string under another spelling',
      '{"name":"K1","Address":"12 rue X"}',
      { Name: 'K1', 'Address Line 1': '12 rue X' },
    ],
    ['a number', '{"name":"K1","address":12}', { Name: 'K1', 'Address Line 1': '12' }],
    ['null', '{"name":"K1","address":null}', { Name: 'K1', 'Address Line 1': '' }],
    // An export in the Zenskar shape is read as its parts for DayZero too, and joined when sent.
    [
      "Zenskar's object",
      '{"name":"K1","address":{"line1":"1 Main St","city":"Oslo"}}',
      { Name: 'K1', 'Address Line 1': '1 Main St', City: 'Oslo' },
    ],
  ])('with --target dayzero, reads %s as Address Line 1 without an issue', async (_, object, fields) => {
    for (const [format, text] of [
      ['json', `[${object}]`],
      ['ndjson', object],
    ] as const) {
      const { source, rows } = await readText(text, { format, target: 'dayzero' });
      expect(rows[0]?.fields, format).toEqual(fields);
      expect(rows[0]?.issues, format).toBeUndefined();
      expect(source.unmatched.names, format).toEqual([]);
    }
  });

  it('with --target dayzero, an array for `address` is an invalid_value of Address Line 1', async () => {
    const { rows } = await readText('{"name":"K1","address":["12 rue X","Paris"]}', {
      format: 'ndjson',
      target: 'dayzero',
    });
    expect(rows[0]?.issues).toEqual([
      {
        field: 'Address Line 1',
        code: 'invalid_value',
        message: 'the key "address" is an array, not text (a string, a number or true/false)',
      },
    ]);
  });

  it('with --target dayzero, `address` beside "Address Line 1": the first wins, and the other is noted', async () => {
    const { source, rows } = await readText('{"Address Line 1":"1 Main St","address":"2 Side St"}', {
      format: 'ndjson',
      target: 'dayzero',
    });
    expect(rows[0]?.fields).toEqual({ 'Address Line 1': '1 Main St' });
    expect(source.notes).toEqual([
      'the keys "Address Line 1" and "address" of one object both mean Address Line 1 (first in row 2); the first wins, "address" is ignored',
    ]);
  });

  it.each(['zenskar', 'ambiosys'] as const)(
    'with --target %s, a string `address` is still an invalid_value: there it is an object or nothing',
    async (target) => {
      const { rows } = await readText(DAYZERO_CUSTOMER, { format: 'ndjson', target });
      expect(rows[0]?.fields).toEqual(K1);
      expect(rows[0]?.issues?.map((i) => i.message)).toEqual([
        expect.stringMatching(/^the key "address" is a string, not an object .* "Address Line 1"\)$/),
      ]);
    },
  );
});

describe("DayZero's own `credit_limit_cents`, an integer of cents", () => {
  it.each([
    ['a number', '100050', '1000.50'],
    ['a string', '"100050"', '1000.50'],
    ['a number written as a float', '100050.0', '1000.50'],
    ['the most a JSON number carries exactly', '9007199254740991', '90071992547409.91'],
    ['null', 'null', ''],
  ])('with --target dayzero, reads %s (%s) as Credit Limit %j', async (_, cents, amount) => {
    for (const { format, source, rows } of await readBoth(
      `{"name":"K1","credit_limit_cents":${cents}}`,
      DAYZERO,
    )) {
      expect(rows[0]?.fields, format).toEqual({ Name: 'K1', 'Credit Limit': amount });
      expect(rows[0]?.issues, format).toBeUndefined();
      expect(source.unmatched.names, format).toEqual([]);
    }
  });

  // Its digits in Credit Limit would be a hundred times the limit: the column stays empty, and the value is kept in
  // zcust_json under its own key, to be read as cents again when the report is imported.
  it.each([
    ['a fraction of a cent', '12.5', 'is not a whole number of cents'],
    ['a negative amount', '-100', 'is negative'],
    ['2^53 cents', '9007199254740992', 'is too large'],
  ])('with --target dayzero, refuses %s, keeping it in zcust_json', async (_, cents, words) => {
    for (const { format, rows } of await readBoth(`{"name":"K1","credit_limit_cents":${cents}}`, DAYZERO)) {
      expect(rows[0]?.fields, format).toEqual({ Name: 'K1', 'Credit Limit': '' });
      expect(rows[0]?.issues, format).toEqual([
        {
          field: 'Credit Limit',
          code: 'invalid_value',
          message: expect.stringContaining(`credit_limit_cents "${cents}" ${words}`),
        },
      ]);
      expect(rows[0]?.raw.at(-1), format).toBe(`{"credit_limit_cents":${cents}}`);
    }
  });

  it.each([
    ['{"Credit Limit":"5","credit_limit_cents":100050}', '5', 'Credit Limit', 'credit_limit_cents'],
    ['{"credit_limit_cents":100050,"Credit Limit":"5"}', '1000.50', 'credit_limit_cents', 'Credit Limit'],
    ['{"credit_limit_cents":1.5,"Credit Limit":"5"}', '', 'credit_limit_cents', 'Credit Limit'],
  ])(
    'with --target dayzero, %s: the first key wins (%j), the other is noted',
    async (object, amount, first, other) => {
      for (const { format, source, rows } of await readBoth(object, DAYZERO)) {
        expect(rows[0]?.fields, format).toEqual({ 'Credit Limit': amount });
        expect(source.notes, format).toEqual([
          `the keys "${first}" and "${other}" of one object both mean Credit Limit (first in row 2); the first wins, "${other}" is ignored`,
        ]);
      }
    },
  );

  it.each(['zenskar', 'ambiosys'] as const)('with --target %s, matches nothing', async (target) => {
    for (const { format, source, rows } of await readBoth('{"name":"K1","credit_limit_cents":100050}', {
      target,
    })) {
      expect(rows[0]?.fields, format).toEqual({ Name: 'K1' });
      expect(source.unmatched.names, format).toEqual(['credit_limit_cents']);
    }
  });
});

/** Reads `text` cut into pieces of several sizes, expecting each time the rows as [row, Name or first message]. */
async function expectInAnyPieces(format: 'json' | 'ndjson', text: string, expected: [number, string][]) {
  for (const chunkSize of [1, 2, 5, 64 * 1024]) {
    const { rows } = await json(format, text, chunkSize);
    expect(
      rows.map((r) => [r.row, r.fields.Name ?? r.issues?.[0]?.message]),
      `pieces of ${chunkSize} bytes`,
    ).toEqual(expected);
  }
}

describe('a DOS end-of-file mark (Ctrl-Z, 0x1A)', () => {
  // As the file's last character it is dropped; before a line break, in NDJSON a line of nothing else is a blank
  // line and in JSON, after the array, it is white space.
  it.each([
    ['json', "as the file's last character", '[{"Name":"A"},{"Name":"B"}]\x1a'],
    ['json', "as the file's last character, on a line of its own", '[{"Name":"A"},{"Name":"B"}]\r\n\x1a'],
    ['ndjson', "as the file's last character", '{"Name":"A"}\r\n{"Name":"B"}\x1a'],
    ['ndjson', "as the file's last character, on a line of its own", '{"Name":"A"}\r\n{"Name":"B"}\r\n\x1a'],
    ['ndjson', 'on a line of its own after the last line', '{"Name":"A"}\n{"Name":"B"}\n\x1a\n'],
    ['ndjson', 'on a line of its own, with CRLF', '{"Name":"A"}\r\n{"Name":"B"}\r\n\x1a\r\n'],
    ['ndjson', 'twice on a line of its own', '{"Name":"A"}\n{"Name":"B"}\n\x1a\x1a\n'],
    ['ndjson', 'among spaces and tabs on a line', '{"Name":"A"}\n{"Name":"B"}\n \t\x1a \n'],
    ['ndjson', 'on a line between two others', '{"Name":"A"}\n\x1a\n{"Name":"B"}\n'],
    ['json', 'on a line of its own after the array', '[{"Name":"A"},\n{"Name":"B"}]\n\x1a\n'],
    ['json', 'on a line of its own, with CRLF', '[{"Name":"A"},\r\n{"Name":"B"}]\r\n\x1a\r\n'],
    ['json', 'right after the array, then a line break', '[{"Name":"A"},{"Name":"B"}]\x1a\n'],
    ['json', 'twice after the array', '[{"Name":"A"},{"Name":"B"}]\x1a\x1a'],
    ['json', 'among white space after the array', '[{"Name":"A"},{"Name":"B"}] \x1a\t\n\x1a \n'],
  ] as const)('in %s, %s, is ignored, however the input is cut into pieces', async (format, _, text) => {
    await expectInAnyPieces(format, text, [
      [2, 'A'],
      [3, 'B'],
    ]);
  });

  it('stays a character anywhere else: in a value, before the last line break', async () => {
    const { rows } = await json('ndjson', '{"Name":"A\\u001a"}\n{"Name":"B"}\x1a\n');
    expect(rows.map((r) => r.fields.Name ?? r.issues?.[0]?.code)).toEqual(['A\x1a', 'malformed_input']);
  });

  it.each([
    [
      'text after the mark',
      '[{"Name":"A"},{"Name":"B"}]\n\x1a\nmore\n',
      'the file is damaged at line 3 (not valid JSON); nothing after it was read',
    ],
    [
      'the mark inside the array',
      '[{"Name":"A"},{"Name":"B"}\n\x1a\n]',
      'the file is damaged at line 2 (not valid JSON: it holds a control character (U+001A) at character 1: remove it); nothing after it was read',
    ],
  ])('in JSON, with %s, is damage after every customer before it', async (_, text, message) => {
    await expectInAnyPieces('json', text, [
      [2, 'A'],
      [3, 'B'],
      [4, message],
    ]);
  });
});

describe("a parse error at a character no one can see names it, as a CSV value's message does", () => {
  const ctrlZ = (at: number) => `it holds a control character (U+001A) at character ${at}: remove it`;
  it.each([
    ['two Ctrl-Z after the object', '{"Name":"A"}\x1a\x1a', ctrlZ(13)],
    ['Ctrl-Z inside a string', '{"Name":"A\x1a"}', ctrlZ(11)],
    ['Ctrl-Z between two values', '{"Name":"A",\x1a"Email":"a@acme.example"}', ctrlZ(13)],
    [
      'Ctrl-Z after a tab (white space) and a zero-width space (text)',
      '{"Note":"x\u200By",\t"Name":"A\x1a"}',
      ctrlZ(25),
    ],
    ['Ctrl-Z after an emoji (one character)', '{"Name":"\u{1F600}\x1a"}', ctrlZ(11)],
    ['a tab inside a string', '{"Name":"A\tB"}', 'it holds a tab (U+0009) at character 11: remove it'],
    [
      'a zero-width space between two values',
      '{"Name":"A",\u200B"Email":"a@acme.example"}',
      'it holds an invisible character (U+200B ZERO WIDTH SPACE) at character 13: remove it',
    ],
  ])('in an NDJSON line: %s', async (_, line, named) => {
    expect(await messageBetweenGoodLines(line)).toBe(`line 2 is not valid JSON: ${named}`);
  });

  it.each([
    ['a bare word where a value belongs', '{"Name":"A","Notes":Call at 10:30}'],
    ['text after the object', '{"Name":"A"} x'],
  ])('in an NDJSON line, and not otherwise: %s', async (_, line) => {
    const { rows } = await json('ndjson', `${line}\n`);
    expect(rows[0]?.issues?.[0]?.message).toBe('line 1 is not valid JSON');
  });

  it.each([
    ['inside a string', '[\n{"Name":"A"},\n{"Name":"B\x1a"}\n]', 3, ctrlZ(11)],
    [
      'after an emoji, on a line of CRLF',
      '[{"Name":"A"},\r\n{"Name":"\u{1F600}"},\x1a{"Name":"C"}]',
      2,
      ctrlZ(14),
    ],
  ])('in JSON: %s, at its line and character however the file is cut', async (_, text, line, named) => {
    for (const chunkSize of [1, 3, 64 * 1024]) {
      const { rows } = await json('json', text, chunkSize);
      expect(rows.at(-1)?.issues?.[0]?.message, `pieces of ${chunkSize} bytes`).toBe(
        `the file is damaged at line ${line} (not valid JSON: ${named}); nothing after it was read`,
      );
    }
  });

  it('in JSON, a million characters into its line (counted across pieces), by its code point alone', async () => {
    const text = `[{"Name":"A","Notes":"${'y'.repeat(1_000_000)}"},\x1a{"Name":"C"}]`;
    const { rows } = await json('json', text, 64 * 1024);
    expect(rows.at(-1)?.issues?.[0]?.message).toBe(
      'the file is damaged at line 1 (not valid JSON: it holds <U+001A> at character 1000026: remove it); nothing after it was read',
    );
  });
});

describe('invalid JSON says why, for the mistakes hand edits and exports make', () => {
  const LAST_ELEMENT = 'remove the comma after the last element';
  const LAST_VALUE = 'remove the comma after the last value';
  const QUOTE_KEYS = 'put key names in double quotes';
  const NO_COMMENTS = 'JSON has none, so remove it';
  const BETWEEN = 'put a comma between the two values';
  const LINE_BREAK = 'close the string before it, or write the break as \\n';
  const NOT_A_NUMBER = 'is no JSON value: write null, or put it in double quotes';
  const ONE_A_LINE = 'NDJSON needs one object a line (jq -c writes them so)';

  // The element before the mistake is read; the file is damaged at the mistake, wherever the pieces are cut.
  it.each([
    [
      'a comma after the last element',
      '[\n{"Name":"A"},\n]',
      3,
      `"]" at character 1 follows a comma: ${LAST_ELEMENT}`,
    ],
    [
      'a comma after the last value of an object',
      '[\n{"Name":"A"},\n{"Name":"B",}\n]',
      3,
      `"}" at character 13 follows a comma: ${LAST_VALUE}`,
    ],
    [
      'a number with a leading zero',
      '[\n{"Name":"A"},\n{"Name":"B","Customer ID":007}\n]',
      3,
      'a number with a leading zero at character 27: put it in double quotes ("007") to keep its zeros',
    ],
    [
      'single quotes',
      '[\n{"Name":"A"},\n{\'Name\':\'B\'}\n]',
      3,
      'a string in single quotes at character 2: use double quotes',
    ],
    [
      'curly quotes',
      '[\n{"Name":"A"},\n{“Name”:“B”}\n]',
      3,
      'a string in curly quotes (“Name”) at character 2, as autocorrect writes them: use straight double quotes ("Name")',
    ],
    [
      'a key without quotes',
      '[\n{"Name":"A"},\n{Name:"B"}\n]',
      3,
      `a key name without quotes at character 2: ${QUOTE_KEYS}`,
    ],
    [
      'a key without quotes after a comma',
      '[\n{"Name":"A"},\n{"Name":"B", Email:"b@acme.example"}\n]',
      3,
      `a key name without quotes at character 14: ${QUOTE_KEYS}`,
    ],
    [
      'a // comment',
      '[\n{"Name":"A"},\n// the rest\n{"Name":"B"}\n]',
      3,
      `a comment at character 1: ${NO_COMMENTS}`,
    ],
    [
      'a /* */ comment',
      '[\n{"Name":"A"}, /* B */ {"Name":"B"}\n]',
      2,
      `a comment at character 15: ${NO_COMMENTS}`,
    ],
    ['NaN', '[\n{"Name":"A"},\n{"Name":"B","Balance":NaN}\n]', 3, `NaN at character 23 ${NOT_A_NUMBER}`],
    [
      '-Infinity',
      '[\n{"Name":"A"},\n{"Name":"B","Balance":-Infinity}\n]',
      3,
      `-Infinity at character 23 ${NOT_A_NUMBER}`,
    ],
    [
      'undefined',
      '[\n{"Name":"A"},\n{"Name":"B","Balance":undefined}\n]',
      3,
      'undefined at character 23 is no JSON value: write null, or leave the key out',
    ],
    [
      'a missing comma between elements',
      '[\n{"Name":"A"}\n{"Name":"B"}\n]',
      3,
      `a comma missing before character 1: ${BETWEEN}`,
    ],
    [
      'a missing comma between two values of an object',
      '[\n{"Name":"A"},\n{"Name":"B" "Email":"b@acme.example"}\n]',
      3,
      `a comma missing before character 13: ${BETWEEN}`,
    ],
    [
      'a line break inside a string',
      '[\n{"Name":"A"},\n{"Name":"B\n"}\n]',
      3,
      `a line break inside a string at character 11: ${LINE_BREAK}`,
    ],
    [
      'a CRLF inside a string',
      '[\r\n{"Name":"A"},\r\n{"Name":"B\r\n"}\r\n]',
      3,
      `a line break inside a string at character 11: ${LINE_BREAK}`,
    ],
  ])('in a JSON file: %s', async (_, text, line, why) => {
    for (const chunkSize of [1, 3, 64 * 1024]) {
      const { rows } = await json('json', text, chunkSize);
      expect(
        rows.map((r) => [r.row, r.fields.Name ?? r.issues?.[0]?.message]),
        `pieces of ${chunkSize} bytes`,
      ).toEqual([
        [2, 'A'],
        [3, `the file is damaged at line ${line} (not valid JSON: ${why}); nothing after it was read`],
      ]);
    }
  });

  it('in a JSON file that ends inside a string', async () => {
    for (const chunkSize of [1, 64 * 1024]) {
      const { rows } = await json('json', '[\n{"Name":"A"},\n{"Name":"B', chunkSize);
      expect(rows.at(-1)?.issues?.[0]?.message, `pieces of ${chunkSize} bytes`).toBe(
        'the file is damaged at line 3 (the JSON ends inside a string: its closing double quote is missing, or the file was cut short); nothing after it was read',
      );
    }
  });

  it.each([
    ['a comma after the last value', '{"Name":"A",}', `"}" at character 13 follows a comma: ${LAST_VALUE}`],
    [
      'a comma after the last element of a list',
      '{"Name":"A","tags":["x",]}',
      `"]" at character 25 follows a comma: ${LAST_ELEMENT}`,
    ],
    [
      'a number with a leading zero',
      '{"Name":"A","Customer ID":007}',
      'a number with a leading zero at character 27: put it in double quotes ("007") to keep its zeros',
    ],
    [
      'a negative number with a leading zero',
      '{"Name":"A","Balance":-01.5}',
      'a number with a leading zero at character 23: put it in double quotes ("-01.5") to keep its zeros',
    ],
    ['single quotes', "{'Name':'A'}", 'a string in single quotes at character 2: use double quotes'],
    [
      'curly quotes around a value',
      '{"Name":“A”}',
      'a string in curly quotes (“A”) at character 9, as autocorrect writes them: use straight double quotes ("A")',
    ],
    ['a key without quotes', '{Name:"A"}', `a key name without quotes at character 2: ${QUOTE_KEYS}`],
    ['a comment after the object', '{"Name":"A"} // VIP', `a comment at character 14: ${NO_COMMENTS}`],
    ['NaN', '{"Name":"A","Balance":NaN}', `NaN at character 23 ${NOT_A_NUMBER}`],
    ['Infinity', '{"Name":"A","Balance":Infinity}', `Infinity at character 23 ${NOT_A_NUMBER}`],
    [
      'undefined',
      '{"Name":"A","Balance":undefined}',
      'undefined at character 23 is no JSON value: write null, or leave the key out',
    ],
    [
      'a missing comma',
      '{"Name":"A" "Email":"a@acme.example"}',
      `a comma missing before character 13: ${BETWEEN}`,
    ],
    [
      'a string not closed (or a line break inside it, which ends the line)',
      '{"Name":"A',
      'it ends inside a string: add its closing double quote, or write a line break in it as \\n',
    ],
    [
      'a comma after the object, as between the elements of an array',
      '{"Name":"A"},',
      'a comma after the object at character 13: remove it; an NDJSON line holds its object alone',
    ],
    [
      'a comma after the object, a space before it',
      '{"Name":"A"} ,',
      'a comma after the object at character 14: remove it; an NDJSON line holds its object alone',
    ],
    [
      'the first line of an object over several lines',
      '{',
      `it opens an object over several lines: ${ONE_A_LINE}`,
    ],
    [
      'a key line of an object over several lines',
      '  "Name": "A",',
      `it starts with a key outside any object, as a line of an object over several lines does: ${ONE_A_LINE}`,
    ],
    [
      'a line that opens an object inside an object over several lines',
      '  "address": {',
      `it starts with a key outside any object, as a line of an object over several lines does: ${ONE_A_LINE}`,
    ],
    [
      'the last line of an object over several lines',
      '}',
      `"}" at character 1 closes nothing the line opened, as the last line of an object over several lines does: ${ONE_A_LINE}`,
    ],
    [
      'the last line of a list inside an object over several lines',
      '  ],',
      `"]" at character 3 closes nothing the line opened, as the last line of an object over several lines does: ${ONE_A_LINE}`,
    ],
    [
      'the first line of a JSON array over several lines',
      '[',
      `it opens a list it does not close, as the first line of a JSON array does: ${ONE_ARRAY}`,
    ],
    [
      "a JSON array's first line holding its first object",
      '[{"Name":"A"},',
      `it opens a list it does not close, as the first line of a JSON array does: ${ONE_ARRAY}`,
    ],
    [
      "a JSON array's last line holding its last object",
      '{"Name":"A"}]',
      `"]" at character 13 closes a list the line did not open, as the last line of a JSON array does: ${ONE_ARRAY}`,
    ],
    [
      'the last line of a JSON array over several lines',
      ']',
      `"]" at character 1 closes nothing the line opened, as the last line of a JSON array does: ${ONE_ARRAY}`,
    ],
    [
      'an object cut off after a value',
      '{"Name":"A"',
      `it ends inside its object: close it; if the object goes on over several lines, ${ONE_A_LINE}`,
    ],
    [
      'an object that goes on past its line',
      '{"Name": "A",',
      `it ends inside its object: close it; if the object goes on over several lines, ${ONE_A_LINE}`,
    ],
  ])('in an NDJSON line: %s', async (_, line, why) => {
    expect(await messageBetweenGoodLines(line)).toBe(`line 2 is not valid JSON: ${why}`);
  });

  const CSV_HEADER = 'it reads as a CSV header: if the file is CSV, read it with --format csv';
  it.each([
    [
      'a CSV file',
      'Name,Email\nA,a@x.co\n',
      [`line 1 is not valid JSON: ${CSV_HEADER}`, 'line 2 is not valid JSON'],
    ],
    [
      'a CSV file at semicolons after blank lines',
      '\n\nName;Email\nA;a@x.co\n',
      [`line 3 is not valid JSON: ${CSV_HEADER}`, 'line 4 is not valid JSON'],
    ],
    [
      'a CSV header after a line of JSON',
      '{"Name":"A"}\nName,Email\n',
      [undefined, 'line 2 is not valid JSON'],
    ],
    ['a first line naming no column zcust reads', 'Foo,Bar\n', ['line 1 is not valid JSON']],
  ])(
    'in NDJSON that is %s, only a first line that reads as a CSV header says so',
    async (_, text, messages) => {
      const { rows } = await json('ndjson', text);
      expect(rows.map((r) => r.issues?.[0]?.message)).toEqual(messages);
    },
  );

  it("in NDJSON of objects over several lines (jq '.[]' written), every line says so", async () => {
    const { rows } = await json('ndjson', '{\n  "Name": "A",\n  "Email": "a@x.com"\n}\n');
    const KEY = 'it starts with a key outside any object, as a line of an object over several lines does';
    expect(rows.map((r) => r.issues?.[0]?.message)).toEqual([
      `line 1 is not valid JSON: it opens an object over several lines: ${ONE_A_LINE}`,
      `line 2 is not valid JSON: ${KEY}: ${ONE_A_LINE}`,
      `line 3 is not valid JSON: ${KEY}: ${ONE_A_LINE}`,
      `line 4 is not valid JSON: "}" at character 1 closes nothing the line opened, as the last line of an object over several lines does: ${ONE_A_LINE}`,
    ]);
  });
});

describe('NDJSON', () => {
  it('reads one object a line however it is chunked, numbering rows as non-blank lines + 1', async () => {
    const text =
      '{"name":"A"}\r\n\n{"name":"B","address":{"city":"Oslo"}}\r\n   \r\n{"name": x}\r\n{"name":"D"}';
    for (let chunkSize = 1; chunkSize <= 16; chunkSize++) {
      const { rows } = await json('ndjson', text, chunkSize);
      expect(
        rows.map((r) => [r.row, r.issues?.[0]?.message ?? r.fields]),
        `chunks of ${chunkSize}`,
      ).toEqual([
        [2, { Name: 'A' }],
        [3, { Name: 'B', City: 'Oslo' }],
        [4, 'line 5 is not valid JSON'],
        [5, { Name: 'D' }],
      ]);
    }
  });

  it.each([
    ['1.1 million', 1_100_000, 'LF'],
    ['1.1 million', 1_100_000, 'CRLF'],
  ])(
    'reads a line of %s characters (longer than the decoder holds back) as one row, %s',
    async (_, length, ending) => {
      const eol = ending === 'CRLF' ? '\r\n' : '\n';
      const long = `{"name":"B","notes":"${'y'.repeat(length)}"}`;
      const { rows } = await json('ndjson', ['{"name":"A"}', long, '{"name":"C"}', ''].join(eol));
      expect(rows.map((r) => [r.row, r.fields.Name ?? r.issues?.[0]?.message])).toEqual([
        [2, 'A'],
        [3, 'B'],
        [4, 'C'],
      ]);
    },
  );

  it(`turns a line longer than ${MAX_RECORD_TEXT} into one malformed row, and reads on`, async () => {
    const long = `{"name":"B","notes":"${'y'.repeat(MAX_RECORD_CHARS + 10)}"}`;
    const { rows } = await json('ndjson', `{"name":"A"}\n${long}\n{"name":"C"}\n`);
    expect(rows.map((r) => [r.row, r.fields.Name ?? r.issues?.[0]?.message])).toEqual([
      [2, 'A'],
      [3, `line 2 is longer than ${MAX_RECORD_TEXT}; it was not read`],
      [4, 'C'],
    ]);
  });

  it.each(['json', 'ndjson'] as const)(
    'turns an object nested 20,000 levels deep into a malformed row and reads on (%s)',
    async (format) => {
      const deep = `{"Name":"B","custom_data":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`;
      const lines = ['{"Name":"A"}', deep, '{"Name":"C"}'];
      const { rows } = await json(format, format === 'json' ? `[${lines.join(',')}]` : lines.join('\n'));
      const where = format === 'json' ? 'array item 2' : 'line 2';
      expect(rows.map((r) => r.fields.Name ?? r.issues?.[0]?.message)).toEqual([
        'A',
        `${where} nests objects or arrays too deeply to read`,
        'C',
      ]);
    },
  );

  it('reads the API shape the same as a JSON array element', async () => {
    const { rows } = await json('ndjson', `${JSON.stringify(API_CUSTOMER)}\n`);
    expect(rows[0]?.fields).toEqual(API_FIELDS);
  });

  it('turns a bad line into a malformed_input row naming its line, and reads on', async () => {
    const { rows } = await json('ndjson', '{"name":"A"}\n\n{"name": oops}\n[1]\n{"name":"D"}\n');
    expect(rows.map((r) => [r.row, r.fields.Name ?? r.issues?.[0]?.message])).toEqual([
      [2, 'A'],
      [3, 'line 3 is not valid JSON'],
      [4, 'line 4 is an array, not an object'],
      [5, 'D'],
    ]);
    expect(codes(rows[1])).toEqual(['malformed_input']);
  });

  it('tells a line holding a JSON array of the rows to read the file with --format json', async () => {
    const { rows } = await json('ndjson', '[{"Name":"A"},{"Name":"B"}]\n');
    expect(rows.map((r) => r.issues?.[0]?.message)).toEqual([
      `line 1 is an array of objects, not an object: ${ONE_ARRAY}`,
    ]);
  });

  it("keeps a line that is not JSON in the report's zcust_json cell, every other cell empty, to be fixed there", async () => {
    const { rows } = await json('ndjson', '{"name":"A"}\n{"name": oops\n');
    const raw = rows[1]?.raw ?? [];
    expect(raw).toHaveLength(JSON_COLUMNS.length);
    expect(raw.at(-1), 'zcust_json').toBe('{"name": oops');
    expect(
      raw.slice(0, -1).every((cell) => cell === ''),
      'the template columns are empty',
    ).toBe(true);
  });

  it('stops at bytes that are not UTF-8, naming their line', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"name":"A"}\n{"name":"'),
      Buffer.from([0xfe]),
      Buffer.from('"}\n{"name":"C"}\n'),
    ]);
    const { rows } = await readText(bytes, { format: 'ndjson', chunkSize: 3 });
    expect(rows.map((r) => r.fields.Name ?? r.issues?.[0]?.message)).toEqual([
      'A',
      "the file is damaged at line 2 (not valid UTF-8; if the file was saved in another encoding, try --encoding windows-1252 (Windows, Latin-1), windows-1250 (Central European) or macintosh (Excel for Mac's plain CSV)); nothing after it was read",
    ]);
  });
});

describe(`nesting: a row's values take ${MAX_JSON_LEVELS} levels`, () => {
  const arrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
  const objects = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
  const cases = (['json', 'ndjson'] as const).flatMap((format) => [
    {
      format,
      what: `an ignored key, ${MAX_JSON_LEVELS} arrays deep`,
      key: 'X',
      value: arrays(MAX_JSON_LEVELS),
    },
    { format, what: 'custom_data, as deep', key: 'custom_data', value: objects(MAX_JSON_LEVELS) },
    {
      format,
      what: 'an ignored key, one level more',
      key: 'X',
      value: arrays(MAX_JSON_LEVELS + 1),
      deep: true,
    },
    {
      format,
      what: 'custom_data, one level more',
      key: 'custom_data',
      value: objects(MAX_JSON_LEVELS + 1),
      deep: true,
    },
    {
      format,
      what: 'a text column, one level more',
      key: 'Phone',
      value: objects(MAX_JSON_LEVELS + 1),
      deep: true,
    },
    { format, what: 'an ignored key, 100,000 levels', key: 'X', value: arrays(100_000), deep: true },
  ]);

  it.each(cases)('$format: $what', async ({ format, key, value, deep }) => {
    const lines = ['{"Name":"A"}', `{"Name":"B","${key}":${value}}`, '{"Name":"C"}'];
    const { rows } = await json(format, format === 'json' ? `[${lines.join(',')}]` : lines.join('\n'));
    const where = format === 'json' ? 'array item 2' : 'line 2';
    expect(
      rows.map((r) => (codes(r).includes('malformed_input') ? r.issues?.[0]?.message : r.fields.Name)),
    ).toEqual(['A', deep ? `${where} nests objects or arrays too deeply to read` : 'B', 'C']);
  });
});

describe('JSON values', () => {
  it.each([
    ['IN', 'IND'],
    ['us', 'USA'],
    ['AU', 'AUS'],
    ['SG', 'SG'],
    ['FR', 'FR'],
    ['DE', 'EU'],
    ['EL', 'EU'],
    ['EU', 'EU'],
    ['GB', 'GB'],
    ['', ''],
  ])('tax_info country_code %j is jurisdiction %j', (code, jurisdiction) => {
    expect(jurisdictionOfTaxCountry(code)).toBe(jurisdiction);
  });

  it.each([
    [null, ''],
    [undefined, ''],
    ['  padded  ', 'padded'],
    [true, 'true'],
    [false, 'false'],
    [0, '0'],
    [12.5, '12.5'],
    [{ a: [1] }, '{"a":[1]}'],
  ])('%j is written as %j', (value, text) => {
    expect(jsonValueText(value)).toBe(text);
  });
});
