/**
 * A report imported again: its created and skipped rows say what an earlier run did, which this import takes on
 * the word of its own journal, or of a lookup, never of the report alone. What the row is told when its
 * customer is known by the report's id only, when zcust cannot check it, or when the run stopped before it did.
 */
import type { Customer, Issue, Outcome } from '../model.js';
import type { Target } from '../targets/target.js';
import type { NetContext } from './context.js';
import { keyNames, keyNamesByKept } from './platform-keys.js';
import type { Prepared } from './prepare.js';

/**
 * A report's created or skipped row the run stopped before it could check: kept as the report said, so that
 * importing the new report checks it again. Marked not_attempted, it was sent without a look by that import:
 * every Customer-ID-only row of it created twice.
 */
export function uncheckedAsReported(outcome: Outcome): Outcome {
  const note: Issue = {
    code: 'already_exists',
    message: `${outcome.status} by an earlier run, as the report says: not checked, because the run stopped first; importing this run's report checks it`,
  };
  return { ...outcome, warnings: [...outcome.warnings.filter((w) => w.code !== 'already_exists'), note] };
}

/** The warnings knownByReportedId gives: a skipped row that has one is that customer by its id alone. */
export const BY_REPORTED_ID = new WeakSet<Issue>();

/**
 * An id no other customer anywhere has: a UUID (Zenskar's and DayZero's). AmbioSys numbers its customers 1, 2,
 * 3… in each tenant, so a --sandbox trial's report holds ids this tenant's journal has for other customers:
 * taken as evidence, its rows 5–7 were reported created as this tenant's customers 5–7, and never sent.
 */
const UNIQUE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A report's created or skipped row whose keys this tenant's journal does not know, but whose zcust_customer_id
 * it does (a customer an earlier import created or found): that customer, its keys changed since. A spreadsheet
 * re-saving the report turns a Customer ID 123456789012345678 into 1.23457E+17 and 000777 into 777; looked up
 * by the new value, the customer was not found and was created a second time. As the report said, with a
 * warning that the customer in the platform keeps the values it was created with. A report from another tenant
 * (a --sandbox trial) has ids this journal does not hold: its rows are looked up as before.
 */
export function knownByReportedId(net: NetContext, prepared: Prepared): Outcome | undefined {
  if (prepared.kind !== 'done' || prepared.doneEarlier === undefined) return undefined;
  const { outcome, doneEarlier: customer } = prepared;
  const id = outcome.customerId;
  if (id === undefined || !UNIQUE_ID.test(id) || !net.journal?.knowsCustomer(id)) return undefined;
  const keys = keyNames(customer) ?? 'values';
  const one = keys === 'e-mail' || keys === 'Customer ID';
  const how = customer.externalId
    ? ' (a spreadsheet re-saving the report turns 000777 into 777, 123456789012345678 into 1.23457E+17)'
    : '';
  const did = outcome.status === 'skipped' ? 'found' : 'created';
  const changed: Issue = {
    code: 'already_exists',
    message: `the report says this row is customer ${id}, which an earlier import into this tenant ${did}: not sent again. Its ${keys} ${one ? 'differs from the one' : 'differ from those'} that customer was ${did} with${how}${keptThere(net.target, customer, keys, one)}`,
  };
  BY_REPORTED_ID.add(changed);
  return { ...outcome, warnings: [...outcome.warnings, changed] };
}

/**
 * Where the customer's own values of the row's `keys` are, to change them: in the platform, for those it keeps
 * (DayZero keeps no Customer ID, to be edited there); the others only zcust's journal holds.
 */
function keptThere(target: Target, customer: Customer, keys: string, one: boolean): string {
  const { kept, notKept } = keyNamesByKept(customer, target, 'and');
  const { label } = target;
  if (kept === keys)
    return `, and the customer in ${label} keeps ${one ? 'that one: to change it' : 'those: to change them'}, edit the customer in ${label}`;
  const edit =
    kept === undefined
      ? ''
      : `, and the customer in ${label} keeps its ${kept}: to change it, edit the customer in ${label}`;
  const them = kept === undefined && !one ? 'them' : 'it';
  return `${edit} (${label} keeps no ${notKept}: zcust's journal alone knows the customer by ${them})`;
}

/** A report's created row this import has no record of, which zcust cannot look up. */
export function unconfirmedByJournal(net: NetContext): Issue {
  const label = net.target.label;
  const keys = net.target.lookup?.keys.map((k) => (k === 'email' ? 'e-mail' : 'Customer ID'));
  const why = keys
    ? `${label} finds customers by ${keys.join(' or ')}, which this row does not have`
    : `${label} cannot look customers up`;
  // With --no-resume the record may well be there: said so, or the user looked for another tenant's report.
  const unconfirmed = net.journal?.ignoredEarlier
    ? 'this import does not read what earlier imports recorded (--no-resume: without it, their record may confirm it)'
    : 'this import has no record of it (the report of a --sandbox run, of another tenant, or of a run that kept its journals in another folder)';
  return {
    code: 'unknown_outcome',
    message: `the report says an earlier run created this customer, but ${unconfirmed}, and ${why}: check the tenant; if it is not there, import this run's report, which sends this row`,
  };
}
