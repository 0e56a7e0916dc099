import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { processStart } from '../../src/state/process-start.js';
import { acquireRunLock } from '../../src/state/run-lock.js';
import { zombie } from '../support/zombie.js';

/** Failures root cannot get from chmod: a folder made read-only mid-run, a full disk. Off unless a test sets them. */
const failing = vi.hoisted(() => ({ remove: false, write: false }));
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const rmSync: typeof fs.rmSync = (...args) => {
    if (failing.remove) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    fs.rmSync(...args);
  };
  return { ...fs, rmSync };
});
vi.mock('../../src/util/write-all.js', async (original) => {
  const module = await original<typeof import('../../src/util/write-all.js')>();
  return {
    writeAll: (...args: Parameters<typeof module.writeAll>) => {
      if (failing.write)
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      module.writeAll(...args);
    },
  };
});

const dirs: string[] = [];
/** What to end after each test: child processes, or a zombie's parent. */
const children: Array<{ kill(): unknown }> = [];
afterEach(() => {
  failing.remove = false;
  failing.write = false;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  for (const child of children.splice(0)) child.kill();
});
const lockPath = () => {
  const dir = mkdtempSync(join(tmpdir(), 'zcust-lock-'));
  dirs.push(dir);
  return join(dir, 'import.journal.lock');
};

/** The id of a process that has already exited. */
const goneProcess = () => spawnSync(process.execPath, ['-e', '0']).pid;

/** A live process that is no zcust, killed after the test. */
function sleeping(): number {
  const child = spawn('sleep', ['100'], { stdio: 'ignore' });
  children.push(child);
  if (child.pid === undefined) throw new Error('sleep did not start');
  return child.pid;
}

/** The id of a zombie (see test/support/zombie.ts), its parent killed after the test. */
async function zombieId(): Promise<number> {
  const { pid, kill } = await zombie();
  children.push({ kill });
  return pid;
}

/** The process id a lock names: its first word. */
const holderOf = (path: string) => readFileSync(path, 'utf8').split(/\s/)[0];

/** When this process started, as a lock says it; undefined where /proc cannot tell (not Linux). */
const ownStart = processStart(process.pid);

describe('acquireRunLock', () => {
  it('takes a free lock, writing this process id and when it started, and gives it back on release', () => {
    const path = lockPath();
    const lock = acquireRunLock(path, 'running this import');
    // The id first, as an older zcust reads it.
    expect(readFileSync(path, 'utf8')).toBe(
      ownStart === undefined ? `${process.pid}\n` : `${process.pid} ${ownStart}\n`,
    );
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it.skipIf(ownStart === undefined)(
    "takes over a lock whose process id another program has been given since (a run killed with -9, its id now a sleep's)",
    () => {
      const path = lockPath();
      // As a zcust that started when this process did left it; its id now belongs to a sleep started since.
      const pid = sleeping();
      writeFileSync(path, `${pid} ${ownStart}\n`);
      const lock = acquireRunLock(path, 'running this import');
      expect(readFileSync(path, 'utf8')).toBe(`${process.pid} ${ownStart}\n`);
      lock.release();
    },
  );

  it.skipIf(ownStart === undefined)(
    'takes over a lock whose run was killed with -9 and is a zombie not yet reaped (signal 0 still finds it)',
    async () => {
      const path = lockPath();
      const pid = await zombieId();
      writeFileSync(path, `${pid} ${processStart(pid)}\n`);
      const lock = acquireRunLock(path, 'running this import');
      expect(holderOf(path), `the lock of zombie ${pid} was not taken over`).toBe(String(process.pid));
      lock.release();
    },
  );

  it.each<[string, (pid: number) => string]>([
    ['that process, started when it says', (pid) => `${pid} ${processStart(pid)}\n`],
    // An older zcust wrote the id alone: the process is taken to be the one that wrote it, as before.
    ['the id alone (an older zcust)', (pid) => `${pid}\n`],
  ])('refuses while a live process holds it, the lock naming %s', (_, content) => {
    const path = lockPath();
    const pid = sleeping();
    writeFileSync(path, content(pid));
    expect(() => acquireRunLock(path, 'running this import')).toThrow(
      `another zcust (process ${pid}) is running`,
    );
  });

  it('refuses while a running process holds it, naming that process and the file', () => {
    const path = lockPath();
    writeFileSync(path, `${process.ppid}\n`);
    const take = () => acquireRunLock(path, 'running this import of a.csv');
    expect(take).toThrow(UsageError);
    expect(take).toThrow(`another zcust (process ${process.ppid}) is running this import of a.csv`);
    expect(take).toThrow(`delete ${path}`);
  });

  it.each([
    ['a process that is gone (a run killed with -9)', () => `${goneProcess()}\n`, 0],
    ['no process id, written long ago', () => 'garbage', 60_000],
    ['an empty file, long ago', () => '', 60_000],
  ])('takes over a lock left by %s', (_, content, ageMs) => {
    const path = lockPath();
    writeFileSync(path, content());
    const then = new Date(Date.now() - ageMs);
    utimesSync(path, then, then);
    const lock = acquireRunLock(path, 'running this import');
    expect(holderOf(path)).toBe(String(process.pid));
    lock.release();
  });

  it.each([['an empty file'], ['no process id']])(
    'leaves alone a recent lock with %s: it may be a run that is starting',
    (content) => {
      const path = lockPath();
      writeFileSync(path, content === 'an empty file' ? '' : 'x');
      expect(() => acquireRunLock(path, 'running this import')).toThrow(
        /another zcust is running this import/,
      );
    },
  );

  it('releases only a lock that still holds its own id', () => {
    const path = lockPath();
    const lock = acquireRunLock(path, 'running this import');
    writeFileSync(path, `${process.ppid}\n`); // taken over by someone else meanwhile
    lock.release();
    expect(readFileSync(path, 'utf8').trim()).toBe(String(process.ppid));
  });

  it('a release that cannot remove the lock (its folder made read-only) throws nothing, at exit neither', () => {
    const path = lockPath();
    const exitListeners = process.listenerCount('exit');
    const lock = acquireRunLock(path, 'running this import');
    failing.remove = true;
    expect(() => lock.release(), 'an internal error (exit 70) after a finished run').not.toThrow();
    expect(process.listenerCount('exit'), 'the release still waiting for exit, to fail again').toBe(
      exitListeners,
    );
  });

  it('holds any number of locks with one exit listener (an eleventh has Node warn of a leak), each released', () => {
    const before = process.listenerCount('exit');
    // A run holds one per report beside its journal's.
    const locks = Array.from({ length: 11 }, () => acquireRunLock(lockPath(), 'running this import'));
    expect(process.listenerCount('exit'), 'exit listeners while the locks are held').toBe(before + 1);
    for (const lock of locks) lock.release();
    expect(process.listenerCount('exit'), 'exit listeners once every lock is released').toBe(before);
  });

  it('a full disk leaves no file of its own behind', () => {
    const path = lockPath();
    failing.write = true;
    expect(() => acquireRunLock(path, 'running this import')).toThrow(/no space left/);
    expect(readdirSync(dirname(path))).toEqual([]);
  });

  it('leaves no file of its own beside the lock', () => {
    const path = lockPath();
    const lock = acquireRunLock(path, 'running this import');
    expect(readdirSync(dirname(path))).toEqual([basename(path)]);
    lock.release();
    expect(readdirSync(dirname(path))).toEqual([]);
  });
});
