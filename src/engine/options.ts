/**
 * What a run of the engine is given and gives back: apart from run.ts, so that the modules the run is made of
 * (ordered-output.ts, batch-before-sending.ts) take its options without importing the run that imports them.
 */
import type { Outcome, SourceRow } from '../model.js';
import type { ToldNote } from '../state/journal-lines.js';
import type { Target } from '../targets/target.js';
import type { NetContext, RunStop } from './context.js';
import type { Counts } from './events.js';

export interface EngineOptions {
  mode: 'validate' | 'import';
  rows: AsyncIterable<SourceRow>;
  target: Target;
  includeExample: boolean;
  /** The template columns every row's fields are limited to (InputSource.fieldColumns), when known. */
  fieldColumns?: readonly string[];
  failFast: boolean;
  skipExisting: boolean;
  concurrency: number;
  /** Present for imports. */
  net?: NetContext;
  stop?: RunStop;
  /** Returns a promise only when the next outcome must wait (a report's buffer is full). */
  onOutcome: (outcome: Outcome) => Promise<void> | void;
  /**
   * Takes the notes that the outcome handed to onOutcome `position`th (from 1) told its row of its other key (see
   * other-key-once.ts), before it is handed: to write them once the reports hold it (see held-notes.ts). Without
   * it, nothing waits for a report, and they are written to the journal at once.
   */
  keepNotes?: (notes: readonly ToldNote[], position: number) => void;
  /** `rowsRead`: rows taken from the input so far, done or not (the reader runs ahead of the requests). */
  onProgress?: (rowsDone: number, counts: Counts, rowsRead: number) => void;
}

export interface EngineResult {
  rows: number;
  counts: Counts;
  stopped?: { reason: string; message: string };
  /** A report's created or skipped rows the run stopped before it could check (see uncheckedAsReported). */
  unchecked?: number;
}
