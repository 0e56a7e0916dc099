/**
 * One run of an import at a time. Two runs of the same import would each find the other's rows neither
 * created nor in flight and send them all: twins for every row the platform does not refuse by e-mail. The
 * lock is a file holding the runner's process id, created only if absent (O_EXCL); a lock whose process is
 * gone (a run killed with -9) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { UsageError } from '../errors.js';

export interface RunLock {
  release(): void;
}

function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(path: string): number | undefined {
  try {
    return Number.parseInt(readFileSync(path, 'utf8'), 10);
  } catch {
    return undefined; // released meanwhile
  }
}

/** Takes the lock at `path`, or throws a UsageError naming the run that holds it. */
export function acquireRunLock(path: string, what: string): RunLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      return { release: () => rmSync(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = holderOf(path);
    if (holder !== undefined && isRunning(holder) && holder !== process.pid) {
      throw new UsageError(
        `another zcust (process ${holder}) is running ${what}; wait for it to finish or stop it, then run again (if no such run is going on, delete ${path})`,
      );
    }
    rmSync(path, { force: true }); // its run is gone
  }
  throw new UsageError(`cannot take the lock ${path} for ${what}; delete it if no other run is going on`);
}
