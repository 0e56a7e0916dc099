/**
 * A file whose end, as read, may not be the end of what it holds: one that got shorter while it was read
 * (truncated by another program midway), or one still being written (it grew while it was read, and its text
 * ends inside a line). Read to that end as usual, the last line cut in two was a customer created with half its
 * values (csv-parse hands out a last record with no line end as complete), and, for a truncation, the rows after
 * it were silently gone.
 */
import { InputReadError } from '../errors.js';
import type { SourceRow } from '../model.js';
import { plural } from '../util/counts.js';
import { malformedRow } from './damage.js';

/**
 * An InputReadError: the engine stops the run there (exit 3), as at EIO. Thrown before the decoder hands out its
 * last, unfinished line, which is never parsed.
 */
export class FileCutShortError extends InputReadError {
  override name = 'FileCutShortError';
  /**
   * Set by the decoder or the CSV parser: the text read ends inside a record, which is then cut short. The reader
   * reports it as invalid (cutShortRow) instead of leaving it out, so the report says which row was cut.
   */
  endsInsideLine = false;

  /** `rowReason`: why that cut row was not sent, for the report. */
  constructor(
    message: string,
    readonly rowReason: string,
  ) {
    super(message);
  }
}

/** Thrown by the byte reader when the file ends before the size it had when it was opened. */
export class FileShrankError extends FileCutShortError {
  override name = 'FileShrankError';
}

/** Thrown by the decoder when a file that grew while it was read ends inside a line: that line may be half written. */
export class FileStillWrittenError extends FileCutShortError {
  override name = 'FileStillWrittenError';
}

export function fileShrank(name: string, bytesRead: number, bytesAtOpen: number): FileShrankError {
  return new FileShrankError(
    `cannot read ${name}: it got shorter while it was read (it ended after ${plural(bytesRead, 'byte')} of the ${plural(bytesAtOpen, 'byte')} it had when zcust opened it)`,
    'the file got shorter while this row was read: its line is cut short, so it was not sent (see the summary)',
  );
}

export function fileStillWritten(
  name: string,
  bytesAtOpen: number,
  bytesAtEnd: number,
): FileStillWrittenError {
  const error = new FileStillWrittenError(
    `cannot read ${name} to its end: it was still being written when zcust reached its end (it grew from ${plural(bytesAtOpen, 'byte')} to ${plural(bytesAtEnd, 'byte')} while it was read), so its last line may be incomplete: run again once the file is complete`,
    'the file was still being written when this row was read: its line may be incomplete, so it was not sent (see the summary)',
  );
  error.endsInsideLine = true;
  return error;
}

/** What crosses between threads with a FileCutShortError's message: an error's class does not. */
export type CutShortDetail = { endsInsideLine: boolean; rowReason: string };

export const cutShortDetail = (error: FileCutShortError): CutShortDetail => ({
  endsInsideLine: error.endsInsideLine,
  rowReason: error.rowReason,
});

/** The same error on another thread. */
export function fileCutShortAgain(message: string, detail: CutShortDetail): FileCutShortError {
  const error = new FileCutShortError(message, detail.rowReason);
  error.endsInsideLine = detail.endsInsideLine;
  return error;
}

/** Whether `error` leaves a record cut short, to report as `cutShortRow` before the error is passed on. */
export const cutsARecord = (error: unknown): error is FileCutShortError =>
  error instanceof FileCutShortError && error.endsInsideLine;

/** The row whose line the file's end cut in two: invalid, never sent with half its values. */
export function cutShortRow(row: number, error: FileCutShortError): SourceRow {
  return malformedRow(row, error.rowReason);
}
