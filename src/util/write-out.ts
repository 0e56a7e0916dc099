/**
 * Writing what a command prints on standard output, and knowing whether it got there: a full disk
 * (`> /dev/full`) must not pass for success, and a reader that has gone (`| head -1`) is no failure at all.
 */

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
