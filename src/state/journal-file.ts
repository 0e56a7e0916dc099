/**
 * A journal file's bytes as lines: all of them in order with their offsets, the one at an offset or before it
 * (a record read back from disk when its row comes up, not kept in memory), and a line torn by a kill cut off.
 * What the lines mean is journal-lines.ts's business.
 */
import { fstatSync, ftruncateSync, readSync } from 'node:fs';

const CHUNK = 1 << 16;

/**
 * Every complete line of the file (of its first `end` bytes) with its byte offset; a torn last line (no
 * newline) is left out.
 */
export function* linesOf(
  fd: number,
  end = Number.POSITIVE_INFINITY,
): Generator<{ line: string; offset: number }> {
  const buffer = Buffer.alloc(CHUNK);
  let carry = Buffer.alloc(0);
  let carryOffset = 0;
  let position = 0;
  for (;;) {
    const n = readSync(fd, buffer, 0, Math.min(CHUNK, end - position), position);
    if (n === 0) return;
    position += n;
    const data = carry.length ? Buffer.concat([carry, buffer.subarray(0, n)]) : buffer.subarray(0, n);
    let start = 0;
    for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
      yield { line: data.toString('utf8', start, nl), offset: carryOffset + start };
      start = nl + 1;
    }
    carryOffset += start;
    carry = Buffer.from(data.subarray(start));
  }
}

export function readLineAt(fd: number, offset: number): string {
  const buffer = Buffer.alloc(512);
  const n = readSync(fd, buffer, 0, buffer.length, offset);
  const end = buffer.indexOf(10);
  return buffer.toString('utf8', 0, end === -1 || end > n ? n : end);
}

/** The line that ends just before `offset` (where a line starts), or undefined at the start of the file. */
export function readLineBefore(fd: number, offset: number): string | undefined {
  if (offset === 0) return undefined;
  const length = Math.min(512, offset);
  const buffer = Buffer.alloc(length);
  readSync(fd, buffer, 0, length, offset - length);
  // The last byte is the newline that ends the line wanted.
  const start = buffer.lastIndexOf(10, length - 2) + 1;
  return buffer.toString('utf8', start, length - 1);
}

/**
 * Cuts off a line torn by a kill (the file does not end in a newline), which would otherwise glue itself to
 * this run's first record. Returns the length left.
 */
export function cutTornLine(fd: number): number {
  let end = fstatSync(fd).size;
  const size = end;
  const buffer = Buffer.alloc(CHUNK);
  while (end > 0) {
    const start = Math.max(0, end - CHUNK);
    readSync(fd, buffer, 0, end - start, start);
    const newline = buffer.subarray(0, end - start).lastIndexOf(10);
    if (newline !== -1) {
      end = start + newline + 1;
      break;
    }
    end = start;
  }
  if (end < size) ftruncateSync(fd, end);
  return end;
}

/** Whether a journal of `length` bytes holds a line after its header: records of earlier runs. */
export function hasRecords(fd: number, length: number): boolean {
  const buffer = Buffer.alloc(Math.min(length, CHUNK));
  readSync(fd, buffer, 0, buffer.length, 0);
  const endOfHeader = buffer.indexOf(10);
  // A header longer than a chunk is not one zcust wrote: taken as holding records, so the warning is not lost.
  return endOfHeader === -1 || endOfHeader + 1 < length;
}
