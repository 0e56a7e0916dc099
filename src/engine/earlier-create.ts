/**
 * Whether an earlier create of a row may have landed (the journal says a run was sending it when it stopped, or
 * could not tell its outcome; the report the row comes from says unknown_outcome), and how the row ends when it
 * is not sent, so not looked up: where no lookup can settle that create, or because the run stopped first.
 */
import type { Customer, Issue } from '../model.js';
import type { JournalState } from '../state/journal-lines.js';
import type { Target } from '../targets/target.js';
import { COLUMN } from '../template.js';
import { settleByHand } from './answered-in-report.js';
import type { NetContext } from './context.js';
import { type CreateJob, cannotLookUp, unknownOutcome, whyNoLookup } from './create.js';
import { customerIdElsewhereOf } from './customer-id-elsewhere.js';
import { earlierSentWith } from './journal-view.js';
import { keysSentOf } from './keys-sent.js';
import { canSettle, lookupKeysFor } from './lookup.js';
import { keyNamesByKept } from './platform-keys.js';

/** What a row's create job is told of the earlier create that may have landed (see CreateJob). */
export type EarlierCreate = Required<Pick<CreateJob, 'earlier'>> &
  Pick<
    CreateJob,
    'earlierUnknown' | 'sentEmail' | 'sentWithoutCustomerId' | 'keysSent' | 'customerIdElsewhere'
  >;

/**
 * The earlier create a row is looked up for before it is sent, or undefined when none may have landed, or none
 * that a lookup can settle and that the user has not answered for. What the journal left unknown (a create no
 * lookup could settle, a customer found without an id) is looked up again where every key the create may have
 * carried can be ('any'). A report's unknown_outcome is looked up by what the target can; where it cannot, the
 * report told the user to check the tenant before importing the row again, so importing it is their answer.
 */
export function earlierCreateOf(
  net: NetContext,
  customer: Customer,
  prior: JournalState | undefined,
  outcomeUnknown: boolean | undefined,
): EarlierCreate | undefined {
  if (prior?.state === 'sending') {
    // Its Customer ID another create's, which no lookup can settle: its e-mail's create is settled by e-mail.
    const customerIdElsewhere = customerIdElsewhereOf(net, customer, prior);
    const keysSent = keysSentOf(prior, customer, customerIdElsewhere !== undefined);
    return {
      earlier: customerIdElsewhere ? 'email' : earlierSentWith(prior, customer),
      ...(prior.sentEmail && { sentEmail: prior.sentEmail }),
      ...(prior.withoutCustomerId && { sentWithoutCustomerId: true }),
      ...(keysSent && { keysSent }),
      ...(customerIdElsewhere && { customerIdElsewhere }),
    };
  }
  if (prior?.state === 'unknown' && canSettle(net, customer, 'any'))
    return { earlier: 'any', earlierUnknown: true };
  if (outcomeUnknown === true && lookupKeysFor(net, customer).length > 0) return { earlier: 'report' };
  return undefined;
}

/**
 * For a row with no earlier create to look up (see earlierCreateOf): why it is not sent all the same, where the
 * journal left it unknown and no lookup can settle it, unless it comes from the report that said so (importing
 * that is the user's answer). It fails, sending nothing.
 */
export function unknownWithoutLookup(
  net: NetContext,
  customer: Customer,
  prior: JournalState | undefined,
  outcomeUnknown: boolean | undefined,
): Issue | undefined {
  if (prior?.state !== 'unknown' || outcomeUnknown === true) return undefined;
  return {
    code: 'unknown_outcome',
    message: `an earlier run could not tell whether ${net.target.label} created this customer, and zcust cannot look it up (${whyNoLookup(net, customer)}): check the tenant${whereToLook(net.target, customer)}: ${settleByHand(net.target.label)}`,
  };
}

/**
 * Where to look in the tenant, for a row known by its e-mail or Customer ID: the create the journal left unknown
 * may have come from another row that shares it, under another Name (the row the user since deleted as the one
 * the tenant holds). Told only "this customer", a user who found no customer of this row's Name imported the
 * report and AmbioSys, which keeps no e-mail, took a second customer for the e-mail. Only by what the platform
 * keeps: told to look for the e-mail in AmbioSys, the user had nothing to search by. A key it does not keep is
 * zcust's alone: the customer is found by what the platform keeps of the rows that share it (their Name).
 */
function whereToLook(target: Target, customer: Customer): string {
  const { kept, notKept } = keyNamesByKept(customer, target, 'or');
  if (kept === undefined && notKept === undefined) return '';
  const names = [COLUMN.name, COLUMN.legalName].filter((c) => target.usesColumn(c)).join(' or ');
  const own = kept === undefined ? `this row's ${names}` : `this row's ${kept} under any Name`;
  if (notKept === undefined)
    return ` for a customer of ${own} (the create may have come from another row that shares it)`;
  const them = notKept.includes(' or ') ? 'them' : 'it';
  return ` for a customer of ${own}, or of the ${kept === undefined ? '' : `${kept} or `}${names} of any other row with its ${notKept} (${target.label} keeps no ${notKept}: zcust's journal knows rows by ${them}, and the create may have come from such a row)`;
}

/**
 * How a row read after the run stopped ends when an earlier create of it may have landed: unknown_outcome, as
 * one already queued does when the stop aborts its lookup (see stillUnknown in create.ts), not not_attempted,
 * which says it certainly was not created (a resumed run's Ctrl-C reported up to 128 rows not_attempted whose
 * customers the killed run had made). Nothing is written to the journal: it keeps its line, so the next import
 * looks again. Undefined for a row no earlier create of which may have landed.
 */
export function unsettledAtStop(
  net: NetContext,
  customer: Customer,
  prior: JournalState | undefined,
  outcomeUnknown: boolean | undefined,
): Issue | undefined {
  const earlier = earlierCreateOf(net, customer, prior, outcomeUnknown);
  if (earlier === undefined) return unknownWithoutLookup(net, customer, prior, outcomeUnknown);
  const fromReport = earlier.earlier === 'report';
  return unknownOutcome(
    net,
    fromReport
      ? 'the report this row comes from says its outcome was unknown'
      : 'an earlier run may have created it',
    canSettle(net, customer, earlier.earlier)
      ? `the run stopped before it could look it up; ${fromReport ? "importing this run's report" : 'the next import'} looks again before sending`
      : cannotLookUp(net, customer),
  );
}
