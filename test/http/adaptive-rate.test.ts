import { describe, expect, it } from 'vitest';
import { createAdaptiveRate } from '../../src/http/adaptive-rate.js';
import { createFakeClock } from './fake-clock.js';

/** A clock whose time is set by the test. */
function manualClock() {
  const clock = createFakeClock();
  return { clock, at: (ms: number) => clock.runUntil(ms) };
}

describe('createAdaptiveRate', () => {
  it('sets no pace while no 429 has come', async () => {
    const { clock, at } = manualClock();
    const pace = createAdaptiveRate(clock);
    for (let ms = 0; ms < 3000; ms += 10) {
      await at(ms);
      pace.answered(false);
      expect(pace.take()).toBeUndefined();
    }
    expect(pace.rate).toBeUndefined();
  });

  it.each([
    { ok: 10, rate: 9, why: 'a little under the answers of the last second' },
    { ok: 0, rate: 1, why: 'never below one a second' },
  ])('at the first 429 after $ok answers, paces $rate a second ($why)', async ({ ok, rate }) => {
    const { clock, at } = manualClock();
    const pace = createAdaptiveRate(clock);
    for (let i = 0; i < ok; i++) {
      await at(500 + i * 10);
      pace.answered(false);
    }
    await at(700);
    pace.answered(true);
    expect(pace.rate).toBeCloseTo(rate);
    expect(pace.take()).toBeInstanceOf(Promise);
  });

  it('counts only the last second: answers from before it do not raise the pace', async () => {
    const { clock, at } = manualClock();
    const pace = createAdaptiveRate(clock);
    for (let i = 0; i < 20; i++) {
      await at(i * 10);
      pace.answered(false);
    }
    await at(2500);
    pace.answered(true);
    expect(pace.rate).toBe(1);
  });

  it('cuts at most once a second, then raises by a tenth after five seconds without a 429', async () => {
    const { clock, at } = manualClock();
    const pace = createAdaptiveRate(clock);
    for (let i = 0; i < 10; i++) {
      await at(i * 50);
      pace.answered(false);
    }
    await at(600);
    pace.answered(true);
    expect(pace.rate).toBeCloseTo(9);
    await at(900);
    pace.answered(true); // the same second: no second cut
    expect(pace.rate).toBeCloseTo(9);
    await at(4000);
    pace.answered(false); // not five seconds yet
    expect(pace.rate).toBeCloseTo(9);
    await at(5700);
    pace.answered(false);
    expect(pace.rate).toBeCloseTo(9.9);
    await at(6000);
    pace.answered(false); // not five seconds since the raise
    expect(pace.rate).toBeCloseTo(9.9);
  });

  it('keeps the places of requests already waiting when the pace changes', async () => {
    const { clock, at } = manualClock();
    const pace = createAdaptiveRate(clock);
    await at(0);
    pace.answered(true); // one a second
    const started: number[] = [];
    for (let i = 0; i < 2; i++) void pace.take()?.then(() => started.push(clock.now()));
    await at(5500);
    pace.answered(false); // raised to 1.1 a second: the next place is 1000 / 1.1 ms after the last one
    void pace.take()?.then(() => started.push(clock.now()));
    await at(20_000);
    expect(started).toEqual([0, 1000, 5500]);
  });

  it('spaces the starts at the pace once set', async () => {
    const { clock, at } = manualClock();
    const pace = createAdaptiveRate(clock);
    await at(0);
    pace.answered(true); // no answers before: one a second
    const started: number[] = [];
    for (let i = 0; i < 3; i++) void pace.take()?.then(() => started.push(clock.now()));
    await at(5000);
    expect(started).toEqual([0, 1000, 2000]);
  });
});
