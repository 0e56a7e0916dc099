/**
 * A file opened for writing text. Text is gathered into pieces of about 16 KB; a million-row report never sits in
 * memory. The file is opened synchronously so a bad path fails at once, before anything is sent.
 *
 * A regular file takes each piece at once, written on this thread. Through a write stream each piece went to
 * libuv's thread pool, and on a machine whose cores the parsing worker and this thread keep busy that thread
 * was slow to get one: a million-row validate waited 4–8 s in all for the stream to drain, while writing its
 * 150 MB takes a fraction of a second. Anything else (a named pipe, a terminal) goes through a write stream with
 * backpressure: a synchronous write to a pipe whose reader has stopped would block this thread, and with it
 * Ctrl-C, until the reader came back.
 */
import { once } from 'node:events';
import { closeSync, createWriteStream, fstatSync, ftruncateSync, openSync } from 'node:fs';
import { AbortError, ioReason } from '../errors.js';
import { pathNamesFile } from '../util/same-file.js';
import { writeAll } from '../util/write-all.js';

export interface TextSink {
  readonly path: string;
  /**
   * Text may wait in memory (up to a piece) until more comes or end() is called. Returns a promise only when
   * the caller should wait for it: a pipe's buffer is full, or the sink has failed.
   */
  write(chunk: string | Uint8Array): Promise<void> | undefined;
  /**
   * Writes out what waits in memory and resolves once the file has taken everything written so far; rejects
   * with the first write error, if any (a full disk is found here, not when the file is closed).
   */
  flush(): Promise<void>;
  /** Flushes and closes the file; rejects with the first write error, if any. */
  end(): Promise<void>;
  /** Closes the file without writing what waits in memory (for abort). */
  destroy(): Promise<void>;
}

/** Where the pieces go: the file itself, or a write stream. */
interface Destination {
  /** Throws if it is closed (or, a stream, has failed). */
  check(): void;
  /** `written`: called once the file has the piece (not if it fails). */
  write(piece: string | Uint8Array, written?: () => void): Promise<void> | undefined;
  /** Resolves once everything written so far is in the file. */
  settled(): Promise<void>;
  close(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * Text is gathered into pieces of about this many characters before it is written: a write per report line (a
 * million of them) costs more than building the line did.
 */
const PIECE_CHARS = 16 * 1024;

/** A pipe's write stream holds up to this much before write() asks the caller to wait. */
const STREAM_BUFFER_BYTES = 64 * 1024;

interface SinkOptions {
  /**
   * The report the file is for, as its failures name it (the path by default): a JSON or XML report's rows go to a
   * temp file first (see spool.ts), and a full disk there is the report's failure, not a hidden file's the user
   * never named.
   */
  report?: string;
  /**
   * A temp file: whether it is still there when it is read back is the spool's to say (its folder removed, say),
   * so end() does not look.
   */
  spooled?: boolean;
  /**
   * The file has the text of the first `writes` calls of write(), where a reader finds it (the kernel has it; a
   * pipe's reader can read it): what a report's rows wait for to count as told (see held-notes.ts).
   */
  onWritten?: (writes: number) => void;
}

export function openSink(path: string, options: SinkOptions = {}): TextSink {
  const { report = path, spooled = false, onWritten } = options;
  const fd = openSync(path, 'w');
  let failure: Error | undefined;
  // It ends the run: a report that cannot be written cannot account for every row.
  const fail = (reason: unknown): Error => {
    failure ??= new AbortError(`cannot write the report "${report}": ${ioReason(reason)}`, { cause: reason });
    return failure;
  };
  const opened = fstatSync(fd);
  const destination = opened.isFile()
    ? fileDestination(fd, opened, spooled ? undefined : path, fail)
    : streamDestination(fd, path, fail);
  const check = (): void => {
    if (failure) throw failure;
    destination.check();
  };

  let piece = '';
  /** Calls of write() so far. */
  let writes = 0;
  /** Writes out text that holds what the calls of write() up to `upTo` gave. */
  const writeOut = (text: string | Uint8Array, upTo: number) =>
    destination.write(text, onWritten && (() => onWritten(upTo)));
  const writePiece = (upTo = writes) => {
    const text = piece;
    piece = '';
    return writeOut(text, upTo);
  };
  return {
    path,
    write(chunk) {
      try {
        check();
      } catch (error) {
        return Promise.reject(error);
      }
      writes++;
      if (typeof chunk === 'string') {
        piece += chunk;
        return piece.length < PIECE_CHARS ? undefined : writePiece();
      }
      // Bytes after text: the text goes first. A full buffer then is waited for with the bytes' write.
      if (piece !== '') void writePiece(writes - 1)?.catch(() => undefined);
      return writeOut(chunk, writes);
    },
    async flush() {
      check();
      if (piece !== '') await writePiece();
      await destination.settled();
      check();
    },
    async end() {
      check();
      try {
        if (piece !== '') await writePiece();
      } finally {
        await destination.close();
      }
      if (failure) throw failure;
    },
    destroy: () => destination.destroy(),
  };
}

/** A regular file: each piece written at once, on this thread. */
function fileDestination(
  fd: number,
  /** The file's stats when it was opened. */
  opened: { dev: number; ino: number },
  /** The report's path, looked at when it is closed; undefined for a temp file. */
  path: string | undefined,
  fail: (reason: unknown) => Error,
): Destination {
  let closed = false;
  /** Bytes of the pieces the file took whole. */
  let size = 0;
  const closeFile = () => {
    if (closed) return;
    closed = true;
    closeSync(fd);
  };
  return {
    check() {
      if (closed) throw new Error('the report is already closed');
    },
    write(piece, written) {
      // Encoded once, here: a million-row report is some 10,000 pieces, and measuring each again after writeAll
      // had encoded it cost as much as the encoding.
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      try {
        writeAll(fd, bytes);
      } catch (error) {
        // A disk that fills takes what fits of a piece (see writeAll): cut back to the pieces it took whole, which
        // end at a row's end. A CSV report given up ended in a torn row, which, imported again, would send a
        // value cut short as if the user had typed it.
        try {
          ftruncateSync(fd, size);
        } catch {}
        return Promise.reject(fail(error));
      }
      size += bytes.length;
      written?.();
      return undefined;
    },
    settled: async () => {},
    async close() {
      try {
        closeFile();
      } catch (error) {
        // A network file system may say only when the file is closed that it could not keep the data.
        fail(error);
      }
      // Rows written to a file deleted, or replaced by a directory, during the run are in no report. (A failure
      // already told stays the one told.)
      if (path !== undefined && !pathNamesFile(opened, path, process.cwd()))
        fail(new Error('it was removed or replaced during the run'));
    },
    async destroy() {
      try {
        closeFile();
      } catch {
        // Given up on already: nothing more to say about this file.
      }
    },
  };
}

/** A pipe or a device: a write stream, whose full buffer the caller waits for. */
function streamDestination(fd: number, path: string, fail: (reason: unknown) => Error): Destination {
  const stream = createWriteStream(path, { fd, highWaterMark: STREAM_BUFFER_BYTES });
  // Without a listener an I/O error would crash the process; keep it for the next call instead.
  stream.on('error', fail);
  return {
    check() {
      // A failed write destroys the stream at once; its 'error' event comes a tick later.
      if (stream.errored) throw fail(stream.errored);
      if (stream.destroyed || stream.writableEnded) throw new Error(`the report ${path} is already closed`);
    },
    // once() rejects with the stream's raw error; the run is told of it as the sink's failure, with the report's name.
    write: (piece, written) =>
      stream.write(piece, (error) => {
        if (!error) written?.();
      })
        ? undefined
        : once(stream, 'drain').then(
            () => undefined,
            (error: unknown) => Promise.reject(fail(error)),
          ),
    // A write's callback comes once it and every write before it are done (or one has failed).
    settled: () => new Promise<void>((resolve) => stream.write('', () => resolve())),
    async close() {
      const closed = once(stream, 'close').catch(() => undefined);
      stream.end();
      await closed;
    },
    async destroy() {
      if (stream.closed) return;
      const closed = once(stream, 'close').catch(() => undefined);
      stream.destroy();
      await closed;
    },
  };
}
