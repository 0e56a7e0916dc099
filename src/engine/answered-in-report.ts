/**
 * A create no lookup can settle (AmbioSys has none; a row with neither e-mail nor Customer ID cannot be looked up)
 * is settled by the user, who checks the tenant. Not there: they import the report, which sends the row. There:
 * they mark the row in the report as created, with the id the tenant shows, and import the report, which records
 * it in this tenant's journal and sends nothing. Before, nothing could record it: the row failed on every import.
 */
import type { Customer, Issue, Outcome, SourceRow } from '../model.js';
import type { Journal } from '../state/journal.js';
import type { JournalState } from '../state/journal-lines.js';
import type { NetContext } from './context.js';
import { outcomeOf } from './events.js';
import { canSettle, lookupKeysFor } from './lookup.js';
import type { Prepared } from './prepare.js';

/**
 * What the user does once they have checked the tenant, both ways: said by every unknown_outcome that no lookup
 * can settle (told only "check the tenant", a user who found the customer had nothing to do that would record it).
 * The row keeps zcust_error_code unknown_outcome: zcust never reports a created row with it, so a report that says
 * created without it (a --sandbox trial's, its ids the sandbox's) is never taken for the user's answer.
 */
export const settleByHand = (label: string): string =>
  `if it is there, mark this row in this run's report (zcust_status created, zcust_customer_id the id ${label} shows, zcust_error_code left unknown_outcome) and import the report, which records it and sends nothing; if it is not there, import the report as it is, which sends this row`;

/**
 * Whether this tenant's journal holds a create of the row whose outcome only the user can settle: of unknown
 * outcome (or in flight when a run stopped) where no lookup can settle it. Only there is the report's word taken:
 * where the journal has no record of the row, its "created" may be a --sandbox trial's, another tenant's.
 */
export function onlyTheUserCanSettle(
  net: NetContext,
  customer: Customer,
  prior: JournalState | undefined,
): boolean {
  if (prior?.state === 'unknown') return !canSettle(net, customer, 'any');
  return prior?.state === 'sending' && lookupKeysFor(net, customer).length === 0;
}

/**
 * The journal key of each row the report answers for, by the note that tells the row it is recorded: the line is
 * written only as the row leaves the run created (see recordAnswered).
 */
const TO_RECORD = new WeakMap<Issue, string>();

/**
 * A report's created or skipped row whose create this tenant's journal holds unsettled (see onlyTheUserCanSettle):
 * created with the report's id where the row is marked as settleByHand says (recorded once it leaves the run so:
 * see recordAnswered), else failed with what to do. A skipped row is refused: zcust's create is what may have made
 * the customer, and it says how to record it.
 */
export function answeredInReport(
  net: NetContext,
  prepared: Extract<Prepared, { kind: 'done' }>,
  row: SourceRow,
  key: string,
): Outcome {
  const refused = (why: string) => outcomeOf(row, 'failed', [refusal(net, why)]);
  const { outcome } = prepared;
  const typed = outcome.customerId;
  if (outcome.status !== 'created')
    return refused(
      `the report says ${outcome.status}, which is not how a create of unknown outcome is recorded`,
    );
  if (typed === undefined) return refused('the report says created, without a zcust_customer_id');
  if (row.previous?.errorCode !== 'unknown_outcome') {
    return refused(
      `the report says created (id ${typed}) without zcust_error_code unknown_outcome, as zcust's own reports do (a --sandbox trial's among them), not as a row you found is marked`,
    );
  }
  // In the platform's own form, so that another row's id in upper case is that row's customer, here and in
  // "one customer is one row" (which compares the outcome's id).
  const { customerIds, label } = net.target;
  const id = customerIds.normal(typed);
  if (id === undefined) {
    return refused(`the report gives id ${typed}, and ${label}'s customer ids are ${customerIds.looks}`);
  }
  if (net.journal?.knowsCustomer(id)) {
    return refused(
      `the report gives id ${typed}, which an earlier import into this tenant recorded for another row`,
    );
  }
  const recorded: Issue = {
    code: 'already_exists',
    message: `an earlier run could not tell whether ${net.target.label} created this customer; recorded as created (id ${id}) from the report, as you marked it after checking the tenant: not sent`,
  };
  TO_RECORD.set(recorded, key);
  return outcomeOf(row, 'created', [], [recorded], id);
}

/** Whether the outcome is a row the report answers for (see answeredInReport), not yet past "one customer is one row". */
export const answeredByHand = (outcome: Outcome): boolean => outcome.warnings.some((w) => TO_RECORD.has(w));

/**
 * The journal line of a row the report answers for, written as its outcome leaves the run, created: after "one
 * customer is one row" has let it through. Written as the row was read, the rows a report gave one id were all
 * recorded as that customer while the run failed all but the first: the journal said done, the report "not
 * sent", and the next import of the file failed them for ever, unmarkable.
 */
export function recordAnswered(journal: Journal | undefined, outcome: Outcome): void {
  if (outcome.status !== 'created' || outcome.customerId === undefined) return;
  const key = outcome.warnings.map((w) => TO_RECORD.get(w)).find((k) => k !== undefined);
  if (key !== undefined) journal?.created(key, outcome.row, outcome.customerId);
}

/**
 * A row the report answers for, whose customer row `first` of this run is already (given the same id, or found
 * with it by a lookup): refused as any refused answer is, its create still unknown in the journal, so that it can
 * be marked again with the right id, or sent.
 */
export function answerOfAnotherRow(net: NetContext, outcome: Outcome, first: number): Outcome {
  const { customerId, ...rest } = outcome;
  const why = `the report gives id ${customerId}, and row ${first} is that customer in this import (one customer cannot be two rows)`;
  return {
    ...rest,
    status: 'failed',
    errors: [refusal(net, why)],
    warnings: outcome.warnings.filter((w) => !TO_RECORD.has(w)),
  };
}

function refusal(net: NetContext, why: string): Issue {
  const label = net.target.label;
  return {
    code: 'unknown_outcome',
    message: `${why}: not recorded, nor sent (this tenant's journal holds a create of this row whose outcome zcust could not tell and cannot look up). Check ${label}: ${settleByHand(label)}`,
  };
}
