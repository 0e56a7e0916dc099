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
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { acquireRunLock } from '../../src/state/run-lock.js';

const dirs: string[] = [];
afterEach(() => {
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

  it('leaves no file of its own beside the lock', () => {
    const path = lockPath();
    const lock = acquireRunLock(path, 'this import');
    expect(readdirSync(dirname(path))).toEqual([basename(path)]);
    lock.release();
    expect(readdirSync(dirname(path))).toEqual([]);
  });
});
