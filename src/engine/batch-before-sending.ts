/**
 * One batch of rows waiting for a lookup before sending (--skip-existing, a report's created rows this import has
 * no record of, rows known only by a Customer ID): one lookup, in a concurrency slot, settles them all, and each
 * row becomes what its answer makes it: found, skipped (a report's row, created, as it said); two customers,
 * failed; not there, sent; the lookup failed, not sent (a report's row, unknown, or left as it said when the run
 * stopped). Which rows wait in a batch is run.ts's to say; how they are looked up, lookups-before-sending.ts's.
 */
import type { Issue } from '../model.js';
import { rowKey } from '../state/row-keys.js';
import type { NetContext, RunStop } from './context.js';
import { FOUND_BY_LOOKUP, stillUnknown } from './create.js';
import type { FailFastHolds } from './fail-fast-holds.js';
import { notSentForFailedLookup, WITHOUT_ID } from './lookup.js';
import { findExisting, firstRowFailedBy, type Matched, type Waiting } from './lookups-before-sending.js';
import type { EngineOptions } from './options.js';
import type { OrderedOutput } from './ordered-output.js';
import { foundWithOtherKey } from './other-key-once.js';
import { asHeld, twoCustomersIssue } from './platform-keys.js';
import type { Slots } from './slots.js';

/** Returns what looks up a batch's rows (`held`: the rows --fail-fast held behind it) and settles each. */
export function createBatchLookup(
  opts: Pick<EngineOptions, 'failFast' | 'skipExisting'>,
  net: NetContext | undefined,
  stop: RunStop,
  { limit, track }: Slots,
  { stopIfFailFast, finish, putUnchecked, oneRowPerCustomer }: OrderedOutput,
  { holdUntilAnswered, senderAfterEarlierBatches }: FailFastHolds,
): (rows: Waiting[], held: Waiting[]) => void {
  // A lookup that failed as the run stopped (a 401, a server not there, Ctrl-C) leaves its rows not_attempted:
  // nothing was sent for them, and the summary says why the run stopped. Marking each `failed` made one
  // rejected lookup look like 100 rejected rows. Under --fail-fast the failed lookup is the first failed row.
  const stoppedByOtherThanFailFast = () => stop.stopped && stop.reason !== 'fail-fast';

  return (rows, held) => {
    const first = rows[0];
    if (first === undefined || !net) return;
    const conflicts = new Map<Waiting, readonly [string, string]>();
    const matched = new Map<Waiting, Matched>();
    const sendFromBatch = senderAfterEarlierBatches(opts.failFast);
    const answered = limit(async () => {
      // A batch that waited for its turn while the run stopped looks nothing up.
      if (stop.stopped) return 'stopped' as const;
      const found = await findExisting(net, rows, conflicts, matched, opts.skipExisting);
      // Before the slot is released, as in sendOne, and before any row of the batch is put or sent (rows before
      // the failed one were created after it was known).
      const failed =
        found instanceof Map
          ? firstRowFailedBy(rows, found, conflicts, oneRowPerCustomer.claimFound)
          : first.row.row;
      if (failed !== undefined) stopIfFailFast(failed);
      return found;
    });
    if (opts.failFast) holdUntilAnswered(answered, held);
    track(
      answered.then(async (found) => {
        for (const w of rows) {
          const hit = found instanceof Map ? found.get(w) : undefined;
          const fromReport = w.job.earlier === 'report';
          const twoCustomers = conflicts.get(w);
          if (twoCustomers) {
            await finish(
              w.seq,
              w.row,
              'failed',
              [twoCustomersIssue(net.target.label, ...twoCustomers)],
              w.job.warnings,
            );
            continue;
          }
          if (hit === WITHOUT_ID) {
            // There, so not sent; without its id, it cannot be reported (or journaled) as that customer. The
            // journal says unknown: the next import, with --skip-existing or not, looks it up before sending (a
            // second Zenskar customer with its Customer ID was made otherwise).
            net.journal?.unknown(w.job.key, w.row.row);
            const note: Issue = {
              code: 'already_exists',
              message: `already in ${net.target.label}, but the lookup's answer held no id zcust could read; not sent`,
            };
            await finish(w.seq, w.row, 'skipped', [note], w.job.warnings);
            continue;
          }
          if (
            fromReport &&
            w.asReported &&
            !(found instanceof Map) &&
            (found === 'stopped' || stoppedByOtherThanFailFast())
          ) {
            // Not looked up (or the look failed as the run stopped: a 401, Ctrl-C): as the report said, to be
            // checked again. Not a look that failed in a --fail-fast run, which stops it there: kept `created`,
            // its rows carried the server's error nowhere; they fail below, as they do without the flag.
            await putUnchecked(w.seq, w.asReported);
            continue;
          }
          // Recorded with the keys the customer holds, and said so where the row's other key differs.
          const m = matched.get(w);
          const heldKey = m ? rowKey(asHeld(w.job.customer, m.customer, net.target.storesKeys)) : w.job.key;
          const changed =
            m && typeof hit === 'string'
              ? foundWithOtherKey(
                  net,
                  { key: w.job.key, row: w.row.row, customerId: hit },
                  w.job.customer,
                  m.customer,
                  m.by,
                )
              : undefined;
          const changedToo = changed ? [changed] : [];
          if (found instanceof Map && hit !== undefined && fromReport) {
            // As the report said: created, by an earlier run this import had no record of until now.
            net.journal?.created(heldKey, w.row.row, hit);
            await finish(
              w.seq,
              w.row,
              'created',
              [],
              [...w.job.warnings, FOUND_BY_LOOKUP, ...changedToo],
              hit,
            );
          } else if (found instanceof Map && hit !== undefined) {
            net.journal?.skipped(heldKey, w.row.row, hit);
            const note: Issue = {
              code: 'already_exists',
              message: `already in ${net.target.label} (id ${hit}); not sent`,
            };
            await finish(w.seq, w.row, 'skipped', [note], [...w.job.warnings, ...changedToo], hit);
          } else if (
            found !== 'stopped' &&
            !(found instanceof Map) &&
            !stoppedByOtherThanFailFast() &&
            (!fromReport || stop.stopped)
          ) {
            // A report's row: what its own look gives it without --fail-fast (its create may have landed, so
            // unknown_outcome, which the next import looks up before sending; "not sent" would have it sent blindly).
            const issue = fromReport
              ? stillUnknown(net, found, false, undefined)
              : notSentForFailedLookup(net, found);
            await finish(w.seq, w.row, 'failed', [issue], w.job.warnings);
          } else if (stop.stopped) {
            await finish(w.seq, w.row, 'not_attempted', [], w.job.warnings);
          } else if (found instanceof Map && fromReport) {
            // Looked up and not there: sent without another lookup.
            const { earlier: _absent, ...job } = w.job;
            sendFromBatch({ ...w, job });
          } else {
            // (A report's row whose batch lookup failed is looked up again on its own, with its retries.)
            sendFromBatch(w);
          }
        }
      }),
    );
  };
}
