/**
 * One zcust at a time writes a report file. Two at once (a validate of the file an import is reading, imports of
 * one file into two tenants or with two --state-dir, each writing the default report) each emptied it and wrote
 * into it: rows twice, torn lines, and two tenants' ids in one report that passed for the import's. A report file
 * is locked (`<report>.lock`, the run lock: run-lock.ts) before it is emptied or its spool is made, until the run
 * has written it.
 */
import { resolve } from 'node:path';
import { ioReason, UsageError } from '../errors.js';
import { acquireRunLock, type RunLock } from '../state/run-lock.js';
import { realPathOf, statOrNothing } from '../util/same-file.js';
import { reportLockName } from './report-lock-name.js';

/**
 * The lock of the report at `path`: beside the file it names through its links, so that two names of one file
 * take one lock (named by report-lock-name.ts). Undefined for a named pipe or a device (standard output), which
 * holds no report for a second run to spoil: each run's lines go to its reader.
 */
export function reportLockPath(path: string, cwd: string): string | undefined {
  const stats = statOrNothing(resolve(cwd, path));
  if (stats !== undefined && !stats.isFile()) return undefined;
  return reportLockName(realPathOf(path, cwd));
}

/** Takes the lock of each report, or throws the UsageError naming the run that holds one, holding none. */
export function lockReports(paths: readonly string[], cwd: string): RunLock {
  const reportOf = new Map<string, string>();
  for (const path of paths) {
    const lockPath = reportLockPath(path, cwd);
    if (lockPath !== undefined && !reportOf.has(lockPath)) reportOf.set(lockPath, path);
  }
  const taken: RunLock[] = [];
  const release = () => {
    for (const lock of taken.splice(0)) lock.release();
  };
  try {
    // In one order whatever the order of the flags: two runs that each took the report the other wanted next
    // would both refuse. By code unit, not by locale, which two runs may not share.
    for (const lockPath of [...reportOf.keys()].sort()) {
      const lock = lockUnlessUnwritable(lockPath, reportOf.get(lockPath) as string);
      if (lock !== undefined) taken.push(lock);
    }
  } catch (error) {
    release();
    throw error;
  }
  return { release };
}

/**
 * What making the lock gives where no lock can be: in a folder that takes no new file, EACCES (chmod 555, another
 * user's), EROFS (a read-only mount), EPERM (an immutable folder, or a file system without hard links); and
 * ENAMETOOLONG for a report whose absolute path comes within a few bytes of PATH_MAX (4,096), the lock's path
 * passing it (its name fits NAME_MAX: report-lock-name.ts).
 */
const NO_LOCK_CAN_BE_MADE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENAMETOOLONG']);

function lockUnlessUnwritable(lockPath: string, report: string): RunLock | undefined {
  try {
    return acquireRunLock(
      lockPath,
      `writing the report "${report}"`,
      'then run again, or give this run another --report',
    );
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // No file can be made beside the report: a writable report in a read-only folder (any place no report can be
    // written was refused before this, in words), or one whose path leaves no room for `.lock`. Such a report was
    // written before there was a lock, and still is.
    if (NO_LOCK_CAN_BE_MADE.has((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    // Anything else (a full disk, a folder that is a file) would leave the report open to a second run,
    // which is what the lock is for: refused, as a report that cannot be written is.
    throw new UsageError(`cannot lock the report "${report}" (${lockPath}): ${ioReason(error)}`);
  }
}
