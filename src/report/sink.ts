/**
 * A file opened for writing text with backpressure: write() resolves once the chunk is handed to the
 * stream, and waits for 'drain' when the stream's buffer is full, so a million-row report never sits in
 * memory. The file is opened synchronously so a bad path fails at once, before anything is sent.
 */
import { once } from 'node:events';
import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { AbortError, ioReason } from '../errors.js';

export interface TextSink {
  readonly path: string;
  /**
   * Text may wait in memory (up to a few KiB) until more comes or end() is called. Returns a promise only
   * when the caller should wait for it: the stream's buffer is full, or the sink has failed.
   */
  write(chunk: string | Uint8Array): Promise<void> | undefined;
  /**
   * Writes out what waits in memory and resolves once the file has taken everything written so far; rejects
   * with the first write error, if any (a full disk is found here, not when the file is closed).
   */
  flush(): Promise<void>;
  /** Flushes and closes the file; rejects with the first write error, if any. */
  end(): Promise<void>;
  /** Closes the file without flushing what is still buffered (for abort). */
  destroy(): Promise<void>;
}

/** 64 KiB: big enough for throughput, small enough that memory stays flat however many rows come. */
const BUFFER_BYTES = 64 * 1024;

/**
 * Text is gathered into pieces of about this many characters before it goes to the stream: a stream write
 * per report line (a million of them) costs more than building the line did.
 */
const PIECE_CHARS = 16 * 1024;

/**
 * `report` is the report the file is for, as its failures name it: a JSON or XML report's rows go to a temp file
 * first (see spool.ts), and a full disk there is the report's failure, not a hidden file's the user never named.
 */
export function openSink(path: string, report = path): TextSink {
  const stream: WriteStream = createWriteStream(path, {
    fd: openSync(path, 'w'),
    highWaterMark: BUFFER_BYTES,
  });
  let failure: Error | undefined;
  // Without a listener an I/O error (disk full) would crash the process; keep it for the next call instead.
  // It ends the run: a report that cannot be written cannot account for every row.
  const fail = (error: NodeJS.ErrnoException) => {
    failure ??= new AbortError(`cannot write the report "${report}": ${ioReason(error)}`, {
      cause: error,
    });
    return failure;
  };
  stream.on('error', fail);

  function check(): void {
    if (failure) throw failure;
    // A failed write destroys the stream at once; its 'error' event comes a tick later.
    if (stream.errored) throw fail(stream.errored);
    if (stream.destroyed || stream.writableEnded) throw new Error(`the report ${path} is already closed`);
  }

  let piece = '';
  // once() rejects with the stream's raw error; the run is told of it as `failure`, with the report's path.
  const hand = (chunk: string | Uint8Array): Promise<void> | undefined =>
    stream.write(chunk)
      ? undefined
      : once(stream, 'drain').then(
          () => undefined,
          (error: unknown) => Promise.reject(failure ?? error),
        );

  return {
    path,
    write(chunk) {
      try {
        check();
      } catch (error) {
        return Promise.reject(error);
      }
      if (typeof chunk === 'string') {
        piece += chunk;
        if (piece.length < PIECE_CHARS) return undefined;
        chunk = piece;
        piece = '';
      } else if (piece !== '') {
        // Bytes after text: the text goes first. A full buffer here is waited for with the bytes' write.
        stream.write(piece);
        piece = '';
      }
      return hand(chunk);
    },
    async flush() {
      check();
      const chunk = piece;
      piece = '';
      // A write's callback comes once it and every write before it are done (or one has failed).
      await new Promise<void>((resolve) => stream.write(chunk, () => resolve()));
      check();
    },
    async end() {
      check();
      const closed = once(stream, 'close').catch(() => undefined);
      if (piece !== '') stream.write(piece);
      piece = '';
      stream.end();
      await closed;
      if (failure) throw failure;
    },
    async destroy() {
      if (stream.closed) return;
      const closed = once(stream, 'close').catch(() => undefined);
      stream.destroy();
      await closed;
    },
  };
}
