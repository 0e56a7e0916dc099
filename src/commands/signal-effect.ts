/**
 * What each stop signal (SIGINT, SIGTERM, SIGHUP) does to a run: the first stops it (requests in flight finish,
 * the reports are written, exit 3), a second quits it at once. Not every signal that comes second was sent
 * again: GNU `timeout` (without --foreground) signals its child and then its own process group, zcust in it, so
 * two SIGTERMs come microseconds apart; `npm run` forwards SIGINT and SIGTERM to its child, which a Ctrl-C at
 * the terminal signals too. Taken for a second one, the copy quit about one such run in six at once (143, the
 * CSV report cut short, no --json summary).
 */

/** stop: the run stops; same: a copy of the first, nothing more to do; quit: quit at once. */
export type SignalEffect = 'stop' | 'same' | 'quit';

/**
 * How long after the first a repeat of the same signal is still that one. The copies are handled within an
 * iteration of the event loop of each other (0.6 to 8 ms measured under a 1,500-row import); someone who reads
 * "Ctrl-C again to quit at once" and presses it again takes longer than half a second.
 */
export const SAME_SIGNAL_WINDOW_MS = 500;

/** The signal that stopped the run, and how long ago it was taken. */
export interface FirstSignal {
  signal: NodeJS.Signals;
  msAgo: number;
}

export function signalEffect(signal: NodeJS.Signals, first: FirstSignal | undefined): SignalEffect {
  if (first === undefined) return 'stop';
  // A hang-up never quits: a closed terminal sends it twice (the kernel to the foreground job, the shell to its
  // jobs as it exits), and no one is left there to mean "again".
  if (signal === 'SIGHUP') return 'same';
  // Another signal is another sender (a Ctrl-C after a SIGTERM), meant as a second one however soon it comes.
  return signal === first.signal && first.msAgo < SAME_SIGNAL_WINDOW_MS ? 'same' : 'quit';
}

/**
 * The effect of each stop signal a run receives, in turn. The window is counted from the first, not from its
 * last copy: a Ctrl-C held down repeats, and must not keep the run from ever quitting. `now` is monotonic (a
 * wall-clock jump must not stretch or shrink the window).
 */
export function signalEffects(
  now: () => number = () => performance.now(),
): (signal: NodeJS.Signals) => SignalEffect {
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  return (signal) => {
    const effect = signalEffect(signal, first && { signal: first.signal, msAgo: now() - first.at });
    if (effect === 'stop') first = { signal, at: now() };
    return effect;
  };
}
