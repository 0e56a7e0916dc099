/**
 * Creates of a row this run sent that got no clear answer: whether the row may be sent again after a lookup finds
 * nothing, and what it is told of them. A platform may save a create after it answered (a 202 of a queue) or after
 * zcust stopped waiting (a slow one), so a lookup that finds nothing soon after proves nothing: a row is sent
 * again only where the platform would refuse a second customer, and its message says how many creates went out.
 */
import type { Customer, Issue } from '../model.js';
import type { Target } from '../targets/target.js';
import { plural } from '../util/counts.js';
import { keyNames, namesOf } from './platform-keys.js';

/**
 * Why a create this run sent is never sent again in this run, only looked up:
 * - `accepted`: the platform answered a 2xx (`status`) without an id zcust could read: it took the create;
 * - `twin`: the row has no key the platform refuses a second customer with (a Customer ID alone on Zenskar);
 * - `taken`: sent again after a lookup found nothing, it was refused as a duplicate e-mail (`refusal`): an
 *   earlier create of this run made the customer, which no lookup has shown yet.
 */
export type NotSentAgain =
  | { why: 'accepted'; status: number }
  | { why: 'twin' }
  | { why: 'taken'; refusal: Issue };

/** Whether a second create of `customer` could make a second customer: it has no key the platform refuses twice. */
export const mayMakeTwin = (target: Pick<Target, 'uniqueKeys'>, customer: Customer): boolean =>
  keyNames(customer, 'or', target.uniqueKeys) === undefined;

/** The creates of a row this run sent with no clear answer, and the lookups since that found nothing. */
export interface Unanswered {
  /** What the last of them got (a timeout, a 500, a 202 without an id). */
  issue: Issue;
  creates: number;
  lookups: number;
}

type Platform = Pick<Target, 'label' | 'storesKeys' | 'uniqueKeys'>;

/** "search Zenskar for this row's e-mail or Customer ID", by the keys the platform keeps. */
function searchFor(target: Platform, customer: Customer): string {
  const keys = keyNames(customer, 'or', target.storesKeys);
  return keys === undefined
    ? `check ${target.label} for this customer`
    : `search ${target.label} for this row's ${keys}`;
}

/** What to do before importing the row again, which the journal has left for the next import to look up. */
const beforeImportingAgain = (target: Platform, customer: Customer) =>
  `${searchFor(target, customer)} before importing it again (the next import looks it up before sending it)`;

const foundNothing = (lookups: number) =>
  lookups === 1 ? 'a lookup found nothing' : `${plural(lookups, 'lookup')} found nothing`;

/** "; it was sent again after a lookup found nothing: 3 creates of this row went out without a clear answer". */
const sentAgain = (creates: number) =>
  `; it was sent again after a lookup found nothing: ${creates} creates of this row went out without a clear answer`;

/**
 * The warning of a row a lookup found after this run's creates got no clear answer. One create: it was not sent
 * again (a lookup before a re-send found it, or none was sent). More: the platform may hold it more than once.
 */
export function foundAfterUnanswered(
  target: Platform,
  customer: Customer,
  sent: Unanswered,
  notAgain: NotSentAgain | undefined,
): string {
  if (notAgain?.why === 'taken') {
    const resent =
      sent.creates > 1
        ? `${sentAgain(sent.creates)}, and ${target.label} refused the next`
        : `; a lookup found nothing, so it was sent again, and ${target.label} refused that create`;
    return `${sent.issue.message}${resent} as a duplicate e-mail (${notAgain.refusal.message}); a lookup then found the customer ${sent.creates > 1 ? 'an earlier one' : 'the first'} made`;
  }
  if (sent.creates === 1)
    return `${sent.issue.message}; a lookup found the customer this create made, so it was not sent again`;
  return `${sent.issue.message}${sentAgain(sent.creates)}; a lookup then found this customer, and if more than one of them landed, ${target.label} holds it more than once: ${searchFor(target, customer)}`;
}

/** The warning of a row created with its id by a create sent again after earlier ones got no clear answer. */
export const createdAfterUnanswered = (target: Platform, customer: Customer, sent: Unanswered): string =>
  `${sent.issue.message}; it was sent again after a lookup found nothing: ${plural(sent.creates + 1, 'create')} of this row went out, the last created it, and if ${sent.creates === 1 ? 'the first' : 'an earlier one'} landed too, ${target.label} holds this customer twice: ${searchFor(target, customer)}`;

/**
 * Why a row that is not sent again (see NotSentAgain) ends unknown_outcome when no lookup has found it: its
 * tries are used up, or the run stopped. The journal keeps it unknown: the next import looks it up first.
 */
export function notFoundYet(
  target: Platform,
  customer: Customer,
  sent: Unanswered,
  notAgain: NotSentAgain,
): string {
  const next = beforeImportingAgain(target, customer);
  const looks = foundNothing(sent.lookups);
  switch (notAgain.why) {
    case 'accepted':
      return `${target.label} took the create (HTTP ${notAgain.status}) but answered no customer id zcust could read, and ${looks} (it may save the customer later): not sent again, since it said it took it; ${next}`;
    case 'twin': {
      const refusedBy = namesOf(target.uniqueKeys, 'or');
      return `${sent.issue.message}; ${target.label} may or may not have created this customer, and ${looks} (a slow platform may save it later): not sent again, since ${target.label} would take it twice (${refusedBy === undefined ? 'it refuses no second customer' : `it refuses a second customer only by ${refusedBy}`}); ${next}`;
    }
    case 'taken':
      return `${notAgain.refusal.message}, after ${plural(sent.creates, 'create')} of this row went out without a clear answer (${sent.issue.message}) and ${looks}: the customer with this e-mail is most likely the one an earlier create made; ${next}`;
  }
}

/**
 * The words added to a row that ends without a customer id (its tries used up, its re-send refused, the run
 * stopped) after creates with no clear answer, the last lookup finding nothing: one may still land, so the journal
 * keeps it unknown and the next import looks first (see ends-without-customer.ts).
 */
export const gaveUpAfterUnanswered = (target: Platform, customer: Customer, sent: Unanswered): string =>
  `; ${plural(sent.creates, 'create')} of this row went out without a clear answer, and the last lookup found no such customer in ${target.label}: one may still land, so ${beforeImportingAgain(target, customer)}`;
