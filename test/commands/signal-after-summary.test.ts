/**
 * A signal that comes once an import has written its summary leaves the run its own exit code (README, Exit codes).
 * Between runImport's return and cli.ts's exit, a SIGTERM or Ctrl-C found no handler and Node's default action
 * ended the process by the signal (143/130 to the shell) after a run that had passed. Spawned, the race was lost
 * in about one run in five; here the signal is delivered in that very moment, every time.
 */
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CommandIO, runImport } from '../../src/commands/import.js';
import { QUIT_SIGNAL, STOP_SIGNALS } from '../../src/commands/interruption.js';
import { exitProcess } from '../../src/util/exit.js';
import { cleanEnv, SAMPLES, tempDir } from '../support/zcust.js';

// The handler exits the process: recorded instead, so that the test can tell the code it exits with.
vi.mock('../../src/util/exit.js', () => ({ exitProcess: vi.fn() }));

const HANDLED: NodeJS.Signals[] = [...STOP_SIGNALS, QUIT_SIGNAL];
const listenersBefore = new Map(HANDLED.map((s) => [s, new Set(process.listeners(s))]));

// The run's handlers stay on this worker's process once it has returned (that is the point): taken off here.
afterEach(() => {
  for (const signal of HANDLED) {
    for (const listener of process.listeners(signal)) {
      if (!listenersBefore.get(signal)?.has(listener)) process.off(signal, listener);
    }
  }
  vi.mocked(exitProcess).mockClear();
});

/** An --sandbox import of `file`, in process, with what it wrote to stderr. */
async function importInProcess(file: string): Promise<{ code: number; stderr: string }> {
  const cwd = tempDir('zcust-signal-');
  const stderr = new PassThrough();
  let said = '';
  stderr.on('data', (chunk) => {
    said += chunk;
  });
  const io: CommandIO = {
    stdout: new PassThrough(),
    stderr,
    stdin: new PassThrough(),
    env: cleanEnv({}, cwd),
    cwd,
    stderrIsInteractive: false,
  };
  const code = await runImport('import', file, { sandbox: true, report: [join(cwd, 'r.csv')] }, io);
  return { code, stderr: said };
}

describe('runImport and a signal once the summary is written', () => {
  it.each<{ signal: NodeJS.Signals; run: string; file: string; code: number }>([
    { signal: 'SIGTERM', run: 'that passed', file: 'customers.csv', code: 0 },
    { signal: 'SIGINT', run: 'that passed', file: 'customers.csv', code: 0 },
    { signal: 'SIGTERM', run: 'with invalid rows', file: 'customers-with-errors.csv', code: 1 },
    { signal: 'SIGINT', run: 'with invalid rows', file: 'customers-with-errors.csv', code: 1 },
  ])('$signal after a run $run exits with that run’s code', async ({ signal, file, code }) => {
    const run = await importInProcess(join(SAMPLES, file));
    expect(run.stderr, 'the summary, written before the signal').toContain('report: ');
    expect(run.code, run.stderr).toBe(code);
    expect(
      process.listenerCount(signal),
      `no ${signal} handler once the run has returned: Node's default action ends the process by the signal`,
    ).toBeGreaterThan(0);
    process.emit(signal, signal);
    expect(vi.mocked(exitProcess).mock.calls, 'the exit the signal made').toEqual([[code]]);
  });
});
