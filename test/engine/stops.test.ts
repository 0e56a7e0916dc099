/**
 * Ending a run early: rejected credentials, --fail-fast and an interrupt. Whatever stops it, requests in
 * flight finish, nothing new is sent, and every row is still reported (those never reached: not_attempted).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Reachability, RunStop, UNREACHABLE_AFTER } from '../../src/engine/context.js';
import { HttpFailure, toHttpFailure } from '../../src/http/failure.js';
import type { HttpRequest, HttpResponse } from '../../src/http/types.js';
import type { SourceRow, Status } from '../../src/model.js';
import type { Journal } from '../../src/state/journal.js';
import {
  cleanUp,
  codes,
  customerRow,
  customerRows,
  interceptSends,
  keyOf,
  runRows,
  seedCustomers,
  startHarness,
  statusByRow,
  tempJournal,
} from './harness.js';

afterEach(cleanUp);

/** The statuses in input order, runs of equal ones collapsed: [['created', 3], ['failed', 1], …]. */
function runsOf(statuses: readonly Status[]): Array<[Status, number]> {
  const out: Array<[Status, number]> = [];
  for (const s of statuses) {
    const last = out.at(-1);
    if (last?.[0] === s) last[1]++;
    else out.push([s, 1]);
  }
  return out;
}

/** Failures that reach no server: a closed port, and a host that never completes the connection. */
const CANNOT_CONNECT = {
  refused: () =>
    new HttpFailure('POST /customers: connection refused (ECONNREFUSED)', {
      kind: 'network',
      maybeProcessed: false,
      method: 'POST',
      path: '/customers',
      code: 'ECONNREFUSED',
      cause: undefined,
    }),
  'connect timeout': () =>
    new HttpFailure('POST /customers: could not connect within 10000 ms; nothing was sent', {
      kind: 'timeout',
      maybeProcessed: false,
      method: 'POST',
      path: '/customers',
      code: 'UND_ERR_CONNECT_TIMEOUT',
      cause: undefined,
    }),
} as const;

/** Requests written and never answered: a server that takes connections and hangs. */
const NEVER_ANSWERED = () =>
  new HttpFailure('POST /customers: no response within 200 ms; the server may have processed the request', {
    kind: 'timeout',
    maybeProcessed: true,
    method: 'POST',
    path: '/customers',
    code: 'UND_ERR_HEADERS_TIMEOUT',
    cause: undefined,
  });

describe('runEngine stopping early', () => {
  it('stops at a 401: a few requests, the rows never sent are not_attempted', async () => {
    const concurrency = 4;
    const h = await startHarness({ credentials: { apiKey: 'wrong-key' }, connections: concurrency });
    const { result, outcomes } = await runRows(h, customerRows(30), { concurrency });
    expect(result.stopped?.reason).toBe('unauthorized');
    expect(h.sandbox.stats().requests, 'requests kept going after the 401').toBeLessThanOrEqual(concurrency);
    const failed = outcomes.filter((o) => o.status === 'failed');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed.flatMap((o) => codes(o.errors))).toEqual(failed.map(() => 'unauthorized'));
    expect(result.counts.not_attempted).toBe(30 - failed.length);
  });

  it('with failFast, sends nothing after the first failed row', async () => {
    const h = await startHarness({ connections: 1 });
    // Row 5 (index 3) collides with a customer already in the tenant.
    await seedCustomers(h, [customerRow(3, { 'Customer ID': 'OLD-3' })]);
    const before = h.sandbox.stats().requests;
    const { result, outcomes } = await runRows(h, customerRows(10), { concurrency: 1, failFast: true });
    expect(result.stopped?.reason).toBe('fail-fast');
    expect(runsOf(outcomes.map((o) => o.status))).toEqual([
      ['created', 3],
      ['failed', 1],
      ['not_attempted', 6],
    ]);
    expect(h.sandbox.stats().requests - before).toBe(4);
  });

  it('with failFast, a failed --skip-existing lookup stops the run too', async () => {
    const h = await startHarness({ failRate: 1, retries: 1, connections: 1 });
    const { result, outcomes } = await runRows(h, customerRows(120), {
      concurrency: 1,
      failFast: true,
      skipExisting: true,
    });
    expect(result.stopped?.reason).toBe('fail-fast');
    expect(outcomes.filter((o) => o.status === 'not_attempted').length).toBeGreaterThan(0);
    expect(h.sandbox.stats().requests, 'lookups went on after the first failure').toBeLessThanOrEqual(4);
  });

  it('at a 401 on a --skip-existing lookup, reports the rows of that batch not_attempted, not each unauthorized', async () => {
    const h = await startHarness({ credentials: { apiKey: 'wrong-key' }, connections: 1 });
    const { result, outcomes } = await runRows(h, customerRows(60), { concurrency: 1, skipExisting: true });
    expect(result.stopped?.reason).toBe('unauthorized');
    expect(h.sandbox.stats().creates, 'a create went out after the 401').toBe(0);
    expect(result.counts).toMatchObject({ failed: 0, not_attempted: 60 });
    expect(outcomes).toHaveLength(60);
  });

  it('when the journal cannot record a row as sending (a full disk), sends no create after that and reports every row', async () => {
    const h = await startHarness({ connections: 4 });
    let records = 0;
    let sent = 0;
    // A journal on a disk that fills at the 10th record: the run stops, as the import's journal makes it.
    const journal: Journal = {
      path: '/full/journal',
      resumed: { created: 0, skipped: 0, inFlight: 0, inFlightKeyless: 0, unknown: 0 },
      ignoredEarlier: false,
      get: () => undefined,
      customerIds: () => [],
      knowsCustomer: () => false,
      otherKeyChanged: () => undefined,
      toldOtherKeyBefore: () => false,
      toldOtherKey: () => {},
      sending: () => {
        if (++records >= 10)
          h.stop.stop('cannot-write', 'cannot write the resume journal: no space left on device');
        else sent++;
      },
      created: () => {},
      skipped: () => {},
      failed: () => {},
      unknown: () => {},
      checkOnDisk: () => {},
      close: () => {},
    };
    h.net.journal = journal;
    const { result, outcomes } = await runRows(h, customerRows(40), { concurrency: 4 });
    expect(result.stopped?.reason).toBe('cannot-write');
    expect(h.sandbox.stats().creates, 'a create went out that the journal did not record').toBe(sent);
    expect(result.counts.created).toBe(sent);
    expect(result.counts.not_attempted).toBe(40 - sent);
    expect(outcomes).toHaveLength(40);
  });

  it('when interrupted mid-run, lets requests in flight finish and reports the rest not_attempted', async () => {
    const h = await startHarness({ latencyMs: 10, connections: 4 });
    const rows = 40;
    const { result, outcomes } = await runRows(h, customerRows(rows), {
      concurrency: 4,
      onOutcome: (_, delivered) => {
        if (delivered === 5) h.stop.stop('interrupted', 'interrupted by the test');
      },
    });
    expect(result.stopped).toEqual({ reason: 'interrupted', message: 'interrupted by the test' });
    const [created, rest, ...more] = runsOf(outcomes.map((o) => o.status));
    expect(created?.[0]).toBe('created');
    expect(created?.[1]).toBeGreaterThanOrEqual(5);
    expect(rest?.[0]).toBe('not_attempted');
    expect(more, 'statuses after the not_attempted rows').toEqual([]);
    // Requests in flight finished and were reported: every stored customer is a created row.
    expect(h.sandbox.stats().customers).toBe(result.counts.created);
    expect(result.counts.created + result.counts.not_attempted).toBe(rows);
  });
});

// --fail-fast was applied where a create or a lookup failed, and nowhere else: a row failed without sending (two
// customers, the journal's doubt, one customer claimed twice) left the import creating every row after it. Then a
// second row of one customer stopped the run only once the rows before it were done, in input order: slow creates
// before it let the rows after it go out meanwhile. Each case has three such creates before it, still in flight
// when its failure is known.
describe('runEngine with failFast and a row that fails without being sent: the run stops the moment it is known', () => {
  const keyless = { Email: undefined, 'Customer ID': undefined };
  const x = customerRow(0, { Name: 'X', 'Customer ID': 'K1', Email: 'x@example.com' });
  const y = customerRow(1, { Name: 'Y', 'Customer ID': 'K2', Email: 'y@example.com' });
  const typo = customerRow(0, { Name: 'Alpha', 'Customer ID': 'A-1', Email: 'beta@example.com' });
  // Rows the --skip-existing lookup finds: each one's outcome, put before the failed row's, lets the creates of the
  // batch's rows before them go out unless the run stopped when the lookup answered.
  const found = Array.from({ length: 30 }, (_, i) =>
    customerRow(2, { Name: `Gamma ${i}`, 'Customer ID': `G-${i}`, Email: `g${i}@x.example` }),
  );
  const alpha = customerRow(0, { Name: 'Alpha', 'Customer ID': 'A-1', Email: 'alpha@x.example' });
  /** A report's row that says an earlier run created it (this import's journal does not know it). */
  const reportedCreated = (fields: Record<string, string | undefined>): SourceRow => ({
    ...customerRow(0, fields),
    previous: { status: 'created', customerId: 'from-the-report' },
  });
  /** Customers in the tenant whose rows, after a report's two, fill a batch of Zenskar's lookups (50 rows). */
  const filling = Array.from({ length: 48 }, (_, i) =>
    customerRow(2, { Name: `Delta ${i}`, 'Customer ID': `D-${i}`, Email: `d${i}@x.example` }),
  );
  const CREATE_MS = 300;
  const billing = customerRow(1, { Name: 'Alpha Billing', 'Customer ID': 'A-1', Email: 'billing@x.example' });
  it.each<{
    why: string;
    /** What earlier runs left in the journal; `ids`: the customers in the tenant by e-mail. */
    earlier?: (j: Journal, ids: ReadonlyMap<string, string>) => void;
    inTenant?: SourceRow[];
    skipExisting?: boolean;
    /** One at a time: the rows after it wait for a slot, and take it when its row's request is done. */
    oneAtATime?: boolean;
    /** What the three rows before it end: sent before the failure is known, unless a lookup holds them too. */
    before?: Status;
    rows: SourceRow[];
    statuses: Status[];
  }>([
    {
      why: "the --skip-existing lookup finds its e-mail one customer's and its Customer ID another's",
      inTenant: [
        customerRow(0, { 'Customer ID': 'OTHER-1', Email: 'a@x.example' }),
        customerRow(1, { 'Customer ID': 'K2', Email: 'k2@x.example' }),
        ...found,
      ],
      skipExisting: true,
      // In the lookup's batch with the failed row: the failure is known when it answers, before they are sent.
      before: 'not_attempted',
      rows: [...found, customerRow(0, { Name: 'Alpha', 'Customer ID': 'K2', Email: 'a@x.example' })],
      statuses: [...found.map((): Status => 'skipped'), 'failed'],
    },
    {
      why: "the --skip-existing lookup finds a report's created row to be the customer it found for another",
      earlier: () => {},
      inTenant: [alpha, ...found],
      skipExisting: true,
      before: 'not_attempted',
      rows: [
        reportedCreated({ Name: 'Alpha', Email: 'alpha@x.example', 'Customer ID': undefined }),
        ...found,
        reportedCreated({ Name: 'Alpha Billing', Email: 'billing@x.example', 'Customer ID': 'A-1' }),
      ],
      statuses: ['created', ...found.map((): Status => 'skipped'), 'failed'],
    },
    {
      // Without --skip-existing the rows after them were sent at once, and the batch looked up at the input's end.
      why: "the lookup before sending finds two of a report's created rows to be one customer",
      earlier: () => {},
      inTenant: [alpha],
      rows: [
        reportedCreated({ Name: 'Alpha', Email: 'alpha@x.example', 'Customer ID': undefined }),
        reportedCreated({ Name: 'Alpha Billing', Email: 'billing@x.example', 'Customer ID': 'A-1' }),
      ],
      statuses: ['created', 'failed'],
    },
    {
      // A full batch is looked up at once: the rows after it were sent while its lookup was on its way.
      why: "the lookup of a full batch finds two of a report's created rows to be one customer",
      earlier: () => {},
      inTenant: [alpha, ...filling],
      rows: [
        reportedCreated({ Name: 'Alpha', Email: 'alpha@x.example', 'Customer ID': undefined }),
        reportedCreated({ Name: 'Alpha Billing', Email: 'billing@x.example', 'Customer ID': 'A-1' }),
        ...filling.map((r) => reportedCreated(r.fields)),
      ],
      statuses: ['created', 'failed', ...filling.map((): Status => 'created')],
    },
    {
      why: 'the lookup settling an earlier create finds the customer another row claims',
      inTenant: [alpha],
      earlier: (j, ids) => {
        const noCustomerId = customerRow(0, {
          Name: 'Alpha',
          'Customer ID': undefined,
          Email: 'alpha@x.example',
        });
        j.created(keyOf(noCustomerId), 2, ids.get('alpha@x.example') ?? 'no id');
        j.sending(keyOf(billing), 3);
      },
      oneAtATime: true,
      rows: [customerRow(0, { Name: 'Alpha', 'Customer ID': undefined, Email: 'alpha@x.example' }), billing],
      statuses: ['created', 'failed'],
    },
    {
      why: "the journal has its e-mail as one customer's and its Customer ID as another's",
      earlier: (j) => {
        j.created(keyOf(x), x.row, 'cus-x');
        j.created(keyOf(y), y.row, 'cus-y');
      },
      rows: [customerRow(0, { Name: 'X', 'Customer ID': 'K1', Email: 'y@example.com' })],
      statuses: ['failed'],
    },
    {
      why: 'the journal left it unknown, and no lookup can settle it',
      earlier: (j) => j.unknown(keyOf(customerRow(0, keyless)), 2),
      rows: [customerRow(0, keyless)],
      statuses: ['failed'],
    },
    {
      why: "a report's created row no journal knows, which cannot be looked up",
      earlier: () => {},
      rows: [{ ...customerRow(0, keyless), previous: { status: 'created', customerId: 'from-the-report' } }],
      statuses: ['failed'],
    },
    {
      why: 'a second row claims the customer an earlier run created for the first',
      earlier: (j) => j.created(keyOf(typo), typo.row, 'cus-alpha'),
      rows: [
        customerRow(0, { Name: 'Alpha', 'Customer ID': 'A-1', Email: 'alpha@example.com' }),
        customerRow(1, { Name: 'Beta', 'Customer ID': 'B-1', Email: 'beta@example.com' }),
      ],
      statuses: ['created', 'failed'],
    },
  ])('$why: no create sent after it, the rows after it not_attempted', async (c) => {
    const h = await startHarness();
    const ids = c.inTenant ? await seedCustomers(h, c.inTenant) : new Map<string, string>();
    const files = c.earlier && tempJournal('zenskar');
    if (files && c.earlier) {
      const earlier = files.open(true);
      c.earlier(earlier, ids);
      earlier.close();
    }
    const journal = files?.open();
    if (journal) h.net.journal = journal;
    // Creates slow to answer (lookups are not: a slow lookup would hold the batch's rows, not race them).
    interceptSends(h, async (req, send) => {
      const answer = await send(req);
      if (req.method === 'POST') await delay(CREATE_MS);
      return answer;
    });
    const before = h.sandbox.stats().creates;
    const slow = customerRows(20).slice(5, 8);
    // Numbered in input order, as a file's rows are.
    const rows = [...slow, ...c.rows, ...customerRows(20).slice(10)].map((r, i) => ({ ...r, row: i + 2 }));
    const { result, outcomes } = await runRows(h, rows, {
      failFast: true,
      skipExisting: c.skipExisting,
      ...(c.oneAtATime && { concurrency: 1 }),
    });
    journal?.close();
    const beforeStatus = c.before ?? 'created';
    const failedRow = rows[slow.length + c.statuses.indexOf('failed')]?.row;
    expect(result.stopped, 'why the run stopped').toEqual({
      reason: 'fail-fast',
      message: `stopped when row ${failedRow} failed, because of --fail-fast`,
    });
    const expected = [...slow.map(() => beforeStatus), ...c.statuses];
    expect(statusByRow(outcomes), 'status by row').toEqual(
      Object.fromEntries(rows.map((r, i) => [r.row, expected[i] ?? 'not_attempted'])),
    );
    expect(h.sandbox.stats().creates - before, 'creates sent: the rows before it, and none after').toBe(
      beforeStatus === 'created' ? slow.length : 0,
    );
  });
});

describe('runEngine with failFast and --skip-existing over several batches', () => {
  // Two connections: the second batch's lookup answered first, and its rows found absent were created (50) before
  // the first batch's answer failed row 7 and stopped the run.
  it('creates no row of a later batch answered first when an earlier batch then fails a row', async () => {
    const h = await startHarness();
    await seedCustomers(h, [
      customerRow(0, { 'Customer ID': 'OTHER-1', Email: 'a@x.example' }),
      customerRow(1, { 'Customer ID': 'K2', Email: 'k2@x.example' }),
    ]);
    interceptSends(h, async (req, send) => {
      // The first batch's lookups (row 7's e-mail among them) answer late; the second batch's at once.
      if (req.method === 'GET' && JSON.stringify(req.query ?? {}).includes('a@x.example')) await delay(800);
      return send(req);
    });
    const before = h.sandbox.stats().creates;
    const rows = customerRows(100);
    rows[5] = { ...customerRow(5, { Name: 'Alpha', 'Customer ID': 'K2', Email: 'a@x.example' }), row: 7 };
    const { result } = await runRows(h, rows, { failFast: true, skipExisting: true, concurrency: 2 });
    expect(result.stopped?.message).toContain('row 7');
    expect(h.sandbox.stats().creates - before, 'creates after row 7 was known to fail').toBe(0);
  });
});

// --fail-fast kept a report's created rows whose check failed `created`, "not checked, because the run stopped",
// and the lookup's error was in no row; without it they end failed/unknown_outcome with that error.
describe("runEngine and a report's created rows whose check lookup fails (every request answered 503)", () => {
  const reported = (row: SourceRow): SourceRow => ({
    ...row,
    previous: { status: 'created', customerId: `reported-${row.row}` },
  });
  const lookupsFail = () =>
    startHarness({ failRate: 1, retries: 1, connections: 1, journal: tempJournal('zenskar').open() });

  it.each([{ failFast: false }, { failFast: true }])(
    "failFast $failFast: each ends failed/unknown_outcome with the lookup's error, none counted unchecked",
    async ({ failFast }) => {
      const h = await lookupsFail();
      const { result, outcomes } = await runRows(h, customerRows(3).map(reported), { failFast });
      expect(
        outcomes.map((o) => [o.row, o.status, codes(o.errors)]),
        'row, status, error codes',
      ).toEqual([2, 3, 4].map((row) => [row, 'failed', ['unknown_outcome']]));
      for (const o of outcomes) {
        expect(o.errors[0]?.message, `row ${o.row}'s error`).toMatch(
          /^an earlier run may have created it; .*the lookup to check failed \(the API is unavailable \(HTTP 503\)/,
        );
      }
      expect(result.unchecked, 'rows the summary calls not checked').toBeUndefined();
      expect(h.sandbox.stats().creates, 'creates sent').toBe(0);
    },
  );

  it('failFast: stops at the first of them, the rows after the batch not_attempted, nothing created', async () => {
    const h = await lookupsFail();
    const rows = [...customerRows(3).map(reported), ...customerRows(6).slice(3)];
    const { result, outcomes } = await runRows(h, rows, { failFast: true, concurrency: 1 });
    expect(result.stopped, 'why the run stopped').toEqual({
      reason: 'fail-fast',
      message: 'stopped when row 2 failed, because of --fail-fast',
    });
    expect(statusByRow(outcomes), 'status by row').toEqual({
      2: 'failed',
      3: 'failed',
      4: 'failed',
      5: 'not_attempted',
      6: 'not_attempted',
      7: 'not_attempted',
    });
    expect(h.sandbox.stats().creates, 'creates sent').toBe(0);
  });
});

describe('runEngine interrupted (Ctrl-C) while a row waits out a retry backoff', () => {
  const answer = (status: number): HttpResponse => ({
    status,
    headers: {},
    body: { detail: `HTTP ${status}` },
  });
  type Send = (req: HttpRequest) => Promise<HttpResponse>;
  // Each case: what the row's first create gets (the run is interrupted as it comes back, so the backoff after
  // it ends at once), and what lookups get.
  it.each<{
    first: string;
    create: (send: Send, req: HttpRequest) => Promise<HttpResponse>;
    lookup?: () => Promise<HttpResponse>;
    status: Status;
    issue: { code: string; message: RegExp; as: 'warnings' | 'errors' };
    journal: string | undefined;
    next: string;
  }>([
    {
      first: 'a 503 (certainly not created)',
      create: async () => answer(503),
      status: 'not_attempted',
      issue: { code: 'server_error', message: /run stopped, and Zenskar did not create it/, as: 'warnings' },
      journal: undefined,
      next: 'sends it',
    },
    {
      first: 'a 429 (certainly not created)',
      create: async () => answer(429),
      status: 'not_attempted',
      issue: { code: 'rate_limited', message: /run stopped, and Zenskar did not create it/, as: 'warnings' },
      journal: undefined,
      next: 'sends it',
    },
    {
      first: 'a refused connection (nothing written)',
      create: () => Promise.reject(CANNOT_CONNECT.refused()),
      status: 'not_attempted',
      issue: { code: 'network_error', message: /run stopped, and Zenskar did not create it/, as: 'warnings' },
      journal: undefined,
      next: 'sends it',
    },
    {
      first: 'a timeout after the customer was created',
      create: (send, req) => send(req).then(() => Promise.reject(NEVER_ANSWERED())),
      status: 'created',
      issue: { code: 'timeout', message: /a lookup found the customer this create made/, as: 'warnings' },
      journal: 'created',
      next: 'reports it created',
    },
    {
      first: 'a timeout, and a lookup that finds nothing',
      create: () => Promise.reject(NEVER_ANSWERED()),
      // The create may still land (a slow platform): not_attempted, the report imported with --no-resume sent it
      // again; "not created" in the journal, a later import sent it blindly.
      status: 'failed',
      issue: {
        code: 'unknown_outcome',
        message:
          /no response within .*; not tried again because the run stopped; 1 create of this row went out without a clear answer, and the last lookup found no such customer in Zenskar: one may still land/,
        as: 'errors',
      },
      journal: 'unknown',
      next: 'looks it up first (then sends it, not there)',
    },
    {
      first: 'a timeout, and a lookup that gets no answer either (it may exist)',
      create: () => Promise.reject(NEVER_ANSWERED()),
      lookup: () => Promise.reject(NEVER_ANSWERED()),
      status: 'failed',
      issue: { code: 'unknown_outcome', message: /the next import looks again before sending/, as: 'errors' },
      journal: 'sending',
      next: 'looks it up first',
    },
  ])('after $first: $status, and the next run $next', async (c) => {
    const journalDir = tempJournal('zenskar');
    const h = await startHarness({ journal: journalDir.open() });
    interceptSends(h, (req, send) => {
      if (req.method === 'GET') return c.lookup?.() ?? send(req);
      return c.create(send, req).finally(() => h.stop.stop('interrupted', 'interrupted by the test'));
    });
    const row = customerRow(0);
    const { outcomes } = await runRows(h, [row]);
    h.net.journal?.close();
    const [outcome] = outcomes;
    expect(outcome?.status, 'a row the run stopped between its tries').toBe(c.status);
    const issues = outcome?.[c.issue.as] ?? [];
    expect(codes(issues), `the row's ${c.issue.as}`).toContain(c.issue.code);
    expect(issues.map((i) => i.message).join('\n')).toMatch(c.issue.message);
    if (c.status === 'not_attempted') expect(outcome?.errors, 'a refusal nobody gave').toEqual([]);
    // What the next run does with it: send it (no record), skip it (created), or look it up first (sending).
    const later = journalDir.open();
    expect(later.get(keyOf(row))?.state).toBe(c.journal);
    later.close();
  });
});

describe('runEngine against a server that is not there', () => {
  /** Every send fails to connect, as against a closed port, unless `answers` still allows one through. */
  function refuseConnections(
    h: Awaited<ReturnType<typeof startHarness>>,
    answers = 0,
    failure: () => HttpFailure = CANNOT_CONNECT.refused,
  ) {
    let passed = 0;
    let sends = 0;
    interceptSends(h, (req, send) => {
      sends++;
      if (passed < answers) {
        passed++;
        return send(req);
      }
      return Promise.reject(failure());
    });
    return { sends: () => sends };
  }

  it.each(Object.keys(CANNOT_CONNECT) as Array<keyof typeof CANNOT_CONNECT>)(
    `stops after ${UNREACHABLE_AFTER} rows that could not connect (%s) when nothing ever answered (exit 3, the rest not_attempted)`,
    async (kind) => {
      const h = await startHarness();
      h.net.reach = new Reachability({ downForMs: 0 });
      // Waits a retry cannot outrun on a busy machine (full jitter at its ceiling): with the harness's 1-5 ms, a
      // loaded machine let row 2 use up its tries before ten rows had made their first.
      h.net.backoff = { baseMs: 100, maxMs: 100 };
      h.net.random = () => 1;
      const refused = refuseConnections(h, 0, CANNOT_CONNECT[kind]);
      // More rows in flight than the count: with fewer, one row uses up its tries first (the case below).
      const { result, outcomes } = await runRows(h, customerRows(50), { concurrency: 16 });
      expect(result.stopped?.reason).toBe('unreachable');
      expect(result.stopped?.message).toMatch(
        /no answer from Zenskar: none of the first 10 rows could connect/,
      );
      expect(outcomes).toHaveLength(50);
      expect(result.counts.not_attempted).toBeGreaterThan(30);
      expect(refused.sends(), 'every row spent its retries').toBeLessThan(50 * 6);
    },
  );

  it.each(Object.keys(CANNOT_CONNECT) as Array<keyof typeof CANNOT_CONNECT>)(
    'stops too when the lookups of --skip-existing are what cannot connect (%s)',
    async (kind) => {
      const h = await startHarness();
      h.net.reach = new Reachability();
      refuseConnections(h, 0, CANNOT_CONNECT[kind]);
      const { result, outcomes } = await runRows(h, customerRows(600), { skipExisting: true });
      expect(result.stopped?.reason).toBe('unreachable');
      expect(outcomes).toHaveLength(600);
      expect(result.counts.not_attempted).toBeGreaterThan(0);
    },
  );

  it.each([
    ['a server that never answers, 2 rows in flight', NEVER_ANSWERED, 2],
    ['a refused connection, 1 row in flight', CANNOT_CONNECT.refused, 1],
  ])(
    'stops once one row has used up its tries with nothing ever answered: %s',
    async (_, failure, concurrency) => {
      const h = await startHarness({ retries: 2 });
      h.net.reach = new Reachability();
      const refused = refuseConnections(h, 0, failure);
      const { result, outcomes } = await runRows(h, customerRows(50), { concurrency });
      expect(result.stopped?.reason).toBe('unreachable');
      expect(result.stopped?.message).toMatch(
        /no answer from Zenskar: row \d+ used up its 3 tries and nothing has answered yet/,
      );
      expect(outcomes).toHaveLength(50);
      expect(result.counts.not_attempted).toBeGreaterThanOrEqual(50 - 2 * concurrency);
      // Each row in flight: 3 tries (a create, then lookups when it may have landed), and one last look.
      expect(refused.sends(), 'rows went on spending their tries').toBeLessThanOrEqual(concurrency * 4);
    },
  );

  it('stops when a --skip-existing lookup has used up its tries with nothing ever answered', async () => {
    const h = await startHarness({ retries: 1 });
    h.net.reach = new Reachability();
    refuseConnections(h, 0, NEVER_ANSWERED);
    const { result, outcomes } = await runRows(h, customerRows(600), { skipExisting: true });
    expect(result.stopped?.reason).toBe('unreachable');
    expect(result.stopped?.message).toMatch(/the --skip-existing lookup of \d+ rows used up its 2 tries/);
    expect(outcomes).toHaveLength(600);
    expect(result.counts.not_attempted).toBeGreaterThan(0);
  });

  // Rows are looked up before sending for --skip-existing, and without it for what an earlier run may have
  // created: a report's rows this import has no record of, and (Zenskar) rows with a Customer ID and no e-mail.
  const previous = { status: 'created', customerId: 'from-the-report' } as const;
  const idOnly = (i: number) => customerRow(i, { Email: undefined });
  it.each<{ rows: string; make: (i: number) => SourceRow; skipExisting: boolean; who: string }>([
    {
      rows: 'any rows, --skip-existing',
      make: customerRow,
      skipExisting: true,
      who: 'the --skip-existing lookup of 3 rows',
    },
    {
      rows: 'rows with a Customer ID and no e-mail',
      make: idOnly,
      skipExisting: false,
      who: 'the lookup before sending of 3 rows with a Customer ID and no e-mail',
    },
    {
      rows: "a report's created rows",
      make: (i) => ({ ...customerRow(i), previous }),
      skipExisting: false,
      who: 'the lookup before sending of 3 rows the imported report says an earlier run created',
    },
    {
      rows: "a report's created rows and rows with a Customer ID and no e-mail",
      make: (i) => (i === 0 ? idOnly(i) : { ...customerRow(i), previous }),
      skipExisting: false,
      who: 'the lookup before sending of 1 row with a Customer ID and no e-mail and of 2 rows the imported report says an earlier run created',
    },
    {
      rows: "a report's created rows and others, --skip-existing",
      make: (i) => (i === 0 ? customerRow(i) : { ...customerRow(i), previous }),
      skipExisting: true,
      who: 'the lookup before sending of 1 row for --skip-existing and of 2 rows the imported report says an earlier run created',
    },
  ])('names the lookup that used up its tries truthfully: $rows', async ({ make, skipExisting, who }) => {
    const h = await startHarness({ retries: 1 });
    h.net.reach = new Reachability();
    refuseConnections(h, 0, NEVER_ANSWERED);
    const { result } = await runRows(h, [0, 1, 2].map(make), { skipExisting });
    expect(result.stopped?.reason).toBe('unreachable');
    expect(result.stopped?.message).toContain(`${who} used up its 2 tries`);
  });

  it('does not stop when the last look of a row that used up its tries got an answer (--retries 0, a dropped create)', async () => {
    const h = await startHarness({ retries: 0 });
    h.net.reach = new Reachability();
    // Creates are dropped after they are written; lookups reach the server and are answered.
    interceptSends(h, (req, send) => (req.method === 'POST' ? Promise.reject(NEVER_ANSWERED()) : send(req)));
    const { result, outcomes } = await runRows(h, customerRows(5), { concurrency: 1 });
    expect(result.stopped, 'a server that answered was taken for one that is not there').toBeUndefined();
    expect(outcomes.map((o) => o.status)).toEqual(Array(5).fill('failed'));
  });

  it('does not say "nothing was sent" when requests were written before the server went away', async () => {
    const h = await startHarness({ retries: 5 });
    h.net.reach = new Reachability({ downForMs: 0 });
    let failures = 0;
    // The first requests were written and their connections dropped (the server died), the rest refused.
    refuseConnections(h, 0, () => (++failures <= 4 ? NEVER_ANSWERED() : CANNOT_CONNECT.refused()));
    const { result } = await runRows(h, customerRows(50), { concurrency: 16 });
    expect(result.stopped?.reason).toBe('unreachable');
    expect(result.stopped?.message).toMatch(
      /none of the first 10 rows could connect .*; rows that may have reached it are not sent again without a lookup/,
    );
  });

  it('says "nothing was sent" when a row used up its tries and no request was ever written', async () => {
    const h = await startHarness({ retries: 1 });
    h.net.reach = new Reachability();
    refuseConnections(h, 0, CANNOT_CONNECT.refused);
    const { result } = await runRows(h, customerRows(50), { concurrency: 1 });
    expect(result.stopped?.message).toMatch(/row 2 used up its 2 tries .*; nothing was sent/);
  });

  it('does not stop when a server down for a moment refuses the first attempts of many rows at once', async () => {
    const h = await startHarness({ connections: 16 });
    h.net.reach = new Reachability();
    let sends = 0;
    // The first 16 requests (every row's first attempt) are refused; the server is up for their retries.
    interceptSends(h, (req, send) => (++sends <= 16 ? Promise.reject(CANNOT_CONNECT.refused()) : send(req)));
    const { result } = await runRows(h, customerRows(40), { concurrency: 16 });
    expect(result.stopped, 'stopped before any retry could reach the server').toBeUndefined();
    expect(result.counts.created).toBe(40);
  });

  it('does not stop while failures to connect have gone on for less than UNREACHABLE_FOR_MS, however many rows', async () => {
    const h = await startHarness({ connections: 16 });
    h.net.reach = new Reachability();
    // Each row's first three tries are refused (the backoff here takes milliseconds), its fourth goes through.
    const refusedTries = new Map<string, number>();
    interceptSends(h, (req, send) => {
      const row = JSON.stringify(req.body);
      const tries = refusedTries.get(row) ?? 0;
      if (tries >= 3) return send(req);
      refusedTries.set(row, tries + 1);
      return Promise.reject(CANNOT_CONNECT.refused());
    });
    const { result } = await runRows(h, customerRows(40), { concurrency: 16 });
    expect(result.stopped, 'stopped within milliseconds of the first failure').toBeUndefined();
    expect(result.counts.created).toBe(40);
  });

  it('keeps retrying row by row while answers still come: a flaky network, not a missing server', async () => {
    const h = await startHarness({ retries: 1 });
    h.net.reach = new Reachability();
    let sends = 0;
    // Every third request gets through, the first among them; the others cannot connect.
    interceptSends(h, (req, send) =>
      ++sends % 3 === 1 ? send(req) : Promise.reject(CANNOT_CONNECT.refused()),
    );
    const { result, outcomes } = await runRows(h, customerRows(30), { concurrency: 1 });
    expect(result.stopped?.message).toBeUndefined();
    expect(outcomes.filter((o) => o.status === 'not_attempted')).toEqual([]);
  });

  it('stops once 10 rows in a row use up their tries with no answer, after the server had answered (it went away)', async () => {
    const h = await startHarness({ retries: 1 });
    h.net.reach = new Reachability();
    refuseConnections(h, 3);
    const { result } = await runRows(h, customerRows(60), { concurrency: 2 });
    expect(result.stopped?.reason).toBe('unreachable');
    expect(result.stopped?.message).toMatch(
      /no answer from Zenskar: it has stopped answering: row \d+ is the 10th in a row to use up its 2 tries without an answer/,
    );
    expect(result.counts.created).toBe(3);
    expect(result.counts.not_attempted).toBeGreaterThan(30);
  });

  it('says only the rows since it went away were not sent, not that nothing was: 3 rows were created', async () => {
    const h = await startHarness({ retries: 1 });
    h.net.reach = new Reachability();
    refuseConnections(h, 3);
    const { result } = await runRows(h, customerRows(60), { concurrency: 2 });
    expect(result.counts.created).toBe(3);
    expect(result.stopped?.message).not.toContain('nothing was sent');
    expect(result.stopped?.message).toContain('the rows since it stopped answering were not sent');
  });
});

describe('runEngine and a TLS handshake that fails (a certificate, a port without TLS)', () => {
  /** undici's error for each, as its connector passes it on, classified as the client does. */
  const tlsFailure = (code: string, reason: string) => (req: HttpRequest) =>
    Promise.reject(toHttpFailure({ code, reason }, { method: req.method, path: req.path, timeoutMs: 1000 }));
  const HANDSHAKES = [
    {
      what: 'a self-signed certificate',
      fail: tlsFailure('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      hint: /NODE_EXTRA_CA_CERTS/,
    },
    {
      what: 'a port without TLS',
      fail: tlsFailure('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'),
      hint: /is the URL http:\/\/\?/,
    },
  ];

  // It was retried six times a row, then the run stopped as "no answer": every request fails alike.
  it.each(HANDSHAKES)(
    '$what: the create is not retried, the row failed (the journal: not created), the run stopped',
    async ({ fail, hint }) => {
      const journalDir = tempJournal('zenskar');
      const h = await startHarness({ journal: journalDir.open(), retries: 5 });
      h.net.reach = new Reachability({ downForMs: 0 });
      let sends = 0;
      interceptSends(h, (req) => {
        sends++;
        return fail(req);
      });
      const rows = customerRows(5);
      const { result, outcomes } = await runRows(h, rows, { concurrency: 1 });
      h.net.journal?.close();
      expect(sends, 'requests sent').toBe(1);
      expect(outcomes.map((o) => o.status)).toEqual(['failed', ...Array(4).fill('not_attempted')]);
      expect(outcomes[0]?.errors).toEqual([{ code: 'network_error', message: expect.stringMatching(hint) }]);
      expect(outcomes[0]?.errors[0]?.message).toContain('nothing was sent');
      expect(result.stopped?.message).toMatch(hint);
      // Certainly not created: the next run sends it without a lookup.
      const later = journalDir.open();
      expect(later.get(keyOf(rows[0] as SourceRow))?.state, 'the journal').toBeUndefined();
      later.close();
    },
  );

  it.each(HANDSHAKES)(
    '$what: a --skip-existing lookup is not retried either, and stops the run',
    async ({ fail, hint }) => {
      const h = await startHarness({ retries: 5 });
      let sends = 0;
      interceptSends(h, (req) => {
        sends++;
        return fail(req);
      });
      const { result, outcomes } = await runRows(h, customerRows(3), { concurrency: 1, skipExisting: true });
      expect(sends, 'requests sent').toBe(1);
      expect(h.sandbox.stats().creates).toBe(0);
      expect(outcomes).toHaveLength(3);
      expect(result.stopped?.message).toMatch(hint);
    },
  );
});

describe('why a run stopped, with what the import knows of its settings', () => {
  it('names where the rejected credentials came from (never what they are)', async () => {
    const h = await startHarness({ credentials: { apiKey: 'wrong-key-123456' } });
    h.net.credentialOrigins = 'the API key came from ZENSKAR_API_KEY';
    const { result } = await runRows(h, customerRows(3), { concurrency: 1 });
    expect(result.stopped?.message).toBe(
      'the API key or organisation was rejected (HTTP 401): Not authenticated; the API key came from ZENSKAR_API_KEY',
    );
  });

  it('does not name them when the stop is not about them (a redirect)', async () => {
    const h = await startHarness();
    h.net.credentialOrigins = 'the API key came from ZENSKAR_API_KEY';
    interceptSends(h, async () => ({
      status: 307,
      headers: { location: 'https://elsewhere.example/customers' },
      body: undefined,
    }));
    const { result } = await runRows(h, customerRows(3), { concurrency: 1 });
    expect(result.stopped?.message).toMatch(/redirect/);
    expect(result.stopped?.message).not.toContain('ZENSKAR_API_KEY');
  });

  it("adds the Reachability's hint (proxy variables zcust does not use) to the advice of a server not there", async () => {
    const h = await startHarness({ retries: 0 });
    h.net.reach = new Reachability({ hint: 'HTTPS_PROXY is set, but zcust does not use proxy variables' });
    interceptSends(h, () => Promise.reject(CANNOT_CONNECT.refused()));
    const { result } = await runRows(h, customerRows(3), { concurrency: 1 });
    expect(result.stopped?.message).toMatch(
      /Check the base URL and the network \(HTTPS_PROXY is set, but zcust does not use proxy variables\), then run the import again$/,
    );
  });

  // "Check --base-url, --timeout" was said to a user who had set neither: the URL was ZCUST_BASE_URL's.
  const ORIGINS = {
    baseUrl: 'the base URL came from ZCUST_BASE_URL',
    timeout: 'the timeout (5000 ms) came from "timeout" of profile "p" in /cfg/zcust.config.json',
  };
  const REDIRECT = async (): Promise<HttpResponse> => ({
    status: 307,
    headers: { location: 'https://elsewhere.example/customers' },
    body: undefined,
  });
  const NOT_HERE = async (): Promise<HttpResponse> => ({ status: 404, headers: {}, body: undefined });
  const REFUSED = () => Promise.reject(CANNOT_CONNECT.refused());
  it.each([
    {
      stop: 'a row that used up its tries unanswered',
      answer: () => Promise.reject(CANNOT_CONNECT['connect timeout']()),
      rows: 1,
      ends: `then run the import again; ${ORIGINS.baseUrl} and ${ORIGINS.timeout}`,
    },
    {
      stop: 'a redirect',
      answer: REDIRECT,
      rows: 3,
      ends: `which zcust does not follow; check the base URL; ${ORIGINS.baseUrl}`,
    },
    {
      stop: 'no customers endpoint',
      answer: NOT_HERE,
      rows: 3,
      ends: `(HTTP 404); check the base URL; ${ORIGINS.baseUrl}`,
    },
  ])(
    '$stop: names where the base URL came from after its advice, not a flag',
    async ({ answer, rows, ends }) => {
      const h = await startHarness({ retries: 0 });
      h.net.baseUrlOrigin = ORIGINS.baseUrl;
      h.net.reach = new Reachability({ downForMs: 0, origins: ORIGINS });
      interceptSends(h, answer);
      const { result } = await runRows(h, customerRows(rows), { concurrency: rows });
      const message = result.stopped?.message ?? '';
      expect(message.endsWith(ends), `the stop: ${message}`).toBe(true);
      expect(message, 'a flag not given named').not.toMatch(/--base-url|--timeout/);
    },
  );

  // A run whose every try was refused said "Check the base URL, the timeout …; … the timeout is the default
  // 30000 ms": no try had waited for it.
  const byDns = (req: HttpRequest) =>
    Promise.reject(
      toHttpFailure(
        { code: 'ENOTFOUND', reason: 'getaddrinfo ENOTFOUND api.example' },
        { method: req.method, path: req.path, timeoutMs: 5000 },
      ),
    );
  it.each<{ tries: string; failures: Array<(req: HttpRequest) => Promise<HttpResponse>>; timeout: boolean }>([
    { tries: 'refused, twice', failures: [REFUSED, REFUSED], timeout: false },
    { tries: 'a name not found, twice', failures: [byDns, byDns], timeout: false },
    {
      tries: 'no connection within the timeout, twice',
      failures: [CANNOT_CONNECT['connect timeout'], CANNOT_CONNECT['connect timeout']].map(
        (f) => () => Promise.reject(f()),
      ),
      timeout: true,
    },
    {
      tries: 'written and never answered, twice',
      failures: [NEVER_ANSWERED, NEVER_ANSWERED].map((f) => () => Promise.reject(f())),
      timeout: true,
    },
    {
      tries: 'no connection within the timeout, then refused',
      failures: [() => Promise.reject(CANNOT_CONNECT['connect timeout']()), REFUSED],
      timeout: true,
    },
  ])('a row out of tries, $tries: names the timeout $timeout', async ({ failures, timeout }) => {
    const h = await startHarness({ retries: 1 });
    h.net.reach = new Reachability({ downForMs: 0, origins: ORIGINS });
    let sent = 0;
    interceptSends(h, (req) => (failures[Math.min(sent++, failures.length - 1)] ?? REFUSED)(req));
    const { result } = await runRows(h, customerRows(1), { concurrency: 1 });
    const message = result.stopped?.message ?? '';
    expect(message, 'the stop').toMatch(/row 2 used up its 2 tries and nothing has answered yet/);
    expect(
      message.includes('Check the base URL, the timeout and the network'),
      `the advice: ${message}`,
    ).toBe(timeout);
    expect(message.endsWith(ORIGINS.timeout), `where the timeout came from: ${message}`).toBe(timeout);
  });

  it('names no timeout when the rows could not connect, which waits for none', () => {
    const stop = new RunStop();
    const reach = new Reachability({ downForMs: 0, origins: ORIGINS });
    reach.refused(UNREACHABLE_AFTER);
    reach.stopRun(stop, 'Zenskar', 'connection refused (ECONNREFUSED)');
    expect(stop.message).toMatch(
      /Check the base URL and the network, then run the import again; the base URL came from ZCUST_BASE_URL$/,
    );
  });

  it('does not name the base URL when the stop is not about it (a rejected credential)', async () => {
    const h = await startHarness({ credentials: { apiKey: 'wrong-key-123456' } });
    h.net.baseUrlOrigin = ORIGINS.baseUrl;
    const { result } = await runRows(h, customerRows(3), { concurrency: 1 });
    expect(result.stopped?.message).not.toContain('base URL');
  });
});
