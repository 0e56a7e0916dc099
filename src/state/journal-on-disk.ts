/**
 * Whether the journal a run writes is still on disk, whole, at its path. Removed during the run (`rm -rf` of the
 * state folder), replaced by another file, or cut short (`: > x.journal`), it no longer tells the next import
 * what this run and earlier ones created: that import created them all again (a platform that refuses no twin)
 * or failed each as "already exists", and nothing said why. Looked at every CHECK_EVERY_WRITES records, and
 * CHECK_EVERY_MS after the last look once a record is written or read back, whichever comes first; whenever a
 * record read back is not the line indexed there (see Journal.get: before it is answered for); and at the end
 * of the run: two system calls (the descriptor's stats, the path's), which a record each would add to every row
 * of an import that is benchmarked.
 *
 * A journal removed is written again from the descriptor, which still holds every byte (journal-restore.ts), so
 * nothing is lost; one replaced, cut short or written over cannot be: the run stops, and says what to do instead.
 */
import { fstatSync } from 'node:fs';
import { ioReason } from '../errors.js';
import { whatPathNames } from '../util/same-file.js';

export const CHECK_EVERY_WRITES = 256;
export const CHECK_EVERY_MS = 1_000;

type Loss = 'removed' | 'replaced' | 'cut short';

/** What became of the journal open on `fd`, named by `path`, of which this run has `size` bytes at least. */
export function lossOf(fd: number, path: string, size: number): Loss | undefined {
  const open = fstatSync(fd);
  // Before the path: a file cut short and then removed lost its bytes, which no copy brings back.
  if (open.size < size) return 'cut short';
  const named = whatPathNames(open, path);
  return named === 'nothing' ? 'removed' : named === 'another file' ? 'replaced' : undefined;
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
   * The run must stop, whether the journal was lost or written again whole (whatever removed it may do so
   * again): why, in words. `linesGone`: the file was cut short or written over, so what earlier runs wrote can
   * no longer be read back at the offsets the run indexed.
   */
  stopRun(message: string, linesGone?: boolean): void;
}

export interface JournalWatch {
  /** After a record of `bytes` was written: looks at the file once in a while. */
  wrote(bytes: number): void;
  /** Before a record is read back: looks if a look is due by the clock. */
  reading(): void;
  /**
   * A record read back is not the line indexed at its offset: looks now, and when that finds the file neither
   * cut short nor removed nor replaced, it was written over where it stands.
   */
  misread(): void;
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
  const giveUp = (what: string, linesGone?: boolean) => {
    givenUp = true;
    journal.stopRun(lostMessage(path, what), linesGone);
  };
  /** Looks at the file; whether it found it removed, replaced or cut short. */
  const check = (): boolean => {
    writes = 0;
    due = Date.now() + CHECK_EVERY_MS;
    if (givenUp) return true;
    const loss = lossOf(journal.fd(), path, expected);
    if (loss === undefined) return false;
    if (loss === 'removed') {
      try {
        journal.relock();
        journal.restore();
      } catch (error) {
        giveUp(`was removed (and could not be written again: ${ioReason(error)})`);
        return true;
      }
      // Whole again, but something is removing the state folder under the run: it stops, resumable.
      journal.stopRun(
        `the resume journal ${path} was removed during the run; written again from the copy this run held open, so the next import knows what this run and earlier ones created`,
      );
    } else if (loss === 'replaced') giveUp('was replaced by another file');
    else giveUp('was cut short', true);
    return true;
  };
  return {
    wrote(bytes) {
      expected += bytes;
      if (++writes >= CHECK_EVERY_WRITES || Date.now() >= due) check();
    },
    reading() {
      if (Date.now() >= due) check();
    },
    misread() {
      if (!check()) giveUp('was written over', true);
    },
    check: () => {
      check();
    },
  };
}
