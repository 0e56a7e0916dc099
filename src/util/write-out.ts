/**
 * Writing what a command prints on standard output, and knowing whether it got there: a full disk
 * (`> /dev/full`) must not pass for success, and a reader that has gone (`| head -1`) is no failure at all.
 */
import { writeAll } from './write-all.js';

/** Resolves once the stream has taken the text: with the error if it could not (undefined if it did). */
export function writeOut(stream: NodeJS.WritableStream, text: string): Promise<Error | undefined> {
  return new Promise((resolve) => {
    // Left in place: the stream also emits the failed write's error a tick after the callback, and an
    // 'error' without a listener would crash the process.
    stream.once('error', resolve);
    stream.write(text, (error) => resolve(error ?? undefined));
  });
}

/** EPIPE: whatever read our output closed it (`zcust sample-csv | head -1`), as it may. */
export const readerHasGone = (error: Error): boolean => (error as NodeJS.ErrnoException).code === 'EPIPE';

/**
 * Writes `text` before returning, for what is printed just before the process exits: process.exit drops what a
 * stream still queues. Straight to the stream's descriptor (stdout's is 1); a stream without one (a test's) as
 * usual. A reader gone or a full disk is let pass: the exit code still tells.
 */
export function writeBeforeExit(stream: NodeJS.WritableStream, text: string): void {
  const fd = (stream as { fd?: unknown }).fd;
  try {
    if (typeof fd === 'number') writeAll(fd, text);
    else stream.write(text);
  } catch {}
}
