/**
 * What a stop signal does to `zcust sandbox` once the first has stopped it (README, the sandbox's paragraph): while
 * it closes, the same signal past the repeat window or another signal quits at once (130, 143); once it has
 * closed and said its counters, a signal leaves the CLI its exit 0. Spawned, the sandbox closes within
 * milliseconds of the first signal, too soon for a second one sent on purpose: here its close is held open, and
 * the signals are delivered in process.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { STOP_SIGNALS } from '../../src/commands/interruption.js';
import { runSandboxCommand } from '../../src/commands/sandbox.js';
import { exitProcess } from '../../src/util/exit.js';
import { pastTheRepeatWindow } from '../support/zcust.js';

// The quit exits the process: recorded instead, so that the test can tell the code it exits with.
vi.mock('../../src/util/exit.js', () => ({ exitProcess: vi.fn() }));

/** What the sandbox's close waits for before it starts: open, unless a test holds it. */
const closing = vi.hoisted(() => ({ held: Promise.resolve() }));

vi.mock('../../src/sandbox/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/sandbox/index.js')>();
  return {
    ...actual,
    startSandbox: async (...args: Parameters<typeof actual.startSandbox>) => {
      const sandbox = await actual.startSandbox(...args);
      const close = sandbox.close.bind(sandbox);
      sandbox.close = async () => {
        await closing.held;
        return close();
      };
      return sandbox;
    },
  };
});

const listenersBefore = new Map(STOP_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));

// Stopped by signals, the command leaves its handlers on this worker's process (as on the CLI's): taken off here.
afterEach(() => {
  for (const signal of STOP_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!listenersBefore.get(signal)?.has(listener)) process.off(signal, listener);
    }
  }
  vi.mocked(exitProcess).mockClear();
  closing.held = Promise.resolve();
});

/** The command run in process until its banner is out; stopped by signals unless `stop` is given. */
async function startedSandbox(stop?: AbortSignal) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let said = '';
  stderr.on('data', (chunk) => {
    said += chunk;
  });
  const banner = new Promise((resolve) => stdout.once('data', resolve));
  const finished = runSandboxCommand({}, { stdout, stderr, env: {}, ...(stop ? { stop } : {}) });
  await Promise.race([banner, finished]);
  return { finished, stderr: () => said };
}

/** Holds the sandbox's close until the returned function is called. */
function holdClose(): () => void {
  let open = () => {};
  closing.held = new Promise((resolve) => {
    open = resolve;
  });
  return open;
}

describe('zcust sandbox and a second stop signal', () => {
  it.each<[number, NodeJS.Signals, string]>([
    [143, 'SIGTERM', 'past the repeat window'],
    [130, 'SIGINT', 'at once'],
  ])('quits with %i on %s %s while it closes from a SIGTERM', async (code, second, when) => {
    const open = holdClose();
    const run = await startedSandbox();
    process.emit('SIGTERM', 'SIGTERM');
    if (when !== 'at once') await pastTheRepeatWindow();
    process.emit(second, second);
    expect(vi.mocked(exitProcess).mock.calls, 'the exit the second signal made').toEqual([[code]]);
    expect(run.stderr(), 'the quit notice').toBe('zcust sandbox: interrupted again: exiting at once\n');
    open();
    await run.finished;
  });

  // A hang-up never quits (signal-effect.ts): these two did, with 143 and 130.
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'leaves the exit 0 to the CLI on %s once it has closed and said its counters',
    async (signal) => {
      const run = await startedSandbox();
      process.emit('SIGTERM', 'SIGTERM');
      await run.finished;
      await pastTheRepeatWindow();
      expect(
        process.listenerCount(signal),
        `no ${signal} handler once closed: Node's default action ends the process by the signal`,
      ).toBeGreaterThan(0);
      process.emit(signal, signal);
      expect(vi.mocked(exitProcess).mock.calls, 'the exit a signal made once it had closed').toEqual([]);
      expect(run.stderr(), 'only the counters were said').toMatch(/^sandbox stopped: [^\n]*\n$/);
    },
  );

  it('takes its signal handlers off once closed when stopped through io.stop, as in-process callers do', async () => {
    const controller = new AbortController();
    const run = await startedSandbox(controller.signal);
    controller.abort();
    await run.finished;
    for (const signal of STOP_SIGNALS) {
      expect(
        new Set(process.listeners(signal)),
        `the ${signal} handlers left behind (MaxListenersExceededWarning after ten runs)`,
      ).toEqual(listenersBefore.get(signal));
    }
  });
});
