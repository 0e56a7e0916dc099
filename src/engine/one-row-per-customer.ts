/**
 * The rule that one customer is one row: of two rows of a run that stand for the same customer an earlier run
 * created or a lookup found, the first in input order keeps it and the second is a conflict, not sent.
 */
import type { Issue, Outcome } from '../model.js';
import { HashRowIndex, hash53 } from '../util/hash-index.js';
import type { NetContext } from './context.js';
import { foundByLookup } from './create.js';
import { createdEarlier } from './events.js';
import { BY_REPORTED_ID } from './reported-rows.js';

/**
 * Whether a row stands for a customer an earlier run created or found (see createOneRowPerCustomer): a created
 * row with an already_exists note (the journal, a lookup, the report) or one a lookup found after this run's
 * create got no clear answer, or a report's skipped row known by its id. Other
 * skipped rows do not: rows --skip-existing found may all be the one customer they found.
 */
function claimsEarlierCustomer(outcome: Outcome): boolean {
  if (outcome.status === 'created') return createdEarlier(outcome) || outcome.warnings.some(foundByLookup);
  return outcome.status === 'skipped' && outcome.warnings.some((w) => BY_REPORTED_ID.has(w));
}

/**
 * One customer is one row. After the file was edited (an e-mail moved onto another row, a row split in two),
 * one row can match a customer by e-mail and another by Customer ID, through the journal or a lookup: both
 * were reported created with its id, and the second customer was never sent. Decided as outcomes leave, in
 * input order, so that the first row keeps it whatever order the lookups answered in; the second is a
 * conflict, not sent. Only ids a create of this run did not give can be two rows' (they come with an
 * already_exists note); rows --skip-existing skipped may all be the one customer they found.
 * One a run: it remembers which row each customer stands for.
 */
export function createOneRowPerCustomer(net: NetContext | undefined): (outcome: Outcome) => Outcome {
  // Which row of this run each customer an earlier run created (or a lookup found) stands for.
  const claimedBy = new HashRowIndex();
  return (outcome) => {
    if (!net || outcome.customerId === undefined || !claimsEarlierCustomer(outcome)) return outcome;
    const id = hash53(outcome.customerId);
    const earlierRow = claimedBy.get(id);
    if (earlierRow === undefined || earlierRow === outcome.row) {
      claimedBy.set(id, outcome.row);
      return outcome;
    }
    const { customerId, ...rest } = outcome;
    const conflict: Issue = {
      code: 'already_exists',
      message: `its e-mail or Customer ID is that of customer ${customerId}, who is already in ${net.target.label}, and so is row ${earlierRow}'s: one customer cannot be two rows; not sent. Correct this row's e-mail or Customer ID (or row ${earlierRow}'s), and the customer's in ${net.target.label} if they are wrong there`,
    };
    return {
      ...rest,
      status: 'failed',
      errors: [conflict],
      warnings: outcome.warnings.filter((w) => w.code !== 'already_exists'),
    };
  };
}
