/**
 * A journal removed during a run (its state folder deleted, the file moved away) written again at its path from
 * the descriptor the run still holds, which keeps every byte: what earlier imports recorded and what this run has.
 * Byte for byte, so every offset the run has indexed still points at the same line. Written beside the path as a
 * compaction's copy is (the next import discards one a kill leaves), flushed to disk, then linked to the path,
 * which fails if a file took the name meanwhile (another run's journal): that one is never overwritten.
 */
import { closeSync, fstatSync, fsyncSync, linkSync, openSync, readSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeAll } from '../util/write-all.js';
import { syncDirectory, unfinished } from './journal-compaction.js';

const CHUNK = 1 << 16;

/**
 * Writes the journal open on `from` at `path` again, in its folder (made again by the caller, who takes the
 * journal's lock there first); returns the descriptor of the new file, or throws.
 */
export function restoreJournal(from: number, path: string): number {
  const { size, mode } = fstatSync(from);
  const copy = unfinished(path);
  rmSync(copy, { force: true });
  const fd = openSync(copy, 'ax+', mode & 0o777);
  try {
    const buffer = Buffer.alloc(CHUNK);
    for (let position = 0; position < size; ) {
      const n = readSync(from, buffer, 0, Math.min(CHUNK, size - position), position);
      if (n === 0) break;
      writeAll(fd, buffer.subarray(0, n));
      position += n;
    }
    fsyncSync(fd);
    linkSync(copy, path);
  } catch (error) {
    closeSync(fd);
    throw error;
  } finally {
    rmSync(copy, { force: true });
  }
  syncDirectory(dirname(path));
  return fd;
}
