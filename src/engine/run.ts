/**
 * The pipeline: rows stream in, are prepared (validated, de-duplicated), skipped if an earlier run did them,
 * optionally looked up in batches (--skip-existing), and created through one p-limit. Outcomes leave in
 * input order through an OrderedSink; reading pauses while too many rows are unfinished, so memory stays
 * flat whatever the file size. The engine prints nothing: it calls onOutcome and onProgress. This file is the
 * flow: it reads each row and says where it goes. What it asks of each row has modules of its own: the journal
 * (journal-view.ts), an imported report (reported-rows.ts), the lookups before sending (lookups-before-sending.ts;
 * a batch's answer: batch-before-sending.ts), the rule that one customer is one row (one-row-per-customer.ts) and
 * when to let the event loop turn (event-loop-turns.ts); and what it does with them too: the ordered output and
 * the --fail-fast stop (ordered-output.ts), the slots and the window (slots.ts), the send path (send-one.ts) and
 * the rows --fail-fast holds behind lookups (fail-fast-holds.ts).
 */
import { InputReadError } from '../errors.js';
import { createBatchLookup } from './batch-before-sending.js';
import { RunStop } from './context.js';
import { earlierCreateOf, unknownWithoutLookup, unsettledAtStop } from './earlier-create.js';
import { afterAnswersRead, ROWS_PER_TURN } from './event-loop-turns.js';
import { createFailFastHolds } from './fail-fast-holds.js';
import { journalReader } from './journal-view.js';
import { lookupKeysFor } from './lookup.js';
import { knownByCustomerIdOnly, type Waiting } from './lookups-before-sending.js';
import type { EngineOptions, EngineResult } from './options.js';
import { createOrderedOutput } from './ordered-output.js';
import { createPreparer } from './prepare.js';
import { unconfirmedByJournal } from './reported-rows.js';
import { createSendOne } from './send-one.js';
import { createSlots } from './slots.js';
import { unreadRest } from './unread-rows.js';

export async function runEngine(opts: EngineOptions): Promise<EngineResult> {
  const stop = opts.net?.stop ?? opts.stop ?? new RunStop();
  const output = createOrderedOutput(opts, stop);
  const { sink, counts, put, finish, putUnchecked } = output;
  const prepare = createPreparer({
    target: opts.target,
    includeExample: opts.includeExample,
    fieldColumns: opts.fieldColumns,
  });
  const net = opts.net;
  const slotsAndWindow = createSlots(opts.concurrency, sink);
  const { slots, window, readyMax, onSlotTaken, inFlight, unlessBroken, throwIfBroken } = slotsAndWindow;
  const sendOne = createSendOne(net, slotsAndWindow, output);
  const holds = createFailFastHolds(slotsAndWindow, sendOne);
  const { sendAfterLookups } = holds;
  const lookUpBatch = createBatchLookup(opts, net, stop, slotsAndWindow, output, holds);

  // --skip-existing, and a report's created rows this import has no record of: rows wait here until a batch
  // is full, then one lookup settles them all.
  let batch: Waiting[] = [];
  /** --fail-fast: rows to send behind the batch filling wait for its answer (see fail-fast-holds.ts). */
  let heldForBatch: Waiting[] = [];
  const send = (w: Waiting) => {
    if (opts.failFast && batch.length > 0) heldForBatch.push(w);
    else sendAfterLookups(w);
  };
  const flushBatch = () => {
    const rows = batch;
    const held = heldForBatch;
    batch = [];
    heldForBatch = [];
    if (rows.length > 0) lookUpBatch(rows, held);
  };
  const maxBatch = net?.target.lookup?.maxBatch ?? 1;
  /** A row to look up before it is sent: the batch is looked up once full. */
  const toBatch = (w: Waiting) => {
    batch.push(w);
    if (batch.length >= maxBatch) flushBatch();
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
            toBatch({ seq, row, job, asReported: prepared.outcome });
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
              toBatch(w);
            } else {
              send(w);
            }
          }
        }
      }
      if (slots.pendingCount >= readyMax) {
        while (slots.pendingCount >= readyMax) {
          await unlessBroken(new Promise<void>(onSlotTaken));
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
  const result: EngineResult = { rows: output.rowsDone(), counts };
  if (stop.reason) result.stopped = { reason: stop.reason, message: stop.message ?? stop.reason };
  const unchecked = output.unchecked();
  if (unchecked > 0) result.unchecked = unchecked;
  return result;
}
