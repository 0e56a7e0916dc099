/**
 * How a row's create ends without a customer id (refused, given up on, or stopped between its tries): what the
 * journal says of it and what the row is told, one rule for every way it ends. After a create of this run that got
 * no clear answer, which may still land, the row is not "certainly not created": the journal says "unknown", so
 * that the next import looks it up before sending it, and the row's message says how many creates went out and what
 * to search for. (Journaled "failed" after a re-send's 401, the next import sent the row blindly, the platform
 * refused the e-mail the first create had taken, and the row ended duplicate_email on every import; reported
 * not_attempted at a stop, importing the report with --no-resume sent it again.)
 */
import type { Customer, Issue } from '../model.js';
import type { Journal } from '../state/journal.js';
import type { Target } from '../targets/target.js';
import { gaveUpAfterUnanswered, type Unanswered } from './unanswered-creates.js';

type Platform = Pick<Target, 'label' | 'storesKeys' | 'uniqueKeys'>;

/** The row whose create ends, and where its end is recorded. */
export interface EndingRow {
  target: Platform;
  journal: Journal | undefined;
  customer: Customer;
  key: string;
  row: number;
}

type EndWithoutCustomer = { kind: 'failed'; issue: Issue } | { kind: 'not_attempted'; note?: Issue };

/** After creates of this run with no clear answer (`sent`): `issue`, saying one may still land; journaled unknown. */
function mayStillLand(end: EndingRow, sent: Unanswered, issue: Issue): EndWithoutCustomer {
  end.journal?.unknown(end.key, end.row);
  const message = `${issue.message}${gaveUpAfterUnanswered(end.target, end.customer, sent)}`;
  return { kind: 'failed', issue: { ...issue, message } };
}

/**
 * A row refused (a 4xx, a 401, a TLS handshake) or given up on (its tries used up): `issue`, with what `sent`
 * (this run's creates with no clear answer, if any) leaves to do. `journaled`: the journal already says
 * "failed" (a retry's safe answer was recorded as it came), so a line would only repeat it.
 */
export function refusedOrGivenUp(
  end: EndingRow,
  issue: Issue,
  sent: Unanswered | undefined,
  journaled = false,
): EndWithoutCustomer {
  if (sent) return mayStillLand(end, sent, issue);
  if (!journaled) end.journal?.failed(end.key, end.row);
  return { kind: 'failed', issue };
}

/**
 * A row the run stopped before it was sent (again). Certainly not created (`sent` undefined), it is not_attempted
 * with what its last try got (`last`), if it had one (it was `failed` with that answer: a 503 the run was still
 * waiting out at Ctrl-C read as a row the platform had refused); `lookedUp`: a lookup found no such customer;
 * `journal`: say "failed" (else the journal already does, or the row never went out). After creates of this run
 * with no clear answer (`sent`), it is unknown_outcome, and the journal says "unknown".
 */
export function stoppedBetweenTries(
  end: EndingRow,
  last: Issue | undefined,
  sent: Unanswered | undefined,
  { lookedUp = false, journal = false } = {},
): EndWithoutCustomer {
  if (sent) {
    const message = `${(last ?? sent.issue).message}; not tried again because the run stopped`;
    return mayStillLand(end, sent, { code: 'unknown_outcome', message });
  }
  if (journal) end.journal?.failed(end.key, end.row);
  if (!last) return { kind: 'not_attempted' };
  const label = end.target.label;
  return {
    kind: 'not_attempted',
    note: {
      code: last.code,
      message: `${last.message}; not tried again because the run stopped, and ${lookedUp ? `a lookup found it is not in ${label}` : `${label} did not create it`}: importing this run's report sends it`,
    },
  };
}
