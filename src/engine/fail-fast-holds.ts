/**
 * --fail-fast: rows to send that come after rows waiting for a lookup before sending wait for its answer too
 * (`heldForBatch` behind the batch filling, see run.ts; `lookupsAnswered` behind those flushed), as
 * --skip-existing's rows wait for their batch. The answer may fail one of those rows (two customers; one customer
 * claimed by two of a report's rows), and the run stops there: sent meanwhile, the rows after it were created
 * after all (a report's batch is looked up when full or at the end of the input, after every row behind it was
 * created). Without --fail-fast nothing is held: rows are sent at once.
 */
import type { Waiting } from './lookups-before-sending.js';
import type { Slots } from './slots.js';

export type FailFastHolds = ReturnType<typeof createFailFastHolds>;

export function createFailFastHolds({ track }: Slots, sendOne: (w: Waiting) => Promise<void>) {
  let lookupsAnswered: Promise<void> | undefined;
  /** Sends `w` now, or once the lookups before it (--fail-fast) are answered. */
  const sendAfterLookups = (w: Waiting) => {
    const after = lookupsAnswered;
    track(after ? after.then(() => sendOne(w)) : sendOne(w));
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
  /**
   * How a batch's rows found absent are sent. --fail-fast: they wait for the batches before it, as the rows behind
   * it do: with two connections a later batch answered first had its rows created before an earlier one's answer
   * stopped the run.
   */
  const senderAfterEarlierBatches = (failFast: boolean) => {
    const earlierLookups = failFast ? lookupsAnswered : undefined;
    return (w: Waiting) => track(earlierLookups ? earlierLookups.then(() => sendOne(w)) : sendOne(w));
  };
  return { sendAfterLookups, holdUntilAnswered, senderAfterEarlierBatches };
}
