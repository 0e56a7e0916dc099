/**
 * One import into a tenant at a time. Two at once would each find the other's rows neither created nor in
 * flight and send them all: twins for every row the platform does not refuse by e-mail. The same lock keeps one
 * sandbox to a data file (sandbox/data-file.ts) and one zcust to a report file (report/report-locks.ts).
 *
 * The lock is a file holding the runner's process id and, where Linux says it, when that process started
 * (`PID BOOT/TICKS`: see process-start.ts; an older zcust reads the id alone). It comes into being whole: the
 * id is written to a file of this process's own, which is then hard-linked to the lock's name (link fails if the
 * name exists), so no other run ever reads a lock without its id. A lock whose process is gone (a run killed
 * with -9, also while it is a zombie not yet reaped), or whose id another process has been given since (it started
 * at another time), is taken over:
 * renamed away (only one run can rename it), checked to be the one that was judged stale, and only then
 * replaced. A run releases only a lock that still holds its own id, also when it exits without closing.
 */
import {
  closeSync,
  fstatSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { UsageError } from '../errors.js';
import { whatPathNames } from '../util/same-file.js';
import { writeAll } from '../util/write-all.js';
import { isAlive, processStart } from './process-start.js';

export interface RunLock {
  release(): void;
}

/** A lock acquireRunLock took. */
export interface HeldLock extends RunLock {
  /**
   * Whether the lock at its path is still the file this run made there, holding its id: one removed (with its
   * folder) or replaced is this run's no longer. Taken again while it still is, it would be judged stale (its id
   * is this process's) and renamed away, letting another run in until it is linked back.
   */
  stillHeld(): boolean;
}

/** A lock without a readable id younger than this may be a run still starting: it is left alone. */
const UNREADABLE_GRACE_MS = 10_000;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // released meanwhile
  }
}

const idOf = (text: string | undefined): number | undefined => {
  const pid = text === undefined ? Number.NaN : Number.parseInt(text, 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
};

/**
 * Whether process `pid` is the one that wrote the lock reading `text`, not another given its id since. Said
 * to be when either start is unknown: a lock of an older zcust (the id alone), a system without /proc, a
 * process /proc hides (another user's, with hidepid).
 */
function startedAsLocked(pid: number, text: string | undefined): boolean {
  const locked = text?.trim().split(/\s+/)[1];
  const now = locked === undefined ? undefined : processStart(pid);
  return now === undefined || now === locked;
}

/** Whether the lock that reads `text` is held by a live run (or may be: unreadable and recent). */
function isHeld(path: string, text: string | undefined): boolean {
  const pid = idOf(text);
  if (pid !== undefined) {
    return pid !== process.pid && isAlive(pid) && startedAsLocked(pid, text);
  }
  const age = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0);
  return age < UNREADABLE_GRACE_MS;
}

/**
 * Takes the lock at `path`, or throws a UsageError naming the run that holds it: "another zcust (process N) is
 * `doing`; wait for it to finish or stop it, `otherwise`".
 */
export function acquireRunLock(path: string, doing: string, otherwise = 'then run again'): HeldLock {
  const own = `${path}.${process.pid}`;
  const fd = openSync(own, 'w');
  try {
    let made: { dev: number; ino: number };
    // A full disk fails this write: the empty file of this process's own goes too (the finally below).
    try {
      const started = processStart(process.pid);
      writeAll(fd, started === undefined ? `${process.pid}\n` : `${process.pid} ${started}\n`);
      made = fstatSync(fd);
    } finally {
      closeSync(fd);
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(own, path);
        return holdLock(path, made);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const text = read(path);
      if (text === undefined) continue; // released meanwhile: try again
      if (isHeld(path, text)) {
        const pid = idOf(text);
        throw new UsageError(
          `another zcust${pid === undefined ? '' : ` (process ${pid})`} is ${doing}; wait for it to finish or stop it, ${otherwise} (if no such run is going on, delete ${path})`,
        );
      }
      // Stale. Renamed away first: if another run took it over meanwhile, what was renamed is its live lock,
      // and it goes back.
      const aside = `${path}.stale.${process.pid}`;
      try {
        renameSync(path, aside);
      } catch {
        continue;
      }
      if (read(aside) === text) rmSync(aside, { force: true });
      else {
        try {
          linkSync(aside, path);
        } catch {
          // A third run made a lock meanwhile; the one renamed aside is lost to its owner only if that
          // owner is itself racing a stale lock, the narrowest of windows.
        }
        rmSync(aside, { force: true });
      }
    }
    throw new UsageError(
      `cannot take the lock ${path}, which keeps a second zcust from ${doing}; delete it if no other run is going on`,
    );
  } finally {
    rmSync(own, { force: true });
  }
}

/** The releases of the locks this process holds, all called on exit by one listener (see holdLock). */
const held = new Set<() => void>();
const releaseAll = () => {
  for (const release of [...held]) release();
};

function holdLock(path: string, made: { dev: number; ino: number }): HeldLock {
  const release = () => {
    held.delete(release);
    if (held.size === 0) process.off('exit', releaseAll);
    try {
      if (idOf(read(path)) === process.pid) rmSync(path, { force: true });
    } catch {
      // The folder was made read-only during the run: the work is done and said; the lock left behind names
      // this process, which will be gone, so the next run takes it over (or says plainly why it cannot).
    }
  };
  // process.exit (a second Ctrl-C) skips the finally blocks that would close the journal and the reports. One
  // listener for every lock: a run holds one per report as well, and an eleventh listener has Node warn of a leak.
  if (held.size === 0) process.on('exit', releaseAll);
  held.add(release);
  const stillHeld = () => whatPathNames(made, path) === 'this file' && idOf(read(path)) === process.pid;
  return { release, stillHeld };
}
