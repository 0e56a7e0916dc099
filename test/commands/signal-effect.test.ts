import { describe, expect, it } from 'vitest';
import {
  type FirstSignal,
  SAME_SIGNAL_WINDOW_MS,
  type SignalEffect,
  signalEffect,
  signalEffects,
} from '../../src/commands/signal-effect.js';

const WINDOW = SAME_SIGNAL_WINDOW_MS;

describe('signalEffect: what a stop signal does, given the first one and how long ago it came', () => {
  it.each<{ why: string; signal: NodeJS.Signals; first?: FirstSignal; effect: SignalEffect }>([
    { why: 'the first Ctrl-C stops the run', signal: 'SIGINT', effect: 'stop' },
    { why: 'the first SIGTERM stops the run', signal: 'SIGTERM', effect: 'stop' },
    { why: 'the first SIGHUP stops the run', signal: 'SIGHUP', effect: 'stop' },
    // GNU timeout signals zcust, then its own process group (zcust in it).
    {
      why: "GNU timeout's second SIGTERM is the first one",
      signal: 'SIGTERM',
      first: { signal: 'SIGTERM', msAgo: 0 },
      effect: 'same',
    },
    // npm run forwards the Ctrl-C the terminal sent to the whole group.
    {
      why: "npm's copy of a Ctrl-C, handled late by a busy event loop, is that Ctrl-C",
      signal: 'SIGINT',
      first: { signal: 'SIGINT', msAgo: WINDOW - 1 },
      effect: 'same',
    },
    {
      why: 'a Ctrl-C pressed again once the window is over quits',
      signal: 'SIGINT',
      first: { signal: 'SIGINT', msAgo: WINDOW },
      effect: 'quit',
    },
    {
      why: 'a SIGTERM sent again later quits',
      signal: 'SIGTERM',
      first: { signal: 'SIGTERM', msAgo: 5_000 },
      effect: 'quit',
    },
    {
      why: 'a Ctrl-C right after a SIGTERM is another sender, and quits',
      signal: 'SIGINT',
      first: { signal: 'SIGTERM', msAgo: 0 },
      effect: 'quit',
    },
    {
      why: 'a SIGTERM right after a hang-up quits',
      signal: 'SIGTERM',
      first: { signal: 'SIGHUP', msAgo: 0 },
      effect: 'quit',
    },
    // A closed terminal sends two; no one is left there to mean "again".
    {
      why: 'a second SIGHUP, however late, never quits',
      signal: 'SIGHUP',
      first: { signal: 'SIGHUP', msAgo: 5_000 },
      effect: 'same',
    },
    {
      why: 'a SIGHUP after a SIGTERM never quits',
      signal: 'SIGHUP',
      first: { signal: 'SIGTERM', msAgo: 5_000 },
      effect: 'same',
    },
  ])('$why', ({ signal, first, effect }) => {
    expect(signalEffect(signal, first), `${signal} after ${JSON.stringify(first ?? 'nothing')}`).toBe(effect);
  });
});

describe('signalEffects: the effect of each signal a run receives in turn, on its clock', () => {
  it.each<{ why: string; received: Array<[NodeJS.Signals, number]>; effects: SignalEffect[] }>([
    {
      why: 'two SIGTERMs at once stop the run once',
      received: [
        ['SIGTERM', 1_000],
        ['SIGTERM', 1_000],
      ],
      effects: ['stop', 'same'],
    },
    {
      why: 'a Ctrl-C pressed again after the window quits',
      received: [
        ['SIGINT', 1_000],
        ['SIGINT', 1_000 + WINDOW],
      ],
      effects: ['stop', 'quit'],
    },
    // A Ctrl-C held down repeats: copies must not keep the run from ever quitting.
    {
      why: 'the window counts from the first signal, not from its last copy',
      received: [
        ['SIGINT', 1_000],
        ['SIGINT', 1_000 + WINDOW - 1],
        ['SIGINT', 1_000 + WINDOW + 1],
      ],
      effects: ['stop', 'same', 'quit'],
    },
  ])('$why', ({ received, effects }) => {
    let now = 0;
    const effectOf = signalEffects(() => now);
    const seen = received.map(([signal, at]) => {
      now = at;
      return effectOf(signal);
    });
    expect(seen, `effects of ${JSON.stringify(received)}`).toEqual(effects);
  });
});
