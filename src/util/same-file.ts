/** Whether two paths name one file: the same path, or a hard link or symbolic link to the same file. */
import { fstatSync, lstatSync, readlinkSync, realpathSync, type Stats, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export function isSameFile(a: string, b: string, cwd: string): boolean {
  return fileIdentity(a, cwd) === fileIdentity(b, cwd);
}

/**
 * What tells files apart: the device and inode of one that exists, else the real path where opening it creates
 * it. Two names of one file (a link, two links to /dev/stdout) have one identity.
 */
export function fileIdentity(path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  try {
    const stats = statSync(absolute, { throwIfNoEntry: false });
    return stats ? `${stats.dev}:${stats.ino}` : whereCreated(absolute);
  } catch {
    // Not reachable: opening it says why.
    return absolute;
  }
}

/**
 * The real path of the file `path` names, through every link: the file's own where it exists, else where opening
 * it creates it. Two names of one file (a symbolic link, `a/../r.csv`) give one path; two hard links do not.
 */
export function realPathOf(path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  try {
    return statSync(absolute, { throwIfNoEntry: false }) ? realpathSync(absolute) : whereCreated(absolute);
  } catch {
    // Not reachable: opening it says why.
    return absolute;
  }
}

/**
 * The real path where opening `absolute`, which does not exist yet, creates the file: through its folder's
 * links, and through a symbolic link that points to no file yet, at the link's target.
 */
function whereCreated(absolute: string, links = 0): string {
  const real = join(realpathSync(dirname(absolute)), basename(absolute));
  // 40: the kernel's own limit on links followed in one path (ELOOP).
  if (links < 40 && lstatSync(real, { throwIfNoEntry: false })?.isSymbolicLink()) {
    return whereCreated(resolve(dirname(real), readlinkSync(real)), links + 1);
  }
  return real;
}

/** A path that does not exist yet (a new report) or cannot be looked at is no other file: opening it says why. */
export function statOrNothing(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** The stats of the file behind a stream's descriptor; undefined without one (a stream of a test). */
function streamStats(stream: unknown): Stats | undefined {
  const fd = (stream as { fd?: unknown }).fd;
  if (typeof fd !== 'number') return undefined;
  try {
    return fstatSync(fd);
  } catch {
    return undefined;
  }
}

/** Whether the stream's descriptor is the file that `path` names, whatever its kind (a file, a pipe, a terminal). */
export function streamIsFile(stream: unknown, path: string, cwd: string): boolean {
  const open = streamStats(stream);
  return open !== undefined && pathNamesFile(open, path, cwd);
}

/**
 * Whether the stream reads the file at `path` through its descriptor: standard input redirected from it
 * (`zcust import - < x.csv`). A pipe's descriptor is no file.
 */
export function streamReadsFile(stream: unknown, path: string, cwd: string): boolean {
  const open = streamStats(stream);
  return open?.isFile() === true && pathNamesFile(open, path, cwd);
}

/**
 * What `path` names now, against the file open with these stats (a file kept open while others may remove or
 * replace it): that file (the same device and inode), another file, or nothing (also when a folder on the way
 * became a file); 'cannot tell' when it cannot be looked at (a folder made unreadable), which is no evidence.
 */
export function whatPathNames(
  open: { dev: number; ino: number },
  path: string,
): 'this file' | 'another file' | 'nothing' | 'cannot tell' {
  let named: Stats | undefined;
  try {
    named = statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') return 'cannot tell';
  }
  if (named === undefined) return 'nothing';
  return named.dev === open.dev && named.ino === open.ino ? 'this file' : 'another file';
}

/** Whether `path` (relative to `cwd`) names the file of these stats: the same device and inode. */
export function pathNamesFile(open: { dev: number; ino: number }, path: string, cwd: string): boolean {
  return whatPathNames(open, resolve(cwd, path)) === 'this file';
}
