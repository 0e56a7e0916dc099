/**
 * The sandbox's optional memory across restarts: one NDJSON line per stored customer,
 * `{"target":"zenskar","customer":{...}}`. Appends go through a buffered write stream so the create path never
 * waits on the disk; lines of another target (a file shared between runs of different targets) are skipped.
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ioReason } from '../errors.js';
import type { TargetName } from '../model.js';
import { createFailure } from '../util/create-failure.js';

/** A data file the sandbox cannot use, found before it listens; the message says why, not where. */
export class DataFileError extends Error {
  override name = 'DataFileError';
}

/** Restores the target's customers from the file; a file that does not exist yet holds none. */
export async function readDataFile(path: string, target: TargetName, restore: (customer: unknown) => void) {
  const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new DataFileError(`cannot read it: ${ioReason(error)}`, { cause: error });
  });
  if (found === undefined) return;
  // A folder opens, and fails only at its first read (EISDIR): said plainly, before anything else.
  if (found.isDirectory()) throw new DataFileError('it is a directory, not a data file');
  // A device or a pipe (/dev/zero) would be read for ever.
  if (!found.isFile()) throw new DataFileError('it is not a regular file');
  const input = createReadStream(path, 'utf8');
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) {
      const record = parseLine(line);
      if (record?.target === target) restore(record.customer);
    }
  } catch (error) {
    throw new DataFileError(`cannot read it: ${ioReason(error)}`, { cause: error });
  }
}

export class DataFileWriter {
  /** Lines appended while the file is being emptied; written once the new stream is open. */
  private held: string[] | undefined;
  private truncating: Promise<void> = Promise.resolve();
  /** A write failed (a full disk): the sandbox goes on, keeping customers in memory only. */
  private broken = false;

  private constructor(
    private readonly path: string,
    private readonly target: TargetName,
    private stream: WriteStream,
    private readonly onBroken: (reason: string) => void,
  ) {
    this.watch(stream);
  }

  /** A stream's error would otherwise end the sandbox with a stack trace; it is said once, in one line. */
  private watch(stream: WriteStream): void {
    stream.on('error', (error) => {
      if (this.broken) return;
      this.broken = true;
      this.onBroken(ioReason(error));
    });
  }

  /**
   * Opens the file for appending, and waits until it is open: a stream that cannot open the file says so
   * only through an 'error' event, which, with the server already listening, ended the sandbox with a
   * stack trace.
   */
  static async open(
    path: string,
    target: TargetName,
    onBroken: (reason: string) => void,
  ): Promise<DataFileWriter> {
    const stream = createWriteStream(path, { flags: 'a' });
    try {
      await once(stream, 'open');
    } catch (error) {
      throw new DataFileError(`cannot write it: ${createFailure(path, error)}`, { cause: error });
    }
    // A line torn by a kill mid-write has no newline: the next customer would be glued onto it and lost with
    // it at the next start. Ending it first leaves it one unreadable line, skipped as any other.
    if (await endsTorn(path)) stream.write('\n');
    return new DataFileWriter(path, target, stream, onBroken);
  }

  append(customer: unknown): void {
    if (this.broken) return;
    const line = `${JSON.stringify({ target: this.target, customer })}\n`;
    if (this.held) this.held.push(line);
    else this.stream.write(line);
  }

  /**
   * Empties the file (for `POST /__reset`). The old stream is finished first, or its buffered lines would
   * land after the truncation and bring cleared customers back.
   */
  truncate(): Promise<void> {
    this.truncating = this.truncating.then(async () => {
      this.held = [];
      await endStream(this.stream);
      if (this.broken) return;
      this.stream = createWriteStream(this.path, { flags: 'w' });
      this.watch(this.stream);
      for (const line of this.held) this.stream.write(line);
      this.held = undefined;
    });
    return this.truncating;
  }

  async close(): Promise<void> {
    await this.truncating;
    await endStream(this.stream);
  }
}

/** Whether the file holds something and its last byte is not a newline; a device or pipe is never torn. */
async function endsTorn(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (handle === undefined) return false;
  try {
    const found = await handle.stat();
    if (!found.isFile() || found.size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, found.size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}

async function endStream(stream: WriteStream): Promise<void> {
  if (stream.closed || stream.destroyed) return;
  stream.end();
  await once(stream, 'close');
}

/** A torn last line (the sandbox killed mid-write) is skipped rather than fatal. */
function parseLine(line: string): { target?: unknown; customer?: unknown } | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
