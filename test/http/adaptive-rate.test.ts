import { describe, expect, it } from 'vitest';
import { createAdaptiveRate } from '../../src/http/adaptive-rate.js';
import { createFakeClock } from './fake-clock.js';

/** A pace on a fake clock, with `ok` answers (not 429) spread over the second before `at`. */
async function paceAfter(ok: number, at: number) {
  const clock = createFakeClock();
  const pace = createAdaptiveRate(clock);
  for (let i = 0; i < ok; i++) {
    await clock.runUntil(at - 900 + i * Math.floor(800 / Math.max(1, ok)));
    pace.answered(false);
  }
  await clock.runUntil(at);
  return { clock, pace, at: (ms: number) => clock.runUntil(ms) };
}

describe('createAdaptiveRate', () => {
  it('sets no pace while no 429 has come', async () => {
    const { pace } = await paceAfter(300, 3000);
    expect(pace.take()).toBeUndefined();
    expect(pace.rate).toBeUndefined();
  });

  it('at the first 429, paces a little under the answers of the last second', async () => {
    const { pace } = await paceAfter(10, 1000);
    pace.answered(true);
    expect(pace.rate).toBeCloseTo(9);
    expect(pace.take()).toBeInstanceOf(Promise);
  });

  it.each([
    ['no answer at all before it', 0, 1000],
    ['answers only from before the last second', 20, 300],
  ])('sets no pace at a 429 with %s: there is nothing to measure it by', async (_, ok, gapAfterMs) => {
    const { pace, at } = await paceAfter(ok, 1000);
    await at(1000 + gapAfterMs + 1000);
    pace.answered(true);
    expect(pace.rate).toBeUndefined();
    expect(pace.take()).toBeUndefined();
  });

  it('cuts at most once a second, halves a pace when nothing else answered, never below one a second', async () => {
    const { pace, at } = await paceAfter(4, 1000);
    pace.answered(true);
    expect(pace.rate).toBeCloseTo(3.6);
    await at(1500);
    pace.answered(true); // the same second: no second cut
    expect(pace.rate).toBeCloseTo(3.6);
    await at(3100);
    pace.answered(true); // nothing answered in the last second
    expect(pace.rate).toBeCloseTo(1.8);
    await at(4200);
    pace.answered(true);
    expect(pace.rate).toBe(1);
  });

  it('a run that stops ends the wait for a start at once', async () => {
    const { clock, pace } = await paceAfter(1, 1000);
    pace.answered(true);
    expect(pace.rate).toBe(1);
    await pace.take();
    const run = new AbortController();

    const waiting = pace.take(run.signal);
    run.abort();
    await waiting;

    expect(clock.now(), 'the wait ran on to its start, a second later').toBe(1000);
  });

  it('raises the pace by a fifth after three seconds without a 429', async () => {
    const { pace, at } = await paceAfter(10, 1000);
    pace.answered(true);
    await at(3000);
    pace.answered(false); // two seconds: not yet
    expect(pace.rate).toBeCloseTo(9);
    await at(4100);
    pace.answered(false);
    expect(pace.rate).toBeCloseTo(10.8);
    await at(5000);
    pace.answered(false); // not three seconds since the raise
    expect(pace.rate).toBeCloseTo(10.8);
  });

  it('spaces the starts at the pace, and a new pace keeps the places of requests already waiting', async () => {
    const { clock, pace, at } = await paceAfter(10, 1000);
    pace.answered(true); // 9 a second: starts 111.1 ms apart
    const started: number[] = [];
    for (let i = 0; i < 3; i++) void pace.take()?.then(() => started.push(Math.round(clock.now())));
    await at(4100);
    pace.answered(false); // raised to 10.8 a second, from the next free place on
    void pace.take()?.then(() => started.push(Math.round(clock.now())));
    await at(10_000);
    expect(started).toEqual([1000, 1111, 1222, 4100]);
  });
});
