/**
 * The notes that rows were told of their other key (Journal.toldOtherKey), held back until every report of the run
 * holds the row where the user reads it. Written as the outcome left, before a CSV report's block reached the disk,
 * a kill -9 (or SIGQUIT) between the two lost the warning for good: it was in no report, and the note said it had
 * been given. A run killed before its notes are written gives those warnings again on the next import: repeating
 * is acceptable, losing is not.
 *
 * A CSV report holds its rows block by block, so few notes wait (a block's, a pipe's buffer's). A JSON or XML
 * report holds none until it is written whole at the end: a million warned rows would all wait, so past
 * MEMORY_NOTES they wait in a file beside the journal (note-spill.ts) rather than in memory, and are written at
 * the end.
 */
import type { Journal } from './journal.js';
import type { ToldNote } from './journal-lines.js';
import { type NoteSpill, noteSpillPath, openNoteSpill } from './note-spill.js';

export interface HeldNotes {
  /** The notes of the outcome handed to the reports `position`th (from 1), held until they hold it. */
  keep(notes: readonly ToldNote[], position: number): void;
  /** Every report holds the first `rows` outcomes: their notes are written. */
  held(rows: number): void;
  /**
   * The run is over, its reports closed: the notes of rows they hold are written, the others dropped (the next
   * import warns again).
   */
  close(): void;
}

/** How many notes wait in memory; more wait in the spill file. About 100 bytes each. */
const MEMORY_NOTES = 10_000;

/** Notes written to the journal in one write at most, when the spill file is read back. */
const NOTES_PER_WRITE = 1_000;

export function holdNotes(
  journal: Pick<Journal, 'path' | 'toldOtherKey'>,
  spill: NoteSpill = openNoteSpill(noteSpillPath(journal.path)),
  memoryNotes = MEMORY_NOTES,
): HeldNotes {
  /** In position order (each note is kept after those of earlier rows), up to memoryNotes. */
  let waiting: Array<{ position: number; note: ToldNote }> = [];
  let spilled = false;
  let heldRows = 0;
  const write = (notes: readonly ToldNote[]) => {
    if (notes.length > 0) journal.toldOtherKey(notes);
  };
  return {
    keep(notes, position) {
      if (position <= heldRows) return write(notes);
      for (const note of notes) {
        if (waiting.length < memoryNotes) waiting.push({ position, note });
        else {
          spill.add(position, note);
          spilled = true;
        }
      }
    },
    held(rows) {
      heldRows = Math.max(heldRows, rows);
      // Told at every block a CSV report writes, mostly with no note waiting: no arrays made for none.
      if (waiting.length === 0) return;
      const due = waiting.findIndex((w) => w.position > heldRows);
      const released = due === -1 ? waiting : waiting.slice(0, due);
      waiting = due === -1 ? [] : waiting.slice(due);
      write(released.map((w) => w.note));
    },
    close() {
      waiting = [];
      let batch: ToldNote[] = [];
      if (spilled) {
        for (const { position, note } of spill.read()) {
          if (position > heldRows) continue;
          batch.push(note);
          if (batch.length === NOTES_PER_WRITE) {
            write(batch);
            batch = [];
          }
        }
      }
      write(batch);
      spill.remove();
    },
  };
}
