/**
 * A row an earlier run was sending under its e-mail, whose Customer ID is another create's, pending apart
 * (Customer IDs swapped between two rows since a kill), on a platform that looks customers up by e-mail and keeps
 * no Customer ID (DayZero). Every key of such a row had to be looked up, the Customer ID could not be, and the row
 * was journaled unknown under both its keys, over the two creates' own records: the original file's rows could
 * no longer be looked up either, on any import. Now the e-mail's lookup settles the create made under that
 * e-mail, recorded under the keys it carried, and the row itself is never sent: it would be a second customer
 * of that Customer ID if the other create landed, which nothing can tell.
 */
import type { Customer, Issue } from '../model.js';
import type { JournalState } from '../state/journal-lines.js';
import type { NetContext } from './context.js';
import { type KeysSent, keyOfSent } from './keys-sent.js';
import { canSettle } from './lookup.js';

/** The other create pending under the row's Customer ID: the row of its run it was made from. */
export interface CustomerIdElsewhere {
  row: number;
}

/**
 * Where the row's Customer ID is another create's (see JournalState's otherCreateRow) and only its e-mail can be
 * looked up. Where every key can (Zenskar), each is, and the two customers found are told as such; where none
 * can, nothing settles either create.
 */
export function customerIdElsewhereOf(
  net: NetContext,
  customer: Customer,
  prior: JournalState | undefined,
): CustomerIdElsewhere | undefined {
  if (prior?.state !== 'sending' || prior.otherCreateRow === undefined) return undefined;
  if (canSettle(net, customer, 'any') || !canSettle(net, customer, 'email')) return undefined;
  return { row: prior.otherCreateRow };
}

/**
 * How such a row ends once its e-mail's lookup has answered: the customer found (`customerId`) is the e-mail's
 * create's, journaled under the keys that create carried, so that the file that sent it is that customer without
 * a word; the row fails as one that would be two customers, as Customer IDs swapped between rows do once the
 * journal knows both (already_exists). Found nowhere, nothing is journaled: both creates stay in flight, each for
 * its own file's row to settle.
 */
export function endWithCustomerIdElsewhere(
  ctx: Pick<NetContext, 'journal' | 'target'>,
  elsewhere: CustomerIdElsewhere,
  sent: KeysSent,
  row: number,
  customerId: string | undefined,
): Issue {
  const label = ctx.target.label;
  const other = `another create an earlier run sent from its row ${elsewhere.row}, not with this e-mail`;
  const notKept = `${label} keeps no Customer ID, so that create cannot be looked up (zcust's journal knows rows by it)`;
  if (customerId === undefined) {
    return {
      code: 'unknown_outcome',
      message: `its Customer ID is that of ${other}, and a lookup found no customer of its e-mail: ${notKept}, and sent, this row may be a second customer with that Customer ID; not sent. Import the file that create came from first (its row is looked up by its own e-mail), then this row again`,
    };
  }
  ctx.journal?.created(keyOfSent(sent), row, customerId);
  return {
    code: 'already_exists',
    message: `its e-mail is that of customer ${customerId}, found by it, and its Customer ID that of ${other}: one row cannot be two customers; not sent. ${notKept}: correct this row's e-mail or its Customer ID`,
  };
}
