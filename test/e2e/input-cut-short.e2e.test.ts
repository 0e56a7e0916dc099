/**
 * An input file truncated while zcust reads it (QA's repro: `truncate -s` into row 3,000's Phone cell midway
 * through an import). Before, the file's new end was taken for its end: exit 0, the cut row created with half its
 * values, the rest of the file silently dropped. Now the run stops as at EIO (exit 3), `aborted` says how many
 * bytes of how many were there, and the cut row is never sent.
 */
import { appendFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCustomersCsv } from '../support/customers.js';
import { SANDBOX_ENV, sandboxPerTest } from '../support/sandbox.js';
import { ROOT, readReport, tempDir, until, zcust } from '../support/zcust.js';

const sandboxWith = sandboxPerTest();

const COUNT = 1000;
/**
 * Far enough into the file that the reader has not reached it when the first create arrives: it reads at most
 * 256 rows and a 16 KB chunk ahead of the answers, which come 8 at a time, 20 ms apart.
 */
const CUT_CUSTOMER = 800;
const numbers = Array.from({ length: COUNT }, (_, i) => i + 1);
const customer = (i: number) => ({
  Name: `Customer ${i}`,
  'Customer ID': `CID-${i}`,
  Email: `c${i}@test.example`,
  Phone: `+1555${String(i).padStart(6, '0')}`,
  City: 'Springfield',
  Country: 'US',
});
const FILES = {
  csv: `${[Object.keys(customer(1)).join(','), ...numbers.map((i) => Object.values(customer(i)).join(','))].join('\n')}\n`,
  ndjson: `${numbers.map((i) => JSON.stringify(customer(i))).join('\n')}\n`,
  json: `[\n${numbers.map((i) => JSON.stringify(customer(i))).join(',\n')}\n]\n`,
};
/** Inside CUT_CUSTOMER's Phone value, as QA's cut. */
const cutOffset = (text: string) => text.indexOf(`+1555${String(CUT_CUSTOMER).padStart(6, '0')}`) + 5;
const bytes = (n: number) => n.toLocaleString('en-US');

describe('an input file cut short during an import', () => {
  it.each([
    ['csv', 'invalid'],
    ['ndjson', 'invalid'],
    // A JSON object cut in two is no element at all: the report ends with the last whole one.
    ['json', 'absent'],
  ] as const)(
    '%s: stops with exit 3 saying so; every row before the cut created, the cut row %s and never sent',
    async (format, cutRow) => {
      const s = await sandboxWith({ latencyMs: 20 });
      const dir = tempDir();
      const text = FILES[format];
      writeFileSync(join(dir, `in.${format}`), text);
      const run = zcust(['import', `in.${format}`, '--base-url', s.url, '--json', '--report', 'r.csv'], {
        cwd: dir,
        env: SANDBOX_ENV.zenskar,
      });
      await until(() => s.stats().requests > 0);
      truncateSync(join(dir, `in.${format}`), cutOffset(text));
      const { code, stdout, stderr } = await run;

      expect(code, stderr).toBe(3);
      const lastWhole = CUT_CUSTOMER + (cutRow === 'absent' ? 0 : 1);
      expect(JSON.parse(stdout).aborted, 'what the summary says').toBe(
        `cannot read in.${format}: it got shorter while it was read (it ended after ${bytes(cutOffset(text))} bytes of the ${bytes(text.length)} bytes it had when zcust opened it); the rows after row ${lastWhole} could not be read, so they are not in the report`,
      );
      const report = readReport(join(dir, 'r.csv')).map((row) => [Number(row.zcust_row), row.zcust_status]);
      expect(report, 'every row up to the cut once, in order: created, then the cut one').toEqual([
        ...numbers.slice(0, CUT_CUSTOMER - 1).map((i) => [i + 1, 'created']),
        ...(cutRow === 'absent' ? [] : [[CUT_CUSTOMER + 1, cutRow]]),
      ]);
      const sent = (s.customers() as Array<{ email?: string }>).map((c) => c.email);
      expect(sent, 'the cut row was sent').not.toContain(`c${CUT_CUSTOMER}@test.example`);
      expect(sent.length, 'customers created').toBe(CUT_CUSTOMER - 1);
    },
    30_000,
  );
});

describe('an input file still being written during an import', () => {
  it('csv: a half-written last line is invalid and never sent; the run stops with exit 3 saying to run again', async () => {
    const s = await sandboxWith({ latencyMs: 20 });
    const dir = tempDir();
    const text = FILES.csv;
    writeFileSync(join(dir, 'in.csv'), text);
    const run = zcust(['import', 'in.csv', '--base-url', s.url, '--json', '--report', 'r.csv'], {
      cwd: dir,
      env: SANDBOX_ENV.zenskar,
    });
    await until(() => s.stats().requests > 0);
    // QA's repro: the writer has put out half a line when zcust reaches the end (its phone is "+1555").
    const halfLine = 'Late,CID-late,late@test.example,+1555';
    appendFileSync(join(dir, 'in.csv'), halfLine);
    const { code, stdout, stderr } = await run;

    expect(code, stderr).toBe(3);
    expect(JSON.parse(stdout).aborted, 'what the summary says').toBe(
      `cannot read in.csv to its end: it was still being written when zcust reached its end (it grew from ${bytes(text.length)} bytes to ${bytes(text.length + halfLine.length)} bytes while it was read), so its last line may be incomplete: run again once the file is complete; the rows after row ${COUNT + 2} could not be read, so they are not in the report`,
    );
    const report = readReport(join(dir, 'r.csv')).map((row) => [Number(row.zcust_row), row.zcust_status]);
    expect(report, 'every row once, in order: created, then the half-written one invalid').toEqual([
      ...numbers.map((i) => [i + 1, 'created']),
      [COUNT + 2, 'invalid'],
    ]);
    const sent = (s.customers() as Array<{ email?: string }>).map((c) => c.email);
    expect(sent, 'the half-written row was sent').not.toContain('late@test.example');
    expect(sent.length, 'customers created').toBe(COUNT);
  }, 30_000);
});

describe('a large CSV file cut short while the parsing worker reads it', () => {
  it('stops the validate with exit 3, naming the bytes read; the cut row is invalid, the rows before it valid', async () => {
    const dir = tempDir();
    const file = join(dir, 'big.csv');
    writeCustomersCsv(file, 80_000);
    const size = statSync(file).size;
    expect(size, 'a file the worker reads (over 4 MB)').toBeGreaterThan(4 * 1024 * 1024);
    const text = readFileSync(file, 'utf8');
    // Inside customer 30,000's Email, past the first MiB, where the fixture cuts the file.
    const cutAt = text.indexOf('c30000@test.example') + 4;
    const run = await zcust(['validate', 'big.csv', '--quiet', '--report', 'r.csv'], {
      cwd: dir,
      env: {
        NODE_OPTIONS: `--require ${join(ROOT, 'test', 'fixtures', 'truncate-in-worker', 'register.cjs')}`,
        ZCUST_TEST_CUT_FILE: file,
        ZCUST_TEST_CUT_AT: String(cutAt),
      },
    });

    expect(run.code, run.stderr).toBe(3);
    // Customer i is row i + 2 (writeCustomersCsv counts from 0).
    expect(run.stderr).toBe(
      `zcust: cannot read big.csv: it got shorter while it was read (it ended after ${bytes(cutAt)} bytes of the ${bytes(size)} bytes it had when zcust opened it); the rows after row 30002 could not be read, so they are not in the report\n`,
    );
    const report = readReport(join(dir, 'r.csv'));
    expect(report.length, 'every row up to the cut, once').toBe(30_001);
    expect(report.at(-2), 'the last row before the cut').toMatchObject({
      zcust_row: '30001',
      zcust_status: 'valid',
    });
    expect(report.at(-1), 'the cut row').toMatchObject({ zcust_row: '30002', zcust_status: 'invalid' });
  }, 60_000);
});
