/** The send path: one prepared row's create, in a concurrency slot, then its outcome put in the ordered output. */
import type { NetContext } from './context.js';
import { type CreateOutcome, createCustomer } from './create.js';
import { afterAnswersRead } from './event-loop-turns.js';
import { outcomeOfCreate } from './events.js';
import type { Waiting } from './lookups-before-sending.js';
import type { OrderedOutput } from './ordered-output.js';
import type { Slots } from './slots.js';

const NOT_SENT_HERE: CreateOutcome = { kind: 'not_attempted' };

export function createSendOne(
  net: NetContext | undefined,
  { limit }: Slots,
  { stopIfFails, put }: OrderedOutput,
): (w: Waiting) => Promise<void> {
  // Only the request holds a concurrency slot: the row's bookkeeping (report, progress) runs after the slot
  // is free, so the next request goes out as soon as an answer comes in.
  return (w: Waiting): Promise<void> =>
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
}
