/**
 * Compaction of a tenant's journal: once most of it is lines that no longer decide anything (a row's `sending`
 * before its `created`, the records a --no-resume run wrote of rows already created), the next import rewrites it
 * with the deciding lines alone. Which lines those are is the journal's business (deciding-lines.ts); this module
 * only says when a rewrite pays, and swaps the file so that a kill at any instant leaves the old journal or the new
 * one, whole: the new one is written beside it, flushed to disk, and renamed over it (atomic on POSIX).
 */
import { closeSync, fsyncSync, openSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeAll } from '../util/write-all.js';

/**
 * 4 MiB. Each import reads its tenant's journal whole at start-up, at about 26 ms of CPU a megabyte (the 23.5 MB
 * journal of a 100,000-row import: 0.6 s); below this size that is about 0.1 s, which a rewrite (it reads the
 * journal twice more) cannot win back, and a tenant of a few thousand customers never pays for one.
 */
export const COMPACT_ABOVE = 4 * 1024 * 1024;

/**
 * Whether a journal of `size` bytes whose deciding lines take `deciding` bytes is worth rewriting: larger than
 * `above`, and more than half of it decides nothing. A rewrite costs the bytes it keeps, so it never costs more
 * than the bytes it drops; and a journal stays within twice its deciding lines.
 */
export const worthCompacting = (size: number, deciding: number, above = COMPACT_ABOVE): boolean =>
  size > above && deciding <= mostWorthKeeping(size);

/** The most a compacted journal may keep of one of `size` bytes: less than half. */
const mostWorthKeeping = (size: number) => Math.ceil(size / 2) - 1;

/** Where the compacted journal is written before it replaces the journal (not a `.journal`: never read as one). */
export const unfinished = (journal: string) => `${journal}.compacting`;

/**
 * Removes what a compaction killed before its rename left beside the journal (the journal itself is whole).
 * Called under the journal's lock, so no compaction is under way.
 */
export function discardUnfinishedCompaction(path: string): void {
  rmSync(unfinished(realpathSync(path)), { force: true });
}

/** Lines are written this much at a time: one write a line would be 400,000 system calls for 100,000 rows. */
const WRITE_CHUNK = 1 << 16;

/**
 * Replaces the journal at `path` (`size` bytes) by `lines` (each without its newline), crash-safe, unless they
 * come to half of it or more (then not worth it). Returns false, the journal left as it was, then or when the new
 * one cannot be written (a full disk): compaction only saves time, so the import goes on with the journal it has,
 * and the next one tries again. `mode`: the journal's permissions, kept.
 */
export function replaceJournal(path: string, size: number, lines: Iterable<string>, mode: number): boolean {
  // A journal reached through a symbolic link stays one: its target is replaced.
  const journal = realpathSync(path);
  const temporary = unfinished(journal);
  let fd: number | undefined;
  let renamed = false;
  try {
    fd = openSync(temporary, 'w', mode);
    const worth = writeLines(fd, lines, mostWorthKeeping(size));
    // On disk before the rename: a machine crash after it must not find a journal renamed but empty.
    if (worth) fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (worth) renameSync(temporary, journal);
    renamed = worth;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    if (fd !== undefined) closeSync(fd);
  }
  if (!renamed) {
    rmSync(temporary, { force: true });
    return false;
  }
  syncDirectory(dirname(journal));
  return true;
}

/** Writes `lines` unless they come to more than `most` bytes: then stops, and returns false. */
function writeLines(fd: number, lines: Iterable<string>, most: number): boolean {
  let chunk: string[] = [];
  let chunkLength = 0;
  let written = 0;
  const flush = () => {
    const bytes = Buffer.from(chunk.join(''), 'utf8');
    written += bytes.length;
    if (written <= most) writeAll(fd, bytes);
    chunk = [];
    chunkLength = 0;
    return written <= most;
  };
  for (const line of lines) {
    chunk.push(line, '\n');
    chunkLength += line.length + 1;
    if (chunkLength >= WRITE_CHUNK && !flush()) return false;
  }
  return flush();
}

/**
 * Makes the rename durable: until the folder is flushed, a machine crash could bring the old journal back (whole,
 * answering as the new one does). A file system that cannot open or flush a folder leaves it at that: the rename
 * is done, and compaction only saves time, so the import goes on.
 */
export function syncDirectory(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
