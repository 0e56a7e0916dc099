/**
 * The pipeline: rows stream in, are prepared (validated, de-duplicated), skipped if an earlier run did them,
 * optionally looked up in batches (--skip-existing), and created through one p-limit. Outcomes leave in
 * input order through an OrderedSink; reading pauses while too many rows are unfinished, so memory stays
 * flat whatever the file size. The engine prints nothing: it calls onOutcome and onProgress. This file is the
 * flow; what it asks of each row has modules of its own: the journal (journal-view.ts), an imported report
 * (reported-rows.ts), the lookups before sending (lookups-before-sending.ts), the rule that one customer is one
 * row (one-row-per-customer.ts) and when to let the event loop turn (event-loop-turns.ts).
 */
import pLimit from 'p-limit';
import { InputReadError } from '../errors.js';
import type { Issue, Outcome, SourceRow, Status } from '../model.js';
import type { ToldNote } from '../state/journal-lines.js';
import { rowKey } from '../state/row-keys.js';
import type { Target } from '../targets/target.js';
import { type NetContext, RunStop } from './context.js';
import { type CreateOutcome, createCustomer, FOUND_BY_LOOKUP, stillUnknown } from './create.js';
import { earlierCreateOf, unknownWithoutLookup, unsettledAtStop } from './earlier-create.js';
import { afterAnswersRead, ROWS_PER_TURN } from './event-loop-turns.js';
import { type Counts, emptyCounts, outcomeOf, outcomeOfCreate } from './events.js';
import { journalReader } from './journal-view.js';
import { lookupKeysFor, notSentForFailedLookup, WITHOUT_ID } from './lookup.js';
import {
  findExisting,
  firstRowFailedBy,
  knownByCustomerIdOnly,
  type Matched,
  type Waiting,
} from './lookups-before-sending.js';
import { createOneRowPerCustomer } from './one-row-per-customer.js';
import { OrderedSink } from './ordered.js';
import { foundWithOtherKey, notesOf } from './other-key-once.js';
import { asHeld, twoCustomersIssue } from './platform-keys.js';
import { createPreparer } from './prepare.js';
import { uncheckedAsReported, unconfirmedByJournal } from './reported-rows.js';
import { unreadRest } from './unread-rows.js';

export interface EngineOptions {
  mode: 'validate' | 'import';
  rows: AsyncIterable<SourceRow>;
  target: Target;
  includeExample: boolean;
  /** The template columns every row's fields are limited to (InputSource.fieldColumns), when known. */
  fieldColumns?: readonly string[];
  failFast: boolean;
  skipExisting: boolean;
  concurrency: number;
  /** Present for imports. */
  net?: NetContext;
  stop?: RunStop;
  /** Returns a promise only when the next outcome must wait (a report's buffer is full). */
  onOutcome: (outcome: Outcome) => Promise<void> | void;
  /**
   * Takes the notes that the outcome handed to onOutcome `position`th (from 1) told its row of its other key (see
   * other-key-once.ts), before it is handed: to write them once the reports hold it (see held-notes.ts). Without
   * it, nothing waits for a report, and they are written to the journal at once.
   */
  keepNotes?: (notes: readonly ToldNote[], position: number) => void;
  /** `rowsRead`: rows taken from the input so far, done or not (the reader runs ahead of the requests). */
  onProgress?: (rowsDone: number, counts: Counts, rowsRead: number) => void;
}

export interface EngineResult {
  rows: number;
  counts: Counts;
  stopped?: { reason: string; message: string };
  /** A report's created or skipped rows the run stopped before it could check (see uncheckedAsReported). */
  unchecked?: number;
}

export async function runEngine(opts: EngineOptions): Promise<EngineResult> {
  const stop = opts.net?.stop ?? opts.stop ?? new RunStop();
  /**
   * --fail-fast: the first row known to fail stops the run, whatever failed it (a create, a lookup, a journal or a
   * lookup finding two customers, one customer claimed by two rows), the moment it is known. Every outcome passes
   * here (see put): a path that marked its row failed without stopping let the import go on creating every later
   * row. The message names the row that stopped it, not "the first failed row": rows in flight together fail in
   * any order, and an earlier row may fail after it (its own outcome is in the report).
   */
  const stopIfFailFast = (row: number) => {
    if (opts.failFast) {
      stop.stop('fail-fast', `stopped when row ${row} failed, because of --fail-fast`);
    }
  };
  const counts = emptyCounts();
  let rowsDone = 0;
  // Claimed as outcomes are put (see put), decided as they leave, in input order, whatever order the lookups
  // answered in.
  const oneRowPerCustomer = createOneRowPerCustomer(opts.net);
  const keepNotes = opts.keepNotes ?? ((notes) => opts.net?.journal?.toldOtherKey(notes));
  const sink: OrderedSink = new OrderedSink((produced): Promise<void> | undefined => {
    const outcome = oneRowPerCustomer.decide(produced);
    counts[outcome.status]++;
    rowsDone++;
    const notes = notesOf(outcome);
    if (notes.length > 0) keepNotes(notes, rowsDone);
    const written = opts.onOutcome(outcome);
    if (written) return written.then(() => opts.onProgress?.(rowsDone, counts, rowsDone + sink.pending));
    opts.onProgress?.(rowsDone, counts, rowsDone + sink.pending);
    return undefined;
  });
  const prepare = createPreparer({
    target: opts.target,
    includeExample: opts.includeExample,
    fieldColumns: opts.fieldColumns,
  });
  const net = opts.net;
  const concurrency = Math.max(1, opts.concurrency);
  const slots = pLimit(concurrency);
  // Enough unfinished rows to keep every connection busy while a slow row holds up the ordered output.
  const window = Math.max(256, concurrency * 32);
  // Rows prepared and waiting for a connection. One per connection refills them all when answers come in
  // together; more would only wait. A whole window of waiting rows (1,024 at concurrency 32) lived long
  // enough to be promoted out of the young generation, so the collector copied them, then marked them.
  const readyMax = concurrency;
  let slotTaken: (() => void) | undefined;
  /** Runs `job` when a concurrency slot is free, and tells the reading loop that one fewer row waits. */
  const limit = <T>(job: () => Promise<T>): Promise<T> =>
    slots(() => {
      const wake = slotTaken;
      slotTaken = undefined;
      wake?.();
      return job();
    });
  const inFlight = new Set<Promise<void>>();
  // A failed request is an outcome. Anything thrown below the engine is not (a bug, a report that cannot be
  // written): it ends the run, and runEngine rejects with it for the CLI's error boundary to explain. Left
  // alone it would crash the process as an unhandled rejection, or its row, never finished, would hold up the
  // ordered output for good.
  let broken: { error: unknown } | undefined;
  // The reading loop waits on one thing at a time: this ends that wait early when the run breaks. (A race
  // with one promise that settles only when the run breaks left a reaction on it per wait: with a JSON or XML
  // report, one per row, and 600,000 rows took 284 MB instead of 168.)
  let endWait: (() => void) | undefined;
  const onBroken = () => endWait?.();
  const unlessBroken = async (wait: Promise<void>) => {
    try {
      await new Promise<void>((resolve, reject) => {
        endWait = resolve;
        wait.then(resolve, reject);
      });
    } finally {
      endWait = undefined;
    }
    throwIfBroken();
  };
  const throwIfBroken = () => {
    const failure = broken ?? sink.failure;
    if (failure) throw failure.error;
  };
  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p
      .catch((error: unknown) => {
        broken ??= { error };
        onBroken();
      })
      .finally(() => inFlight.delete(p));
  };

  /** Stops a --fail-fast run if this outcome fails its row or, a second row of one customer, the rule will. */
  const stopIfFails = (outcome: Outcome) => {
    const failing = outcome.status === 'failed' ? outcome.row : oneRowPerCustomer.claim(outcome);
    if (failing !== undefined) stopIfFailFast(failing);
  };
  /**
   * Every row's outcome goes into the ordered output here, and nowhere else: a failed row stops a --fail-fast run
   * at once, not when the rows before it are done (those still queued are then not sent). So does a second row of
   * one customer, which the rule fails only as it leaves, in input order.
   */
  const put = (seq: number, outcome: Outcome) => {
    stopIfFails(outcome);
    return sink.put(seq, outcome);
  };
  const finish = (
    seq: number,
    row: SourceRow,
    status: Status,
    errors: Issue[],
    warnings: Issue[],
    id?: string,
  ) => put(seq, outcomeOf(row, status, errors, warnings, id));

  const NOT_SENT_HERE: CreateOutcome = { kind: 'not_attempted' };
  // Only the request holds a concurrency slot: the row's bookkeeping (report, progress) runs after the slot
  // is free, so the next request goes out as soon as an answer comes in.
  const sendOne = (w: Waiting): Promise<void> =>
    limit(async () => {
      const created = net ? await createCustomer(net, { ...w.job, row: w.row.row }) : NOT_SENT_HERE;
      const outcome = outcomeOfCreate(w.row, w.job.warnings, created);
      // Decided before the slot is released, so that no further request starts after the first failure (a
      // lookup settling an earlier create may find a customer another row stands for: the slot went to the next
      // create before this row was put).
      stopIfFails(outcome);
      return outcome;
    }).then(async (outcome) => {
      await afterAnswersRead();
      return put(w.seq, outcome);
    });

  // A lookup that failed as the run stopped (a 401, a server not there, Ctrl-C) leaves its rows not_attempted:
  // nothing was sent for them, and the summary says why the run stopped. Marking each `failed` made one
  // rejected lookup look like 100 rejected rows. Under --fail-fast the failed lookup is the first failed row.
  const stoppedByOtherThanFailFast = () => stop.stopped && stop.reason !== 'fail-fast';

  let unchecked = 0;
  /** A report's done row the run stopped before it could check: as the report said, and counted for the summary. */
  const putUnchecked = (seq: number, asReported: Outcome) => {
    unchecked++;
    return put(seq, uncheckedAsReported(asReported));
  };

  // --skip-existing, and a report's created rows this import has no record of: rows wait here until a batch
  // is full, then one lookup settles them all.
  let batch: Waiting[] = [];
  /**
   * --fail-fast: rows to send that come after rows waiting for a lookup before sending wait for its answer too
   * (`heldForBatch` behind the batch filling, `lookupsAnswered` behind those flushed), as --skip-existing's rows
   * wait for their batch. The answer may fail one of those rows (two customers; one customer claimed by two of a
   * report's rows), and the run stops there: sent meanwhile, the rows after it were created after all (a report's
   * batch is looked up when full or at the end of the input, after every row behind it was created).
   */
  let heldForBatch: Waiting[] = [];
  let lookupsAnswered: Promise<void> | undefined;
  const sendAfterLookups = (w: Waiting) => {
    const after = lookupsAnswered;
    track(after ? after.then(() => sendOne(w)) : sendOne(w));
  };
  const send = (w: Waiting) => {
    if (opts.failFast && batch.length > 0) heldForBatch.push(w);
    else sendAfterLookups(w);
  };
  /** --fail-fast: rows sent from now on wait for `answered` too, and so do the rows held behind its batch. */
  const holdUntilAnswered = (answered: Promise<unknown>, held: readonly Waiting[]) => {
    const noLongerHeld = () => {
      if (lookupsAnswered === answeredToo) lookupsAnswered = undefined;
    };
    // (A lookup that throws breaks the run through track, below.)
    const answeredToo = Promise.all([lookupsAnswered, answered]).then(noLongerHeld, noLongerHeld);
    lookupsAnswered = answeredToo;
    for (const w of held) sendAfterLookups(w);
  };
  const flushBatch = () => {
    const rows = batch;
    const held = heldForBatch;
    batch = [];
    heldForBatch = [];
    const first = rows[0];
    if (first === undefined || !net) return;
    const conflicts = new Map<Waiting, readonly [string, string]>();
    const matched = new Map<Waiting, Matched>();
    // --fail-fast: the batch's rows found absent wait for the batches before it, as the rows behind it do: with
    // two connections a later batch answered first had its rows created before an earlier one's answer stopped
    // the run.
    const earlierLookups = opts.failFast ? lookupsAnswered : undefined;
    const sendFromBatch = (w: Waiting) =>
      track(earlierLookups ? earlierLookups.then(() => sendOne(w)) : sendOne(w));
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

  // After a stop, rows an earlier run did are still reported as done, with their ids (see fromJournal), and rows
  // it may have created are not not_attempted (see unsettledAtStop).
  const resumed = net?.journal?.resumed;
  const knowsEarlierRuns =
    resumed !== undefined && resumed.created + resumed.skipped + resumed.inFlight + resumed.unknown > 0;
  const fromJournal = journalReader();

  let readSinceTurn = 0;
  /** The last row taken from the input: where a read error leaves the report (see InputReadError). */
  let lastRowRead: number | undefined;
  /** Why the input could not be read to its end, and which rows the report lacks. */
  let unreadable: string | undefined;
  try {
    for await (const row of opts.rows) {
      lastRowRead = row.row;
      // Rows already parsed arrive without a turn of the event loop in between. An import lets I/O in every
      // few rows, so that preparing a row for each connection (at the start, or when answers come in together)
      // does not keep answers waiting to be read (the next request goes out as soon as an answer is read).
      if (net && ++readSinceTurn === ROWS_PER_TURN) {
        readSinceTurn = 0;
        await afterAnswersRead();
      }
      const seq = sink.reserve();
      // (A report's row is looked at even then: one it says was created stays so, to be checked next time.)
      if (stop.stopped && !knowsEarlierRuns && row.previous === undefined) {
        // Every row still appears in the report, even those the run never reached.
        void finish(seq, row, 'not_attempted', [], []);
      } else {
        const prepared = prepare(row);
        const known = net && opts.mode === 'import' ? fromJournal(net, prepared, row) : undefined;
        if (known?.outcome) {
          // Done by an earlier run: said so even after a stop (Ctrl-C), which would otherwise make a resumed
          // run's report of created rows one of not_attempted rows without their ids.
          void put(seq, known.outcome);
        } else if (stop.stopped) {
          const asReported = prepared.kind === 'done' && prepared.doneEarlier && !prepared.invalidNow;
          // not_attempted says certainly not created: not of a row an earlier create of which may have landed.
          const unsettled =
            net && known && prepared.kind === 'send'
              ? unsettledAtStop(net, prepared.customer, known.prior, prepared.outcomeUnknown)
              : undefined;
          if (asReported && net && opts.mode === 'import') void putUnchecked(seq, prepared.outcome);
          else if (unsettled)
            void finish(seq, row, 'failed', [unsettled], prepared.kind === 'send' ? prepared.warnings : []);
          else void finish(seq, row, 'not_attempted', [], []);
        } else if (known?.conflict) {
          void finish(
            seq,
            row,
            'failed',
            [known.conflict],
            prepared.kind === 'send' ? prepared.warnings : [],
          );
        } else if (prepared.kind === 'done') {
          const earlier = prepared.doneEarlier;
          if (!net || opts.mode !== 'import' || !earlier || known?.key === undefined) {
            // validate and --dry-run check every row: a report's created row edited into one that no longer
            // passes is invalid, as an import with no record of it finds it (they read no journal).
            if (prepared.invalidNow) void finish(seq, row, 'invalid', prepared.invalidNow, []);
            else void put(seq, prepared.outcome);
          } else if (prepared.invalidNow) {
            // Not known here, and edited since into a row that no longer passes: it is what it is now.
            void finish(seq, row, 'invalid', prepared.invalidNow, []);
          } else if (lookupKeysFor(net, earlier).length > 0) {
            // The report says an earlier run created it, but this import's journal does not: the report may come
            // from a --sandbox trial, another tenant or another state folder. Taken on its word, the customer
            // would be reported created and never exist here. It is looked up first (found: created; not
            // there: sent); where it cannot be, the user is asked to check. In batches, as --skip-existing looks
            // up: one at a time, a report of 1,000 such rows cost 2,000 lookups.
            const key = known.key;
            const job: Waiting['job'] = { customer: earlier, key, warnings: [], earlier: 'report' };
            batch.push({ seq, row, job, asReported: prepared.outcome });
            if (batch.length >= (net.target.lookup?.maxBatch ?? 1)) flushBatch();
          } else {
            void finish(seq, row, 'failed', [unconfirmedByJournal(net)], []);
          }
        } else if (opts.mode === 'validate' || !net || known === undefined) {
          void finish(seq, row, 'valid', [], prepared.warnings);
        } else {
          const { key, prior } = known;
          // An earlier run (its journal, or the report this file is) may have created it: look before sending
          // (found with its id, it is that customer; without one again, unknown_outcome, not sent; not there, sent).
          const earlier = earlierCreateOf(net, prepared.customer, prior, prepared.outcomeUnknown);
          const unsettleable =
            earlier === undefined
              ? unknownWithoutLookup(net, prepared.customer, prior, prepared.outcomeUnknown)
              : undefined;
          if (unsettleable) {
            void finish(seq, row, 'failed', [unsettleable], prepared.warnings);
          } else {
            const w: Waiting = {
              seq,
              row,
              job: { customer: prepared.customer, key, warnings: prepared.warnings, ...earlier },
            };
            if ((opts.skipExisting || knownByCustomerIdOnly(net, prepared.customer)) && !earlier) {
              batch.push(w);
              if (batch.length >= (net.target.lookup?.maxBatch ?? 1)) flushBatch();
            } else {
              send(w);
            }
          }
        }
      }
      if (slots.pendingCount >= readyMax) {
        while (slots.pendingCount >= readyMax) {
          await unlessBroken(
            new Promise<void>((resolve) => {
              slotTaken = resolve;
            }),
          );
        }
        // Woken by an answer whose row's slot went to the next create: other answers read in the same poll
        // come first (see afterAnswersRead), then the rows to send after them are prepared.
        if (net) await afterAnswersRead();
      }
      if (sink.pending >= window) {
        // Rows held for a lookup batch may be what the window is waiting on: send the batch as it is.
        flushBatch();
        while (sink.pending >= window) await unlessBroken(sink.progress());
      }
      throwIfBroken();
    }
  } catch (error) {
    // The input cannot be read further (a failing disk): the rows read are done as usual (the stop comes once
    // they are, or those not sent yet would be not_attempted beside rows not in the report at all), and the run
    // ends there as stopped. Thrown on, it ended the run with no JSON or XML report at all.
    if (!(error instanceof InputReadError)) throw error;
    unreadable = unreadRest(error.message, lastRowRead);
  }
  flushBatch();
  while (inFlight.size > 0) await Promise.all([...inFlight]);
  throwIfBroken();
  await sink.drained();
  if (unreadable !== undefined) stop.stop('cannot-read', unreadable);
  const result: EngineResult = { rows: rowsDone, counts };
  if (stop.reason) result.stopped = { reason: stop.reason, message: stop.message ?? stop.reason };
  if (unchecked > 0) result.unchecked = unchecked;
  return result;
}
