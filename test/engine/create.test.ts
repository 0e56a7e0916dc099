/**
 * createCustomer on its own, against a tiny hand-written Zenskar: a 500 may come after the customer was
 * written, so the row is looked up before it is sent again. Sending it blindly would create a twin.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { RunStop } from '../../src/engine/context.js';
import { type CreateJob, createCustomer } from '../../src/engine/create.js';
import { MAX_LOOKUP_PAGES } from '../../src/engine/lookup.js';
import { createHttpClient, type HttpClient } from '../../src/http/client.js';
import { HttpFailure, NOT_SENT } from '../../src/http/failure.js';
import type { TargetName } from '../../src/model.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/index.js';
import type { Journal } from '../../src/state/journal.js';
import { getTarget } from '../../src/targets/index.js';
import { createFakeClock } from '../http/fake-clock.js';
import { type LoopbackServer, sendJson, startServer } from '../http/loopback-server.js';
import { codes, customerOf, customerRow, keyOf } from './harness.js';

/**
 * Zenskar's POST /customers and GET /customers?email__in=… in the platform's shapes. The first `failing` POSTs answer
 * 500; `landed` says whether it stored the customer before failing.
 */
async function zenskarFailingOnce(
  landed: boolean,
  firstAnswer: (res: ServerResponse) => void = (res) =>
    sendJson(res, 500, { detail: 'Internal Server Error' }),
  failing = 1,
) {
  const stored: Array<{ id: string; email: string; external_id: string | null; customer_name: string }> = [];
  let posts = 0;
  let lookups = 0;
  const server = await startServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === '/customers') {
      posts++;
      const b = JSON.parse(body) as { customer_name: string; email: string; external_id?: string };
      const customer = {
        id: randomUUID(),
        customer_name: b.customer_name,
        email: b.email,
        external_id: b.external_id ?? null,
      };
      if (posts <= failing) {
        if (landed) stored.push(customer);
        firstAnswer(res);
        return;
      }
      stored.push(customer);
      sendJson(res, 200, customer);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/customers') {
      lookups++;
      const email = url.searchParams.get('email');
      const emails = email === null ? url.searchParams.get('email__in')?.split(',') : [email];
      const ids = url.searchParams.get('external_id__in')?.split(',');
      const data = stored.filter(
        (c) => (emails?.includes(c.email) ?? true) && (ids?.includes(c.external_id ?? '') ?? true),
      );
      sendJson(res, 200, { data, next: null, previous: null, total: data.length });
      return;
    }
    sendJson(res, 404, { detail: 'Not Found' });
  });
  return { server, stored, posts: () => posts, lookups: () => lookups };
}

let server: LoopbackServer | undefined;
let client: HttpClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  server = undefined;
  client = undefined;
});

/** What the row's journal was told, in order ("sending", "failed", ...). */
function recordingJournal(): { journal: Journal; said: string[] } {
  const said: string[] = [];
  const journal: Journal = {
    path: '/dev/null',
    resumed: { created: 0, skipped: 0, inFlight: 0, inFlightKeyless: 0, unknown: 0 },
    ignoredEarlier: false,
    get: () => undefined,
    customerIds: () => [],
    knowsCustomer: () => false,
    otherKeyChanged: () => undefined,
    toldOtherKeyBefore: () => false,
    toldOtherKey: () => {},
    sending: () => said.push('sending'),
    created: () => said.push('created'),
    skipped: () => said.push('skipped'),
    failed: () => said.push('failed'),
    unknown: () => said.push('unknown'),
    checkOnDisk: () => {},
    close: () => {},
  };
  return { journal, said };
}

/** A client at --rate 1 on a fake clock: each request after the first waits until the clock reaches its place. */
function clientAtOneASecond(origin: string) {
  const clock = createFakeClock();
  const rated = createHttpClient({
    baseUrl: origin,
    timeoutMs: 5_000,
    connections: 1,
    userAgent: 'test',
    rate: 1,
    clock,
  });
  return { clock, rated };
}

/** Runs createCustomer for the harness's row 0 against `origin` (Zenskar unless told), with fast retries. */
async function createRow0(
  origin: string,
  retries: number,
  run: {
    stop?: RunStop;
    journal?: Journal;
    earlier?: CreateJob['earlier'];
    target?: TargetName;
    /** A client of the test's own (one with --rate), else one without. */
    client?: HttpClient;
    /** Laid over the row's columns (`undefined` leaves one out). */
    fields?: Record<string, string | undefined>;
  } = {},
) {
  client =
    run.client ?? createHttpClient({ baseUrl: origin, timeoutMs: 5_000, connections: 1, userAgent: 'test' });
  const row = customerRow(0, run.fields);
  const target = run.target ?? 'zenskar';
  return createCustomer(
    {
      client,
      credentials: { ...SANDBOX_CREDENTIALS[target] },
      target: getTarget(target),
      retries,
      backoff: { baseMs: 1, maxMs: 5 },
      random: Math.random,
      stop: run.stop ?? new RunStop(),
      ...(run.journal ? { journal: run.journal } : {}),
    },
    {
      customer: customerOf(row),
      row: row.row,
      key: keyOf(row),
      ...(run.earlier ? { earlier: run.earlier } : {}),
    },
  );
}

describe('createCustomer after a 500', () => {
  it.each([
    {
      landed: true,
      posts: 1,
      note: ['server_error'],
      means:
        "it is found by lookup and not sent again, this run's create (not an earlier import's already_exists)",
    },
    {
      landed: false,
      posts: 2,
      note: ['server_error'],
      means: 'it is looked up, not found, and sent again, saying that two creates went out',
    },
  ])('landed before the 500: $landed → $means', async ({ landed, posts, note }) => {
    const zenskar = await zenskarFailingOnce(landed);
    server = zenskar.server;
    const outcome = await createRow0(server.origin, 3);
    expect(zenskar.stored, 'a twin customer was created').toHaveLength(1);
    expect(zenskar.posts()).toBe(posts);
    expect(outcome).toMatchObject({ kind: 'created', customerId: zenskar.stored[0]?.id });
    expect(outcome.kind === 'created' && outcome.note ? codes([outcome.note]) : []).toEqual(note);
  });
});

describe('createCustomer settling a create that may have landed: the lookups it takes', () => {
  // The harness's row 0 has an e-mail and a Customer ID; nothing has landed, so each lookup it makes is seen.
  it.each([
    { sentBy: 'this run (a 500)', earlier: undefined, lookups: 1, why: 'it carried the row as it is' },
    {
      sentBy: 'an earlier run, by its e-mail',
      earlier: 'email',
      lookups: 2,
      why: 'its e-mail, then its Customer ID (the e-mail sent may have differed in case; filters are exact)',
    },
    { sentBy: 'an earlier run, keys unknown', earlier: 'any', lookups: 2, why: 'e-mail, then Customer ID' },
  ] as const)(
    'sent by $sentBy: $lookups lookup(s) before it is sent, since $why',
    async ({ earlier, lookups }) => {
      // The earlier run's create is not this server's: then no POST fails.
      const zenskar = await zenskarFailingOnce(false, undefined, earlier ? 0 : 1);
      server = zenskar.server;
      const outcome = await createRow0(server.origin, 3, earlier ? { earlier } : {});
      expect(outcome).toMatchObject({ kind: 'created' });
      expect(zenskar.lookups(), 'lookups before sending').toBe(lookups);
      expect(zenskar.stored).toHaveLength(1);
    },
  );
});

describe('createCustomer after a 200 it cannot read', () => {
  it.each([
    [
      'an HTML page',
      (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>OK</h1>'),
    ],
    ['JSON without its content type', (res: ServerResponse) => res.writeHead(200).end('{"id":"x"}')],
  ])('%s: the customer is looked up (found: created with its id), never sent again', async (_, answer) => {
    const zenskar = await zenskarFailingOnce(true, answer);
    server = zenskar.server;
    const outcome = await createRow0(server.origin, 3);
    expect(zenskar.posts(), 'a create the API had answered 200 was sent again').toBe(1);
    expect(outcome).toMatchObject({ kind: 'created', customerId: zenskar.stored[0]?.id });
  });
});

describe('createCustomer when neither the create nor the lookup gets an answer', () => {
  it('gives up as unknown_outcome, says the lookup failed, sends once, and leaves the row for the next run', async () => {
    let posts = 0;
    server = await startServer((req, res) => {
      if (req.method === 'POST') posts++;
      sendJson(res, 502, { detail: 'Bad Gateway' });
    });
    const outcome = await createRow0(server.origin, 2);
    expect(posts, 'a create whose outcome was unknown was sent again').toBe(1);
    expect(outcome).toMatchObject({ kind: 'failed', issue: { code: 'unknown_outcome' } });
    expect(outcome.kind === 'failed' ? outcome.issue.message : '').toMatch(
      /lookup to check failed too.*the next import looks again/,
    );
  });
});

describe("createCustomer when a create's 500 is followed by a lookup that fails too", () => {
  // It said only "the create got no clear answer": the 500 and the API's words were lost.
  it.each(['zenskar', 'dayzero'] as const)(
    "%s: unknown_outcome keeps the create's status and message beside the lookup's",
    async (target) => {
      server = await startServer((req, res) => {
        if (req.method === 'POST') sendJson(res, 500, { detail: 'Database write failed: customers_pkey' });
        else sendJson(res, 503, { detail: 'Service Unavailable' });
      });
      const outcome = await createRow0(server.origin, 1, { target });
      expect(outcome).toMatchObject({ kind: 'failed', issue: { code: 'unknown_outcome' } });
      expect(outcome.kind === 'failed' ? outcome.issue.message : '').toMatch(
        /^the create got no clear answer \(the API had a server error \(HTTP 500\): Database write failed: customers_pkey\); (Zenskar|DayZero) may or may not have created this customer, and the lookup to check failed too \(.*HTTP 503.*\); the next import looks again before sending$/,
      );
    },
  );
});

describe('createCustomer: the lookups that settle an unknown create are tries of the row, not retried on their own', () => {
  it.each([
    // retries, lookups: one per try after the create, plus the last look once the tries are used up.
    [0, 1],
    [2, 3],
    [5, 6],
  ])(
    'with --retries %i, a server that answers every request 502 gets 1 create and %i lookups',
    async (retries, lookups) => {
      let posts = 0;
      let gets = 0;
      server = await startServer((req, res) => {
        if (req.method === 'POST') posts++;
        else gets++;
        sendJson(res, 502, { detail: 'Bad Gateway' });
      });
      const outcome = await createRow0(server.origin, retries);
      expect(outcome).toMatchObject({ kind: 'failed', issue: { code: 'unknown_outcome' } });
      expect(posts).toBe(1);
      expect(gets, 'each try of the create retried its lookup again: tries multiplied').toBe(lookups);
    },
  );

  it("waits out a lookup's Retry-After before the row's next try", async () => {
    const at: number[] = [];
    server = await startServer((req, res) => {
      at.push(performance.now());
      if (req.method === 'POST' && at.length === 1) sendJson(res, 502, { detail: 'Bad Gateway' });
      else if (req.method === 'POST') sendJson(res, 200, { id: randomUUID() });
      else if (at.length === 2) sendJson(res, 429, { detail: 'Too Many Requests' }, { 'retry-after': '1' });
      else sendJson(res, 200, { data: [], next: null, previous: null, total: 0 });
    });
    const outcome = await createRow0(server.origin, 3);
    expect(outcome).toMatchObject({ kind: 'created' });
    const [, limited = 0, next = 0] = at;
    expect(next - limited, 'the try after a 429 with Retry-After: 1 came sooner').toBeGreaterThanOrEqual(950);
  });
});

describe('createCustomer stopped (Ctrl-C, --fail-fast, 401) while a create has no clear answer', () => {
  it('keeps the row "sending" for the next run when its lookup fails too: it is not recorded as not created', async () => {
    const stop = new RunStop();
    let posts = 0;
    server = await startServer((req, res) => {
      if (req.method === 'POST') {
        posts++;
        sendJson(res, 502, { detail: 'Bad Gateway' }); // the create may have landed
        return;
      }
      // The lookup that would settle it fails, and the run stops meanwhile.
      stop.stop('interrupted', 'interrupted');
      sendJson(res, 503, { detail: 'Service Unavailable' });
    });
    const { journal, said } = recordingJournal();
    const outcome = await createRow0(server.origin, 3, { stop, journal });
    expect(posts).toBe(1);
    expect(said, 'a "failed" record lets the next run send it blindly: a twin').toEqual(['sending']);
    expect(outcome).toMatchObject({ kind: 'failed', issue: { code: 'unknown_outcome' } });
    expect(outcome.kind === 'failed' ? outcome.issue.message : '').toMatch(
      /lookup to check failed too.*the next import looks again/,
    );
  });

  // The lookup took no signal: it waited out its place through Ctrl-C, and was sent after the stop.
  it('sends no lookup that waits for its --rate place when the run stops: unknown_outcome, still "sending"', async () => {
    const stop = new RunStop();
    const methods: string[] = [];
    server = await startServer((req, res) => {
      methods.push(req.method ?? '');
      if (req.method === 'POST')
        sendJson(res, 502, { detail: 'Bad Gateway' }); // the create may have landed
      else sendJson(res, 200, { data: [], next: null });
    });
    const { clock, rated } = clientAtOneASecond(server.origin);
    const { journal, said } = recordingJournal();
    const creating = createRow0(server.origin, 3, { stop, journal, client: rated });
    // The create took this second's place; the lookup that settles it waits for the next.
    while (clock.sleeps.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    stop.stop('interrupted', 'interrupted');
    await clock.runUntil(1_000);
    const outcome = await creating;
    expect(methods, 'requests sent').toEqual(['POST']);
    expect(outcome).toMatchObject({ kind: 'failed', issue: { code: 'unknown_outcome' } });
    expect(outcome.kind === 'failed' ? outcome.issue.message : '').toContain(
      // Not "--rate": the rate may be a profile's "rate", or the pace a 429 set.
      'lookup to check failed too (the run stopped while the customer lookup waited for its turn (the rate set for the run, or the pace after a 429), so it was not sent); the next import looks again',
    );
    expect(said, 'a "failed" record lets the next run send it blindly: a twin').toEqual(['sending']);
  });
});

/** A Zenskar that takes each create and drops the connection before answering, and answers lookups with `page`. */
async function droppingZenskar(page: (lookup: number, url: URL) => unknown) {
  let posts = 0;
  let lookups = 0;
  const started = await startServer((req, res) => {
    if (req.method === 'POST') {
      posts++;
      res.socket?.destroy();
      return;
    }
    // A lookup that never ends would only time the test out: after this many pages, the last one.
    if (++lookups > 1_000) sendJson(res, 200, { data: [], next: null });
    else sendJson(res, 200, page(lookups, new URL(req.url ?? '/', 'http://x')));
  });
  return { server: started, posts: () => posts, lookups: () => lookups };
}

describe('createCustomer settling a dropped create whose lookup cannot say "created, with this id"', () => {
  // Each paging that cannot end is asked once: looked up again on the row's next try, it paged as long again (a
  // new customer on every page cost a row 200 pages a try, 1,200 at the default --retries).
  it.each([
    {
      lookup: 'gives back the same cursor',
      page: () => ({ data: [], next: 'same' }),
      message: /lookup to check failed too \(the customer lookup's paging went round in a circle/,
      pages: 2,
      // Still "sending": the next import looks again before sending.
      journal: ['sending'],
    },
    {
      lookup: 'gives a new cursor every page',
      page: (n: number) => ({ data: [], next: `cursor-${n}` }),
      message:
        /lookup to check failed too \(the customer lookup was still paging after 5 pages, the last 5 bringing no new customer/,
      pages: 5,
      journal: ['sending'],
    },
    {
      lookup: 'brings another customer on every page, for ever',
      page: (n: number) => ({
        data: [{ id: `other-${n}`, email: `other-${n}@x.example` }],
        next: `cursor-${n}`,
      }),
      message:
        /lookup to check failed too \(the customer lookup was still paging after 200 pages \(200 customers\)/,
      pages: MAX_LOOKUP_PAGES,
      journal: ['sending'],
    },
    {
      lookup: 'finds it without an id (customer_id is none)',
      page: (_: number, url: URL) => ({
        data: [{ customer_id: 'c-0', email: url.searchParams.get('email__in'), external_id: 'C-0' }],
        next: null,
      }),
      message: /a lookup found this customer in Zenskar, but without an id zcust could read: not sent again/,
      pages: 1,
      // It is there: the next import must not send it either.
      journal: ['sending', 'unknown'],
    },
  ])(
    'a lookup that $lookup: unknown_outcome, sent once, $pages page(s) asked in all, journaled $journal',
    async ({ page, message, pages, journal: expected }) => {
      const zenskar = await droppingZenskar(page);
      server = zenskar.server;
      const { journal, said } = recordingJournal();
      const outcome = await createRow0(server.origin, 2, { journal });
      expect(zenskar.posts(), 'a create whose outcome was unknown was sent again').toBe(1);
      expect(outcome).toMatchObject({ kind: 'failed', issue: { code: 'unknown_outcome' } });
      expect(outcome.kind === 'failed' ? outcome.issue.message : '').toMatch(message);
      expect(zenskar.lookups(), "pages the row's lookups asked, over all its tries").toBe(pages);
      expect(said, 'what the journal was told').toEqual(expected);
    },
  );

  // A lookup's 500, told as the create's, read as a create the platform may have made on a server error.
  it("says why the create's outcome is unknown, not why a lookup failed before the one that found it", async () => {
    let posts = 0;
    let lookups = 0;
    server = await startServer((req, res) => {
      if (req.method === 'POST') {
        posts++;
        res.socket?.destroy();
        return;
      }
      if (++lookups === 1) {
        sendJson(res, 500, { message: 'lookup broke' });
        return;
      }
      const email = new URL(req.url ?? '/', 'http://x').searchParams.get('email__in');
      sendJson(res, 200, { data: [{ customer_id: 'c-0', email }], next: null });
    });
    const outcome = await createRow0(server.origin, 2);
    expect(posts, 'a create whose outcome was unknown was sent again').toBe(1);
    const message = outcome.kind === 'failed' ? outcome.issue.message : '';
    expect(message).toMatch(/a lookup found this customer in Zenskar, but without an id zcust could read/);
    expect(message).not.toMatch(/server error|lookup broke/);
  });
});

// Recorded before its wait, a create that a kill caught waiting out --rate (or the pace 429s set) was "in flight"
// though never sent: 64 rows at --concurrency 64, of which the sandbox had got 12. Each cost the next run a
// lookup, or ended unknown_outcome on AmbioSys, which has none.
describe('createCustomer waiting for its turn (--rate)', () => {
  it('records the row as sending only once its turn comes, right before the POST', async () => {
    const zenskar = await zenskarFailingOnce(false, undefined, 0);
    server = zenskar.server;
    const { clock, rated } = clientAtOneASecond(server.origin);
    // Another request takes this second's place: the row's create waits for the next.
    await rated.send({ method: 'GET', path: '/customers', headers: {} });
    const { journal, said } = recordingJournal();
    const creating = createRow0(server.origin, 0, { journal, client: rated });
    await clock.runUntil(999);
    expect(said, 'the journal while the create waited for its place, not sent').toEqual([]);
    expect(zenskar.posts()).toBe(0);
    await clock.runUntil(1_000);
    expect(await creating).toMatchObject({ kind: 'created' });
    expect(said).toEqual(['sending', 'created']);
  });
});

type Answer = 'accepted' | 'server error' | 'created';

/**
 * A platform of `target`'s paths and shapes whose nth create gets `answers[n - 1]` (the last repeats): a 202
 * without an id, a 502, or the customer with its id. A create it `lands` is stored, but shown to lookups only from
 * its `hiddenFor + 1`-th lookup on (a late save). E-mails are unique, as on Zenskar and DayZero: a create of one
 * it holds is refused as a duplicate.
 */
async function lateSavingPlatform(
  target: TargetName,
  answers: readonly Answer[],
  { lands = true, hiddenFor = 0 } = {},
) {
  const stored: Array<{ id: string; email?: string; external_id?: string; shownFrom: number }> = [];
  let posts = 0;
  let lookups = 0;
  const started = await startServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET') {
      lookups++;
      const wanted = [...url.searchParams.entries()]
        .filter(([name]) => name !== 'limit')
        .flatMap(([, value]) => value.split(','));
      const data = stored.filter(
        (c) => lookups >= c.shownFrom && [c.email, c.external_id].some((k) => k && wanted.includes(k)),
      );
      sendJson(res, 200, target === 'dayzero' ? { items: data, has_more: false } : { data, next: null });
      return;
    }
    const answer = answers[Math.min(posts++, answers.length - 1)];
    const sent = JSON.parse(body) as { email?: string; external_id?: string };
    if (sent.email !== undefined && stored.some((c) => c.email === sent.email)) {
      sendJson(res, target === 'dayzero' ? 409 : 400, { message: 'Customer with this email already exists' });
      return;
    }
    const customer = { id: randomUUID(), ...sent, shownFrom: lookups + hiddenFor + 1 };
    if (lands) stored.push(customer);
    if (answer === 'server error') sendJson(res, 502, { detail: 'Bad Gateway' });
    else if (answer === 'accepted') sendJson(res, 202, { success: true, status: 'accepted' });
    else if (target === 'ambiosys') sendJson(res, 200, { success: true, customer: { customer_id: 7 } });
    else sendJson(res, 201, { id: customer.id });
  });
  return { server: started, stored, posts: () => posts };
}

/** Runs createCustomer for row 0 (`fields` laid over it) on `platform`, with --retries 3: 4 tries, 4 lookups at most. */
async function createOn(
  platform: Awaited<ReturnType<typeof lateSavingPlatform>>,
  target: TargetName,
  fields: Record<string, string | undefined> = {},
) {
  server = platform.server;
  const { journal, said } = recordingJournal();
  const outcome = await createRow0(server.origin, 3, { target, journal, fields });
  const issue =
    outcome.kind === 'failed' ? outcome.issue : outcome.kind === 'created' ? outcome.note : undefined;
  return { outcome, said, message: issue?.message ?? '' };
}

const ID_ALONE = { Email: undefined };

// A 2xx is the platform saying it took the create: sent again after a lookup found nothing, it made up to six
// customers a row on a platform that saves a moment later, each row reported "not sent again".
/** A create the platform shows from the 3rd lookup on: found, and so created by this run. */
const SHOWN_LATER = {
  hiddenFor: 2,
  status: 'created',
  message: /a lookup found the customer this create made, so it was not sent again$/,
  journal: ['sending', 'created'],
};
/** A create the platform never shows: unknown_outcome, and "unknown" in the journal (the next import looks first). */
const NEVER_SHOWN = {
  hiddenFor: Number.POSITIVE_INFINITY,
  status: 'failed',
  journal: ['sending', 'unknown'],
};

describe('createCustomer after a 2xx without an id: never sent again, only looked up', () => {
  it.each([
    {
      target: 'zenskar' as const,
      row: 'an e-mail and a Customer ID',
      fields: {},
      ...SHOWN_LATER,
      message:
        /^the API answered 202 without a customer id that zcust could read; a lookup found the customer this create made, so it was not sent again$/,
    },
    { target: 'zenskar' as const, row: 'a Customer ID alone', fields: ID_ALONE, ...SHOWN_LATER },
    {
      target: 'zenskar' as const,
      row: 'an e-mail and a Customer ID',
      fields: {},
      ...NEVER_SHOWN,
      message:
        /^Zenskar took the create \(HTTP 202\) but answered no customer id zcust could read, and 4 lookups found nothing \(it may save the customer later\): not sent again, since it said it took it; search Zenskar for this row's e-mail or Customer ID before importing it again \(the next import looks it up before sending it\)$/,
    },
    { target: 'dayzero' as const, row: 'an e-mail', fields: {}, ...SHOWN_LATER },
    {
      target: 'dayzero' as const,
      row: 'an e-mail',
      fields: {},
      ...NEVER_SHOWN,
      message:
        /^DayZero took the create \(HTTP 202\) .* 4 lookups found nothing .*search DayZero for this row's e-mail before importing it again/,
    },
    {
      target: 'ambiosys' as const,
      row: 'a Name (it has no lookup)',
      fields: {},
      ...NEVER_SHOWN,
      message:
        /^AmbioSys took the create \(HTTP 202\) but answered no customer id zcust could read, and zcust cannot look it up \(AmbioSys has no lookup\): it most likely holds this customer; check the tenant: if it is there, mark this row in this run's report .*; if it is not there, import the report as it is, which sends this row$/,
    },
  ])(
    '$target, a row with $row, shown to lookups after $hiddenFor: one create, $status, journaled $journal',
    async ({ target, fields, hiddenFor, status, message, journal }) => {
      const platform = await lateSavingPlatform(target, ['accepted'], { hiddenFor });
      const run = await createOn(platform, target, fields);
      expect(platform.posts(), 'creates sent after the platform said it took the first').toBe(1);
      expect(run.outcome.kind).toBe(status);
      expect(run.message).toMatch(message);
      if (status === 'failed') expect(run.outcome).toMatchObject({ issue: { code: 'unknown_outcome' } });
      expect(run.said, 'what the journal was told').toEqual(journal);
    },
  );
});

// After a 502 (or a timeout) a lookup that finds nothing proves nothing on a platform that saves late: a row is
// sent again only where the platform would refuse a second customer (an e-mail), and says how many creates went
// out. (A Customer-ID-only row was sent again and reported "not sent again"; an e-mail row ended duplicate_email,
// refused by the customer its own first create had made.)
describe('createCustomer after a create with no clear answer (a 502)', () => {
  it.each([
    {
      row: 'a Customer ID alone, the create landed, shown from the 3rd lookup',
      fields: ID_ALONE,
      answers: ['server error'] as Answer[],
      platform: { hiddenFor: 2 },
      posts: 1,
      status: 'created',
      message:
        /^the API had a server error \(HTTP 502\): Bad Gateway; a lookup found the customer this create made, so it was not sent again$/,
      journal: ['sending', 'created'],
    },
    {
      row: 'a Customer ID alone, the create never landed',
      fields: ID_ALONE,
      answers: ['server error'] as Answer[],
      platform: { lands: false },
      posts: 1,
      status: 'failed',
      message:
        /^the API had a server error \(HTTP 502\): Bad Gateway; Zenskar may or may not have created this customer, and 4 lookups found nothing \(a slow platform may save it later\): not sent again, since Zenskar would take it twice \(it refuses a second customer only by e-mail\); search Zenskar for this row's Customer ID before importing it again \(the next import looks it up before sending it\)$/,
      journal: ['sending', 'unknown'],
    },
    {
      row: 'an e-mail, the first create never landed, the second answered',
      fields: {},
      answers: ['server error', 'created'] as Answer[],
      platform: { lands: false },
      posts: 2,
      status: 'created',
      message:
        /^the API had a server error \(HTTP 502\): Bad Gateway; it was sent again after a lookup found nothing: 2 creates of this row went out, the last created it, and if the first landed too, Zenskar holds this customer twice: search Zenskar for this row's e-mail or Customer ID$/,
      journal: ['sending', 'created'],
    },
    {
      row: 'an e-mail, the first create landed, shown from the 3rd lookup',
      fields: {},
      answers: ['server error'] as Answer[],
      platform: { hiddenFor: 2 },
      posts: 2,
      status: 'created',
      message:
        /^the API had a server error \(HTTP 502\): Bad Gateway; a lookup found nothing, so it was sent again, and Zenskar refused that create as a duplicate e-mail \(Customer with this email already exists\); a lookup then found the customer the first made$/,
      journal: ['sending', 'created'],
    },
    {
      row: 'an e-mail, no create ever landed',
      fields: {},
      answers: ['server error'] as Answer[],
      platform: { lands: false },
      posts: 4,
      status: 'failed',
      message:
        /^the API had a server error \(HTTP 502\): Bad Gateway \(gave up after 4 attempts\); 4 creates of this row went out without a clear answer, and the last lookup found no such customer in Zenskar: one may still land, so search Zenskar for this row's e-mail or Customer ID before importing it again \(the next import looks it up before sending it\)$/,
      journal: ['sending', 'unknown'],
    },
  ])('a row with $row: $posts create(s), $status', async (c) => {
    const platform = await lateSavingPlatform('zenskar', c.answers, c.platform);
    const run = await createOn(platform, 'zenskar', c.fields);
    expect(platform.posts(), 'creates sent').toBe(c.posts);
    expect(platform.stored.length, 'customers the platform holds').toBeLessThanOrEqual(1);
    expect(run.outcome.kind).toBe(c.status);
    expect(run.message).toMatch(c.message);
    expect(
      run.said.filter((said, i, all) => said !== all[i - 1]),
      'what the journal was told',
    ).toEqual(c.journal);
  });
});

/** One answer of a scripted server, and whether the run is stopped (Ctrl-C) as it is given. */
interface Step {
  answer: (res: ServerResponse) => void;
  stops?: boolean;
}
const BAD_GATEWAY: Step = { answer: (res) => sendJson(res, 502, { detail: 'Bad Gateway' }) };
const NOTHING_FOUND: Step = { answer: (res) => sendJson(res, 200, { data: [], next: null }) };

/**
 * A Zenskar that answers its nth request `steps[n - 1]` (a create of the row that lands late, shown to no lookup,
 * is a 502 followed by lookups that find nothing), and the row's create through it. `client` may stand in for the
 * real one (a re-send that fails before the platform answers).
 */
async function scriptedCreate(steps: readonly Step[], wrap?: (client: HttpClient) => HttpClient) {
  const stop = new RunStop();
  const methods: string[] = [];
  server = await startServer((req, res) => {
    const step = steps[methods.length] ?? NOTHING_FOUND;
    methods.push(req.method ?? '');
    if (step.stops) stop.stop('interrupted', 'interrupted');
    step.answer(res);
  });
  const real = createHttpClient({
    baseUrl: server.origin,
    timeoutMs: 5_000,
    connections: 1,
    userAgent: 'test',
  });
  const { journal, said } = recordingJournal();
  const outcome = await createRow0(server.origin, 3, { stop, journal, client: wrap ? wrap(real) : real });
  const issue =
    outcome.kind === 'failed' ? outcome.issue : outcome.kind === 'not_attempted' ? outcome.note : undefined;
  return { outcome, said, methods, code: issue?.code, message: issue?.message ?? '' };
}

/** A client whose second create fails as `failure` says, before any answer (the first goes to the server). */
const secondCreateFails =
  (failure: HttpFailure) =>
  (real: HttpClient): HttpClient => {
    let creates = 0;
    return {
      send: (req) => (req.method === 'POST' && ++creates === 2 ? Promise.reject(failure) : real.send(req)),
      close: () => real.close(),
    };
  };

const failure = (code: string, more: { permanent?: boolean } = {}) =>
  new HttpFailure(`POST /customers failed: ${code}`, {
    kind: 'network',
    maybeProcessed: false,
    method: 'POST',
    path: '/customers',
    code,
    cause: undefined,
    ...more,
  });

const GAVE_UP_AFTER_ONE =
  /; 1 create of this row went out without a clear answer, and the last lookup found no such customer in Zenskar: one may still land, so search Zenskar for this row's e-mail or Customer ID before importing it again \(the next import looks it up before sending it\)$/;

// The first create got a 502 but landed (late); the lookup found nothing; the re-send was refused, not as a
// duplicate e-mail. Journaled "failed", the next import sent the row blindly, the platform refused the e-mail the
// first create had taken, and the row ended duplicate_email on every import, its customer never reported.
describe('createCustomer refused after a create of this run got no clear answer', () => {
  it.each([
    {
      resend: 'refused as invalid (422)',
      step: { answer: (res: ServerResponse) => sendJson(res, 422, { detail: [{ msg: 'bad name' }] }) },
      code: 'rejected',
    },
    {
      resend: 'refused the credentials (401)',
      step: { answer: (res: ServerResponse) => sendJson(res, 401, { detail: 'Unauthorized' }) },
      code: 'unauthorized',
    },
    {
      resend: 'refused the credentials (403)',
      step: { answer: (res: ServerResponse) => sendJson(res, 403, { detail: 'Forbidden' }) },
      code: 'unauthorized',
    },
  ])(
    're-send $resend: failed ($code), journaled unknown, told the first may land',
    async ({ step, code }) => {
      const run = await scriptedCreate([BAD_GATEWAY, NOTHING_FOUND, step]);
      expect(run.methods, 'requests sent').toEqual(['POST', 'GET', 'POST']);
      expect(run.outcome.kind).toBe('failed');
      expect(run.code).toBe(code);
      expect(run.said, 'journaled "failed", the next import sends it blindly').toEqual([
        'sending',
        'sending',
        'unknown',
      ]);
      expect(run.message, "the row's message").toMatch(GAVE_UP_AFTER_ONE);
    },
  );

  it('re-send failing its TLS handshake (never reached the platform): failed, journaled unknown', async () => {
    const tls = failure('ERR_TLS_CERT_ALTNAME_INVALID', { permanent: true });
    const run = await scriptedCreate([BAD_GATEWAY, NOTHING_FOUND], secondCreateFails(tls));
    expect(run.outcome.kind).toBe('failed');
    expect(run.said, 'journaled "failed", the next import sends it blindly').toEqual(['sending', 'unknown']);
    expect(run.message, "the row's message").toMatch(GAVE_UP_AFTER_ONE);
  });
});

// A row stopped after its create got no clear answer and a lookup found nothing was not_attempted ("importing this
// run's report sends it"): certainly not created, by the contract. Imported with --no-resume, or into another
// state folder, the report sent it again: a twin of a Customer-ID-only row, on Zenskar.
describe('createCustomer stopped after a create of this run got no clear answer and a lookup found nothing', () => {
  it.each([
    { stopped: 'as its lookup answered', steps: [BAD_GATEWAY, { ...NOTHING_FOUND, stops: true }] },
    {
      stopped: 'as its create answered (its last look found nothing)',
      steps: [{ ...BAD_GATEWAY, stops: true }],
    },
    {
      stopped: 'as its re-send got a 503',
      steps: [
        BAD_GATEWAY,
        NOTHING_FOUND,
        { answer: (res: ServerResponse) => sendJson(res, 503, { detail: 'Unavailable' }), stops: true },
      ],
    },
  ])('$stopped: failed/unknown_outcome, journaled unknown, not not_attempted', async ({ steps }) => {
    const run = await scriptedCreate(steps);
    expect(run.outcome.kind, 'not_attempted says it is certainly not created').toBe('failed');
    expect(run.code).toBe('unknown_outcome');
    expect(run.said.at(-1), 'what the journal was told last').toBe('unknown');
    expect(run.message).toMatch(/; not tried again because the run stopped; 1 create of this row went out/);
    expect(run.message, "the row's message").toMatch(GAVE_UP_AFTER_ONE);
  });

  it('stopped while its re-send waited for its turn: failed/unknown_outcome, journaled unknown', async () => {
    const run = await scriptedCreate([BAD_GATEWAY, NOTHING_FOUND], secondCreateFails(failure(NOT_SENT)));
    expect(run.outcome.kind, 'not_attempted says it is certainly not created').toBe('failed');
    expect(run.code).toBe('unknown_outcome');
    expect(run.said, 'what the journal was told').toEqual(['sending', 'unknown']);
    expect(run.message, "the row's message").toMatch(GAVE_UP_AFTER_ONE);
  });
});
