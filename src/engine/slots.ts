/**
 * The run's concurrency slots (its one p-limit) and its bounded window: how many rows may wait for a slot, how
 * many may be unfinished before reading pauses, and the promises in flight, whose failure breaks the run.
 */
import pLimit from 'p-limit';
import type { OrderedSink } from './ordered.js';

export type Slots = ReturnType<typeof createSlots>;

export function createSlots(concurrencyAsked: number, sink: OrderedSink) {
  const concurrency = Math.max(1, concurrencyAsked);
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
  /** A promise's executor: it resolves once the next slot is taken (the reading loop waits on it). */
  const onSlotTaken = (resolve: () => void) => {
    slotTaken = resolve;
  };
  /** The sends and lookups not yet settled: the run ends once none is left (see track). */
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
  return { slots, window, readyMax, limit, onSlotTaken, inFlight, track, unlessBroken, throwIfBroken };
}
