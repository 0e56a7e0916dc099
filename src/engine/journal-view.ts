/**
 * What this import's journal says of a row before it is sent: done by an earlier run (the row's outcome, with
 * the id the journal holds), in flight or of unknown outcome when that run stopped (which lookups settle it),
 * or the keys of two customers at once. The pipeline asks it of every row, in input order.
 */
import type { Customer, Issue, Outcome, SourceRow } from '../model.js';
import type { JournalState } from '../state/journal-lines.js';
import { createRowKeys, firstKeyOf } from '../state/row-keys.js';
import { answeredInReport, onlyTheUserCanSettle } from './answered-in-report.js';
import type { NetContext } from './context.js';
import { outcomeOf } from './events.js';
import type { SentWith } from './lookup.js';
import { type KnownRow, warnOnceOfOtherKey } from './other-key-once.js';
import { keepsOtherKey, twoCustomersIssue } from './platform-keys.js';
import type { Prepared } from './prepare.js';
import { knownByReportedId } from './reported-rows.js';

/** What the journal (or else the report) says of an earlier create of this row: which lookups settle it. */
export function earlierSentWith(prior: JournalState | undefined, customer: Customer): SentWith {
  if (prior?.state !== 'sending') return 'report';
  return prior.byFirstKey ? firstKeyOf(customer) : 'any';
}

/** What the journal says of one row (see journalReader). */
export interface JournalView {
  key: string;
  prior?: JournalState;
  /** The row's outcome, when an earlier run did it, or when the report answers for a create only the user can settle. */
  outcome?: Outcome;
  /** Why the row is not sent though the journal knows it: its e-mail is one customer's, its Customer ID another's. */
  conflict?: Issue;
}

/**
 * What this import's journal says of a row: its key (every row asks, in order: see createRowKeys), its
 * earlier state, and the row's outcome when an earlier run did it. A row whose e-mail is one earlier
 * customer's and whose Customer ID is another's is neither (e-mails swapped between two rows, sorted apart):
 * taken as the first, it was reported created with that customer's id, without a word. A report's row whose
 * keys it does not know, but whose customer id it does, is that customer (see knownByReportedId).
 * One reader a run: it counts identical rows as it goes.
 */
export function journalReader(): (
  net: NetContext,
  prepared: Prepared,
  row: SourceRow,
) => JournalView | undefined {
  const keyOf = createRowKeys();
  return (net, prepared, row) => {
    const customer =
      prepared.kind === 'done'
        ? prepared.doneEarlier
        : prepared.kind === 'send'
          ? prepared.customer
          : undefined;
    if (customer === undefined) return undefined;
    // Counted as the original run counted it, so identical rows after it keep their keys (createRowKeys).
    const key = keyOf(customer);
    const prior = net.journal?.get(key);
    if (!isDone(prior)) {
      // A report's row whose create only the user can settle: their answer is in the report (see
      // answered-in-report.ts). Recorded even after a stop: nothing is sent.
      if (
        prepared.kind === 'done' &&
        customer &&
        !prepared.invalidNow &&
        onlyTheUserCanSettle(net, customer, prior)
      )
        return { key, prior, outcome: answeredInReport(net, prepared, row, key) };
      // (A row whose keys are in flight or of unknown outcome is looked up: a create under them may have landed.)
      const reported = prior === undefined ? knownByReportedId(net, prepared) : undefined;
      return reported ? { key, prior, outcome: reported } : { key, prior };
    }
    const [byEmail, byCustomerId] = net.journal?.customerIds(key) ?? [];
    if (byEmail !== undefined && byCustomerId !== undefined) {
      return { key, prior, conflict: twoCustomersIssue(net.target.label, byEmail, byCustomerId) };
    }
    const changed = otherKeyChanged(net, { key, row: row.row, customerId: prior.customerId }, prior);
    if (prepared.kind === 'done') {
      // This import's journal confirms it: with the id the journal holds, not one a report may have been
      // given elsewhere (a --sandbox trial's) or edited to.
      const warnings = changed ? [...prepared.outcome.warnings, changed] : prepared.outcome.warnings;
      return { key, prior, outcome: { ...prepared.outcome, customerId: prior.customerId, warnings } };
    }
    const note: Issue = {
      code: 'already_exists',
      message: `${prior.state} by an earlier import into this tenant (id ${prior.customerId}); not sent again`,
    };
    const changedToo = changed ? [changed] : [];
    // As the first run reported it: a skipped row's reason is its error code; a created row has none.
    const outcome =
      prior.state === 'skipped'
        ? outcomeOf(row, 'skipped', [note], [...prepared.warnings, ...changedToo], prior.customerId)
        : outcomeOf(row, 'created', [], [...prepared.warnings, note, ...changedToo], prior.customerId);
    return { key, prior, outcome };
  };
}

/**
 * A row the journal knows by one key, whose other key is not the one the customer was recorded with (Beta's
 * Customer ID on Alpha's e-mail, or a Customer ID added to a row created without one): it is that customer, as
 * the README's rule says (fixing a typo in one key must never create a customer twice), but not without a word,
 * since the platform's customer keeps its own value, or none (said once: see other-key-once.ts). Only a row with
 * both keys can tell.
 */
function otherKeyChanged(
  net: NetContext,
  known: KnownRow,
  prior: Extract<JournalState, { customerId: string }>,
): Issue | undefined {
  const how = prior.state === 'skipped' ? 'found' : 'created';
  return warnOnceOfOtherKey(net.journal, known, net.journal?.otherKeyChanged(known.key), (change) =>
    keepsOtherKey(net.target, known.customerId, change, how),
  );
}

/** The journal says an earlier run created the row, or skipped it as already there (with its id either way). */
const isDone = (prior: JournalState | undefined): prior is Extract<JournalState, { customerId: string }> =>
  prior?.state === 'created' || prior?.state === 'skipped';
