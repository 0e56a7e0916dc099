/** Whether two paths name one file: the same path, or a hard link or symbolic link to the same file. */
import { fstatSync, type Stats, statSync } from 'node:fs';
import { resolve } from 'node:path';

export function isSameFile(a: string, b: string, cwd: string): boolean {
  const pathA = resolve(cwd, a);
  const pathB = resolve(cwd, b);
  if (pathA === pathB) return true;
  const statA = statOrNothing(pathA);
  return statA !== undefined && pathNamesFile(statA, pathB, cwd);
}

/** A path that does not exist yet (a new report) or cannot be looked at is no other file: opening it says why. */
function statOrNothing(path: string) {
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

/** Whether `path` (relative to `cwd`) names the file of these stats: the same device and inode. */
export function pathNamesFile(open: { dev: number; ino: number }, path: string, cwd: string): boolean {
  const named = statOrNothing(resolve(cwd, path));
  return named !== undefined && open.dev === named.dev && open.ino === named.ino;
}
