/**
 * The keys an earlier create in flight carried, as its journal record shows them: the row's e-mail, and the
 * Customer ID it was sent with (known by its key alone), or none. A platform that keeps no Customer ID (DayZero)
 * finds the customer by e-mail and cannot tell which Customer ID that create carried. Recorded with the row's,
 * a resume from a file whose Customer ID had been edited since made the edited one the customer's, and the
 * original file's row, which created it, was warned on every import that its Customer ID differed.
 */
import type { Customer, Issue } from '../model.js';
import type { Journal } from '../state/journal.js';
import type { JournalState, OtherKey } from '../state/journal-lines.js';
import { emailWithCustomerIdKey, isCustomerIdKey } from '../state/row-keys.js';
import type { LookupKey } from '../targets/target.js';
import { type KnownRow, warnOnceOfOtherKey } from './other-key-once.js';
import { type KeyKeeper, keepsOtherKey } from './platform-keys.js';

/** The keys an earlier create in flight was recorded under: the row's e-mail, and its Customer ID's key, if any. */
export interface KeysSent {
  email: string;
  customerIdKey?: string;
}

/**
 * The keys the create in flight carried, where the journal can tell: it was recorded under the row's e-mail
 * (its first key), and no other create is pending under the row's Customer ID alone, unless `otherPending` says
 * the row is settled by its e-mail all the same (see customer-id-elsewhere.ts).
 */
export function keysSentOf(
  prior: JournalState | undefined,
  customer: Customer,
  otherPending = false,
): KeysSent | undefined {
  if (prior?.state !== 'sending' || !(prior.byFirstKey || otherPending) || !customer.email) return undefined;
  return { email: customer.email, ...(prior.customerIdSent && { customerIdKey: prior.customerIdSent }) };
}

/** The RowKey that create was recorded under. */
export const keyOfSent = (sent: KeysSent): string => emailWithCustomerIdKey(sent.email, sent.customerIdKey);

/**
 * A customer a lookup by e-mail found for an earlier create whose keys the journal knows (`sent`), on a platform
 * that keeps no Customer ID: the key to record it under, the keys that create carried (so the file that sent it
 * is that customer without a word), and the warning on a row whose Customer ID is another one (edited since),
 * as of any key that differs from the one zcust's journal knows. Undefined where the platform's customer tells
 * (it keeps Customer IDs) or the journal cannot.
 */
export function foundAsSent(
  ctx: { target: KeyKeeper; journal?: Journal },
  known: KnownRow,
  customer: Customer,
  sent: KeysSent | undefined,
  by: LookupKey,
): { key: string; changed?: Issue } | undefined {
  if (sent === undefined || by !== 'email' || ctx.target.storesKeys.includes('external_id')) return undefined;
  const changed = warnOnceOfOtherKey(ctx.journal, known, customerIdAgainst(customer, sent), (change) =>
    keepsOtherKey(ctx.target, known.customerId, change, 'created'),
  );
  return { key: keyOfSent(sent), ...(changed && { changed }) };
}

/**
 * The row's Customer ID against the one the create carried: `another`, or `none` (the create carried none: one added
 * to the row since). Either is told to keepsOtherKey, which stays silent on `none` because DayZero keeps no Customer
 * ID: nothing differs on the platform, only in zcust's journal. `another` is warned of (once: warnOnceOfOtherKey).
 */
function customerIdAgainst(customer: Customer, sent: KeysSent): OtherKey | undefined {
  if (!customer.externalId || isCustomerIdKey(customer.externalId, sent.customerIdKey)) return undefined;
  return { key: 'external_id', customerHas: sent.customerIdKey === undefined ? 'none' : 'another' };
}
