/**
 * A create no lookup can settle (AmbioSys has none; a row with neither e-mail nor Customer ID cannot be looked up)
 * is settled by the user, who checks the tenant. Not there: they import the report, which sends the row. There:
 * they mark the row in the report as created, with the id the tenant shows, and import the report, which records
 * it in this tenant's journal and sends nothing. Before, nothing could record it: the row failed on every import.
 */
import type { Customer, Issue, Outcome, SourceRow } from '../model.js';
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
 * A report's created or skipped row whose create this tenant's journal holds unsettled (see onlyTheUserCanSettle):
 * recorded as created with the report's id where the row is marked as settleByHand says, else failed with what to
 * do. A skipped row is refused: zcust's create is what may have made the customer, and it says how to record it.
 */
export function answeredInReport(
  net: NetContext,
  prepared: Extract<Prepared, { kind: 'done' }>,
  row: SourceRow,
  key: string,
): Outcome {
  const refused = (why: string) => outcomeOf(row, 'failed', [refusal(net, why)]);
  const { outcome } = prepared;
  const id = outcome.customerId;
  if (outcome.status !== 'created')
    return refused(
      `the report says ${outcome.status}, which is not how a create of unknown outcome is recorded`,
    );
  if (id === undefined) return refused('the report says created, without a zcust_customer_id');
  if (row.previous?.errorCode !== 'unknown_outcome') {
    return refused(
      `the report says created (id ${id}) without zcust_error_code unknown_outcome, as zcust's own reports do (a --sandbox trial's among them), not as a row you found is marked`,
    );
  }
  if (net.journal?.knowsCustomer(id)) {
    return refused(
      `the report gives id ${id}, which an earlier import into this tenant recorded for another row`,
    );
  }
  net.journal?.created(key, row.row, id);
  const recorded: Issue = {
    code: 'already_exists',
    message: `an earlier run could not tell whether ${net.target.label} created this customer; recorded as created (id ${id}) from the report, as you marked it after checking the tenant: not sent`,
  };
  return outcomeOf(row, 'created', [], [recorded], id);
}

function refusal(net: NetContext, why: string): Issue {
  const label = net.target.label;
  return {
    code: 'unknown_outcome',
    message: `${why}: not recorded, nor sent (this tenant's journal holds a create of this row whose outcome zcust could not tell and cannot look up). Check ${label}: ${settleByHand(label)}`,
  };
}
