/**
 * lookupValues and reconcile on their own, against a fake client that answers each page as a misbehaving
 * platform would: paging that never ends must end (as a failure, never as "not there"), a stop ends it before
 * the next page, and a customer found without a readable id is there all the same.
 */
import { describe, expect, it } from 'vitest';
import { type NetContext, RunStop } from '../../src/engine/context.js';
import { type LookupFailure, lookupValues, reconcile, WITHOUT_ID } from '../../src/engine/lookup.js';
import type { HttpRequest, HttpResponse } from '../../src/http/types.js';
import type { TargetName } from '../../src/model.js';
import { getTarget } from '../../src/targets/index.js';
import { customer } from '../targets/factories.js';

/** Pages after which a lookup is taken never to end. */
const NEVER_ENDS = 1_000;

/** A page's body, as the platform would send it. */
type Page = (req: HttpRequest, pageNumber: number) => unknown;

/** A NetContext whose client answers every lookup with `page` (200), numbering the pages from 1. */
function fakeNet(target: TargetName, page: Page, retries = 0) {
  const requests: HttpRequest[] = [];
  const stop = new RunStop();
  const net: NetContext = {
    client: {
      send: async (req): Promise<HttpResponse> => {
        requests.push(req);
        // A lookup that never ends would hang the test run, not fail it.
        if (requests.length > NEVER_ENDS) throw new Error(`the lookup asked more than ${NEVER_ENDS} pages`);
        return { status: 200, headers: {}, body: page(req, requests.length) };
      },
      close: async () => {},
    },
    credentials: { apiKey: 'zk_test_key_0123456789', organisation: 'org', businessId: 'biz' },
    target: getTarget(target),
    retries,
    backoff: { baseMs: 1, maxMs: 1 },
    random: () => 0,
    stop,
  };
  return { net, stop, requests };
}

const failure = (result: unknown) => result as LookupFailure;
const VALUES = ['a@x.example', 'b@x.example', 'c@x.example'];

describe('lookupValues: paging that never ends ends, as a failed lookup', () => {
  it.each([
    {
      server: 'Zenskar, one cursor',
      target: 'zenskar' as const,
      page: () => ({ data: [], next: 'same', total: 1 }),
      values: VALUES,
      pages: 2,
      message:
        /the customer lookup's paging went round in a circle \(page 2 gave back the cursor of an earlier page\)/,
    },
    {
      server: 'Zenskar, back to cursor 1',
      target: 'zenskar' as const,
      page: (_: HttpRequest, n: number) => ({ data: [], next: n % 2 === 0 ? 'first' : 'second' }),
      values: VALUES,
      pages: 3,
      message: /went round in a circle \(page 3 gave back/,
    },
    {
      server: 'Zenskar, new cursors',
      target: 'zenskar' as const,
      page: (_: HttpRequest, n: number) => ({ data: [], next: `cursor-${n}` }),
      values: VALUES,
      pages: 7,
      message: /still paging after 7 pages, more than a lookup of 3 values can need/,
    },
    {
      server: 'DayZero, has_more always',
      target: 'dayzero' as const,
      page: (_: HttpRequest, n: number) => ({ items: [], has_more: true, next_cursor: `cursor-${n}` }),
      values: ['a@x.example'],
      pages: 3,
      message: /still paging after 3 pages, more than a lookup of one value can need/,
    },
  ])('$server: stops after $pages pages', async ({ target, page, values, pages, message }) => {
    const { net, requests } = fakeNet(target, page);
    const result = await lookupValues(net, 'email', values);
    expect(result, 'an endless lookup was taken as "not there"').not.toBeInstanceOf(Map);
    expect(failure(result)).toMatchObject({ abort: false, issue: { code: 'server_error' } });
    expect(failure(result).issue.message).toMatch(message);
    expect(requests, 'pages asked').toHaveLength(pages);
  });

  it('is not retried: asking the same pages again cannot end differently', async () => {
    const { net, requests } = fakeNet('zenskar', () => ({ data: [], next: 'same' }), 5);
    await lookupValues(net, 'email', VALUES);
    expect(requests).toHaveLength(2);
  });

  it('follows the cursors a paging server gives until the value is found', async () => {
    const { net, requests } = fakeNet('zenskar', (_, n) =>
      n < 3
        ? { data: [], next: `cursor-${n}` }
        : { data: [{ id: 'id-a', email: 'a@x.example' }], next: null },
    );
    const result = await lookupValues(net, 'email', ['a@x.example']);
    expect(result).toEqual(new Map([['a@x.example', 'id-a']]));
    expect(requests.map((r) => r.query?.cursor)).toEqual([undefined, 'cursor-1', 'cursor-2']);
  });
});

describe('lookupValues when the run stops (Ctrl-C, SIGTERM)', () => {
  it('asks no page after the stop: the lookup fails as stopped', async () => {
    const { net, stop, requests } = fakeNet('zenskar', (_, n) => {
      if (n === 2) stop.stop('interrupted', 'interrupted by SIGTERM');
      return { data: [], next: `cursor-${n}` };
    });
    const result = await lookupValues(net, 'email', VALUES);
    expect(failure(result)).toMatchObject({ abort: false, stopped: true });
    expect(requests, 'pages asked after the stop').toHaveLength(2);
  });

  it('still asks the first page of a lookup started after the stop: the last look that settles a create', async () => {
    const { net, stop, requests } = fakeNet('zenskar', () => ({
      data: [{ id: 'id-a', email: 'a@x.example' }],
    }));
    stop.stop('interrupted', 'interrupted');
    const result = await lookupValues(net, 'email', ['a@x.example'], 1);
    expect(result).toEqual(new Map([['a@x.example', 'id-a']]));
    expect(requests).toHaveLength(1);
  });
});

describe('lookupValues: a matching customer without an id zcust can read is found, not absent', () => {
  it.each([
    { what: 'an item with an id', items: [{ id: 'id-a', email: 'a@x.example' }], found: 'id-a' },
    {
      what: 'an item without one (customer_id is not its id)',
      items: [{ customer_id: 'c-a', email: 'a@x.example' }],
      found: WITHOUT_ID,
    },
    {
      what: 'one without an id, then one with',
      items: [{ email: 'a@x.example' }, { id: 'id-a', email: 'A@x.example' }],
      found: 'id-a',
    },
    {
      what: 'one with an id, then one without',
      items: [{ id: 'id-a', email: 'a@x.example' }, { email: 'a@x.example' }],
      found: 'id-a',
    },
    {
      what: 'an item of another value',
      items: [{ customer_id: 'c-b', email: 'b@x.example' }],
      found: undefined,
    },
  ])('$what → $found', async ({ items, found }) => {
    const { net } = fakeNet('zenskar', () => ({ data: items, next: null }));
    const result = await lookupValues(net, 'email', ['a@x.example']);
    expect(result).toBeInstanceOf(Map);
    expect((result as Map<string, unknown>).get('a@x.example')).toBe(found);
  });

  // Paging stopped once every value was found, without its id: the next page, never read, had it.
  it('reads on to a later page that has the id of a customer found without one', async () => {
    const pages = [
      { data: [{ customer_id: 'c-1', external_id: 'C-1' }], next: 'page-2' },
      { data: [{ id: 'id-1', external_id: 'C-1' }], next: null },
    ];
    const { net, requests } = fakeNet('zenskar', (_, n) => pages[n - 1]);
    const result = await lookupValues(net, 'external_id', ['C-1']);
    expect((result as Map<string, unknown>).get('C-1')).toBe('id-1');
    expect(requests).toHaveLength(2);
  });
});

describe('reconcile: settling a create whose outcome is unknown', () => {
  const row = customer({ email: 'a@x.example', externalId: 'C-1' });
  const withoutId = { data: [{ customer_id: 'c-1', email: 'a@x.example', external_id: 'C-1' }], next: null };

  it.each([
    { sentWith: 'this-row' as const, answers: () => withoutId, settled: { kind: 'found-without-id' } },
    {
      sentWith: 'any' as const,
      answers: (req: HttpRequest) =>
        req.query?.email__in ? withoutId : { data: [{ id: 'id-1', external_id: 'C-1' }], next: null },
      settled: { kind: 'found', customerId: 'id-1', by: 'external_id' },
    },
  ])('sent with $sentWith: $settled.kind', async ({ sentWith, answers, settled }) => {
    const { net } = fakeNet('zenskar', answers);
    expect(await reconcile(net, row, sentWith)).toMatchObject(settled);
  });

  it('fails, rather than finding nothing, when the lookup pages for ever', async () => {
    const { net } = fakeNet('zenskar', () => ({ data: [], next: 'same' }));
    expect(await reconcile(net, row, 'this-row')).toMatchObject({
      kind: 'error',
      issue: { code: 'server_error' },
    });
  });
});
