/**
 * A customer found in the platform, against the row it stands for. The platform's customer keeps the keys it was
 * created with; a row whose other key has changed since (an e-mail fixed in the file after the run that created
 * it was killed, a Customer ID edited) is that customer all the same, never sent again, but said so. And what
 * the journal records is the customer as the platform holds it: recorded under the row's new e-mail, a later
 * import of the original file was told its e-mails had changed, and one of the edited file was not.
 */
import { customerIdKey } from '../customer/customer-id.js';
import type { Customer, Issue } from '../model.js';
import type { FoundCustomer, LookupKey } from '../targets/target.js';
import { COLUMN } from '../template.js';

/** The keys a row has, in words: "e-mail", "Customer ID", or both joined by `joiner`; undefined for neither. */
export function keyNames(customer: Customer, joiner: 'and' | 'or' = 'and'): string | undefined {
  const keys = [customer.email && 'e-mail', customer.externalId && 'Customer ID'].filter(Boolean);
  return keys.length === 0 ? undefined : keys.join(` ${joiner} `);
}

/** A key as the platform holds it; an empty one is none. */
const held = (value: string | undefined): string | undefined => (value ? value : undefined);

/** The form in which a found customer's value matches a wanted one: an e-mail in any case, a Customer ID in any Unicode form. */
export const normalise = (key: LookupKey, value: string) =>
  key === 'email' ? value.toLowerCase() : customerIdKey(value);

const otherThan = (by: LookupKey): LookupKey => (by === 'email' ? 'external_id' : 'email');

/**
 * How the row's other key (not `by`, the one the customer was found by) stands against that customer: `differs`
 * when the customer holds another value, `missing` when it holds none, undefined when it holds the row's or the
 * row has none.
 */
function otherKeyAgainst(
  customer: Customer,
  found: FoundCustomer | undefined,
  by: LookupKey,
): 'differs' | 'missing' | undefined {
  const other = otherThan(by);
  const mine = other === 'email' ? customer.email : customer.externalId;
  if (!mine) return undefined;
  const theirs = held(other === 'email' ? found?.email : found?.externalId);
  if (theirs === undefined) return 'missing';
  return normalise(other, theirs) === normalise(other, mine) ? undefined : 'differs';
}

/**
 * The row's other key, when the customer found holds another value for it: a change to warn of. Not when the
 * customer holds none: an e-mail added to the row since is not a change of it.
 */
export const otherKeyDiffers = (
  customer: Customer,
  found: FoundCustomer | undefined,
  by: LookupKey,
): LookupKey | undefined => (otherKeyAgainst(customer, found, by) === 'differs' ? otherThan(by) : undefined);

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

/** The row with the keys the customer found holds where it holds them: what the journal records it under. */
export const asHeld = (customer: Customer, found: FoundCustomer | undefined): Customer => ({
  ...customer,
  email: held(found?.email) ?? customer.email,
  externalId: held(found?.externalId) ?? customer.externalId,
});

/**
 * The warning on a row that is customer `customerId` by one key, whose `changed` key differs from that
 * customer's (Beta's Customer ID on Alpha's e-mail). `how` that customer came to have its value: an earlier
 * import created it or found it with it, or a lookup found the platform holds it.
 */
export function keepsOtherKey(
  label: string,
  customerId: string,
  changed: LookupKey,
  how: 'created' | 'found' | 'held',
): Issue {
  const [mine, other] = changed === 'email' ? ['e-mail', 'Customer ID'] : ['Customer ID', 'e-mail'];
  const holds = how === 'held' ? `has another ${mine} in ${label}` : `was ${how} with another ${mine}`;
  return {
    field: changed === 'email' ? COLUMN.email : COLUMN.customerId,
    code: 'already_exists',
    message: `this row's ${other} is customer ${customerId}'s, who ${holds}: the row is that customer (not sent), and the customer in ${label} keeps its ${mine}; correct this row's ${mine}, or edit the customer in ${label}`,
  };
}
