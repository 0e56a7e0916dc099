/**
 * Lookups, spawned as a user runs zcust. Against servers whose paging never ends: each run ends by itself with
 * every row in its report, and SIGTERM ends one that is still paging at once. (They paged for ever, at full CPU,
 * deaf to SIGTERM, and wrote no report.) Against the sandbox: a lookup of long Customer IDs keeps its URL within
 * common limits, and one that pages through many customers under one Customer ID reads them all.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LoopbackServer, sendJson, startServer } from '../http/loopback-server.js';
import { writeCustomersCsv } from '../support/customers.js';
import { SANDBOX_ENV, sandboxPerTest } from '../support/sandbox.js';
import { readReport, spawnZcust, tempDir, zcust } from '../support/zcust.js';

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
      message: /the customer lookup was still paging after 5 pages, the last 5 bringing no new customer/,
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
    // A new customer and cursor each time, 100 ms a page: only the cap on pages (200) would end it, 20 s later.
    const s = await pagingServer(
      (n) => ({ data: [{ id: `other-${n}`, external_id: `OTHER-${n}` }], next: `cursor-${n}` }),
      { delayMs: 100 },
    );
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

describe('a run that stops while its lookups are under way', () => {
  // --fail-fast was applied where a create or a lookup failed: this row, failed without a request of its own,
  // left the import creating the 58 rows after it (exit 1).
  it('--fail-fast, and a row the --skip-existing lookup finds to be two customers: exit 3, nothing created after it', async () => {
    server = await startServer((req, res) => {
      if (req.method === 'POST') return sendJson(res, 200, { id: randomUUID() });
      const query = new URL(req.url ?? '', server?.origin).searchParams;
      const asked = (filter: string) => (query.get(filter) ?? '').split(',');
      const data: object[] = [];
      if (asked('email__in').includes('a@x.example'))
        data.push({
          id: '11111111-1111-4111-8111-111111111111',
          email: 'a@x.example',
          external_id: 'OTHER-1',
        });
      if (asked('external_id__in').includes('K2'))
        data.push({ id: '22222222-2222-4222-8222-222222222222', external_id: 'K2' });
      sendJson(res, 200, { data, next: null });
    });
    const others = Array.from({ length: 58 }, (_, i) => [`C${i + 3}`, '', `f${i + 3}@example.com`]);
    writeFileSync(
      join(dir, 'ff.csv'),
      stringify([['Name', 'Customer ID', 'Email'], ['Alpha', 'K2', 'a@x.example'], ...others]),
    );
    const result = await zcust(
      [
        'import',
        'ff.csv',
        '--base-url',
        server.origin,
        '--skip-existing',
        '--fail-fast',
        '--concurrency',
        '1',
        '-q',
      ],
      { cwd: dir, env: SANDBOX_ENV.zenskar },
    );
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain('stopped when row 2 failed, because of --fail-fast');
    expect(
      server.requests.filter((r) => r.method === 'POST'),
      'creates sent',
    ).toEqual([]);
    const report = readReport(join(dir, 'ff.report.csv'));
    expect(report[0]).toMatchObject({ zcust_status: 'failed', zcust_error_code: 'already_exists' });
    expect(report.slice(1).map((r) => r.zcust_status)).toEqual(Array(58).fill('not_attempted'));
  }, 30_000);

  // The lookup waited out its place (20 s at --rate 0.05) and was sent after Ctrl-C; the run ended 9 s after it.
  it('Ctrl-C while a --skip-existing lookup waits for its --rate place: ended at once, the lookup not sent, exit 3', async () => {
    const s = await pagingServer(() => ({ data: [], next: null }));
    writeCustomersCsv(join(dir, 'rate.csv'), 100);
    const run = spawnZcust(
      ['import', 'rate.csv', '--base-url', s.url, '--skip-existing', '--rate', '0.05', '-q'],
      {
        cwd: dir,
        env: SANDBOX_ENV.zenskar,
      },
    );
    while (s.gets() === 0 && !run.ended()) await new Promise((resolve) => setTimeout(resolve, 20));
    // The next lookup now waits for its place, 20 s away.
    await new Promise((resolve) => setTimeout(resolve, 300));
    run.child.kill('SIGINT');
    const result = await endsWithin(run, 5_000);
    expect(result.code, result.stderr).toBe(3);
    expect(s.gets(), 'lookups sent (the first before Ctrl-C)').toBe(1);
    const report = readReport(join(dir, 'rate.report.csv'));
    expect(report.map((r) => r.zcust_status)).toEqual(Array(100).fill('not_attempted'));
  }, 30_000);
});

const sandboxWith = sandboxPerTest({ recordRequests: true });

const ZENSKAR_HEADERS = {
  'x-api-key': SANDBOX_ENV.zenskar.ZENSKAR_API_KEY,
  organisation: SANDBOX_ENV.zenskar.ZENSKAR_ORGANISATION,
};

/** Creates customers in a sandbox through its API, as another tool would have. */
async function createInSandbox(url: string, bodies: readonly object[]) {
  for (const body of bodies) {
    const res = await fetch(`${url}/customers`, {
      method: 'POST',
      headers: { ...ZENSKAR_HEADERS, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.text()).toBe(200);
  }
}

/** Customer-ID-only rows: Zenskar looks each up before sending (it takes a second customer with one it has). */
function writeCustomerIdRows(file: string, ids: readonly string[]) {
  writeFileSync(
    join(dir, file),
    stringify([['Name', 'Customer ID'], ...ids.map((id, i) => [`Client ${i}`, id])]),
  );
}

describe('lookups against the sandbox', () => {
  // nginx refuses a request line over 8 KB; Node's http (the sandbox) 16 KB of it and the headers, with 431.
  it('50 Customer IDs of 60 Cyrillic letters: looked up in requests under 8 KB, every row created (was HTTP 431, every row failed)', async () => {
    const s = await sandboxWith();
    const ids = Array.from({ length: 50 }, (_, i) => `${'Ж'.repeat(60)}-${i}`);
    writeCustomerIdRows('cyrillic.csv', ids);
    const result = await zcust(['import', 'cyrillic.csv', '--base-url', s.url, '-q'], {
      cwd: dir,
      env: SANDBOX_ENV.zenskar,
    });
    expect(result.code, result.stderr).toBe(0);
    const report = readReport(join(dir, 'cyrillic.report.csv'));
    expect(report.map((r) => [r.zcust_status, r.zcust_error])).toEqual(Array(50).fill(['created', '']));
    const lookups = s.requests().filter((r) => r.method === 'GET');
    const longest = Math.max(...lookups.map((r) => `GET ${r.path} HTTP/1.1`.length));
    expect(longest, 'the longest lookup request line').toBeLessThan(8_192);
    expect(s.stats().customers).toBe(50);
  }, 30_000);

  // Zenskar takes any number of customers with one Customer ID; a budget of 2 pages a value called this endless.
  it.each([12, 120])(
    '%i customers under K1 and one under K2: the lookup pages through them all, both rows skipped',
    async (underK1) => {
      const s = await sandboxWith();
      await createInSandbox(s.url, [
        { customer_name: 'Beta', external_id: 'K2' },
        ...Array.from({ length: underK1 }, () => ({ customer_name: 'Alpha', external_id: 'K1' })),
      ]);
      writeCustomerIdRows('ids.csv', ['K1', 'K2']);
      const result = await zcust(['import', 'ids.csv', '--base-url', s.url, '-q'], {
        cwd: dir,
        env: SANDBOX_ENV.zenskar,
      });
      expect(result.code, result.stderr).toBe(0);
      const report = readReport(join(dir, 'ids.report.csv'));
      expect(report.map((r) => [r.zcust_status, r.zcust_error_code])).toEqual([
        ['skipped', 'already_exists'],
        ['skipped', 'already_exists'],
      ]);
      expect(s.stats().customers, 'a customer was created again').toBe(underK1 + 1);
    },
    30_000,
  );
});
