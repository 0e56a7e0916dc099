/**
 * The pipeline: rows stream in, are prepared (validated, de-duplicated), skipped if an earlier run did them,
 * optionally looked up in batches (--skip-existing), and created through one p-limit. Outcomes leave in
 * input order through an OrderedSink; reading pauses while too many rows are unfinished, so memory stays
 * flat whatever the file size. The engine prints nothing: it calls onOutcome and onProgress.
 */
import pLimit from 'p-limit';
import { InputReadError } from '../errors.js';
import type { Customer, Issue, Outcome, SourceRow, Status } from '../model.js';
import { createRowKeys, firstKeyOf, type JournalState, rowKey } from '../state/journal.js';
import type { FoundCustomer, LookupKey, Target } from '../targets/target.js';
import { plural } from '../util/counts.js';
import { HashRowIndex, hash53 } from '../util/hash-index.js';
import { type NetContext, RunStop, stopTheRun } from './context.js';
import {
  type CreateJob,
  type CreateOutcome,
  createCustomer,
  FOUND_BY_LOOKUP,
  foundByLookup,
  whyNoLookup,
} from './create.js';
import { type Counts, createdEarlier, emptyCounts, outcomeOf } from './events.js';
import {
  canSettle,
  type FoundId,
  lookupForms,
  lookupKeysFor,
  lookupValues,
  notSentForFailedLookup,
  type SentWith,
  WITHOUT_ID,
} from './lookup.js';
import { lookupBatches } from './lookup-batches.js';
import { OrderedSink } from './ordered.js';
import {
  asHeld,
  keepsOtherKey,
  normalise,
  otherKeyDiffers,
  otherKeyUnconfirmed,
  twoCustomersIssue,
} from './platform-keys.js';
import { createPreparer, type Prepared } from './prepare.js';

/** What the journal (or else the report) says of an earlier create of this row: which lookups settle it. */
function earlierSentWith(prior: JournalState | undefined, customer: Customer): SentWith {
  if (prior?.state !== 'sending') return 'report';
  return prior.byFirstKey ? firstKeyOf(customer) : 'any';
}

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

/** What the journal says of one row (see fromJournal in runEngine). */
interface JournalView {
  key: string;
  prior?: JournalState;
  /** The row's outcome, when an earlier run did it. */
  outcome?: Outcome;
  /** Why the row is not sent though the journal knows it: its e-mail is one customer's, its Customer ID another's. */
  conflict?: Issue;
}

interface Waiting {
  seq: number;
  row: SourceRow;
  job: Omit<CreateJob, 'row'> & { warnings: Issue[] };
  /** A report's created or skipped row this import has no record of: the outcome the report gave it. */
  asReported?: Outcome;
}

/**
 * A report's created or skipped row the run stopped before it could check: kept as the report said, so that
 * importing the new report checks it again. Marked not_attempted, it was sent without a look by that import:
 * every Customer-ID-only row of it created twice.
 */
function uncheckedAsReported(outcome: Outcome): Outcome {
  const note: Issue = {
    code: 'already_exists',
    message: `${outcome.status} by an earlier run, as the report says: not checked, because the run stopped first; importing this run's report checks it`,
  };
  return { ...outcome, warnings: [...outcome.warnings.filter((w) => w.code !== 'already_exists'), note] };
}

/**
 * How many rows an import prepares between two turns of the event loop. Measured against a 20 ms sandbox,
 * 4 rather than 16 answered creates ~3% faster (p99 latency 31–34 ms, not 37–41); 1 was faster still at
 * 20 ms but 10% slower with zero latency, where each turn is a poll of the sockets for little.
 */
const ROWS_PER_TURN = 4;

let turnAfterIo: Promise<void> | undefined;
/**
 * Settles in the event loop's next check phase, after its poll of the sockets: once the answers that came in
 * with this one have been read and their next creates sent. One promise for everything that waits in a turn.
 *
 * Creates sent together come back together. Read one after the other, each answer waited for the row work
 * done for those before it: the report's row, the journal's, the next row's checks. Done after the whole
 * batch, that work no longer holds up the next creates (5,000 rows at 20 ms: 1,302 against 1,269 rows/s in five
 * interleaved pairs; a create's round trip 23.1–23.5 ms instead of 23.5–24.5).
 */
const afterAnswersRead = (): Promise<void> => {
  turnAfterIo ??= new Promise<void>((resolve) =>
    setImmediate(() => {
      turnAfterIo = undefined;
      resolve();
    }),
  );
  return turnAfterIo;
};

export async function runEngine(opts: EngineOptions): Promise<EngineResult> {
  const stop = opts.net?.stop ?? opts.stop ?? new RunStop();
  const counts = emptyCounts();
  let rowsDone = 0;
  // Which row of this run each customer an earlier run created (or a lookup found) stands for.
  const claimedBy = new HashRowIndex();
  /**
   * One customer is one row. After the file was edited (an e-mail moved onto another row, a row split in two),
   * one row can match a customer by e-mail and another by Customer ID, through the journal or a lookup: both
   * were reported created with its id, and the second customer was never sent. Decided here, in input order,
   * so that the first row keeps it whatever order the lookups answered in; the second is a conflict, not sent.
   * Only ids a create of this run did not give can be two rows' (they come with an already_exists note);
   * rows --skip-existing skipped may all be the one customer they found.
   */
  const oneRowPerCustomer = (outcome: Outcome): Outcome => {
    if (!net || outcome.customerId === undefined || !claimsEarlierCustomer(outcome)) return outcome;
    const id = hash53(outcome.customerId);
    const earlierRow = claimedBy.get(id);
    if (earlierRow === undefined || earlierRow === outcome.row) {
      claimedBy.set(id, outcome.row);
      return outcome;
    }
    const { customerId, ...rest } = outcome;
    const conflict: Issue = {
      code: 'already_exists',
      message: `its e-mail or Customer ID is that of customer ${customerId}, who is already in ${net.target.label}, and so is row ${earlierRow}'s: one customer cannot be two rows; not sent. Correct this row's e-mail or Customer ID (or row ${earlierRow}'s), and the customer's in ${net.target.label} if they are wrong there`,
    };
    return {
      ...rest,
      status: 'failed',
      errors: [conflict],
      warnings: outcome.warnings.filter((w) => w.code !== 'already_exists'),
    };
  };
  const sink: OrderedSink = new OrderedSink((produced): Promise<void> | undefined => {
    const outcome = oneRowPerCustomer(produced);
    counts[outcome.status]++;
    rowsDone++;
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

  const finish = (
    seq: number,
    row: SourceRow,
    status: Status,
    errors: Issue[],
    warnings: Issue[],
    id?: string,
  ) => sink.put(seq, outcomeOf(row, status, errors, warnings, id));

  const NOT_SENT_HERE: CreateOutcome = { kind: 'not_attempted' };
  // Only the request holds a concurrency slot: the row's bookkeeping (report, progress) runs after the slot
  // is free, so the next request goes out as soon as an answer comes in.
  const sendOne = (w: Waiting): Promise<void> =>
    limit(async () => {
      if (!net) return NOT_SENT_HERE;
      const outcome = await createCustomer(net, { ...w.job, row: w.row.row });
      // Decided before the slot is released, so that no further request starts after the first failure.
      if (outcome.kind === 'failed' && opts.failFast) {
        stop.stop('fail-fast', `stopped at the first failed row (row ${w.row.row}) because of --fail-fast`);
      }
      return outcome;
    }).then(async (outcome) => {
      await afterAnswersRead();
      if (outcome.kind === 'created') {
        const warnings = [...w.job.warnings];
        if (outcome.note) warnings.push(outcome.note);
        if (outcome.changed) warnings.push(outcome.changed);
        return finish(w.seq, w.row, 'created', [], warnings, outcome.customerId);
      }
      if (outcome.kind === 'failed') return finish(w.seq, w.row, 'failed', [outcome.issue], w.job.warnings);
      const warnings = outcome.note ? [...w.job.warnings, outcome.note] : w.job.warnings;
      return finish(w.seq, w.row, 'not_attempted', [], warnings);
    });

  // A lookup that failed as the run stopped (a 401, a server not there, Ctrl-C) leaves its rows not_attempted:
  // nothing was sent for them, and the summary says why the run stopped. Marking each `failed` made one
  // rejected lookup look like 100 rejected rows. Under --fail-fast the failed lookup is the first failed row.
  const stoppedByOtherThanFailFast = () => stop.stopped && stop.reason !== 'fail-fast';

  let unchecked = 0;
  /** A report's done row the run stopped before it could check: as the report said, and counted for the summary. */
  const putUnchecked = (seq: number, asReported: Outcome) => {
    unchecked++;
    return sink.put(seq, uncheckedAsReported(asReported));
  };

  // --skip-existing, and a report's created rows this import has no record of: rows wait here until a batch
  // is full, then one lookup settles them all.
  let batch: Waiting[] = [];
  const flushBatch = () => {
    const rows = batch;
    batch = [];
    if (rows.length === 0 || !net) return;
    const conflicts = new Map<Waiting, readonly [string, string]>();
    const matched = new Map<Waiting, Matched>();
    track(
      limit(async () => {
        // A batch that waited for its turn while the run stopped looks nothing up.
        if (stop.stopped) return 'stopped' as const;
        const found = await findExisting(net, rows, conflicts, matched, opts.skipExisting);
        if (!(found instanceof Map) && opts.failFast) {
          stop.stop(
            'fail-fast',
            `stopped at the first failed row (row ${rows[0]?.row.row}) because of --fail-fast`,
          );
        }
        return found;
      }).then(async (found) => {
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
          if (fromReport && w.asReported && !(found instanceof Map) && stop.stopped) {
            // Not looked up (or the look failed) and the run is over: as the report said, to be checked again.
            await putUnchecked(w.seq, w.asReported);
            continue;
          }
          // Recorded with the keys the customer holds, and said so where the row's other key differs.
          const m = matched.get(w);
          const heldKey = m ? rowKey(asHeld(w.job.customer, m.customer)) : w.job.key;
          const changed = m && otherKeyDiffers(w.job.customer, m.customer, m.by);
          const changedToo =
            changed && typeof hit === 'string' ? [keepsOtherKey(net.target.label, hit, changed, 'held')] : [];
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
            await finish(w.seq, w.row, 'failed', [found], w.job.warnings);
          } else if (stop.stopped) {
            await finish(w.seq, w.row, 'not_attempted', [], w.job.warnings);
          } else if (found instanceof Map && fromReport) {
            // Looked up and not there: sent without another lookup.
            const { earlier: _absent, ...job } = w.job;
            track(sendOne({ ...w, job }));
          } else {
            // (A report's row whose batch lookup failed is looked up again on its own, with its retries.)
            track(sendOne(w));
          }
        }
      }),
    );
  };

  const keyOf = createRowKeys();
  // After a stop, rows an earlier run did are still reported as done, with their ids (see fromJournal).
  const knowsEarlierRuns =
    net?.journal !== undefined && net.journal.resumed.created + net.journal.resumed.skipped > 0;
  /**
   * What this import's journal says of a row: its key (every row asks, in order: see createRowKeys), its
   * earlier state, and the row's outcome when an earlier run did it. A row whose e-mail is one earlier
   * customer's and whose Customer ID is another's is neither (e-mails swapped between two rows, sorted apart):
   * taken as the first, it was reported created with that customer's id, without a word. A report's row whose
   * keys it does not know, but whose customer id it does, is that customer (see knownByReportedId).
   */
  const fromJournal = (net: NetContext, prepared: Prepared, row: SourceRow): JournalView | undefined => {
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
      // (A row whose keys are in flight or of unknown outcome is looked up: a create under them may have landed.)
      const reported = prior === undefined ? knownByReportedId(net, prepared) : undefined;
      return reported ? { key, prior, outcome: reported } : { key, prior };
    }
    const [byEmail, byCustomerId] = net.journal?.customerIds(key) ?? [];
    if (byEmail !== undefined && byCustomerId !== undefined) {
      return { key, prior, conflict: twoCustomersIssue(net.target.label, byEmail, byCustomerId) };
    }
    const changed = otherKeyChanged(net, key, prior);
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
          void sink.put(seq, known.outcome);
        } else if (stop.stopped) {
          const asReported = prepared.kind === 'done' && prepared.doneEarlier && !prepared.invalidNow;
          if (asReported && net && opts.mode === 'import') void putUnchecked(seq, prepared.outcome);
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
            else void sink.put(seq, prepared.outcome);
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
          // What the journal left unknown (a create no lookup could settle, a customer found without an id) is
          // looked up again where every key the create may have carried can be ('any'): found with its id, it is
          // that customer; without one again, unknown_outcome, not sent; not there, sent.
          const unknownLookedUp = prior?.state === 'unknown' && canSettle(net, prepared.customer, 'any');
          if (prior?.state === 'unknown' && prepared.outcomeUnknown !== true && !unknownLookedUp) {
            // (Imported from the report that said so, the row is sent: that import is the user's answer.)
            const issue: Issue = {
              code: 'unknown_outcome',
              message: `an earlier run could not tell whether ${net.target.label} created this customer, and zcust cannot look it up (${whyNoLookup(net, prepared.customer)}): check the tenant; if it is not there, import this run's report, which sends this row and skips the rows created`,
            };
            void finish(seq, row, 'failed', [issue], prepared.warnings);
          } else {
            // An earlier run (its journal, or the report this file is) may have created it: look before sending.
            // Where zcust cannot look (no lookup, or neither key), the report's unknown_outcome told the user to
            // check the tenant before importing the row again, so importing it is their answer.
            const maybeCreated =
              prior?.state === 'sending' ||
              unknownLookedUp ||
              (prepared.outcomeUnknown === true && lookupKeysFor(net, prepared.customer).length > 0);
            const w: Waiting = {
              seq,
              row,
              job: {
                customer: prepared.customer,
                key,
                warnings: prepared.warnings,
                ...(maybeCreated
                  ? unknownLookedUp
                    ? { earlier: 'any', earlierUnknown: true }
                    : {
                        earlier: earlierSentWith(prior, prepared.customer),
                        ...(prior?.state === 'sending' && prior.sentEmail && { sentEmail: prior.sentEmail }),
                      }
                  : {}),
              },
            };
            if ((opts.skipExisting || knownByCustomerIdOnly(net, prepared.customer)) && !maybeCreated) {
              batch.push(w);
              if (batch.length >= (net.target.lookup?.maxBatch ?? 1)) flushBatch();
            } else {
              track(sendOne(w));
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

/** Why the run stopped at a read error, and which rows the report lacks: those the input held after the last read. */
function unreadRest(reason: string, lastRowRead: number | undefined): string {
  return lastRowRead === undefined
    ? `${reason}; no row could be read`
    : `${reason}; the rows after row ${lastRowRead} could not be read, so they are not in the report`;
}

/**
 * A row with a Customer ID and no e-mail, for a target that finds customers by Customer ID (Zenskar): it is
 * looked up first, as --skip-existing would, and skipped if there. Zenskar refuses a second customer with an
 * e-mail it has, but not one with a Customer ID it has: a customer created outside this tenant's journal (its
 * web form, another state folder, a lookup of another row of this run) was created again. One lookup per 50
 * such rows (more when their Customer IDs are long: see lookupBatches).
 */
function knownByCustomerIdOnly(net: NetContext, customer: Customer): boolean {
  return (
    !customer.email &&
    customer.externalId !== undefined &&
    net.target.lookup?.keys.includes('external_id') === true
  );
}

const keyNames = (customer: Customer) =>
  customer.email && customer.externalId
    ? 'e-mail and Customer ID'
    : customer.email
      ? 'e-mail'
      : customer.externalId
        ? 'Customer ID'
        : 'values';

/** The warnings knownByReportedId gives: a skipped row that has one is that customer by its id alone. */
const BY_REPORTED_ID = new WeakSet<Issue>();

/**
 * Whether a row stands for a customer an earlier run created or found (see oneRowPerCustomer): a created row with
 * an already_exists note (the journal, a lookup, the report) or one a lookup found after this run's create got no
 * clear answer, or a report's skipped row known by its id. Other
 * skipped rows do not: rows --skip-existing found may all be the one customer they found.
 */
function claimsEarlierCustomer(outcome: Outcome): boolean {
  if (outcome.status === 'created') return createdEarlier(outcome) || outcome.warnings.some(foundByLookup);
  return outcome.status === 'skipped' && outcome.warnings.some((w) => BY_REPORTED_ID.has(w));
}

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
function knownByReportedId(net: NetContext, prepared: Prepared): Outcome | undefined {
  if (prepared.kind !== 'done' || prepared.doneEarlier === undefined) return undefined;
  const { outcome, doneEarlier: customer } = prepared;
  const id = outcome.customerId;
  if (id === undefined || !UNIQUE_ID.test(id) || !net.journal?.knowsCustomer(id)) return undefined;
  const keys = keyNames(customer);
  const one = keys === 'e-mail' || keys === 'Customer ID';
  const how = customer.externalId
    ? ' (a spreadsheet re-saving the report turns 000777 into 777, 123456789012345678 into 1.23457E+17)'
    : '';
  const did = outcome.status === 'skipped' ? 'found' : 'created';
  const label = net.target.label;
  const changed: Issue = {
    code: 'already_exists',
    message: `the report says this row is customer ${id}, which an earlier import into this tenant ${did}: not sent again. Its ${keys} ${one ? 'differs from the one' : 'differ from those'} that customer was ${did} with${how}, and the customer in ${label} keeps ${one ? 'that one: to change it' : 'those: to change them'}, edit the customer in ${label}`,
  };
  BY_REPORTED_ID.add(changed);
  return { ...outcome, warnings: [...outcome.warnings, changed] };
}

/**
 * A row the journal knows by one key, whose other key differs from the one the customer was recorded with
 * (Beta's Customer ID on Alpha's e-mail): it is that customer, as the README's rule says (fixing a typo in one
 * key must never create a customer twice), but not without a word, since the platform's customer keeps its
 * own value. Only a row with both keys, and a customer recorded with both, can tell.
 */
function otherKeyChanged(
  net: NetContext,
  key: string,
  prior: Extract<JournalState, { customerId: string }>,
): Issue | undefined {
  const changed = net.journal?.otherKeyChanged(key);
  if (changed === undefined) return undefined;
  return keepsOtherKey(
    net.target.label,
    prior.customerId,
    changed,
    prior.state === 'skipped' ? 'found' : 'created',
  );
}

/** The journal says an earlier run created the row, or skipped it as already there (with its id either way). */
const isDone = (prior: JournalState | undefined): prior is Extract<JournalState, { customerId: string }> =>
  prior?.state === 'created' || prior?.state === 'skipped';

/** A report's created row this import has no record of, which zcust cannot look up. */
function unconfirmedByJournal(net: NetContext): Issue {
  const label = net.target.label;
  const keys = net.target.lookup?.keys.map((k) => (k === 'email' ? 'e-mail' : 'Customer ID'));
  const why = keys
    ? `${label} finds customers by ${keys.join(' or ')}, which this row does not have`
    : `${label} cannot look customers up`;
  // With --no-resume the record may well be there: said so, or the user looked for another tenant's report.
  const unconfirmed = net.journal?.ignoredEarlier
    ? 'this import does not read what earlier imports recorded (--no-resume: without it, their record may confirm it)'
    : 'this import has no record of it (the report of a --sandbox run, of another tenant, or of a run with another --state-dir)';
  return {
    code: 'unknown_outcome',
    message: `the report says an earlier run created this customer, but ${unconfirmed}, and ${why}: check the tenant; if it is not there, import this run's report, which sends this row`,
  };
}

/** The customer a lookup before sending took a row for, and the key that found it. */
type Matched = { by: LookupKey; customer: FoundCustomer };

/**
 * One batch of lookups before sending (--skip-existing, a report's rows no journal knows, Customer-ID-only rows
 * on Zenskar): by e-mail first, then by Customer ID for those not found, for a report's rows found by e-mail,
 * and for rows found by e-mail whose customer holds another Customer ID (`conflicts` gets those the two keys
 * find as two customers; `matched`, the customer each row was taken for).
 */
async function findExisting(
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
          });
        }
        return notSentForFailedLookup(net, result.issue);
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
 * What a batch of lookups before sending was, for the message of the stop it causes: rows --skip-existing
 * checks, or without it rows known only by their Customer ID (looked up on Zenskar: see knownByCustomerIdOnly),
 * and a report's rows this import has no record of. (It said "the --skip-existing lookup" of them all, with or
 * without the flag.)
 */
function lookupOf(rows: readonly Waiting[], skipExisting: boolean): string {
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
