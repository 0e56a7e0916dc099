/**
 * Notes waiting for a report that is written only at the end (see held-notes.ts), kept in a file beside the
 * journal rather than in memory. One import into a tenant runs at a time (the journal's lock), so the name is
 * fixed, and the file a killed run left is removed by the next: it holds nothing the journal does not (key hashes
 * and customer ids). A file that cannot be written loses its notes, and with them only the promise that their
 * warnings are not given again: the next import gives them again, which is better than stopping a run for it.
 */
import { closeSync, openSync, rmSync } from 'node:fs';
import { writeAll } from '../util/write-all.js';
import { linesOf } from './journal-file.js';
import type { ToldNote } from './journal-lines.js';

export interface NoteSpill {
  add(position: number, note: ToldNote): void;
  /** The notes added, in the order added, each with its position; unreadable ones left out. */
  read(): Generator<{ position: number; note: ToldNote }>;
  /** Closes and removes the file. */
  remove(): void;
}

/** The spill file of the journal at `journal`: beside it, by its name. */
export const noteSpillPath = (journal: string): string => `${journal}.notes`;

/**
 * Removes the spill file a killed run left beside the journal at `journal`, where it can (else it stays, holding
 * nothing the journal does not): for a journal renamed, whose next import removes only its new name's.
 */
export function removeNoteSpill(journal: string): void {
  try {
    rmSync(noteSpillPath(journal), { force: true });
  } catch {
    // Left behind, as one the next import cannot remove.
  }
}

/** Written in pieces of about this many characters: a write per note would cost more than the note. */
const PIECE_CHARS = 64 * 1024;

export function openNoteSpill(path: string): NoteSpill {
  const removeFile = () => {
    try {
      rmSync(path, { force: true });
    } catch {
      // Left behind: the next import tries again.
    }
  };
  removeFile();
  let fd: number | undefined;
  let lost = false;
  let piece = '';
  const writePiece = () => {
    if (piece === '' || lost) return;
    try {
      fd ??= openSync(path, 'w+', 0o600);
      writeAll(fd, piece);
    } catch {
      lost = true;
    }
    piece = '';
  };
  return {
    add(position, { key, row, customerId, customerHas }) {
      piece += `${JSON.stringify([position, key, row, customerId, customerHas])}\n`;
      if (piece.length >= PIECE_CHARS) writePiece();
    },
    *read() {
      writePiece();
      if (fd === undefined || lost) return;
      try {
        for (const { line } of linesOf(fd)) {
          const note = noteOf(line);
          if (note) yield note;
        }
      } catch {
        // What was not read is lost, as a file that could not be written.
      }
    },
    remove() {
      try {
        if (fd !== undefined) closeSync(fd);
      } catch {
        // Removed all the same.
      }
      fd = undefined;
      piece = '';
      removeFile();
    },
  };
}

function noteOf(line: string): { position: number; note: ToldNote } | undefined {
  try {
    const [position, key, row, customerId, customerHas] = JSON.parse(line) as [
      number,
      string,
      number,
      string,
      ToldNote['customerHas'],
    ];
    return { position, note: { key, row, customerId, customerHas } };
  } catch {
    return undefined;
  }
}
