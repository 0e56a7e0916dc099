import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    ['a process that is gone (a run killed with -9)', () => `${goneProcess()}\n`],
    ['no process id at all', () => 'garbage'],
    ['an empty file (a run killed while writing it)', () => ''],
  ])('takes over a lock left by %s', (_, content) => {
    const path = lockPath();
    writeFileSync(path, content());
    const lock = acquireRunLock(path, 'this import');
    expect(readFileSync(path, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });
});
