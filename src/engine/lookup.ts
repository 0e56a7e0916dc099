/**
 * Finding customers that already exist: in batches ahead of sending (--skip-existing), and one at a time
 * to settle a create whose outcome is unknown (a timeout or a dropped connection after it was sent).
 * Lookups are reads, so they are simply retried on 429, 5xx and network failures. A lookup that cannot finish
 * (its paging goes on for ever, or the run stops) fails, as one the server refused: "not found" would send
 * its rows blindly.
 */

import { customerIdForms } from '../customer/customer-id.js';
import { HttpFailure, NOT_HTTP, NOT_SENT } from '../http/failure.js';
import { backoffDelay } from '../http/retry-policy.js';
import type { Customer, Issue } from '../model.js';
import type { FoundCustomer, LookupKey } from '../targets/target.js';
import { type NetContext, pause } from './context.js';
import { neverReachedServer, noAnswerIssue } from './no-answer.js';
import { normalise, otherKeyUnconfirmed } from './platform-keys.js';

/**
 * `refused`: the last attempt reached no server at all (see neverReachedServer). `retryAfterMs`: the wait the
 * server asked for (Retry-After), for a caller that retries.
 */
export type LookupFailure = {
  issue: Issue;
  abort: boolean;
  refused?: boolean;
  retryAfterMs?: number;
  /** The last attempt got no HTTP answer at all. */
  unanswered?: boolean;
  /** An attempt waited out --timeout (the others may have been refused). */
  timedOut?: boolean;
  /** What answered the last attempt was not HTTP. */
  notHttp?: boolean;
  /** The run stopped before the lookup had read all its pages. */
  stopped?: boolean;
  /**
   * Its paging does not end (see endlessPaging), or the row's pages are used up (see PagesRead): looked up again,
   * it would page as long, so it is not tried again.
   */
  endless?: boolean;
};

/**
 * What a lookup found for a value: the customer's id, or WITHOUT_ID when the item that matched held no id zcust
 * could read (the customer is there all the same, so its row is never sent again).
 */
export const WITHOUT_ID: unique symbol = Symbol('found without an id zcust could read');
export type FoundId = string | typeof WITHOUT_ID;

/**
 * Pages in a row that bring no customer the lookup had not seen, after which its paging is taken never to end.
 * A server that pages correctly brings new customers on every page but its last (which gives no cursor); five
 * allow for a few empty pages and for pages that repeat customers (offset paging while customers are created),
 * and cost five requests of a server that invents pages of nothing new (the same customers, or none, under a new
 * cursor each time).
 */
const PAGES_WITHOUT_NEW_CUSTOMERS = 5;

/**
 * Pages a lookup reads at most, even while each brings new customers: at 50 a page, 10,000 customers for at most
 * 50 values. Zenskar takes any number of customers with one Customer ID, so no count of matches can be assumed
 * (the former budget, two a value, called a tenant with 12 customers under one Customer ID endless); this one
 * stops only a server that invents customers for ever, after 200 requests (a minute at 300 ms a page). A row's
 * lookups share it, over all its tries (see PagesRead).
 */
export const MAX_LOOKUP_PAGES = 200;

/**
 * The pages a row's lookups have read so far, each key's and each try's: MAX_LOOKUP_PAGES holds for them all.
 * Counted per lookup, a server inventing a customer on every page cost a row 1,200 requests (200 a try), and a
 * resumed run with four rows to settle 5,600.
 */
export interface PagesRead {
  count: number;
}

/** How far a lookup's paging has gone: the cursors it followed, the customers it saw, its pages of nothing new. */
interface Paging {
  followed: Set<string>;
  seen: Set<string>;
  pages: number;
  pagesWithoutNew: number;
  /** This lookup's pages and those the row's earlier lookups read, if it shares them (see PagesRead). */
  read: PagesRead;
}

/**
 * Counts a page's customers in `paging`. Only a customer's id tells two apart: an item without one brings
 * nothing new (a server paging such items for ever is stopped like one with none).
 */
function countPage(paging: Paging, customers: readonly FoundCustomer[]) {
  const before = paging.seen.size;
  for (const c of customers) if (c.id !== undefined) paging.seen.add(c.id);
  paging.pages++;
  paging.read.count++;
  paging.pagesWithoutNew = paging.seen.size > before ? 0 : paging.pagesWithoutNew + 1;
}

/** Why a lookup's paging ends before its last page, if it must: a cursor seen before, or no progress. */
function endlessPaging(next: string, paging: Paging): Issue | undefined {
  const { pages, pagesWithoutNew, read } = paging;
  const why = paging.followed.has(next)
    ? `'s paging went round in a circle (page ${pages} gave back the cursor of an earlier page)`
    : pagesWithoutNew >= PAGES_WITHOUT_NEW_CUSTOMERS
      ? ` was still paging after ${pages} pages, the last ${pagesWithoutNew} bringing no new customer`
      : read.count >= MAX_LOOKUP_PAGES
        ? read.count === pages
          ? ` was still paging after ${pages} pages (${paging.seen.size} customers), more than a lookup can need`
          : ` was still paging after ${pages} pages, ${read.count} with this row's earlier lookups, more than a row's lookups can need`
        : undefined;
  return why === undefined
    ? undefined
    : { code: 'server_error', message: `the customer lookup${why}, so zcust stopped it` };
}

const STOPPED_PAGING: Issue = {
  code: 'unknown_outcome',
  message: 'the run stopped before the customer lookup had read all its pages',
};

const STOPPED_WAITING: Issue = {
  code: 'unknown_outcome',
  message:
    'the run stopped while the customer lookup waited for its turn (the rate set for the run, or the pace after a 429), so it was not sent',
};

function keyOf(key: LookupKey, c: FoundCustomer): string | undefined {
  const v = key === 'email' ? c.email : c.externalId;
  return v === undefined ? undefined : normalise(key, v);
}

/** How many of the values found came with an id. */
function withIds(found: ReadonlyMap<string, FoundId>): number {
  let n = 0;
  for (const id of found.values()) if (id !== WITHOUT_ID) n++;
  return n;
}

/**
 * Adds a page's customers that match a wanted value; one with a readable id wins over one without. `matched`,
 * when given, gets the customer whose id was taken (its other key, as the platform holds it, may differ from the
 * row's).
 */
function collect(
  found: Map<string, FoundId>,
  wanted: ReadonlySet<string>,
  key: LookupKey,
  customers: readonly FoundCustomer[],
  matched: Map<string, FoundCustomer> | undefined,
) {
  for (const c of customers) {
    const k = keyOf(key, c);
    // Only exact matches count: a platform's filter may be looser than ours.
    if (k === undefined || !wanted.has(k)) continue;
    const had = found.get(k);
    if (had === undefined || had === WITHOUT_ID) {
      found.set(k, c.id ?? WITHOUT_ID);
      matched?.set(k, c);
    }
  }
}

/**
 * Looks up values (at most lookup.maxBatch) of one key; returns normalised value → what was found. A page that
 * fails is tried `tries` times in all (by default once plus --retries). A stop ends the paging before the next
 * page, and a page's wait for its turn (unsent, it fails as stopped); a lookup begun after the stop still asks its
 * first page: settling a create that may have landed takes one last look.
 */
export async function lookupValues(
  ctx: NetContext,
  key: LookupKey,
  values: readonly string[],
  tries = ctx.retries + 1,
  matched?: Map<string, FoundCustomer>,
  read: PagesRead = { count: 0 },
): Promise<Map<string, FoundId> | LookupFailure> {
  const lookup = ctx.target.lookup;
  if (!lookup)
    return { issue: { code: 'unknown_outcome', message: `${ctx.target.label} has no lookup` }, abort: false };
  const found = new Map<string, FoundId>();
  const wanted = new Set(values.map((v) => normalise(key, v)));
  const paging: Paging = { followed: new Set(), seen: new Set(), pages: 0, pagesWithoutNew: 0, read };
  let cursor: string | undefined;
  let attempt = 0;
  let timedOut = false;
  // A second batch waited out --rate 0.1 and went out 9 s after Ctrl-C. A lookup begun after the stop is the last
  // look that settles a create (see createCustomer): it waits for its place, and is sent.
  const signal = ctx.stop.stopped ? undefined : ctx.stop.signal;
  for (;;) {
    let failure: Issue;
    let retryAfterMs: number | undefined;
    let refused = false;
    let unanswered = false;
    let notHttp = false;
    try {
      const res = await ctx.client.send({
        ...lookup.request(key, values, ctx.credentials, cursor),
        signal,
      });
      ctx.reach?.answer();
      const result = lookup.interpret(res);
      if (result.kind === 'found') {
        countPage(paging, result.customers);
        collect(found, wanted, key, result.customers, matched);
        const next = result.nextCursor;
        // Paging ends early once every value has its id: one found without an id may have it on a later page.
        if (!next || withIds(found) === wanted.size) return found;
        if (ctx.stop.stopped) return { issue: STOPPED_PAGING, abort: false, stopped: true };
        const endless = endlessPaging(next, paging);
        if (endless) return { issue: endless, abort: false, endless: true };
        paging.followed.add(next);
        cursor = next;
        attempt = 0;
        continue;
      }
      const r = result.result;
      if (r.kind === 'abort') return { issue: r.issue, abort: true };
      if (r.kind === 'failed') return { issue: r.issue, abort: false };
      failure = r.issue;
      retryAfterMs = r.retryAfterMs;
    } catch (e) {
      if (!(e instanceof HttpFailure)) throw e;
      if (e.code === NOT_SENT) return { issue: STOPPED_WAITING, abort: false, stopped: true };
      // Every lookup would fail alike: the run stops, as for credentials refused.
      if (e.permanent) return { issue: noAnswerIssue(e), abort: true };
      failure = noAnswerIssue(e);
      timedOut ||= failure.code === 'timeout';
      refused = neverReachedServer(e);
      unanswered = true;
      notHttp = e.code === NOT_HTTP;
    }
    attempt++;
    if (attempt >= tries)
      return { issue: failure, abort: false, refused, retryAfterMs, unanswered, notHttp, timedOut };
    if (!(await pause(backoffDelay(attempt, ctx.backoff, ctx.random, retryAfterMs), ctx.stop))) {
      return { issue: failure, abort: false, refused, retryAfterMs, unanswered, notHttp, timedOut };
    }
  }
}

/** The values a key's value is looked up as: a Customer ID in each of its Unicode forms (see customerIdForms). */
export const lookupForms = (key: LookupKey, value: string): string[] =>
  key === 'external_id' ? customerIdForms(value) : [value];

/** The keys this target can look a customer up by, in the contract's order: e-mail, then Customer ID. */
export function lookupKeysFor(ctx: NetContext, customer: Customer): Array<{ key: LookupKey; value: string }> {
  const keys = ctx.target.lookup?.keys ?? [];
  const out: Array<{ key: LookupKey; value: string }> = [];
  if (customer.email && keys.includes('email')) out.push({ key: 'email', value: customer.email });
  if (customer.externalId && keys.includes('external_id'))
    out.push({ key: 'external_id', value: customer.externalId });
  return out;
}

/** A customer a lookup found: `by` the key that found it; `customer`, the item, its keys as the platform holds them. */
export type FoundBy = { customerId: string; by: LookupKey; customer?: FoundCustomer };

export type Reconciled =
  | ({ kind: 'found' } & FoundBy)
  /** The row's e-mail found one customer and its Customer ID another (keys swapped between rows since). */
  | { kind: 'two-customers'; byEmail: FoundBy; byCustomerId: FoundBy }
  /** The customer is there, but no item that matched held an id zcust could read. */
  | { kind: 'found-without-id' }
  | { kind: 'absent' }
  | { kind: 'impossible' }
  | LookupFailureResult;
type LookupFailureResult = { kind: 'error' } & LookupFailure;

/**
 * What is known of the create being settled, which decides how many lookups settle it:
 * - `this-row`: it was sent from the row as it is now (this run), so it carried every key: one lookup does;
 * - `email` / `external_id`: an earlier run's, recorded under that key of the row and no other key's: that
 *   key's lookup decides, and the row's other key is looked up too when it finds nothing (the platforms' e-mail
 *   filters are exact, and the e-mail the earlier run sent may have differed from the row's in case);
 * - `any`: an earlier run's, recorded under one of the row's keys but perhaps sent before an e-mail was added
 *   or changed: every key of the row must be looked up (one finding nothing does not make it absent), so a
 *   key the target cannot look up by leaves it unknown;
 * - `report`: a report said the outcome was unknown: looked up by what the target can (e-mail, then Customer
 *   ID); for the rest, importing the report is the user's answer, given after checking the tenant.
 */
export type SentWith = 'this-row' | LookupKey | 'any' | 'report';

function keysDeciding(ctx: NetContext, customer: Customer, sentWith: SentWith) {
  const keys = lookupKeysFor(ctx, customer);
  if (sentWith === 'this-row') return keys.slice(0, 1);
  if (sentWith === 'report') return keys;
  if (sentWith === 'any') return keys.length === keysOf(customer) ? keys : [];
  const deciding = keys.filter((k) => k.key === sentWith);
  return deciding.length > 0 ? [...deciding, ...keys.filter((k) => k.key !== sentWith)] : keys;
}

/** Whether lookups can settle a create of `customer` of which `sentWith` is known (see SentWith). */
export const canSettle = (ctx: NetContext, customer: Customer, sentWith: SentWith): boolean =>
  keysDeciding(ctx, customer, sentWith).length > 0;

/** How many keys a row has: its e-mail, its Customer ID. */
const keysOf = (customer: Customer) => (customer.email ? 1 : 0) + (customer.externalId ? 1 : 0);

/**
 * Settles an unknown create: is the customer there now? Each lookup is tried once: the create's own retry
 * loop, which calls this, is what tries again (with its backoff), so that a server that never answers costs a
 * row its --retries once, not once per retry of the create (37 requests a row, 18 minutes at --timeout 30000).
 * `read`: the pages the row's lookups have read, shared by its tries (see PagesRead).
 */
export async function reconcile(
  ctx: NetContext,
  customer: Customer,
  sentWith: SentWith,
  read: PagesRead = { count: 0 },
): Promise<Reconciled> {
  const keys = keysDeciding(ctx, customer, sentWith);
  if (keys.length === 0) return { kind: 'impossible' };
  let withoutId = false;
  /** Keys looked up that found nothing: no second customer can come from them. */
  const absent = new Set<LookupKey>();
  for (const { key, value } of keys) {
    const r = await findOne(ctx, key, value, read);
    // Found without an id, the next key may still give one.
    if (r === WITHOUT_ID) withoutId = true;
    else if (r === undefined) absent.add(key);
    else if ('issue' in r) return { kind: 'error', ...r };
    else {
      const found: FoundBy = { ...r, by: key };
      return (await anotherByOtherKey(ctx, customer, found, absent, read)) ?? { kind: 'found', ...found };
    }
  }
  return withoutId ? { kind: 'found-without-id' } : { kind: 'absent' };
}

/**
 * One value of a key, in each of its forms in turn (a form at a time: a Customer ID holding a comma cannot share
 * a lookup's list): the customer found with its id, WITHOUT_ID, nothing, or why the lookup failed.
 */
async function findOne(
  ctx: NetContext,
  key: LookupKey,
  value: string,
  read: PagesRead,
): Promise<Omit<FoundBy, 'by'> | typeof WITHOUT_ID | LookupFailure | undefined> {
  let withoutId = false;
  for (const asked of lookupForms(key, value)) {
    const matched = new Map<string, FoundCustomer>();
    const result = await lookupValues(ctx, key, [asked], 1, matched, read);
    if (!(result instanceof Map)) return result;
    const id = result.get(normalise(key, asked));
    if (id === WITHOUT_ID) withoutId = true;
    else if (id !== undefined) return { customerId: id, customer: matched.get(normalise(key, asked)) };
  }
  return withoutId ? WITHOUT_ID : undefined;
}

/**
 * A customer found by one key, whose other key is not the row's: that key of the row may be another customer's,
 * as when e-mails were swapped between two rows after a killed run (each was taken for the other's customer).
 * Looked up where the target can (not again when it was, finding nothing: `absent`). A lookup that fails leaves
 * the create unsettled, as a failed first lookup does: taken for the first customer, the swap came back silently.
 */
async function anotherByOtherKey(
  ctx: NetContext,
  customer: Customer,
  found: FoundBy,
  absent: ReadonlySet<LookupKey>,
  read: PagesRead,
): Promise<Reconciled | undefined> {
  if (!otherKeyUnconfirmed(customer, found.customer, found.by)) return undefined;
  const other = lookupKeysFor(ctx, customer).find((k) => k.key !== found.by);
  if (other === undefined || absent.has(other.key)) return undefined;
  const r = await findOne(ctx, other.key, other.value, read);
  if (r !== undefined && r !== WITHOUT_ID && 'issue' in r) return { kind: 'error', ...r };
  if (r === undefined || r === WITHOUT_ID || r.customerId === found.customerId) return undefined;
  const second: FoundBy = { ...r, by: other.key };
  return found.by === 'email'
    ? { kind: 'two-customers', byEmail: found, byCustomerId: second }
    : { kind: 'two-customers', byEmail: second, byCustomerId: found };
}

/**
 * A failed lookup before sending, as its rows' error: they were never sent. The lookup's own words alone (a 500's
 * "server error") read as a create's, which may have landed.
 */
export function notSentForFailedLookup(ctx: NetContext, issue: Issue): Issue {
  return {
    ...issue,
    message: `the lookup of customers already in ${ctx.target.label} failed, so this row was not sent (importing it again is safe): ${issue.message}`,
  };
}
