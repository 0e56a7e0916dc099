/**
 * A customer found in the platform, against the row it stands for. The platform's customer keeps the keys it was
 * created with; a row whose other key has changed since (an e-mail fixed in the file after the run that created
 * it was killed, a Customer ID edited) is that customer all the same, never sent again, but said so. And what
 * the journal records is the customer as the platform holds it: recorded under the row's new e-mail, a later
 * import of the original file was told its e-mails had changed, and one of the edited file was not.
 */
import { customerIdKey } from '../customer/customer-id.js';
import type { Customer, Issue } from '../model.js';
import type { OtherKey } from '../state/journal-lines.js';
import { KEY_COLUMNS, KEYS } from '../targets/stored-keys.js';
import type { FoundCustomer, LookupKey, Target } from '../targets/target.js';

/** What the messages below need of a target: its name, and the keys it keeps on its customers. */
export type KeyKeeper = Pick<Target, 'label' | 'storesKeys'>;

const KEY_NAMES: Readonly<Record<LookupKey, string>> = { email: 'e-mail', external_id: 'Customer ID' };

/** Keys in words, joined by `joiner`: "e-mail or Customer ID"; undefined for none. */
export function namesOf(keys: readonly LookupKey[], joiner: 'and' | 'or'): string | undefined {
  return keys.length === 0 ? undefined : keys.map((key) => KEY_NAMES[key]).join(` ${joiner} `);
}

/**
 * The keys a row has, in words: "e-mail", "Customer ID", or both joined by `joiner`; undefined for neither.
 * `only`: of those keys, the ones listed (those a platform keeps).
 */
export function keyNames(
  customer: Customer,
  joiner: 'and' | 'or' = 'and',
  only: readonly LookupKey[] = KEYS,
): string | undefined {
  const has = { email: customer.email, external_id: customer.externalId };
  return namesOf(
    only.filter((key) => has[key]),
    joiner,
  );
}

/**
 * The row's keys the platform keeps (`kept`, joined by `keptJoiner`) and those only zcust's journal knows it by
 * (`notKept`, joined by "or"), named as keyNames names them; undefined where the row has none of them.
 */
export function keyNamesByKept(
  customer: Customer,
  target: Pick<Target, 'storesKeys'>,
  keptJoiner: 'and' | 'or',
): { kept: string | undefined; notKept: string | undefined } {
  return {
    kept: keyNames(customer, keptJoiner, target.storesKeys),
    notKept: keyNames(
      customer,
      'or',
      KEYS.filter((key) => !target.storesKeys.includes(key)),
    ),
  };
}

/** A key as the platform holds it; an empty one is none. */
const held = (value: string | undefined): string | undefined => (value ? value : undefined);

/** The form in which a found customer's value matches a wanted one: an e-mail in any case, a Customer ID in any Unicode form. */
export const normalise = (key: LookupKey, value: string) =>
  key === 'email' ? value.toLowerCase() : customerIdKey(value);

const otherThan = (by: LookupKey): LookupKey => (by === 'email' ? 'external_id' : 'email');

/**
 * How the row's other key (not `by`, the one the customer was found by) stands against that customer: it holds
 * `another` value, or `none`; undefined when it holds the row's or the row has none.
 */
function otherKeyAgainst(
  customer: Customer,
  found: FoundCustomer | undefined,
  by: LookupKey,
): OtherKey['customerHas'] | undefined {
  const other = otherThan(by);
  const mine = other === 'email' ? customer.email : customer.externalId;
  if (!mine) return undefined;
  const theirs = held(other === 'email' ? found?.email : found?.externalId);
  if (theirs === undefined) return 'none';
  return normalise(other, theirs) === normalise(other, mine) ? undefined : 'another';
}

/**
 * Whether the row's other key may be another customer's: the customer found holds another value, or none (a
 * customer made without a Customer ID, whose row's ID is someone else's). Worth a lookup by that key.
 */
export const otherKeyUnconfirmed = (
  customer: Customer,
  found: FoundCustomer | undefined,
  by: LookupKey,
): boolean => otherKeyAgainst(customer, found, by) !== undefined;

/**
 * The row's other key (not `by`, the one a lookup found the customer by) against that customer, if it is not the
 * one the customer holds (see keepsOtherKey, and other-key-once.ts's foundWithOtherKey).
 */
export function otherKeyOfFound(
  customer: Customer,
  found: FoundCustomer | undefined,
  by: LookupKey,
): OtherKey | undefined {
  const customerHas = otherKeyAgainst(customer, found, by);
  return customerHas && { key: otherThan(by), customerHas };
}

/**
 * The row's key for a customer found by `by` alone, in the journal: the row's value of that key, and the other
 * key as the customer holds it (or none), not the row's, which is another customer's.
 */
export const heldBy = (customer: Customer, found: FoundCustomer | undefined, by: LookupKey): Customer => ({
  ...customer,
  email: by === 'email' ? customer.email : held(found?.email),
  externalId: by === 'external_id' ? customer.externalId : held(found?.externalId),
});

/** A row whose e-mail is one customer's and whose Customer ID is another's (e-mails swapped between rows). */
export function twoCustomersIssue(label: string, byEmail: string, byCustomerId: string): Issue {
  return {
    code: 'already_exists',
    message: `its e-mail is that of customer ${byEmail} and its Customer ID that of customer ${byCustomerId}, both already in ${label}: one row cannot be two customers; not sent. Correct its e-mail or its Customer ID`,
  };
}

/**
 * The row with the keys the customer found holds, what the journal records it under: each key the platform
 * keeps as the customer holds it (none when it holds none: recorded with the row's, a later import of the row was
 * not told the customer lacks it), each other key as the row has it (the platform cannot tell it).
 */
export const asHeld = (
  customer: Customer,
  found: FoundCustomer | undefined,
  storesKeys: readonly LookupKey[],
): Customer => ({
  ...customer,
  email: storesKeys.includes('email') ? held(found?.email) : customer.email,
  externalId: storesKeys.includes('external_id') ? held(found?.externalId) : customer.externalId,
});

/**
 * The warning on a row that is customer `customerId` by one key, whose other key (`change.key`) is not the one
 * that customer has: another value (Beta's Customer ID on Alpha's e-mail), or none (a Customer ID added to the row
 * since). `how` that customer came to have it: an earlier import created it or found it so, or a lookup found
 * the platform holds it. Each clause speaks of what the platform keeps (target.storesKeys): told to edit a
 * customer's e-mail in AmbioSys, which keeps none, the user had nothing to find. Undefined for a key the platform
 * does not keep that the customer has none of: nothing differs, anywhere.
 */
export function keepsOtherKey(
  target: KeyKeeper,
  customerId: string,
  change: OtherKey,
  how: 'created' | 'found' | 'held',
): Issue | undefined {
  const kept = target.storesKeys.includes(change.key);
  if (change.customerHas === 'none' && !kept) return undefined;
  const { label } = target;
  const mine = KEY_NAMES[change.key];
  const by = otherThan(change.key);
  const other = KEY_NAMES[by];
  // A key the platform does not keep makes the row that customer in zcust's journal alone.
  const known = target.storesKeys.includes(by) ? '' : ` in zcust's journal (${label} keeps no ${other})`;
  const did = how === 'held' ? 'found' : how;
  const tail = !kept
    ? `, who was ${did} from a row with another ${mine}: the row is that customer (not sent). ${label} keeps no ${mine}, so there is nothing to edit there (zcust's journal knows the customer by the one it was ${did} with); if this row is another customer, correct its ${other}`
    : change.customerHas === 'none'
      ? `, who ${how === 'held' ? `has no ${mine} in ${label}` : `was ${how} with no ${mine}`}: the row is that customer (not sent), so its ${mine} was not sent either; to give the customer this one, set it on the customer in ${label} (or clear it from this row)`
      : `, who ${how === 'held' ? `has another ${mine} in ${label}` : `was ${how} with another ${mine}`}: the row is that customer (not sent), and the customer in ${label} keeps its ${mine}; correct this row's ${mine}, or edit the customer in ${label}`;
  return {
    field: KEY_COLUMNS[change.key],
    code: 'already_exists',
    message: `this row's ${other} is customer ${customerId}'s${known}${tail}`,
  };
}
