/**
 * Lookups against servers whose paging never ends, spawned as a user runs zcust: each run ends by itself with
 * every row in its report, and SIGTERM ends one that is still paging at once. (They paged for ever, at full CPU,
 * deaf to SIGTERM, and wrote no report.)
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LoopbackServer, sendJson, startServer } from '../http/loopback-server.js';
import { writeCustomersCsv } from '../support/customers.js';
import { SANDBOX_ENV } from '../support/sandbox.js';
import { readReport, spawnZcust, tempDir } from '../support/zcust.js';

let dir: string;
let server: LoopbackServer | undefined;
beforeEach(() => {
  dir = tempDir();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Answers every lookup with `page` (after `delayMs`); takes creates, or drops them (`dropCreates`). */
async function pagingServer(
  page: (n: number) => unknown,
  opts: { delayMs?: number; dropCreates?: boolean } = {},
) {
  let gets = 0;
  server = await startServer((req, res) => {
    if (req.method === 'POST') {
      if (opts.dropCreates) res.socket?.destroy();
      else sendJson(res, 200, { id: 'created' });
      return;
    }
    const body = page(++gets);
    setTimeout(() => sendJson(res, 200, body), opts.delayMs ?? 0);
  });
  return { url: server.origin, gets: () => gets };
}

/** The run's result, or a failure once `ms` have passed (the run is then killed). */
async function endsWithin(run: ReturnType<typeof spawnZcust>, ms: number) {
  const timer = setTimeout(() => run.child.kill('SIGKILL'), ms);
  const result = await run.result.finally(() => clearTimeout(timer));
  expect(result.signal, `zcust was still running after ${ms} ms: ${result.stderr.slice(-500)}`).toBeNull();
  return result;
}

const ROWS = 50;

describe('a lookup whose paging never ends', () => {
  it.each([
    {
      server: 'Zenskar, one cursor, --skip-existing',
      target: 'zenskar' as const,
      page: () => ({ data: [], next: 'same', total: 1 }),
      flags: ['--skip-existing'],
      dropCreates: false,
      code: 'server_error',
      message: /^the lookup of customers already in Zenskar failed, so this row was not sent/,
    },
    {
      server: 'Zenskar, one cursor, create dropped',
      target: 'zenskar' as const,
      page: () => ({ data: [], next: 'same', total: 1 }),
      flags: [],
      dropCreates: true,
      code: 'unknown_outcome',
      message: /the lookup to check failed too \(the customer lookup's paging went round/,
    },
    {
      server: 'DayZero, has_more always',
      target: 'dayzero' as const,
      page: (n: number) => ({ items: [], has_more: true, next_cursor: `cursor-${n}` }),
      flags: ['--skip-existing'],
      dropCreates: false,
      code: 'server_error',
      message: /the customer lookup was still paging after 3 pages/,
    },
  ])(
    '$server: ends by itself, each row failed ($code), exit 1',
    async ({ target, page, flags, dropCreates, code, message }) => {
      writeCustomersCsv(join(dir, 'endless.csv'), 3);
      const s = await pagingServer(page, { dropCreates });
      const run = spawnZcust(
        ['import', 'endless.csv', '--target', target, '--base-url', s.url, '--retries', '1', '-q', ...flags],
        { cwd: dir, env: SANDBOX_ENV[target] },
      );
      const result = await endsWithin(run, 20_000);
      expect(result.code, result.stderr).toBe(1);
      const report = readReport(join(dir, 'endless.report.csv'));
      expect(report).toHaveLength(3);
      for (const row of report) {
        expect([row.zcust_status, row.zcust_error_code], `row ${row.zcust_row}`).toEqual(['failed', code]);
        expect(row.zcust_error, `row ${row.zcust_row}`).toMatch(message);
      }
    },
    30_000,
  );

  it('SIGTERM ends it at once: exit 3, every row in the report (not_attempted), no page asked after', async () => {
    writeCustomersCsv(join(dir, 'paging.csv'), ROWS);
    // A new cursor each time, 100 ms a page: only the cap on pages (101 for 50 values) would end it, 10 s later.
    const s = await pagingServer((n) => ({ data: [], next: `cursor-${n}` }), { delayMs: 100 });
    const run = spawnZcust(
      ['import', 'paging.csv', '--base-url', s.url, '--skip-existing', '--report', 'paging.report.csv'],
      { cwd: dir, env: SANDBOX_ENV.zenskar },
    );
    let getsAtStop = 0;
    const signal = setInterval(() => {
      if (s.gets() < 3) return;
      clearInterval(signal);
      getsAtStop = s.gets();
      run.child.kill('SIGTERM');
    }, 5);
    const result = await endsWithin(run, 15_000).finally(() => clearInterval(signal));
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain('aborted: interrupted by SIGTERM');
    const report = readReport(join(dir, 'paging.report.csv'));
    expect(report.map((r) => r.zcust_status)).toEqual(Array(ROWS).fill('not_attempted'));
    // The page in flight at the signal may still be answered; no further page is asked.
    expect(s.gets() - getsAtStop, 'pages asked after SIGTERM').toBeLessThanOrEqual(1);
  }, 30_000);
});
