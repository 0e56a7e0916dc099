/**
 * A file that got shorter while it was read (truncated by another program midway): its end is not the end of
 * what it held when zcust opened it. Read to the new end as usual, the last line cut in two was a customer
 * created with half its values (csv-parse hands out a last record with no line end as complete), and the rows
 * after it were silently gone.
 */
import { InputReadError } from '../errors.js';
import type { SourceRow } from '../model.js';
import { plural } from '../util/counts.js';
import { malformedRow } from './damage.js';

/**
 * An InputReadError: the engine stops the run there (exit 3), as at EIO. Thrown by the byte reader when the file
 * ends before the size it had when it was opened, which is before the decoder hands out its last, unfinished line.
 */
export class FileShrankError extends InputReadError {
  override name = 'FileShrankError';
  /**
   * Set by the decoder: the text read ends inside a line, which is then a record cut short. The reader reports
   * it as invalid (cutShortRow) instead of leaving it out, so the report says which row was cut.
   */
  endsInsideLine = false;
}

export function fileShrank(name: string, bytesRead: number, bytesAtOpen: number): FileShrankError {
  return new FileShrankError(
    `cannot read ${name}: it got shorter while it was read (it ended after ${plural(bytesRead, 'byte')} of the ${plural(bytesAtOpen, 'byte')} it had when zcust opened it)`,
  );
}

/** The same error on another thread: an error's class does not cross between threads. */
export function fileShrankAgain(message: string, endsInsideLine: boolean): FileShrankError {
  const error = new FileShrankError(message);
  error.endsInsideLine = endsInsideLine;
  return error;
}

/** Whether `error` leaves a record cut short, to report as `cutShortRow` before the error is passed on. */
export const cutsARecord = (error: unknown): error is FileShrankError =>
  error instanceof FileShrankError && error.endsInsideLine;

/** The row whose line the file's new end cut in two: invalid, never sent with half its values. */
export function cutShortRow(row: number): SourceRow {
  return malformedRow(
    row,
    'the file got shorter while this row was read: its line is cut short, so it was not sent (see the summary)',
  );
}
