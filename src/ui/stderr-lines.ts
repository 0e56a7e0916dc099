/**
 * What a run says on stderr, wherever it is said from (a warning from the reader, the notice of a signal's
 * handler), kept apart from the progress bar: once a bar is drawn, lines go above it (see ProgressView.print).
 */
import type { ProgressView } from './progress.js';

export interface StderrLines {
  /** Writes `text`, whole lines. */
  write(text: string): void;
  /** From now on, lines go through `progress`. */
  showProgress(progress: ProgressView): void;
  /**
   * Takes the progress bar away at once, giving the terminal back its cursor and line wrap: for a process about to
   * quit without running its finally blocks (a second Ctrl-C left the cursor hidden and lines cut at the edge).
   */
  stopProgress(): void;
}

export function stderrLines(stream: NodeJS.WritableStream): StderrLines {
  let progress: ProgressView | undefined;
  return {
    write(text) {
      if (progress) progress.print(text);
      else stream.write(text);
    },
    showProgress(view) {
      progress = view;
    },
    stopProgress() {
      progress?.stop();
    },
  };
}
