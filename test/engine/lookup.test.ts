/**
 * lookupValues and reconcile on their own, against a fake client that answers each page as a misbehaving
 * platform would: paging that never ends must end (as a failure, never as "not there"), a stop ends it before
 * the next page, and a customer found without a readable id is there all the same.
 */
import { describe, expect, it } from 'vitest';
import { type NetContext, RunStop } from '../../src/engine/context.js';
import {
  type LookupFailure,
  lookupValues,
  MAX_LOOKUP_PAGES,
  reconcile,
  WITHOUT_ID,
} from '../../src/engine/lookup.js';
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

/** Zenskar pages that each give a new cursor, holding `customers(n)` on page n. */
const newCursorEachPage =
  (customers: (n: number) => object[]) =>
  (_: HttpRequest, n: number): unknown => ({ data: customers(n), next: `cursor-${n}` });
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
      server: 'Zenskar, new cursors, no customers',
      target: 'zenskar' as const,
      page: newCursorEachPage(() => []),
      values: VALUES,
      pages: 5,
      message: /still paging after 5 pages, the last 5 bringing no new customer/,
    },
    {
      server: 'Zenskar, new cursors, the same customer each time',
      target: 'zenskar' as const,
      page: newCursorEachPage(() => [{ id: 'id-z', email: 'z@x.example' }]),
      values: VALUES,
      pages: 6,
      message: /still paging after 6 pages, the last 5 bringing no new customer/,
    },
    {
      server: 'Zenskar, a new customer on every page, for ever',
      target: 'zenskar' as const,
      page: newCursorEachPage((n) => [{ id: `id-${n}`, email: `other-${n}@x.example` }]),
      values: VALUES,
      pages: MAX_LOOKUP_PAGES,
      message: /still paging after 200 pages \(200 customers\), more than a lookup can need/,
    },
    {
      server: 'DayZero, has_more always',
      target: 'dayzero' as const,
      page: (_: HttpRequest, n: number) => ({ items: [], has_more: true, next_cursor: `cursor-${n}` }),
      values: ['a@x.example'],
      pages: 5,
      message: /still paging after 5 pages, the last 5 bringing no new customer/,
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
});

/** Customers `external_id` `K1`, one a page, newest first, and `K2` on the page after them: as the sandbox pages. */
const oneAPage =
  (underK1: number) =>
  (_: HttpRequest, n: number): unknown =>
    n <= underK1
      ? { data: [{ id: `k1-${n}`, external_id: 'K1' }], next: `cursor-${n}` }
      : { data: [{ id: 'k2', external_id: 'K2' }], next: null };

describe('lookupValues follows a server that pages correctly, however many pages it takes', () => {
  it.each([
    // Zenskar takes any number of customers with one Customer ID; the budget of 2 × values + 1 pages called this endless.
    { server: '12 customers under K1, one a page, then K2', page: oneAPage(12), pages: 13 },
    { server: '150 customers under K1, one a page, then K2', page: oneAPage(150), pages: 151 },
    {
      server: '4 empty pages, then both',
      page: (_: HttpRequest, n: number) =>
        n <= 4
          ? { data: [], next: `cursor-${n}` }
          : {
              data: [
                { id: 'k1', external_id: 'K1' },
                { id: 'k2', external_id: 'K2' },
              ],
              next: null,
            },
      pages: 5,
    },
  ])('$server: found after $pages pages', async ({ page, pages }) => {
    const { net, requests } = fakeNet('zenskar', page);
    const result = await lookupValues(net, 'external_id', ['K1', 'K2']);
    expect(result, JSON.stringify(failure(result).issue)).toBeInstanceOf(Map);
    expect((result as Map<string, unknown>).get('K2')).toBe('k2');
    expect(requests, 'pages asked').toHaveLength(pages);
  });

  it('passes on the cursor of each page', async () => {
    const { net, requests } = fakeNet('zenskar', oneAPage(2));
    await lookupValues(net, 'external_id', ['K2']);
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

// A platform may hold the other Unicode form of a Customer ID (an ERP that decomposes accents): the same text.
describe('lookups: a found Customer ID in another Unicode form is the one wanted', () => {
  it.each([
    ['a composed (NFC) one found for a decomposed (NFD) one', 'JOSE\u0301-1', 'JOS\u00C9-1'],
    ['a decomposed (NFD) one found for a composed (NFC) one', 'JOS\u00C9-1', 'JOSE\u0301-1'],
  ])('%s: the customer is found', async (_, wanted, held) => {
    const { net, requests } = fakeNet('zenskar', () => ({
      data: [{ id: 'id-1', external_id: held }],
      next: null,
    }));
    expect(await reconcile(net, customer({ externalId: wanted }), 'this-row')).toMatchObject({
      kind: 'found',
      customerId: 'id-1',
    });
    expect(requests[0]?.query?.external_id__in, 'the value asked for, as written').toBe(wanted);
  });
});
