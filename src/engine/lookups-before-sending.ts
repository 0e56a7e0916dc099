/**
 * The lookups made before sending, in batches: rows --skip-existing checks, a report's created rows this
 * import has no record of, and rows known only by a Customer ID on a target that finds customers by it. One
 * batch settles many rows; what each row then becomes is the pipeline's to say.
 */
import type { Customer, Issue, Outcome, SourceRow } from '../model.js';
import type { FoundCustomer, LookupKey } from '../targets/target.js';
import { plural } from '../util/counts.js';
import { type NetContext, stopTheRun } from './context.js';
import type { CreateJob } from './create.js';
import { type FoundId, lookupForms, lookupKeysFor, lookupValues, WITHOUT_ID } from './lookup.js';
import { lookupBatches } from './lookup-batches.js';
import { normalise, otherKeyUnconfirmed } from './platform-keys.js';

/** A prepared row waiting for a concurrency slot, or for a batch of lookups before it. */
export interface Waiting {
  seq: number;
  row: SourceRow;
  job: Omit<CreateJob, 'row'> & { warnings: Issue[] };
  /** A report's created or skipped row this import has no record of: the outcome the report gave it. */
  asReported?: Outcome;
}

/** The customer a lookup before sending took a row for, and the key that found it. */
export type Matched = { by: LookupKey; customer: FoundCustomer };

/**
 * A row with a Customer ID and no e-mail, for a target that finds customers by Customer ID (Zenskar): it is
 * looked up first, as --skip-existing would, and skipped if there. Zenskar refuses a second customer with an
 * e-mail it has, but not one with a Customer ID it has: a customer created outside this tenant's journal (its
 * web form, another state folder, a lookup of another row of this run) was created again. One lookup per 50
 * such rows (more when their Customer IDs are long: see lookupBatches).
 */
export function knownByCustomerIdOnly(net: NetContext, customer: Customer): boolean {
  return (
    !customer.email &&
    customer.externalId !== undefined &&
    net.target.lookup?.keys.includes('external_id') === true
  );
}

/**
 * One batch of lookups before sending (--skip-existing, a report's rows no journal knows, Customer-ID-only rows
 * on Zenskar): by e-mail first, then by Customer ID for those not found, for a report's rows found by e-mail,
 * and for rows found by e-mail whose customer holds another Customer ID (`conflicts` gets those the two keys
 * find as two customers; `matched`, the customer each row was taken for). A lookup that fails gives its own issue:
 * what it makes of each row (never sent, or a report's create left unchecked) is the pipeline's to say.
 */
export async function findExisting(
  net: NetContext,
  rows: Waiting[],
  conflicts: Map<Waiting, readonly [byEmail: string, byCustomerId: string]>,
  matched: Map<Waiting, Matched>,
  skipExisting: boolean,
): Promise<Map<Waiting, FoundId> | Issue | 'stopped'> {
  const found = new Map<Waiting, FoundId>();
  // A report's row found by e-mail is looked up by its Customer ID too: with e-mails swapped between two rows,
  // each was taken for the other's customer, silently (its journal would have told; a lookup must ask). So is
  // any row whose customer found by e-mail holds another Customer ID, or none: that ID may be another customer's.
  const checkBoth = (w: Waiting) => {
    const m = matched.get(w);
    return (
      w.job.earlier === 'report' || (m !== undefined && otherKeyUnconfirmed(w.job.customer, m.customer, m.by))
    );
  };
  for (const key of ['email', 'external_id'] as const) {
    const candidates = rows
      .filter((w) => !found.has(w) || (key === 'external_id' && checkBoth(w)))
      .flatMap((w) =>
        lookupKeysFor(net, w.job.customer)
          .filter((k) => k.key === key)
          .flatMap((k) => lookupForms(key, k.value).map((value) => ({ w, value }))),
      );
    if (candidates.length === 0) continue;
    const max = net.target.lookup?.maxBatch ?? 1;
    for (const batch of lookupBatches([...new Set(candidates.map((c) => c.value))], max)) {
      // A stop ends the batch's lookups: its rows are not_attempted.
      if (net.stop.stopped) return 'stopped';
      const customers = new Map<string, FoundCustomer>();
      const result = await lookupValues(net, key, batch, undefined, customers);
      if (!(result instanceof Map)) {
        if (result.stopped) return 'stopped';
        if (result.abort) stopTheRun(net, result.issue);
        // Every row of the batch waited on a server that could not be reached: they count for the stop.
        else if (result.refused && net.reach?.refused(rows.length, result.notHttp)) {
          net.reach.stopRun(net.stop, net.target.label, result.issue.message);
        } else if (result.unanswered && net.reach?.gaveUp()) {
          net.reach.stopRun(net.stop, net.target.label, result.issue.message, {
            who: lookupOf(rows, skipExisting),
            tries: net.retries + 1,
            timedOut: result.timedOut === true,
          });
        }
        return result.issue;
      }
      for (const c of candidates) {
        const normalised = normalise(key, c.value);
        const id = result.get(normalised);
        if (id === undefined) continue;
        const first = found.get(c.w);
        if (first === undefined || first === WITHOUT_ID) {
          found.set(c.w, id);
          const customer = customers.get(normalised);
          if (customer) matched.set(c.w, { by: key, customer });
        }
        // Two customers only when the e-mail found one and the Customer ID another: twins under one Customer ID
        // (in its two Unicode forms) are the first found. Without an id, two finds cannot be told apart.
        else if (
          id !== WITHOUT_ID &&
          first !== id &&
          key === 'external_id' &&
          matched.get(c.w)?.by === 'email'
        )
          conflicts.set(c.w, [first, id]);
      }
    }
  }
  return found;
}

/**
 * The first row a batch's answer fails, as the pipeline will when it puts the batch's rows: one whose e-mail and
 * Customer ID the lookups found as two customers (`conflicts`), or a report's row found as the customer another
 * row of the run claims (`claimFound`: see one-row-per-customer.ts). Asked as the answer comes, so that
 * --fail-fast stops before any row of the batch is sent.
 */
export function firstRowFailedBy(
  rows: readonly Waiting[],
  found: ReadonlyMap<Waiting, FoundId>,
  conflicts: ReadonlyMap<Waiting, unknown>,
  claimFound: (row: number, customerId: string) => number | undefined,
): number | undefined {
  let failed: number | undefined;
  for (const w of rows) {
    const hit = found.get(w);
    const fails = conflicts.has(w)
      ? w.row.row
      : w.job.earlier === 'report' && typeof hit === 'string'
        ? claimFound(w.row.row, hit)
        : undefined;
    if (fails !== undefined) failed = Math.min(failed ?? fails, fails);
  }
  return failed;
}

/**
 * What a batch of lookups before sending was, for the message of the stop it causes: rows --skip-existing
 * checks, or without it rows known only by their Customer ID (looked up on Zenskar: see knownByCustomerIdOnly),
 * and a report's rows this import has no record of. (It said "the --skip-existing lookup" of them all, with or
 * without the flag.)
 */
export function lookupOf(rows: readonly Waiting[], skipExisting: boolean): string {
  const fromReport = rows.filter((w) => w.job.earlier === 'report').length;
  const others = rows.length - fromReport;
  const reportRows = `${plural(fromReport, 'row')} the imported report says an earlier run created`;
  if (fromReport === 0 && skipExisting) return `the --skip-existing lookup of ${plural(others, 'row')}`;
  const parts: string[] = [];
  if (others > 0) {
    parts.push(
      skipExisting
        ? `${plural(others, 'row')} for --skip-existing`
        : `${plural(others, 'row')} with a Customer ID and no e-mail`,
    );
  }
  if (fromReport > 0) parts.push(reportRows);
  return `the lookup before sending of ${parts.join(' and of ')}`;
}
