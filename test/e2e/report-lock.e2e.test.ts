/**
 * One zcust at a time writes a report file: a second run that would write one a running zcust writes (a validate
 * of the file an import is reading, into the same default report) is refused with exit 2 and touches none of its
 * reports, and the first run's report keeps one line per row.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { writeCustomersCsv } from '../support/customers.js';
import { SANDBOX_ENV, sandboxPerTest } from '../support/sandbox.js';
import { type RunningZcust, readReport, spawnZcust, tempDir, zcust } from '../support/zcust.js';

// 200 rows one at a time at 20 ms each: over 4 s, long enough for a second zcust to start on a loaded machine.
const ROWS = 200;
const EARLIER = 'the report of the run before\n';

let dir: string;
beforeEach(() => {
  dir = tempDir();
  writeCustomersCsv(join(dir, 'cust.csv'), ROWS);
});
const sandboxWith = sandboxPerTest({ latencyMs: 20 });

/** An import of cust.csv into `s`, one row at a time, resolved once it is sending (its reports open). */
async function importUnderway(s: Sandbox, extra: string[] = []): Promise<RunningZcust> {
  const run = spawnZcust(['import', 'cust.csv', '--base-url', s.url, '--concurrency', '1', '-q', ...extra], {
    cwd: dir,
    env: SANDBOX_ENV.zenskar,
  });
  while (s.stats().customers === 0) {
    if (run.ended()) throw new Error(`the import ended before it sent a row: ${run.output().stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return run;
}

/** The refusal of a run that would write `report` while process `pid` writes it. */
const refusal = (pid: number | undefined, report: string) =>
  `another zcust (process ${pid}) is writing the report "${report}"; wait for it to finish or stop it, then run again, or give this run another --report`;

describe('a report file another zcust is writing', () => {
  it('a validate of the file an import is reading is refused (exit 2), and the report holds the import rows once each', async () => {
    const report = join(dir, 'cust.report.csv');
    const first = await importUnderway(await sandboxWith());
    const second = await zcust(['validate', 'cust.csv'], { cwd: dir });
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr).toContain(refusal(first.child.pid, report));
    const { code, stderr } = await first.result;
    expect(code, stderr).toBe(0);
    const rows = readReport(report);
    expect(
      rows.map((r) => Number(r.zcust_row)),
      'rows missing, repeated or out of order: two runs wrote the report',
    ).toEqual(Array.from({ length: ROWS }, (_, i) => i + 2));
    expect(new Set(rows.map((r) => r.zcust_status)), 'a row with the validate status').toEqual(
      new Set(['created']),
    );
    expect(existsSync(`${report}.lock`), 'the lock left behind').toBe(false);
  }, 30_000);

  it('a validate into a report named 254 bytes an import is writing is refused (exit 2), and the report holds the import rows once each', async () => {
    // `<report>.lock` passes the 255 bytes a folder takes for a name: the lock is named shorter, beside it.
    const report = `${'r'.repeat(250)}.csv`;
    const first = await importUnderway(await sandboxWith(), ['--report', report]);
    const second = await zcust(['validate', 'cust.csv', '--report', report], { cwd: dir });
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr).toContain(refusal(first.child.pid, report));
    const { code, stderr } = await first.result;
    expect(code, stderr).toBe(0);
    expect(
      readReport(join(dir, report)).map((r) => `${r.zcust_row} ${r.zcust_status}`),
      'rows missing, repeated or not created: two runs wrote the report',
    ).toEqual(Array.from({ length: ROWS }, (_, i) => `${i + 2} created`));
    expect(
      readdirSync(dir).filter((f) => f.endsWith('.lock')),
      'the lock left behind',
    ).toEqual([]);
  }, 30_000);

  it.each<{ into: string; outcome: string; reports: string[]; exit: number; csvStart: string }>([
    {
      into: 'a.csv (no one writes it) and a.json',
      outcome: 'refused, exit 2, a.csv left as it was',
      reports: ['a.csv', 'a.json'],
      exit: 2,
      csvStart: EARLIER,
    },
    {
      into: 'a.csv alone',
      outcome: 'written, exit 0',
      reports: ['a.csv'],
      exit: 0,
      csvStart: 'zcust_row',
    },
  ])(
    'while an import writes a.json, a validate into $into is $outcome',
    async ({ reports, exit, csvStart }) => {
      writeFileSync(join(dir, 'a.csv'), EARLIER);
      const first = await importUnderway(await sandboxWith(), ['--report', 'a.json']);
      const second = await zcust(['validate', 'cust.csv', ...reports.flatMap((r) => ['--report', r])], {
        cwd: dir,
      });
      expect(second.code, second.stderr).toBe(exit);
      if (exit === 2) expect(second.stderr).toContain(refusal(first.child.pid, 'a.json'));
      expect(
        readFileSync(join(dir, 'a.csv'), 'utf8').startsWith(csvStart),
        'a.csv as the validate left it',
      ).toBe(true);
      const { code, stderr } = await first.result;
      expect(code, stderr).toBe(0);
      const json = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
      expect(json.rows.map((r: { status: string }) => r.status)).toEqual(Array(ROWS).fill('created'));
      expect(
        readdirSync(dir).filter((f) => f.includes('.lock')),
        'locks left behind',
      ).toEqual([]);
    },
    30_000,
  );
});
