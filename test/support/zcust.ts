/** Spawning the real bin/zcust, as a user would, and reading what it printed and wrote. */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll } from 'vitest';
import { SAME_SIGNAL_WINDOW_MS } from '../../src/commands/signal-effect.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'zcust.js');
export const SAMPLES = join(ROOT, 'samples');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string | Buffer;
}

/** Where a run started in `cwd` keeps its journals (XDG_STATE_HOME), unless the test says otherwise. */
export const stateDirOf = (cwd: string) => join(cwd, '.state', 'zcust');

/**
 * Environment without any real credentials or settings leaking in from the developer's shell, and with the
 * journals of a run started in `cwd` kept under it: the default state directory is the user's, which tests
 * must neither read nor fill.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}, cwd = ROOT): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { XDG_STATE_HOME: join(cwd, '.state') };
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(ZCUST_|ZENSKAR_|DAYZERO_|AMBIOSYS_|XDG_STATE_HOME$)/.test(k)) continue;
    env[k] = v;
  }
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

/** A zcust running: its process (to signal it), what it has written so far, and its result once it ends. */
export interface RunningZcust {
  child: ChildProcessWithoutNullStreams;
  output(): { stdout: string; stderr: string };
  ended(): boolean;
  result: Promise<RunResult>;
}

/** Starts bin/zcust with `args`; `opts.input` is written to its standard input, which is closed either way. */
export function spawnZcust(args: string[], opts: RunOptions = {}): RunningZcust {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: cleanEnv(opts.env, opts.cwd),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Closed whatever is written: a run that reads standard input must not wait for more.
  if (opts.input !== undefined) child.stdin.end(opts.input);
  else child.stdin.end();
  return watch(child);
}

/** A zcust spawned (by spawnZcust, or by a shell that runs it) with its output collected as it comes. */
export function watch(child: ChildProcessWithoutNullStreams): RunningZcust {
  let stdout = '';
  let stderr = '';
  let ended = false;
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const result = new Promise<RunResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      ended = true;
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, output: () => ({ stdout, stderr }), ended: () => ended, result };
}

export const zcust = (args: string[], opts: RunOptions = {}): Promise<RunResult> =>
  spawnZcust(args, opts).result;

const dirs: string[] = [];

/** A fresh directory, removed when the test file has finished. */
export function tempDir(prefix = 'zcust-e2e-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The CSV report as records keyed by header (a column_count row keeps its extra values, so lengths vary). */
export function readReport(path: string): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
  }) as Record<string, string>[];
}

/**
 * Waits, once a run has said it took a stop signal, until the same signal is a second one again rather than a
 * copy of the first (GNU timeout's, npm's: see signal-effect.ts): for a test that means "again" as a person does.
 */
export const pastTheRepeatWindow = (): Promise<void> =>
  // With a margin: a timer may fire a millisecond early on the run's finer clock.
  new Promise((resolve) => setTimeout(resolve, SAME_SIGNAL_WINDOW_MS + 50));

/** Resolves once `done()` holds, looking every 20 ms: for a test that acts at some point of a run. */
export const until = async (done: () => boolean): Promise<void> => {
  while (!done()) await new Promise((r) => setTimeout(r, 20));
};

/** A stack trace line, which must never reach a user without --verbose. */
export const STACK_TRACE = /\n\s+at .+\(.+:\d+:\d+\)/;

export interface RunningSandbox {
  /** The base URL it printed. */
  url: string;
  pid: number;
  /** What it has printed on standard output so far. */
  stdout(): string;
  /** Sends `signal` and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<RunResult>;
}

/** A `zcust sandbox` that ended before it listened (a usage error), with what it printed. */
export class SandboxEnded extends Error {
  constructor(readonly result: RunResult) {
    super(`zcust sandbox ended before it listened (exit ${result.code}): ${result.stderr}`);
  }
}

/**
 * Spawns `zcust sandbox ...args` and resolves once it has printed its base URL; rejects with SandboxEnded if
 * it ends first.
 */
export function startZcustSandbox(args: string[], opts: RunOptions = {}): Promise<RunningSandbox> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', ...args], {
      cwd: opts.cwd ?? ROOT,
      env: cleanEnv(opts.env, opts.cwd),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const ended = new Promise<RunResult>((done) => {
      child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdout.on('data', (d) => {
      stdout += d;
      const url = /^ZCUST_BASE_URL=(.+)$/m.exec(stdout)?.[1];
      if (url === undefined || child.pid === undefined) return;
      resolve({
        url,
        pid: child.pid,
        stdout: () => stdout,
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return ended;
        },
      });
    });
    child.on('error', reject);
    void ended.then((result) => reject(new SandboxEnded(result)));
  });
}
