/**
 * The sandbox's optional memory across restarts: one NDJSON line per stored customer,
 * `{"target":"zenskar","customer":{...}}`. Appends go through a buffered write stream so the create path never
 * waits on the disk; lines of another target (a file shared between runs of different targets) are skipped.
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { TargetName } from '../model.js';

export async function readDataFile(path: string, target: TargetName, restore: (customer: unknown) => void) {
  if (!(await exists(path))) return;
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    const record = parseLine(line);
    if (record?.target === target) restore(record.customer);
  }
}

export class DataFileWriter {
  private stream: WriteStream;
  /** Lines appended while the file is being emptied; written once the new stream is open. */
  private held: string[] | undefined;
  private truncating: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly target: TargetName,
  ) {
    this.stream = createWriteStream(path, { flags: 'a' });
  }

  append(customer: unknown): void {
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
      this.stream = createWriteStream(this.path, { flags: 'w' });
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

async function endStream(stream: WriteStream): Promise<void> {
  if (stream.closed) return;
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

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
