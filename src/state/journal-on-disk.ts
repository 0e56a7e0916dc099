/**
 * Whether the journal a run writes is still on disk, whole, at its path. Removed during the run (`rm -rf` of the
 * state folder), replaced by another file, or cut short (`: > x.journal`), it no longer tells the next import
 * what this run and earlier ones created: that import created them all again (a platform that refuses no twin)
 * or failed each as "already exists", and nothing said why. Looked at every CHECK_EVERY_WRITES records or
 * CHECK_EVERY_MS, whichever comes first, and at the end of the run: two system calls (the descriptor's stats,
 * the path's), which a record each would add to every row of an import that is benchmarked.
 *
 * A journal removed is written again from the descriptor, which still holds every byte (journal-restore.ts), so
 * nothing is lost; one replaced or cut short cannot be: the run stops, and says what to do instead.
 */
import { fstatSync, type Stats, statSync } from 'node:fs';
import { ioReason } from '../errors.js';

export const CHECK_EVERY_WRITES = 256;
export const CHECK_EVERY_MS = 1_000;

type Loss = 'removed' | 'replaced' | 'cut short';

/** The path's stats; undefined when nothing is there, 'unknown' when it cannot be looked at (then not a loss). */
function statsAt(path: string): Stats | undefined | 'unknown' {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    // A folder on the way replaced by a file: nothing is there either.
    return (error as NodeJS.ErrnoException).code === 'ENOTDIR' ? undefined : 'unknown';
  }
}

/** What became of the journal open on `fd`, named by `path`, of which this run has `size` bytes at least. */
export function lossOf(fd: number, path: string, size: number): Loss | undefined {
  const open = fstatSync(fd);
  // Before the path: a file cut short and then removed lost its bytes, which no copy brings back.
  if (open.size < size) return 'cut short';
  const named = statsAt(path);
  if (named === 'unknown') return undefined;
  if (named === undefined) return 'removed';
  return named.dev === open.dev && named.ino === open.ino ? undefined : 'replaced';
}

/** What the watch needs of the journal it watches. */
export interface WatchedJournal {
  /** The descriptor records are written to now. */
  fd(): number;
  /** Takes the journal's lock again, in its folder made again (both may have gone with it); throws when it cannot. */
  relock(): void;
  /** Writes the journal removed again at its path; records go there from then on. */
  restore(): void;
  /**
   * The run must stop: why, in words. `linesGone`: the file was cut short, so what earlier runs wrote can no
   * longer be read back at the offsets the run indexed.
   */
  lost(message: string, linesGone?: boolean): void;
}

export interface JournalWatch {
  /** After a record of `bytes` was written: looks at the file once in a while. */
  wrote(bytes: number): void;
  /** Looks now. */
  check(): void;
}

const lostMessage = (path: string, what: string) =>
  `the resume journal ${path} ${what} during the run, so the next import will not know which customers this run and earlier ones created, and would send them again: import this run's report rather than the file (it lists the rows created, with their ids, and rows its journal does not know are looked up before anything is sent; see "Exactly once" in the README)`;

/** Watches the journal at `path`, of `size` bytes now. */
export function watchJournal(path: string, size: number, journal: WatchedJournal): JournalWatch {
  let expected = size;
  let writes = 0;
  let due = Date.now() + CHECK_EVERY_MS;
  /** Told once: what is lost stays lost, and records go on to the descriptor held. */
  let givenUp = false;
  const check = () => {
    writes = 0;
    due = Date.now() + CHECK_EVERY_MS;
    if (givenUp) return;
    const loss = lossOf(journal.fd(), path, expected);
    if (loss === undefined) return;
    if (loss === 'removed') {
      try {
        journal.relock();
        journal.restore();
        // Whole again, but something is removing the state folder under the run: it stops, resumable.
        journal.lost(
          `the resume journal ${path} was removed during the run; written again from the copy this run held open, so the next import knows what this run and earlier ones created`,
        );
        return;
      } catch (error) {
        givenUp = true;
        journal.lost(lostMessage(path, `was removed (and could not be written again: ${ioReason(error)})`));
        return;
      }
    }
    givenUp = true;
    if (loss === 'replaced') journal.lost(lostMessage(path, 'was replaced by another file'));
    else journal.lost(lostMessage(path, 'was cut short'), true);
  };
  return {
    wrote(bytes) {
      expected += bytes;
      if (++writes >= CHECK_EVERY_WRITES || Date.now() >= due) check();
    },
    check,
  };
}
