import { spawnSync } from 'node:child_process';
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
import { acquireRunLock } from '../../src/state/run-lock.js';

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
afterEach(() => {
  failing.remove = false;
  failing.write = false;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const lockPath = () => {
  const dir = mkdtempSync(join(tmpdir(), 'zcust-lock-'));
  dirs.push(dir);
  return join(dir, 'import.journal.lock');
};

/** The id of a process that has already exited. */
const goneProcess = () => spawnSync(process.execPath, ['-e', '0']).pid;

describe('acquireRunLock', () => {
  it('takes a free lock, writing this process id, and gives it back on release', () => {
    const path = lockPath();
    const lock = acquireRunLock(path, 'this import');
    expect(readFileSync(path, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('refuses while a running process holds it, naming that process and the file', () => {
    const path = lockPath();
    writeFileSync(path, `${process.ppid}\n`);
    const take = () => acquireRunLock(path, 'this import of a.csv');
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
    const lock = acquireRunLock(path, 'this import');
    expect(readFileSync(path, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });

  it.each([['an empty file'], ['no process id']])(
    'leaves alone a recent lock with %s: it may be a run that is starting',
    (content) => {
      const path = lockPath();
      writeFileSync(path, content === 'an empty file' ? '' : 'x');
      expect(() => acquireRunLock(path, 'this import')).toThrow(/another zcust is running this import/);
    },
  );

  it('releases only a lock that still holds its own id', () => {
    const path = lockPath();
    const lock = acquireRunLock(path, 'this import');
    writeFileSync(path, `${process.ppid}\n`); // taken over by someone else meanwhile
    lock.release();
    expect(readFileSync(path, 'utf8').trim()).toBe(String(process.ppid));
  });

  it('a release that cannot remove the lock (its folder made read-only) throws nothing, at exit neither', () => {
    const path = lockPath();
    const exitListeners = process.listenerCount('exit');
    const lock = acquireRunLock(path, 'this import');
    failing.remove = true;
    expect(() => lock.release(), 'an internal error (exit 70) after a finished run').not.toThrow();
    expect(process.listenerCount('exit'), 'the release still waiting for exit, to fail again').toBe(
      exitListeners,
    );
  });

  it('a full disk leaves no file of its own behind', () => {
    const path = lockPath();
    failing.write = true;
    expect(() => acquireRunLock(path, 'this import')).toThrow(/no space left/);
    expect(readdirSync(dirname(path))).toEqual([]);
  });

  it('leaves no file of its own beside the lock', () => {
    const path = lockPath();
    const lock = acquireRunLock(path, 'this import');
    expect(readdirSync(dirname(path))).toEqual([basename(path)]);
    lock.release();
    expect(readdirSync(dirname(path))).toEqual([]);
  });
});
