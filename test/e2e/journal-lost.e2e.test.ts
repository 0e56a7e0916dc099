/**
 * The resume journal removed or cut short while an import runs (its state folder deleted, `: > x.journal`): the
 * run stops (exit 3) and says so, and following what it says creates no customer twice. Before, the run ended
 * exit 0, and the next import created every row again (rows without keys) or failed those created as taken.
 */
import { readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { writeCustomersCsv } from '../support/customers.js';
import { SANDBOX_ENV, sandboxPerTest } from '../support/sandbox.js';
import { readReport, spawnZcust, stateDirOf, tempDir, zcust } from '../support/zcust.js';

const ENV = SANDBOX_ENV.zenskar;
const ROWS = 400;

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
const sandboxWith = sandboxPerTest({ latencyMs: 20 });

/** The journal of the one import run in `dir`. */
const journalFile = () =>
  join(stateDirOf(dir), readdirSync(stateDirOf(dir)).find((f) => f.endsWith('.journal')) ?? '');

/**
 * Imports `file` into `s` and, once the sandbox holds 40 customers (surely mid-run: 400 rows, 4 at a time, each
 * answered 20 ms late), does `happen` to the journal.
 */
function importWhile(s: Sandbox, file: string, happen: () => void) {
  const run = spawnZcust(['import', file, '--base-url', s.url, '--concurrency', '4'], { cwd: dir, env: ENV });
  const timer = setInterval(() => {
    if (s.stats().customers < 40) return;
    clearInterval(timer);
    happen();
  }, 5);
  return run.result.finally(() => clearInterval(timer));
}

const summaryLine = (stderr: string, label: string) =>
  stderr.split('\n').find((line) => line.trimStart().startsWith(label)) ?? `(no ${label} line) ${stderr}`;

/** The rows of `file`'s report in each status, and how many rows it has. */
function reportCounts(file: string): { rows: number; created: number; notAttempted: number } {
  const report = readReport(join(dir, file.replace(/\.csv$/, '.report.csv')));
  const count = (status: string) => report.filter((r) => r.zcust_status === status).length;
  return { rows: report.length, created: count('created'), notAttempted: count('not_attempted') };
}

describe('the resume journal lost during an import', () => {
  it('its state folder removed: exit 3 saying the journal was written again, and the next import creates each row once', async () => {
    // Rows without e-mail or Customer ID: nothing but the journal keeps them from being created twice.
    const csv = ['Name,City', ...Array.from({ length: ROWS }, (_, i) => `Keyless ${i + 1},Lyon`)];
    writeFileSync(join(dir, 'kl.csv'), `${csv.join('\n')}\n`);
    const s = await sandboxWith();
    const first = await importWhile(s, 'kl.csv', () => rmSync(stateDirOf(dir), { recursive: true }));
    expect(first.code, first.stderr).toBe(3);
    expect(summaryLine(first.stderr, 'aborted:')).toMatch(
      /aborted: the resume journal .*\.journal was removed during the run; written again from the copy this run held open/,
    );
    const stopped = reportCounts('kl.csv');
    expect(stopped.rows, 'every row in the report').toBe(ROWS);
    expect(stopped.notAttempted, 'rows not sent once the run stopped').toBeGreaterThan(0);
    expect(s.stats().customers).toBe(stopped.created);

    const next = await zcust(['import', 'kl.csv', '--base-url', s.url], { cwd: dir, env: ENV });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(`created ${ROWS} (${stopped.created} by earlier imports, not sent again)`);
    expect(s.stats().customers, 'customers in the tenant: one per row').toBe(ROWS);
  }, 60_000);

  it("cut short: exit 3 saying to import the run's report instead, which creates each row once", async () => {
    writeCustomersCsv(join(dir, 'customers.csv'), ROWS);
    const s = await sandboxWith();
    const first = await importWhile(s, 'customers.csv', () => truncateSync(journalFile(), 0));
    expect(first.code, first.stderr).toBe(3);
    expect(summaryLine(first.stderr, 'aborted:')).toMatch(
      /aborted: the resume journal .*\.journal was cut short during the run, so the next import will not know .*: import this run's report rather than the file/,
    );
    const stopped = reportCounts('customers.csv');
    expect(stopped.rows, 'every row in the report').toBe(ROWS);
    expect(stopped.notAttempted, 'rows not sent once the run stopped').toBeGreaterThan(0);

    const next = await zcust(['import', 'customers.report.csv', '--base-url', s.url], { cwd: dir, env: ENV });
    expect(next.code, next.stderr).toBe(0);
    expect(s.stats().customers, 'customers in the tenant: one per row').toBe(ROWS);
    expect(s.stats().duplicates, 'creates refused as taken').toBe(0);
  }, 60_000);
});
