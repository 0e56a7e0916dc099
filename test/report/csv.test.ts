import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/model.js';
import { csvReportLine, openCsvReport } from '../../src/report/csv.js';
import { csvCellsAfterComma } from '../../src/report/csv-cell.js';
import { restoreCell } from '../../src/report/neutralise.js';
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
          { code: 'column_count', message: 'the record has 3 fields; the header has 2' },
          { field: 'Country Code', code: 'invalid_email', message: 'second of the same code' },
        ],
      }),
    ]);
    expect(line?.slice(3, 5)).toEqual([
      'invalid_email; column_count',
      'Email: not an email address; the record has 3 fields; the header has 2; Country Code: second of the same code',
    ]);
  });

  it.each<[string, Partial<Outcome>, [code: string, text: string]]>([
    [
      'a done row with warnings shows them in zcust_error, prefixed, and no code',
      {
        status: 'created',
        customerId: 'cus_1',
        warnings: [
          { code: 'already_exists', message: 'created by an earlier import; not sent again' },
          { field: 'Country', code: 'invalid_country_code', message: '"Atlantis" is not a country' },
        ],
      },
      [
        '',
        'warning: created by an earlier import; not sent again; warning: Country: "Atlantis" is not a country',
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
        errors: [{ code: 'already_exists', message: 'skipped by an earlier run; not sent again' }],
        warnings: [{ field: 'Customer ID', code: 'already_exists', message: 'differs from the customer’s' }],
      },
      [
        'already_exists',
        'skipped by an earlier run; not sent again; warning: Customer ID: differs from the customer’s',
      ],
    ],
    ['a row with neither leaves both empty', { status: 'created', customerId: 'cus_1' }, ['', '']],
  ])('%s', async (_, fields, expected) => {
    const [, line] = await writeCsv([outcome(fields)]);
    expect(line?.slice(3, 5)).toEqual(expected);
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
