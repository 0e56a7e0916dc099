/**
 * Where every row's outcome goes, and nowhere else: into the ordered output (OrderedSink), which hands outcomes
 * on in input order, counted, one row per customer decided, the notes they tell their rows kept, the rows the
 * report answers for recorded, to onOutcome and onProgress; and, on the way in, the --fail-fast stop.
 */
import type { Issue, Outcome, SourceRow, Status } from '../model.js';
import { recordAnswered } from './answered-in-report.js';
import type { RunStop } from './context.js';
import { emptyCounts, outcomeOf } from './events.js';
import { createOneRowPerCustomer } from './one-row-per-customer.js';
import type { EngineOptions } from './options.js';
import { OrderedSink } from './ordered.js';
import { notesOf } from './other-key-once.js';
import { uncheckedAsReported } from './reported-rows.js';

export type OrderedOutput = ReturnType<typeof createOrderedOutput>;

export function createOrderedOutput(
  opts: Pick<EngineOptions, 'failFast' | 'net' | 'onOutcome' | 'keepNotes' | 'onProgress'>,
  stop: RunStop,
) {
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
    recordAnswered(opts.net?.journal, outcome);
    counts[outcome.status]++;
    rowsDone++;
    const notes = notesOf(outcome);
    if (notes.length > 0) keepNotes(notes, rowsDone);
    const written = opts.onOutcome(outcome);
    if (written) return written.then(() => opts.onProgress?.(rowsDone, counts, rowsDone + sink.pending));
    opts.onProgress?.(rowsDone, counts, rowsDone + sink.pending);
    return undefined;
  });

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

  let unchecked = 0;
  /** A report's done row the run stopped before it could check: as the report said, and counted for the summary. */
  const putUnchecked = (seq: number, asReported: Outcome) => {
    unchecked++;
    return put(seq, uncheckedAsReported(asReported));
  };

  return {
    sink,
    counts,
    oneRowPerCustomer,
    stopIfFailFast,
    stopIfFails,
    put,
    finish,
    putUnchecked,
    rowsDone: () => rowsDone,
    /** A report's created or skipped rows the run stopped before it could check (see EngineResult.unchecked). */
    unchecked: () => unchecked,
  };
}
