/**
 * Where the bytes come from: a file (checked up front, so a bad path is a usage error) or a stream: standard
 * input, or a path that is not a regular file (a pipe, a named pipe, a device), read as standard input is.
 */
import { fstat, read } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { InputReadError, ioReason, UsageError } from '../errors.js';
import { type FileStillWrittenError, fileShrank, fileStillWritten } from './file-cut-short.js';
import { openStreamPath } from './stream-path.js';

export interface ByteSource {
  bytes: AsyncIterable<Buffer>;
  /** Raw bytes handed out so far. */
  bytesRead(): number;
  totalBytes?: number;
  /**
   * A file's: lends its descriptor to a worker thread, which reads the same file (positional reads from the
   * start, leaving this reader alone): what was opened, even if the path is deleted or replaced meanwhile. The
   * file stays open until the loan is given back, however this reader ends meanwhile (it used to close it at
   * damage or at its end, and the worker then read a closed descriptor, or one reused for another file).
   * Undefined once this reader is done (it reached the end, damage, or was closed): the text it read is then
   * all there is to read.
   */
  lendFd?(): FdLoan | undefined;
  /** Releases the file, or a stream zcust opened, even if reading never started (standard input is left to its owner). */
  close(): void;
  /** A stream's: whether `stop` ended the bytes before the stream did (see InputSource.cutShort). */
  cutShort?(): boolean;
  /**
   * A file's, once its end was read: the error its text ending inside a line means if it grew while it was read
   * (that line may be half written), else undefined. Only the decoder knows where the text's lines end.
   */
  stillBeingWritten?(): FileStillWrittenError | undefined;
}

export interface FdLoan {
  fd: number;
  /** The file's size when it was opened: a reader that ends before it has read a file cut short (see file-cut-short.ts). */
  bytesAtOpen: number;
  /** Done with the descriptor: no read of it is under way or will be (a worker using it has ended). */
  giveBack(): void;
}

/**
 * `name`: the input, for the message when it cannot be read. `stopped`: the reader was told to stop; the stream's
 * end or failure after that is the input's end.
 */
function counted(
  stream: AsyncIterable<Buffer | string>,
  name: string,
  stopped: () => boolean = () => false,
): Omit<ByteSource, 'close'> {
  let read = 0;
  async function* bytes(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of stream) {
        if (stopped()) return;
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        read += buffer.length;
        yield buffer;
      }
    } catch (error) {
      // A file cut short says so itself (file-cut-short.ts).
      if (error instanceof InputReadError) throw error;
      // A stream destroyed to stop reading it ends its iteration with "premature close".
      if (!stopped()) throw new InputReadError(`cannot read ${name}: ${ioReason(error)}`, { cause: error });
    }
  }
  return { bytes: bytes(), bytesRead: () => read };
}

/**
 * Bytes read at a time. On the main thread, where an import also reads the answers to its requests, parsing
 * 64 KB (about 400 rows) held them up for 5–10 ms at a time. For the parsing worker, 64 KB reads are cut into
 * smaller pieces (see csv-threaded.ts): fewer reads for the main thread, small batches all the same.
 */
export const CHUNK_BYTES = { worker: 64 * 1024, mainThread: 16 * 1024 } as const;

/**
 * A path's bytes. A regular file is read by position (see lendFd); any other (a pipe, a named pipe, a device)
 * as a stream, from where it stands, as standard input is: `stop` ends it, however long it waits for a writer.
 */
export async function openFileBytes(
  file: string,
  chunkBytes: number,
  stop?: AbortSignal,
): Promise<ByteSource> {
  const cannotRead = (error: unknown) => new UsageError(`cannot read ${file}: ${ioReason(error)}`);
  const stats = await stat(file).catch((error: unknown) => {
    throw cannotRead(error);
  });
  if (stats.isDirectory()) throw cannotRead({ code: 'EISDIR' });
  if (!stats.isFile()) {
    const stream = await openStreamPath(file, stats).catch((error: unknown) => {
      throw cannotRead(error);
    });
    return { ...streamBytes(stream, stop, file), close: () => stream.destroy() };
  }
  const handle = await open(file, 'r').catch((error: unknown) => {
    throw cannotRead(error);
  });
  // The size of the file opened (the path may name another by now): where its end must be.
  const bytesAtOpen = await handle
    .stat()
    .then((opened) => opened.size)
    .catch(async (error: unknown) => {
      await handle.close().catch(() => {});
      throw cannotRead(error);
    });
  // Closed once this reader is done with it (at its end, on error, when iteration stops early, or by close())
  // and every loan to a worker is given back. (A ReadStream closes its file whenever it is destroyed, loans or
  // not: hence reads by position, as the worker's.)
  let users = 1;
  let readerDone = false;
  const release = () => {
    if (--users === 0) handle.close().catch(() => {});
  };
  const doneReading = () => {
    if (readerDone) return;
    readerDone = true;
    release();
  };
  const byPosition = positional(
    (buffer, position) => handle.read(buffer, 0, buffer.length, position),
    async () => (await handle.stat()).size,
    chunkBytes,
    { name: file, bytesAtOpen },
  );
  async function* reading(): AsyncGenerator<Buffer> {
    try {
      yield* byPosition.bytes;
    } finally {
      doneReading();
    }
  }
  const lendFd = (): FdLoan | undefined => {
    if (readerDone) return undefined;
    users++;
    let given = false;
    return {
      fd: handle.fd,
      bytesAtOpen,
      giveBack() {
        if (given) return;
        given = true;
        release();
      },
    };
  };
  return {
    ...counted(reading(), file),
    totalBytes: bytesAtOpen,
    lendFd,
    close: doneReading,
    stillBeingWritten: byPosition.stillBeingWritten,
  };
}

/**
 * A file's bytes from its start, `chunkBytes` at a time, each read at its position. Its end before `bytesAtOpen`
 * is a file cut short while it was read: thrown, before whoever reads the bytes takes the end for the file's. A
 * file that grew is read to its new end, as ever, and says so (stillBeingWritten): its last line may be unfinished.
 */
function positional(
  readAt: (buffer: Buffer, position: number) => Promise<{ bytesRead: number }>,
  sizeNow: () => Promise<number>,
  chunkBytes: number,
  { name, bytesAtOpen }: { name: string; bytesAtOpen: number },
): Pick<ByteSource, 'bytes' | 'stillBeingWritten'> {
  let grewTo: number | undefined;
  async function* bytes(): AsyncGenerator<Buffer> {
    for (let position = 0; ; ) {
      const buffer = Buffer.allocUnsafe(chunkBytes);
      const { bytesRead } = await readAt(buffer, position);
      if (bytesRead === 0) {
        if (position === bytesAtOpen) return;
        // The size taken at the open may not be the file's: sysfs says 4,096 bytes for an 18-byte file, procfs 0.
        // The size now tells a truncation (lower) or a writer (higher) from such a file (the same).
        const size = await sizeNow();
        if (size < bytesAtOpen) throw fileShrank(name, position, bytesAtOpen);
        if (size > bytesAtOpen) grewTo = size;
        return;
      }
      position += bytesRead;
      yield bytesRead < chunkBytes ? buffer.subarray(0, bytesRead) : buffer;
    }
  }
  return {
    bytes: bytes(),
    stillBeingWritten: () => (grewTo === undefined ? undefined : fileStillWritten(name, bytesAtOpen, grewTo)),
  };
}

/** Reads until at least `size` bytes are in hand (or the input ends): what a file is may be told from them. */
export async function peek(
  source: AsyncIterator<Buffer>,
  size: number,
): Promise<{ head: Buffer; done: boolean }> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < size) {
    const next = await source.next();
    if (next.done) return { head: Buffer.concat(parts), done: true };
    parts.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(parts), done: false };
}

/**
 * At least the first `size` bytes (fewer when the input is shorter), and the bytes to read on, those included:
 * standard input cannot be read twice.
 */
export async function peekBytes(
  bytes: AsyncIterable<Buffer>,
  size: number,
): Promise<{ head: Buffer; bytes: AsyncIterable<Buffer> }> {
  const source = bytes[Symbol.asyncIterator]();
  const { head, done } = await peek(source, size);
  async function* fromStart(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      if (done) return;
      for (;;) {
        const next = await source.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // Stopping early must reach the byte source, so the file is closed.
      await source.return?.();
    }
  }
  return { head, bytes: fromStart() };
}

const readFd = promisify(read);
const fstatFd = promisify(fstat);

/**
 * The bytes of an open file descriptor from its start, read by position (another reader of it is not moved).
 * The descriptor stays open whatever happens: it is its opener's (see FdLoan). `name`: the file, for messages;
 * `bytesAtOpen`: its size when its opener opened it (FdLoan's).
 */
export function fdBytes(
  fd: number,
  chunkBytes: number,
  { name = 'the input', bytesAtOpen = 0 }: { name?: string; bytesAtOpen?: number } = {},
): Pick<ByteSource, 'bytes' | 'bytesRead' | 'stillBeingWritten'> {
  const file = positional(
    (buffer, position) => readFd(fd, buffer, 0, buffer.length, position),
    async () => (await fstatFd(fd)).size,
    chunkBytes,
    { name, bytesAtOpen },
  );
  return { ...counted(file.bytes, name), stillBeingWritten: file.stillBeingWritten };
}

/** `name`: the stream's, for messages. */
export function streamBytes(
  stream: NodeJS.ReadableStream,
  stop?: AbortSignal,
  name = 'standard input',
): ByteSource {
  let stopped = false;
  let ended = false;
  const source = counted(stream as AsyncIterable<Buffer | string>, name, () => stopped);
  const stopReading = () => {
    if (ended) return;
    stopped = true;
    // Wakes a read waiting on a pipe that sends nothing more; the process ends soon after.
    (stream as Partial<Readable>).destroy?.();
  };
  if (stop?.aborted) stopReading();
  else stop?.addEventListener('abort', stopReading, { once: true });
  async function* untilEnd(): AsyncGenerator<Buffer> {
    yield* source.bytes;
    ended = true;
  }
  return { ...source, bytes: untilEnd(), close: () => {}, cutShort: () => stopped };
}
