/**
 * A file opened for writing text. Text is gathered into pieces, and each piece is written at once, on this
 * thread: a million-row report never sits in memory, and nothing waits on another thread. Through a write
 * stream, each piece went to libuv's thread pool, and on a machine whose cores the parsing worker and this
 * thread keep busy that thread was slow to get one: a million-row validate waited 4–8 s in all for the
 * stream to drain, while writing the 150 MB takes a fraction of a second. The file is opened synchronously so
 * a bad path fails at once, before anything is sent.
 */
import { closeSync, openSync } from 'node:fs';
import { AbortError, ioReason } from '../errors.js';
import { writeAll } from '../util/write-all.js';

export interface TextSink {
  readonly path: string;
  /**
   * Text may wait in memory (up to a piece) until more comes or end() is called. Returns a promise only when
   * the caller should wait for it: here, only once the sink has failed (a rejected one).
   */
  write(chunk: string | Uint8Array): Promise<void> | undefined;
  /**
   * Writes out what waits in memory; rejects with the first write error, if any (a full disk is found here, not
   * when the file is closed).
   */
  flush(): Promise<void>;
  /** Flushes and closes the file; rejects with the first write error, if any. */
  end(): Promise<void>;
  /** Closes the file without writing what waits in memory (for abort). */
  destroy(): Promise<void>;
}

/**
 * Text is gathered into pieces of about this many characters before it is written: a write per report line (a
 * million of them) costs more than building the line did.
 */
const PIECE_CHARS = 16 * 1024;

/**
 * `report` is the report the file is for, as its failures name it: a JSON or XML report's rows go to a temp file
 * first (see spool.ts), and a full disk there is the report's failure, not a hidden file's the user never named.
 */
export function openSink(path: string, report = path): TextSink {
  const fd = openSync(path, 'w');
  let failure: Error | undefined;
  let closed = false;
  // It ends the run: a report that cannot be written cannot account for every row.
  const fail = (error: unknown): Error => {
    failure ??= new AbortError(`cannot write the report "${report}": ${ioReason(error)}`, { cause: error });
    return failure;
  };
  function check(): void {
    if (failure) throw failure;
    if (closed) throw new Error(`the report ${path} is already closed`);
  }
  const writeOut = (chunk: string | Uint8Array): void => {
    try {
      writeAll(fd, chunk);
    } catch (error) {
      throw fail(error);
    }
  };
  const close = (): void => {
    if (closed) return;
    closed = true;
    closeSync(fd);
  };

  let piece = '';
  const writePiece = (): void => {
    const text = piece;
    piece = '';
    if (text !== '') writeOut(text);
  };

  return {
    path,
    write(chunk) {
      try {
        check();
        if (typeof chunk === 'string') {
          piece += chunk;
          if (piece.length >= PIECE_CHARS) writePiece();
        } else {
          // Bytes after text: the text goes first.
          writePiece();
          writeOut(chunk);
        }
        return undefined;
      } catch (error) {
        return Promise.reject(error);
      }
    },
    async flush() {
      check();
      writePiece();
    },
    async end() {
      check();
      try {
        writePiece();
      } finally {
        try {
          close();
        } catch (error) {
          // A network file system may say only when the file is closed that it could not keep the data.
          fail(error);
        }
      }
      if (failure) throw failure;
    },
    async destroy() {
      try {
        close();
      } catch {
        // Given up on already: nothing more to say about this file.
      }
    },
  };
}
