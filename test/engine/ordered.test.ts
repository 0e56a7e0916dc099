import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderedSink } from '../../src/engine/ordered.js';
import type { Outcome } from '../../src/model.js';

const outcome = (seq: number): Outcome => ({
  row: seq + 2,
  status: 'valid',
  errors: [],
  warnings: [],
  raw: [],
});
const seqOf = (o: Outcome) => o.row - 2;

/** Lets every pending promise callback and I/O callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A promise and the function that resolves it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** The numbers 0..n-1 in some order. */
const permutation = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.shuffledSubarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: n, maxLength: n },
  ),
);

describe('OrderedSink', () => {
  it('delivers in sequence order whatever order outcomes are put in (synchronous deliver)', async () => {
    await fc.assert(
      fc.asyncProperty(permutation, async (order) => {
        const delivered: number[] = [];
        const sink = new OrderedSink((o) => {
          delivered.push(seqOf(o));
        });
        for (let i = 0; i < order.length; i++) sink.reserve();
        for (const seq of order) {
          sink.put(seq, outcome(seq));
          await settle();
          // At every moment what was delivered is a prefix 0, 1, 2, … with no gap and no repeat.
          expect(delivered).toEqual(delivered.map((_, i) => i));
        }
        await sink.drained();
        expect(delivered).toEqual(order.map((_, i) => i));
      }),
      { numRuns: 100 },
    );
  });

  it('delivers in sequence order when deliver is slow and puts arrive while it runs', async () => {
    await fc.assert(
      fc.asyncProperty(permutation, fc.array(fc.boolean(), { maxLength: 40 }), async (order, pauses) => {
        const delivered: number[] = [];
        const sink = new OrderedSink(async (o) => {
          await Promise.resolve();
          await Promise.resolve();
          delivered.push(seqOf(o));
        });
        for (let i = 0; i < order.length; i++) sink.reserve();
        for (const [i, seq] of order.entries()) {
          void sink.put(seq, outcome(seq));
          // Sometimes let a delivery get half-way before the next put, sometimes not.
          if (pauses[i]) await Promise.resolve();
        }
        await sink.drained();
        expect(delivered).toEqual(order.map((_, i) => i));
      }),
      { numRuns: 100 },
    );
  });

  it('counts as pending every reserved row not yet delivered', async () => {
    const sink = new OrderedSink(() => {});
    expect(sink.pending).toBe(0);
    const [a, b, c] = [sink.reserve(), sink.reserve(), sink.reserve()];
    expect([a, b, c]).toEqual([0, 1, 2]);
    expect(sink.pending).toBe(3);
    await sink.put(1, outcome(1));
    expect(sink.pending, 'row 1 waits for row 0').toBe(3);
    await sink.put(0, outcome(0));
    expect(sink.pending).toBe(1);
    await sink.put(2, outcome(2));
    expect(sink.pending).toBe(0);
  });

  it('progress() resolves at once when nothing is pending', async () => {
    await expect(new OrderedSink(() => {}).progress()).resolves.toBeUndefined();
  });

  it('progress() resolves only once something is delivered', async () => {
    const sink = new OrderedSink(() => {});
    sink.reserve();
    sink.reserve();
    let woken = false;
    const progress = sink.progress().then(() => {
      woken = true;
    });
    sink.put(1, outcome(1));
    await settle();
    expect(woken, 'an outcome waiting for an earlier one is not progress').toBe(false);
    sink.put(0, outcome(0));
    await progress;
    expect(woken).toBe(true);
  });

  it('drained() waits for an asynchronous deliver to finish', async () => {
    const slow = gate();
    const finished: number[] = [];
    const sink = new OrderedSink(async (o) => {
      await slow.promise;
      finished.push(seqOf(o));
    });
    sink.reserve();
    sink.reserve();
    sink.put(0, outcome(0));
    sink.put(1, outcome(1));
    let drained = false;
    const done = sink.drained().then(() => {
      drained = true;
    });
    await settle();
    expect(drained, 'drained before deliver finished').toBe(false);
    slow.open();
    await done;
    expect(finished).toEqual([0, 1]);
  });

  it('keeps a failed deliver as its failure: progress() and drained() reject with it, nothing more is delivered', async () => {
    const delivered: number[] = [];
    const diskFull = new Error('disk full');
    const sink = new OrderedSink((o) => {
      delivered.push(seqOf(o));
      return seqOf(o) === 1 ? Promise.reject(diskFull) : undefined;
    });
    for (let i = 0; i < 4; i++) sink.reserve();
    sink.put(0, outcome(0));
    sink.put(1, outcome(1));
    await settle();
    expect(sink.failure?.error).toBe(diskFull);
    await expect(sink.progress()).rejects.toBe(diskFull);
    sink.put(2, outcome(2));
    sink.put(3, outcome(3));
    await expect(sink.drained()).rejects.toBe(diskFull);
    expect(delivered, 'rows after the failed one were delivered').toEqual([0, 1]);
  });

  it('wakes a waiting progress() with the failure', async () => {
    const diskFull = new Error('disk full');
    let fail = (_: Error) => {};
    const sink = new OrderedSink(
      () =>
        new Promise<void>((_, reject) => {
          fail = reject;
        }),
    );
    sink.reserve();
    sink.reserve();
    sink.put(0, outcome(0));
    const waiting = sink.progress();
    fail(diskFull);
    await expect(waiting).rejects.toBe(diskFull);
  });
});
