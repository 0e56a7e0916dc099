/**
 * The sandbox's optional memory across restarts: one NDJSON line per stored customer,
 * `{"target":"zenskar","customer":{...}}`. Appends go through a write stream (lines queued while one write is
 * under way go out together), and a create is answered only once its line is in the file: a `kill -9` loses
 * no customer the client was told about. Lines of another target (a file shared between runs of different targets) are skipped,
 * and kept when `POST /__reset` removes this target's. One sandbox at a time uses a file: two appending to it
 * wrote every customer twice.
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream, realpathSync, type WriteStream } from 'node:fs';
import { open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ioReason, UsageError } from '../errors.js';
import type { TargetName } from '../model.js';
import { acquireRunLock, type RunLock } from '../state/run-lock.js';
import { createFailure } from '../util/create-failure.js';
import { realPathOf } from '../util/same-file.js';

/** A data file the sandbox cannot use, found before it listens; the message says why, not where. */
export class DataFileError extends Error {
  override name = 'DataFileError';
}

/** What a start found in the data file. */
export interface DataFileSummary {
  /** Customers of this target taken back. */
  loaded: number;
  /** Lines of other targets: skipped, and left in the file. */
  otherTargets: number;
  /** Lines that are not a customer record (torn by a kill, edited by hand): how many, and the first few. */
  unreadable: number;
  unreadableLines: number[];
}

/** How many unreadable lines a summary names by number. */
const LINES_NAMED = 5;

/**
 * Takes the file for this sandbox, reads the target's customers back and opens it for appending. A second
 * sandbox on the same file is refused: each appended its own customers, so the file held every e-mail twice.
 */
export async function openDataFile(
  path: string,
  target: TargetName,
  restore: (customer: unknown) => boolean,
  onBroken: (reason: string) => void,
): Promise<{ writer: DataFileWriter; summary: DataFileSummary; lock: RunLock }> {
  await checkKind(path);
  const lock = lockDataFile(path);
  try {
    const summary = await readDataFile(path, target, restore);
    const writer = await DataFileWriter.open(path, target, onBroken);
    return { writer, summary, lock };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Lock paths held by sandboxes of this process: the run lock only tells processes apart. */
const lockedHere = new Set<string>();

function lockDataFile(path: string): RunLock {
  // Named by the file's real path: the same file named two ways (a link too) takes one lock.
  const lockPath = `${realPathOf(path, process.cwd())}.lock`;
  if (lockedHere.has(lockPath)) throw new DataFileError('another sandbox of this process is using it');
  let lock: RunLock;
  try {
    lock = acquireRunLock(lockPath, 'running a sandbox on this data file');
  } catch (error) {
    if (error instanceof UsageError) throw new DataFileError(error.message, { cause: error });
    // A folder that is missing or makes no files (/proc) is the data file's problem as much as the lock's.
    const reason = createFailure(lockPath, error);
    throw new DataFileError(
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `cannot write it: ${reason}`
        : `cannot create its lock file ${lockPath}: ${reason}`,
      { cause: error },
    );
  }
  lockedHere.add(lockPath);
  return {
    release() {
      lockedHere.delete(lockPath);
      lock.release();
    },
  };
}

async function checkKind(path: string): Promise<void> {
  const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new DataFileError(`cannot read it: ${ioReason(error)}`, { cause: error });
  });
  // A folder opens, and fails only at its first read (EISDIR): said plainly, before anything else.
  if (found?.isDirectory()) throw new DataFileError('it is a directory, not a data file');
  // A device or a pipe (/dev/zero) would be read for ever.
  if (found !== undefined && !found.isFile()) throw new DataFileError('it is not a regular file');
}

/**
 * Restores the target's customers from the file; a file that does not exist yet holds none. `restore` says
 * whether it took the customer: one it cannot use counts as an unreadable line.
 */
async function readDataFile(
  path: string,
  target: TargetName,
  restore: (customer: unknown) => boolean,
): Promise<DataFileSummary> {
  const summary: DataFileSummary = { loaded: 0, otherTargets: 0, unreadable: 0, unreadableLines: [] };
  const input = createReadStream(path, 'utf8');
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  try {
    for await (const line of lines) {
      number += 1;
      if (line.trim() === '') continue;
      const record = parseLine(line);
      if (typeof record?.target === 'string' && record.target !== target) summary.otherTargets += 1;
      else if (record?.target === target && restore(record.customer)) summary.loaded += 1;
      else {
        summary.unreadable += 1;
        if (summary.unreadableLines.length < LINES_NAMED) summary.unreadableLines.push(number);
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return summary;
    throw new DataFileError(`cannot read it: ${ioReason(error)}`, { cause: error });
  }
  return summary;
}

export class DataFileWriter {
  /** Lines appended while the file is being rewritten, with their appends' resolvers; written once the new stream is open. */
  private held: Array<{ line: string; done: () => void }> | undefined;
  /** The last append's promise: lines reach the file in order, so once it settles every earlier one has. */
  private lastWrite: Promise<void> = Promise.resolve();
  private rewriting: Promise<void> = Promise.resolve();
  /** A write failed (a full disk): the sandbox goes on, keeping customers in memory only. */
  private broken = false;
  private notWritten = 0;
  /** The callback of a line's write: counts it if the write failed, and lets its create be answered either way. */
  private afterWrite(done: () => void) {
    return (error?: Error | null) => {
      if (error) this.notWritten += 1;
      done();
    };
  }

  private constructor(
    private readonly path: string,
    private readonly target: TargetName,
    private stream: WriteStream,
    private readonly onBroken: (reason: string) => void,
  ) {
    this.watch(stream);
  }

  /** Customers appended since the start (or the last reset) that a failed write kept out of the file. */
  get unsaved(): number {
    return this.notWritten;
  }

  /** A stream's error would otherwise end the sandbox with a stack trace; it is said once, in one line. */
  private watch(stream: WriteStream): void {
    stream.on('error', (error) => this.fail(error));
  }

  private fail(error: unknown): void {
    if (this.broken) return;
    this.broken = true;
    this.onBroken(ioReason(error));
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

  /**
   * Appends a customer's line. The promise settles once the line is in the file (handed to the operating
   * system, which keeps it whatever happens to this process), or could not be written (the sandbox has said
   * so): the create's answer waits for it.
   */
  append(customer: unknown): Promise<void> {
    if (this.broken) {
      this.notWritten += 1;
      return Promise.resolve();
    }
    const line = `${JSON.stringify({ target: this.target, customer })}\n`;
    const written = new Promise<void>((done) => {
      if (this.held) this.held.push({ line, done });
      else this.stream.write(line, this.afterWrite(done));
    });
    this.lastWrite = written;
    return written;
  }

  /** Settles once every line appended so far is in the file (or could not be written). */
  written(): Promise<void> {
    return this.lastWrite;
  }

  /**
   * Removes this target's customers from the file (for `POST /__reset`), keeping other targets' lines and
   * lines it cannot read (whose they are is unknown). The old stream is finished first, or its buffered
   * lines would land after the rewrite and bring cleared customers back. Called right after the customers
   * are cleared: lines appended from then on are new customers', held until the file is rewritten.
   */
  removeTargetLines(): Promise<void> {
    // Lines held for an earlier reset still under way are of customers just cleared: never written, and their
    // creates may be answered.
    for (const { done } of this.held ?? []) done();
    this.held = [];
    this.notWritten = 0;
    const run: Promise<void> = this.rewriting.then(async () => {
      await endStream(this.stream);
      if (this.broken) return this.dropHeld();
      try {
        await rewriteWithout(this.path, this.target);
      } catch (error) {
        this.fail(error);
        return this.dropHeld();
      }
      // A later reset rewrites the file again, and writes the lines held by then.
      if (this.rewriting !== run) return;
      this.stream = createWriteStream(this.path, { flags: 'a' });
      this.watch(this.stream);
      for (const { line, done } of this.held ?? []) this.stream.write(line, this.afterWrite(done));
      this.held = undefined;
    });
    this.rewriting = run;
    return run;
  }

  /** The file cannot be written: lines held for it are customers in memory only. */
  private dropHeld(): void {
    this.notWritten += this.held?.length ?? 0;
    for (const { done } of this.held ?? []) done();
    this.held = undefined;
  }

  async close(): Promise<void> {
    await this.rewriting;
    await endStream(this.stream);
  }
}

/**
 * Writes the file again without `target`'s lines: into a file beside it, then renamed over it, so a kill
 * midway leaves the old file whole. The other lines are held in memory meanwhile (a reset is rare).
 */
async function rewriteWithout(path: string, target: TargetName): Promise<void> {
  const real = realpathSync(path);
  const text = await readFile(real, 'utf8');
  const kept = text
    .split('\n')
    .filter((line) => line.trim() !== '' && parseLine(line)?.target !== target)
    .map((line) => `${line}\n`)
    .join('');
  const temporary = `${real}.reset.${process.pid}`;
  try {
    await writeFile(temporary, kept, { mode: (await stat(real)).mode });
    await rename(temporary, real);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
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

/** A line that is not a JSON object (torn by a kill, edited by hand) is undefined: skipped, not fatal. */
function parseLine(line: string): { target?: unknown; customer?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
