/**
 * A row that is a customer by one of its keys, whose other key is not the customer's: one added since the customer
 * was created (or found) without it (a Customer ID on a row created with its e-mail alone), or another value
 * (Beta's Customer ID on Alpha's e-mail, an e-mail fixed in the file after a killed run). The row is that customer,
 * not sent, and told so (keepsOtherKey). Told once per change, not on every import: said each time, it came back
 * forever, after the user had set the key on the customer or corrected the row's (the journal answers before any
 * lookup, and cannot tell), and a CI dashboard never returned to 0 warnings. The journal notes that it was said,
 * under the row's two keys together, the customer and what it has (none, another); it does not record the row's
 * keys as the customer's, which the platform's customer lacks: a later row with that key and another e-mail would
 * have been taken for this customer and not sent, a Customer-ID-only row not looked up, whichever the user chose.
 */

import type { Customer, Issue, Outcome } from '../model.js';
import type { Journal } from '../state/journal.js';
import type { OtherKey, ToldNote } from '../state/journal-lines.js';
import type { FoundCustomer, LookupKey } from '../targets/target.js';
import { type KeyKeeper, keepsOtherKey, otherKeyOfFound } from './platform-keys.js';

/** The row that is customer `customerId` by one of its keys: its RowKey (both keys) and its number. */
export interface KnownRow {
  key: string;
  row: number;
  customerId: string;
}

/**
 * The warning `warn` gives of the row's other key (`change`), unless an earlier import gave it already (of the same
 * keys, customer and change); the note that this one gives it leaves with the outcome (see notesOf).
 */
export function warnOnceOfOtherKey(
  journal: Journal | undefined,
  known: KnownRow,
  change: OtherKey | undefined,
  warn: (change: OtherKey) => Issue | undefined,
): Issue | undefined {
  const warning = change && warn(change);
  if (!warning || !change || !journal) return warning;
  const { customerHas } = change;
  if (journal.toldOtherKeyBefore(known.key, known.customerId, customerHas)) return undefined;
  TO_NOTE.set(warning, { ...known, customerHas });
  return warning;
}

/** The notes of the warnings given, by warning: an outcome's are those it leaves with (see notesOf). */
const TO_NOTE = new WeakMap<Issue, ToldNote>();

const NONE: readonly ToldNote[] = [];

/**
 * The notes of the other-key warnings an outcome leaves with: not one a conflict took off it, which the user never
 * saw. Written once the reports hold the row (see held-notes.ts).
 */
export function notesOf(outcome: Outcome): readonly ToldNote[] {
  if (outcome.warnings.length === 0) return NONE;
  const notes: ToldNote[] = [];
  for (const warning of outcome.warnings) {
    const note = TO_NOTE.get(warning);
    if (note) notes.push(note);
  }
  return notes;
}

/**
 * The warning on a row a lookup found as customer `known.customerId` by `by`, whose other key is not the one the
 * customer holds in the platform (see keepsOtherKey), if any; said once.
 */
export function foundWithOtherKey(
  ctx: { target: KeyKeeper; journal?: Journal },
  known: KnownRow,
  customer: Customer,
  found: FoundCustomer | undefined,
  by: LookupKey,
): Issue | undefined {
  return warnOnceOfOtherKey(ctx.journal, known, otherKeyOfFound(customer, found, by), (change) =>
    keepsOtherKey(ctx.target, known.customerId, change, 'held'),
  );
}
