import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowShape } from '../../src/customer/row-shape.js';
import { draftCustomer, validateRow } from '../../src/customer/schema.js';
import type { Issue, Outcome } from '../../src/model.js';
import { csvReportLine, openCsvReport } from '../../src/report/csv.js';
import { csvCellsAfterComma } from '../../src/report/csv-cell.js';
import { restoreCell } from '../../src/report/neutralise.js';
import { TARGETS } from '../../src/targets/index.js';
import { COLUMN } from '../../src/template.js';
import { readText } from '../input/helpers.js';
import { filesIn, outcome, summary, tempDir } from './fixtures.js';

const COLUMNS = ['Name', 'Email'];

async function writeCsv(outcomes: Outcome[], columns: readonly string[] = COLUMNS): Promise<string[][]> {
  const path = join(await tempDir(), 'out.report.csv');
  const report = openCsvReport(path, columns);
  for (const o of outcomes) await report.write(o);
  await report.close(summary());
  return parse(await readFile(path, 'utf8'), { relax_column_count: true });
}

describe('CSV report', () => {
  it('starts with the zcust columns, then the original columns in their order', async () => {
    const [header] = await writeCsv([], ['Name', 'Customer ID', 'Email']);
    expect(header).toEqual([
      'zcust_row',
      'zcust_status',
      'zcust_customer_id',
      'zcust_error_code',
      'zcust_error',
      'Name',
      'Customer ID',
      'Email',
    ]);
  });

  it('holds only the header when no row was written', async () => {
    expect(await writeCsv([])).toHaveLength(1);
  });

  it('writes one line per outcome, in the order given, with row, status and customer id', async () => {
    const lines = await writeCsv([
      outcome({ row: 2, status: 'created', customerId: 'cus_1', raw: ['A', 'a@x.io'] }),
      outcome({ row: 3, status: 'skipped', raw: ['B', 'b@x.io'] }),
      outcome({ row: 5, status: 'not_attempted', raw: ['C', 'c@x.io'] }),
    ]);
    expect(lines.slice(1)).toEqual([
      ['2', 'created', 'cus_1', '', '', 'A', 'a@x.io'],
      ['3', 'skipped', '', '', '', 'B', 'b@x.io'],
      ['5', 'not_attempted', '', '', '', 'C', 'c@x.io'],
    ]);
  });

  it('joins several errors with "; ", names their columns, and lists each code once', async () => {
    const [, line] = await writeCsv([
      outcome({
        status: 'invalid',
        errors: [
          { field: 'Email', code: 'invalid_email', message: 'not an email address' },
          { code: 'column_count', message: 'the record has 3 fields, the header 2' },
          { field: 'Country Code', code: 'invalid_email', message: 'second of the same code' },
        ],
      }),
    ]);
    expect(line?.slice(3, 5)).toEqual([
      'invalid_email; column_count',
      'Email: not an email address; the record has 3 fields, the header 2; Country Code: second of the same code',
    ]);
  });

  it.each<[string, Partial<Outcome>, [code: string, text: string]]>([
    [
      'a done row with warnings shows them in zcust_error, prefixed, and no code',
      {
        status: 'created',
        customerId: 'cus_1',
        warnings: [
          { code: 'already_exists', message: 'created by an earlier import, not sent again' },
          { field: 'Country', code: 'invalid_country_code', message: '"Atlantis" is not a country' },
        ],
      },
      [
        '',
        'warning: created by an earlier import, not sent again; warning: Country: "Atlantis" is not a country',
      ],
    ],
    [
      'a row with errors shows only its errors',
      {
        status: 'invalid',
        errors: [{ field: 'Email', code: 'invalid_email', message: 'not an email address' }],
        warnings: [{ field: 'Country', code: 'invalid_country_code', message: 'not a country' }],
      },
      ['invalid_email', 'Email: not an email address'],
    ],
    [
      'a skipped row shows its reason, then its warnings',
      {
        status: 'skipped',
        customerId: 'cus_1',
        errors: [{ code: 'already_exists', message: 'skipped by an earlier run, not sent again' }],
        warnings: [{ field: 'Customer ID', code: 'already_exists', message: 'differs from the customer’s' }],
      },
      [
        'already_exists',
        'skipped by an earlier run, not sent again; warning: Customer ID: differs from the customer’s',
      ],
    ],
    ['a row with neither leaves both empty', { status: 'created', customerId: 'cus_1' }, ['', '']],
  ])('%s', async (_, fields, expected) => {
    const [, line] = await writeCsv([outcome(fields)]);
    expect(line?.slice(3, 5)).toEqual(expected);
  });

  // Zenskar's 422 lists its errors with "; " (sandbox/pydantic-message.ts): kept as written, zcust_error split
  // into more pieces than the row had errors.
  it.each<[string, Partial<Outcome>, string[]]>([
    [
      "a platform's message listing its errors",
      {
        status: 'failed',
        errors: [
          {
            code: 'rejected',
            message: '2 validation errors for CreateCustomerRequestSchema; email: bad; phone_number: bad',
          },
        ],
      },
      ['2 validation errors for CreateCustomerRequestSchema, email: bad, phone_number: bad'],
    ],
    [
      'two errors, each holding the separator',
      {
        status: 'invalid',
        errors: [
          { field: 'Email', code: 'invalid_email', message: 'a; b' },
          { code: 'column_count', message: 'c; d' },
        ],
      },
      ['Email: a, b', 'c, d'],
    ],
    [
      'a warning holding the separator, after a skipped row’s reason',
      {
        status: 'skipped',
        errors: [{ code: 'already_exists', message: 'skipped; not sent again' }],
        warnings: [{ field: 'Customer ID', code: 'already_exists', message: 'differs; see the tenant' }],
      },
      ['skipped, not sent again', 'warning: Customer ID: differs, see the tenant'],
    ],
  ])('splits zcust_error at "; " into one piece an issue, for %s', async (_, fields, pieces) => {
    const [, line] = await writeCsv([outcome(fields)]);
    expect(line?.[4]?.split('; ')).toEqual(pieces);
  });

  it.each([
    ['=', '=SUM(A1:A9)'],
    ['+', '+44 20 7946 0958'],
    ['-', '-12'],
    ['@', '@cmd'],
    ['TAB', '\tindented'],
  ])('neutralises a cell starting with %s so spreadsheets do not run it', async (_start, value) => {
    const [, line] = await writeCsv([outcome({ raw: [value, 'x@y.io'] })]);
    expect(line?.[5]).toBe(`'${value}`);
  });

  it('neutralises the error text too, since API messages are not ours', async () => {
    const [, line] = await writeCsv([
      outcome({ status: 'failed', errors: [{ code: 'rejected', message: '=HYPERLINK("http://evil")' }] }),
    ]);
    expect(line?.[4]).toBe('\'=HYPERLINK("http://evil")');
  });

  it('gives back every original value after csv-parse and restoreCell', async () => {
    const values = [
      '=1+1',
      '+911234567890',
      '-',
      '@home',
      '\tx',
      'comma, inside',
      'quote " inside',
      'line\nbreak',
      'carriage\rreturn',
      '  spaces kept  ',
      '00123',
      'Zoë Ünïcødé 日本',
      '',
      "it's",
    ];
    const columns = values.map((_, i) => `c${i}`);
    const [, line] = await writeCsv([outcome({ raw: values })], columns);
    expect(line?.slice(5).map(restoreCell)).toEqual(values);
  });

  it('pads a row with fewer values than the header with empty cells', async () => {
    const [, line] = await writeCsv([outcome({ raw: ['only name'] })], ['Name', 'Email', 'Phone']);
    expect(line?.slice(5)).toEqual(['only name', '', '']);
  });

  it('keeps every value of a column_count row, the extra ones after the last column', async () => {
    const [, line] = await writeCsv([
      outcome({
        status: 'invalid',
        errors: [{ code: 'column_count', message: 'too many fields' }],
        raw: ['A', 'a@x.io', 'extra 1', 'extra 2'],
      }),
    ]);
    expect(line?.slice(5)).toEqual(['A', 'a@x.io', 'extra 1', 'extra 2']);
  });

  it('uses LF line endings and no byte-order mark', async () => {
    const path = join(await tempDir(), 'r.csv');
    const report = openCsvReport(path, COLUMNS);
    await report.write(outcome());
    await report.close(summary());
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 3).toString('hex')).not.toBe('efbbbf');
    expect(bytes.includes('\r\n')).toBe(false);
  });

  it('streams 200,000 outcomes to disk, one line each', async () => {
    const path = join(await tempDir(), 'big.report.csv');
    const report = openCsvReport(path, COLUMNS);
    const rows = 200_000;
    for (let row = 2; row < rows + 2; row++) {
      await report.write({
        row,
        status: 'valid',
        errors: [],
        warnings: [],
        raw: ['Acme Ltd', `c${row}@x.io`],
      });
    }
    await report.close(summary());
    const text = await readFile(path, 'utf8');
    expect(text.split('\n').length - 1).toBe(rows + 1);
    expect(text.endsWith(`${rows + 1},valid,,,,Acme Ltd,c${rows + 1}@x.io\n`)).toBe(true);
  });

  it('keeps the rows already written when aborted', async () => {
    const dir = await tempDir();
    const path = join(dir, 'partial.csv');
    const report = openCsvReport(path, COLUMNS);
    await report.write(outcome({ row: 2 }));
    await report.abort();
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')[1]).toMatch(/^2,created,/);
  });

  it('leaves no file behind when aborted before any row', async () => {
    const dir = await tempDir();
    const report = openCsvReport(join(dir, 'empty.csv'), COLUMNS);
    await report.abort();
    expect(await filesIn(dir)).toEqual([]);
  });

  it('refuses writes after close', async () => {
    const report = openCsvReport(join(await tempDir(), 'r.csv'), COLUMNS);
    await report.close(summary());
    await expect(report.write(outcome())).rejects.toThrow(/already closed/);
  });
});

describe('CSV report: cells rendered ahead of time (by the CSV reader’s worker thread)', () => {
  it.each([
    ['plain values', ['Ada Ltd', 'ada@example.com', 'IN']],
    ['a comma, a quote and a newline', ['Smith, Jones & Co', 'said "hi"', 'line 1\nline 2']],
    ['formula-like cells', ['=SUM(A1)', '+44 20', '@home', "'=already"]],
    ['empty cells', ['', '', '']],
  ])('make a line that reads back as the original values: %s', (_name, raw) => {
    const line = csvReportLine({ ...outcome({ raw }), rawCsv: csvCellsAfterComma(raw) }, raw.length);
    const [record] = parse(line) as string[][];
    expect(record).toHaveLength(5 + raw.length);
    expect(record!.slice(5).map(restoreCell)).toEqual(raw);
  });

  it('neutralises formula-like cells, as the report does', () => {
    expect(csvCellsAfterComma(['=1+1', 'ok'])).toBe(",'=1+1,ok");
  });
});

describe('CSV report: imported again, each original cell reads back exactly as it was', () => {
  /** The report zcust writes for one row of `raw`, read back by zcust's own CSV reader (which trims unquoted cells). */
  async function readBack(raw: string[]): Promise<string[] | undefined> {
    const path = join(await tempDir(), 'again.report.csv');
    const report = openCsvReport(path, ['Name', 'Notes']);
    await report.write(outcome({ status: 'invalid', raw }));
    await report.close(summary());
    const { rows } = await readText(await readFile(path, 'utf8'));
    return rows[0]?.raw;
  }

  it.each([
    ['leading spaces before a formula', '  =1+1'],
    ['leading spaces', '  Acme'],
    ['trailing spaces', 'Acme  '],
    ['a leading tab', '\tAcme'],
    ['a trailing tab', 'Acme\t'],
    ['a leading form feed', '\fAcme'],
    ['only spaces', '   '],
    ['a leading no-break space', '\u00a0Acme'],
  ])('%s: %j', async (_name, value) => {
    expect(await readBack([value, 'x']), 'the report lost whitespace around the cell').toEqual([value, 'x']);
  });
});

/**
 * Cells that make every rule of every column refuse or warn, each in the ways it words differently: the validators'
 * messages, and so each row's zcust_error, are made of these.
 */
const REFUSED_CELLS: Readonly<Record<string, readonly string[]>> = {
  [COLUMN.name]: ['', '\u0000Acme', '#N/A', "'=Bad Co"],
  [COLUMN.customerId]: ['C'.repeat(256), 'ACME\u200B-1', '1.23457E+11', "'000123"],
  [COLUMN.email]: [
    'ana@',
    'jаne@acme.com',
    `${'a'.repeat(65)}@acme.com`,
    `x@${'b'.repeat(64)}.com`,
    `${'c'.repeat(60)}@${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.com`,
    'ana@acme.example\u200E',
    '#VALUE!',
  ],
  [COLUMN.phone]: ['1.23457E+11', "'+44 20 7946 0000"],
  [COLUMN.addressLine1]: ['12 Main St\u0000', 'Straße\u0085'],
  [COLUMN.country]: ['Atlantis', 'Congo', 'France', 'N/A'],
  [COLUMN.countryCode]: ['USA', 'Germany', 'UK', 'N/A', '#NA', 'U\u200BS', 'ЅU', 'XX', 'DE', 'ＵＳＡ'],
  [COLUMN.shipToCountryCode]: ['AUS', 'Österreich'],
  [COLUMN.taxJurisdiction]: [
    'IN',
    'GSTIN',
    'GST',
    'VAT',
    'IND (GST)',
    'Narnia',
    'ＸＹ',
    'IN\u200BD',
    'FR',
    'EU',
    'SG',
  ],
  [COLUMN.taxId]: [
    '',
    '27AAPFU0939F1ZX',
    '51_824_753_556',
    '12-345678A',
    'DE100000223',
    'GB123456789',
    'GR123456783',
    'XI123456789',
    '201812927S',
    '12\u200B-3456789',
    '1.23457E+11',
  ],
  [COLUMN.businessEntityId]: ['BE-0042', '7c9e6679-7425-40de-944b-e07fc1f090ae\uFE0F'],
  [COLUMN.customData]: [
    '{"a":}',
    '["vip"]',
    `${'{"a":'.repeat(33)}1${'}'.repeat(33)}`,
    '{"e":1e400}',
    '{"n":12345678901234567890}',
    '{"a":1,"a":2}',
    '{"plan":"Pro \u0080"}',
    '{"note":"x\\ud83d"}',
    '{"a":1} // note',
    "{'a':1}",
  ],
  [COLUMN.autoCharge]: ['maybe', 'yes\u200B', 'ｙｅｓ!'],
  [COLUMN.emailCommunications]: ['ja', 'nо'],
  [COLUMN.creditLimit]: ['-1', 'lots', '1.234', '1e20', '1,00.0', '99999999999999999'],
  [COLUMN.status]: ['paused', 'inactive\u200B'],
};

/** Each target's verdict on a row, as an import gives it: the common rules, then the target's own. */
function verdicts(fields: Record<string, string>): Array<{ errors: Issue[]; warnings: Issue[] }> {
  const row = { row: 2, fields, raw: Object.values(fields) };
  return Object.values(TARGETS).map((target) => {
    const { customer, errors, warnings } = validateRow(row, rowShape(), target.taxIds);
    return { errors: [...errors, ...target.validate(customer ?? draftCustomer(row))], warnings };
  });
}

describe('CSV report: every message the validators give is one piece of zcust_error', () => {
  const cells = Object.entries(REFUSED_CELLS).flatMap(([column, values]) =>
    values.map((value) => [column, value] as const),
  );

  it.each(cells)('%s %j: no message holds the separator "; "', (column, value) => {
    const issues = verdicts({ [COLUMN.name]: 'Acme', [column]: value }).flatMap((v) => [
      ...v.errors,
      ...v.warnings,
    ]);
    expect(
      issues.filter((issue) => issue.message.includes('; ')).map((issue) => issue.message),
      'messages holding "; "',
    ).toEqual([]);
  });

  it('splits zcust_error into one piece an error, for any mix of refused cells', () => {
    const column = fc.constantFrom(...Object.keys(REFUSED_CELLS));
    const fields = fc
      .uniqueArray(column, { minLength: 1, maxLength: 6 })
      .chain((columns) =>
        fc.tuple(
          ...columns.map((c) => fc.constantFrom(...(REFUSED_CELLS[c] ?? [])).map((v) => [c, v] as const)),
        ),
      )
      .map((pairs) => ({ [COLUMN.name]: 'Acme', ...Object.fromEntries(pairs) }));
    fc.assert(
      fc.property(fields, (cellsOfRow) => {
        for (const { errors } of verdicts(cellsOfRow)) {
          if (errors.length === 0) continue;
          const [, , , , text] = parse(
            csvReportLine(outcome({ status: 'invalid', errors }), 0),
          )[0] as string[];
          expect(text?.split('; ')).toHaveLength(errors.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
