/**
 * The rule that one customer is one row: of two rows of a run that stand for the same customer an earlier run
 * created or a lookup found, the first in input order keeps it and the second is a conflict, not sent.
 */
import { REPORT_COLUMNS } from '../input/headers.js';
import type { Issue, Outcome } from '../model.js';
import { HashRowIndex, hash53 } from '../util/hash-index.js';
import { answeredByHand, answerOfAnotherRow } from './answered-in-report.js';
import type { NetContext } from './context.js';
import { foundByLookup } from './create.js';
import { createdEarlier } from './events.js';
import { type KeyKeeper, namesOf } from './platform-keys.js';
import { BY_REPORTED_ID } from './reported-rows.js';

/**
 * Whether a row stands for a customer an earlier run created or found (see createOneRowPerCustomer): a created
 * row with an already_exists note (the journal, a lookup, the report) or one a lookup found after this run's
 * create got no clear answer, or a report's skipped row known by its id. Other
 * skipped rows do not: rows --skip-existing found may all be the one customer they found.
 */
function claimsEarlierCustomer(outcome: Outcome): boolean {
  if (outcome.status === 'created') return createdEarlier(outcome) || outcome.warnings.some(foundByLookup);
  return outcome.status === 'skipped' && claimsByReportedId(outcome);
}

/** A report's row that stands for its customer by its zcust_customer_id alone (see knownByReportedId). */
const claimsByReportedId = (outcome: Outcome): boolean => outcome.warnings.some((w) => BY_REPORTED_ID.has(w));

/** Records `row` as the first to claim `id` unless a lower row did; returns the first before it. */
function keepFirst(claimedBy: HashRowIndex, id: number, row: number): number | undefined {
  const first = claimedBy.get(id);
  if (first === undefined || row < first) claimedBy.set(id, row);
  return first;
}

/**
 * Why the later of two rows of one customer is not sent, naming the cell that makes each row that customer: the
 * e-mail or Customer ID, or a report's zcust_customer_id. Told to correct its e-mail or Customer ID, a user whose
 * clash was a zcust_customer_id copied onto another row looked for a typo in keys that were right.
 */
function conflictMessage(
  customerId: string | undefined,
  target: KeyKeeper,
  first: number,
  byCell: { row: boolean; first: boolean },
): string {
  const { label } = target;
  const cell = REPORT_COLUMNS.customerId;
  const conflict = 'one customer cannot be two rows; not sent';
  // Clearing the cell is safe advice: a report's created row without one is looked up before it is sent.
  const cleared = '(a row without one is looked up before it is sent)';
  if (byCell.row && byCell.first) {
    return `its ${cell} is customer ${customerId}'s, who is already in ${label}, and so is row ${first}'s: ${conflict}. Keep that id on the row that is that customer and clear it on the other ${cleared}`;
  }
  if (byCell.row) {
    return `its ${cell} is customer ${customerId}'s, who is already in ${label}, and row ${first}'s e-mail or Customer ID is that customer's: ${conflict}. If this row is not that customer, clear its ${cell} ${cleared}; if it is, correct row ${first}'s e-mail or Customer ID`;
  }
  if (byCell.first) {
    return `its e-mail or Customer ID is that of customer ${customerId}, who is already in ${label}, and row ${first}'s ${cell} is that customer's: ${conflict}. If row ${first} is not that customer, clear its ${cell} ${cleared}; if it is, correct this row's e-mail or Customer ID${andOnThePlatform(target)}`;
  }
  return `its e-mail or Customer ID is that of customer ${customerId}, who is already in ${label}, and so is row ${first}'s: ${conflict}. Correct this row's e-mail or Customer ID (or row ${first}'s)${andOnThePlatform(target)}`;
}

/** The customer's keys to correct in the platform too: those it keeps (none in AmbioSys, the e-mail in DayZero). */
function andOnThePlatform(target: KeyKeeper): string {
  const kept = namesOf(target.storesKeys, 'or');
  if (kept === undefined) return '';
  const one = target.storesKeys.length === 1;
  return one
    ? `, and the customer's ${kept} in ${target.label} if it is wrong there`
    : `, and the customer's in ${target.label} if they are wrong there`;
}

/** The rule for one run: a claim as each outcome is put, a decision as it leaves in input order. */
export interface OneRowPerCustomer {
  /**
   * Notes an outcome the moment it is known, in whatever order outcomes come; returns the row the rule will fail
   * once two rows claim one customer (the later of the two in input order), so that --fail-fast stops there,
   * not once the rows before it are done (they may be slow creates, and rows after it were sent meanwhile).
   */
  claim(outcome: Outcome): number | undefined;
  /**
   * Claims, as claim does, for a report's row a lookup before sending has just found (it will be put created, with
   * that id): known when the lookup answers, before any row of its batch is put or sent.
   */
  claimFound(row: number, customerId: string): number | undefined;
  /** The outcome as it leaves, in input order: every row before it has been claimed by then. */
  decide(outcome: Outcome): Outcome;
}

/**
 * One customer is one row. After the file was edited (an e-mail moved onto another row, a row split in two),
 * one row can match a customer by e-mail and another by Customer ID, through the journal or a lookup: both
 * were reported created with its id, and the second customer was never sent. The first row in input order keeps
 * it, whatever order the lookups answered in; the second is a conflict, not sent. Only ids a create of this run
 * did not give can be two rows' (they come with an already_exists note); rows --skip-existing skipped may all be
 * the one customer they found. Row numbers grow in input order (they are the file's), so the lowest row that
 * claimed a customer is the first.
 * One a run: it remembers which row each customer stands for.
 */
export function createOneRowPerCustomer(net: NetContext | undefined): OneRowPerCustomer {
  // The first row in input order, of those put so far, that claimed each customer an earlier run created (or a
  // lookup found).
  const claimedBy = new HashRowIndex();
  // Of those, the first that claimed it by its zcust_customer_id, for the message of the row that comes second.
  const claimedByCell = new HashRowIndex();
  const claimedId = (outcome: Outcome) =>
    net && outcome.customerId !== undefined && claimsEarlierCustomer(outcome)
      ? hash53(outcome.customerId)
      : undefined;
  const claimId = (id: number, row: number) => {
    const first = keepFirst(claimedBy, id, row);
    if (first === undefined || first === row) return undefined;
    return Math.max(first, row);
  };
  return {
    claim(outcome) {
      const id = claimedId(outcome);
      if (id === undefined) return undefined;
      if (claimsByReportedId(outcome)) keepFirst(claimedByCell, id, outcome.row);
      return claimId(id, outcome.row);
    },
    claimFound: (row, customerId) => (net ? claimId(hash53(customerId), row) : undefined),
    decide(outcome) {
      const id = claimedId(outcome);
      if (!net || id === undefined) return outcome;
      const first = claimedBy.get(id);
      if (first === undefined || first >= outcome.row) return outcome;
      if (answeredByHand(outcome)) return answerOfAnotherRow(net, outcome, first);
      const { customerId, ...rest } = outcome;
      const byCell = { row: claimsByReportedId(outcome), first: claimedByCell.get(id) === first };
      const conflict: Issue = {
        code: 'already_exists',
        message: conflictMessage(customerId, net.target, first, byCell),
      };
      return {
        ...rest,
        status: 'failed',
        errors: [conflict],
        warnings: outcome.warnings.filter((w) => w.code !== 'already_exists'),
      };
    },
  };
}
