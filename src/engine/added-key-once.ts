/**
 * A key added to a row since its customer was created (or found) without it (a Customer ID on a row created with
 * its e-mail alone): the row is that customer, not sent, and told to set the key on the customer in the platform
 * or clear it from the row (keepsOtherKey). Told once per change, not on every import: said each time, it came
 * back forever, after the user had set the key on the customer too (the journal answers before any lookup), and a
 * CI dashboard never returned to 0 warnings. The journal notes that it was said, under the row's two keys
 * together; it does not record the row's new key as the customer's, which the platform's customer lacks: a later
 * row with that key and another e-mail would have been taken for this customer and not sent, a Customer-ID-only
 * row not looked up, whichever of the two the user chose.
 */

import type { Customer, Issue, Outcome } from '../model.js';
import type { Journal } from '../state/journal.js';
import type { OtherKey } from '../state/journal-lines.js';
import type { FoundCustomer, LookupKey } from '../targets/target.js';
import { type KeyKeeper, keepsOtherKey, otherKeyOfFound } from './platform-keys.js';

/** The row that is customer `customerId` by one of its keys: its RowKey (both keys) and its number. */
export interface KnownRow {
  key: string;
  row: number;
  customerId: string;
}

/**
 * The warning `warn` gives of the row's other key (`change`), unless it is a key added since (`none`) and an
 * earlier import said so already; when this one says it, the journal notes it.
 */
export function warnOnceOfAddedKey(
  journal: Journal | undefined,
  known: KnownRow,
  change: OtherKey | undefined,
  warn: (change: OtherKey) => Issue | undefined,
): Issue | undefined {
  const warning = change && warn(change);
  if (!warning || change?.customerHas !== 'none' || !journal) return warning;
  if (journal.warnedOfAddedKeyBefore(known.key, known.customerId)) return undefined;
  TO_NOTE.set(warning, { journal, known });
  return warning;
}

/** Added-key warnings given, noted in the journal only as the outcome leaves with them (see noteAddedKeysTold). */
const TO_NOTE = new WeakMap<Issue, { journal: Journal; known: KnownRow }>();

/** Notes the added-key warnings an outcome leaves with: not one a conflict took off it, which the user never saw. */
export function noteAddedKeysTold(outcome: Outcome): void {
  for (const warning of outcome.warnings) {
    const told = TO_NOTE.get(warning);
    told?.journal.warnedOfAddedKey(told.known.key, told.known.row, told.known.customerId);
  }
}

/**
 * The warning on a row a lookup found as customer `known.customerId` by `by`, whose other key is not the one the
 * customer holds in the platform (see keepsOtherKey), if any; of a key the customer lacks, said once.
 */
export function foundWithOtherKey(
  ctx: { target: KeyKeeper; journal?: Journal },
  known: KnownRow,
  customer: Customer,
  found: FoundCustomer | undefined,
  by: LookupKey,
): Issue | undefined {
  return warnOnceOfAddedKey(ctx.journal, known, otherKeyOfFound(customer, found, by), (change) =>
    keepsOtherKey(ctx.target, known.customerId, change, 'held'),
  );
}
