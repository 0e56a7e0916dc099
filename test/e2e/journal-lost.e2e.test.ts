/**
 * The resume journal removed or cut short while an import runs (its state folder deleted, `: > x.journal`): the
 * run stops (exit 3) and says so, and following what it says creates no customer twice. Before, the run ended
 * exit 0, and the next import created every row again (rows without keys) or failed those created as taken.
 */
import { existsSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { writeCustomersCsv } from '../support/customers.js';
import { SANDBOX_ENV, sandboxPerTest } from '../support/sandbox.js';
import { type RunningZcust, readReport, spawnZcust, stateDirOf, tempDir, zcust } from '../support/zcust.js';

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
 * Imports `file` into `s` and, once the sandbox holds `customers` customers (40 more than before: surely mid-run,
 * 400 rows, 4 at a time, each answered 20 ms late), does `happen` to the journal.
 */
function importWhile(
  s: Sandbox,
  file: string,
  happen: (run: RunningZcust) => void,
  customers = s.stats().customers + 40,
) {
  const run = spawnZcust(['import', file, '--base-url', s.url, '--concurrency', '4'], { cwd: dir, env: ENV });
  const timer = setInterval(() => {
    if (s.stats().customers < customers) return;
    clearInterval(timer);
    happen(run);
  }, 5);
  return run.result.finally(() => clearInterval(timer));
}

const summaryLine = (stderr: string, label: string) =>
  stderr.split('\n').find((line) => line.trimStart().startsWith(label)) ?? `(no ${label} line) ${stderr}`;

/** `count` rows without e-mail or Customer ID, named `name` 1, 2…: nothing but the journal keeps them from being created twice. */
const keylessRows = (count: number, name = 'Keyless') =>
  Array.from({ length: count }, (_, i) => `${name} ${i + 1},Lyon`);

/** The names the sandbox's customers share with another customer: twins of a row created twice. */
const twinNames = (s: Sandbox) => {
  const names = (s.customers() as Array<{ customer_name: string }>).map((c) => c.customer_name);
  return names.filter((name, i) => names.indexOf(name) !== i);
};

/** The rows of `file`'s report in each status, and how many rows it has. */
function reportCounts(file: string): { rows: number; created: number; notAttempted: number } {
  const report = readReport(join(dir, file.replace(/\.csv$/, '.report.csv')));
  const count = (status: string) => report.filter((r) => r.zcust_status === status).length;
  return { rows: report.length, created: count('created'), notAttempted: count('not_attempted') };
}

describe('the resume journal lost during an import', () => {
  it('its state folder removed: exit 3 saying the journal was written again, and the next import creates each row once', async () => {
    const csv = ['Name,City', ...keylessRows(ROWS)];
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

  it("cut short while an earlier import's rows come up: none of them is sent again", async () => {
    writeFileSync(join(dir, 'first.csv'), `${['Name,City', ...keylessRows(ROWS)].join('\n')}\n`);
    const s = await sandboxWith();
    const first = await zcust(['import', 'first.csv', '--base-url', s.url], { cwd: dir, env: ENV });
    expect(first.code, first.stderr).toBe(0);
    // The first import's rows between new ones: after the cut, each is asked of an offset where its line was.
    const fresh = keylessRows(ROWS, 'New');
    const mixed = keylessRows(ROWS).flatMap((row, i) => [fresh[i], row]);
    writeFileSync(join(dir, 'mixed.csv'), `${['Name,City', ...mixed].join('\n')}\n`);
    const cut = await importWhile(s, 'mixed.csv', () => truncateSync(journalFile(), 0));
    expect(cut.code, cut.stderr).toBe(3);
    expect(summaryLine(cut.stderr, 'aborted:')).toMatch(
      /aborted: the resume journal .*\.journal was cut short/,
    );
    expect(reportCounts('mixed.csv').rows, 'every row in the report').toBe(2 * ROWS);
    expect(twinNames(s), "the first import's rows created again").toEqual([]);
  }, 60_000);

  // Ctrl-\\ and a second Ctrl-C both quit through process.exit, which skips the end-of-run look.
  it('its state folder removed, then quit at once (Ctrl-\\): the journal written again on the way out, so no row is created twice', async () => {
    writeFileSync(join(dir, 'kl.csv'), `${['Name,City', ...keylessRows(ROWS)].join('\n')}\n`);
    const s = await sandboxWith();
    let journal = '';
    const quit = await importWhile(s, 'kl.csv', (run) => {
      journal = journalFile();
      rmSync(stateDirOf(dir), { recursive: true });
      // At once: before the run looks at its journal again (256 records or a second).
      run.child.kill('SIGQUIT');
    });
    expect(quit.code, quit.stderr).toBe(131);
    expect(existsSync(journal), 'the journal at its name after the quit').toBe(true);

    await zcust(['import', 'kl.csv', '--base-url', s.url], { cwd: dir, env: ENV });
    expect(twinNames(s), 'rows created twice').toEqual([]);
  }, 60_000);
});
