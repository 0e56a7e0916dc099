import { execFileSync } from 'node:child_process';
import {
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openSink, type TextSink } from '../../src/report/sink.js';
import { tempDir } from './fixtures.js';

/** Reads a FIFO's non-blocking reader a millisecond at a time until `bytes` have come (the writer waits on it). */
async function drain(reader: number, bytes: number): Promise<number> {
  const buffer = Buffer.alloc(64 * 1024);
  let read = 0;
  while (read < bytes) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    try {
      read += readSync(reader, buffer);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
  return read;
}

describe('text sink', () => {
  it('takes a small write at once, with nothing to wait for', async () => {
    const sink = openSink(join(await tempDir(), 'small.txt'));
    expect(sink.write('a line\n')).toBeUndefined();
    await sink.end();
  });

  it('keeps small writes until end(), then the file holds them all in order', async () => {
    const path = join(await tempDir(), 'lines.txt');
    const sink = openSink(path);
    for (let i = 0; i < 3; i++) sink.write(`line ${i}\n`);
    await sink.end();
    expect(await readFile(path, 'utf8')).toBe('line 0\nline 1\nline 2\n');
  });

  it('writes text that came before bytes first', async () => {
    const path = join(await tempDir(), 'mixed.txt');
    const sink = openSink(path);
    sink.write('text, ');
    await sink.write(Buffer.from('then bytes'));
    await sink.end();
    expect(await readFile(path, 'utf8')).toBe('text, then bytes');
  });

  it('writes a piece of 16 KiB or more before write() returns, with nothing to wait for', async () => {
    const path = join(await tempDir(), 'big.txt');
    const sink = openSink(path);
    expect(sink.write('x'.repeat(1024 * 1024))).toBeUndefined();
    expect(statSync(path).size).toBe(1024 * 1024);
    await sink.end();
  });

  // The hot path of a large report: each piece was encoded by writeAll and then again by Buffer.byteLength.
  it('encodes a piece of text to UTF-8 once, and the file holds it whole', async () => {
    const path = join(await tempDir(), 'once.txt');
    const piece = 'é'.repeat(20_000);
    const from = vi.spyOn(Buffer, 'from');
    const byteLength = vi.spyOn(Buffer, 'byteLength');
    try {
      const sink = openSink(path);
      sink.write(piece);
      await sink.end();
      const encodings = [...from.mock.calls, ...byteLength.mock.calls].filter(([text]) => text === piece);
      expect(encodings.length, 'encodings of the piece (Buffer.from and Buffer.byteLength)').toBe(1);
    } finally {
      from.mockRestore();
      byteLength.mockRestore();
    }
    expect(await readFile(path, 'utf8')).toBe(piece);
  });

  it('keeps text under 16 KiB in memory until flush()', async () => {
    const path = join(await tempDir(), 'flush.txt');
    const sink = openSink(path);
    sink.write('a line\n');
    expect(statSync(path).size).toBe(0);
    await sink.flush();
    expect(await readFile(path, 'utf8')).toBe('a line\n');
    await sink.end();
  });

  it.skipIf(!existsSync('/dev/full'))(
    'fails on a device that is full at flush(), and every call after it, naming the report',
    async () => {
      const dir = await tempDir();
      const path = join(dir, 'full.csv');
      symlinkSync('/dev/full', path);
      const sink = openSink(path, { report: 'r.csv' });
      const message = 'cannot write the report "r.csv": no space left on device';
      sink.write('x'.repeat(20_000));
      // A device goes through a write stream: its failure is told by the next call that waits for the file.
      await expect(sink.flush()).rejects.toThrow(message);
      await expect(sink.write('more')).rejects.toThrow(message);
      await expect(sink.end()).rejects.toThrow(message);
      await sink.destroy();
    },
  );

  it('fails at end() when the file was replaced by a directory during the run, naming the report', async () => {
    const dir = await tempDir();
    const path = join(dir, 'gone.csv');
    const sink = openSink(path, { report: 'r.csv' });
    sink.write('x'.repeat(20_000));
    rmSync(path);
    mkdirSync(path);
    await expect(sink.end()).rejects.toThrow(
      'cannot write the report "r.csv": it was removed or replaced during the run',
    );
  });

  it.skipIf(process.platform === 'win32')(
    'waits for a named pipe whose reader has not read yet, instead of blocking the thread (and Ctrl-C) in a write',
    async () => {
      const fifo = join(await tempDir(), 'pipe.csv');
      execFileSync('mkfifo', [fifo]);
      // Opened for reading first and without blocking, so that opening it for writing does not wait either.
      const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
      try {
        const sink = openSink(fifo);
        const write = sink.write('x'.repeat(1024 * 1024));
        expect(write).toBeInstanceOf(Promise);
        const read = await drain(reader, 1024 * 1024);
        await write;
        await sink.end();
        expect(read).toBe(1024 * 1024);
      } finally {
        closeSync(reader);
      }
    },
  );

  it('refuses a write after end()', async () => {
    const sink = openSink(join(await tempDir(), 'ended.txt'));
    await sink.end();
    await expect(sink.write('late')).rejects.toThrow(/already closed/);
  });

  it('writes every chunk in order and closes the file on end', async () => {
    const path = join(await tempDir(), 'order.txt');
    const sink = openSink(path);
    for (let i = 0; i < 1000; i++) await sink.write(`${i}\n`);
    await sink.end();
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines).toEqual(Array.from({ length: 1000 }, (_, i) => String(i)));
  });

  it('fails at open, not later, when the directory does not exist', async () => {
    const path = join(await tempDir(), 'missing', 'r.csv');
    expect(() => openSink(path)).toThrow(/ENOENT/);
  });

  describe('onWritten: how many calls of write() the file has, as it takes them', () => {
    const piece = 'x'.repeat(16 * 1024);
    it.each<[string, (sink: TextSink) => Promise<unknown> | unknown, number[]]>([
      ['small writes: none yet', (sink) => [sink.write('a'), sink.write('b')], []],
      [
        'small writes, then flush(): all of them',
        async (sink) => [sink.write('a'), sink.write('b'), await sink.flush()],
        [2],
      ],
      [
        'a write that fills a piece: at once, with those before it',
        (sink) => [sink.write('a'), sink.write(piece)],
        [2],
      ],
      [
        'pieces, then what is left at end()',
        async (sink) => [
          sink.write(piece),
          sink.write('a'),
          sink.write(piece),
          sink.write('b'),
          await sink.end(),
        ],
        [1, 3, 4],
      ],
      [
        'bytes after text: the text, then the bytes',
        (sink) => [sink.write('a'), sink.write(Buffer.from('b'))],
        [1, 2],
      ],
    ])('%s', async (_, steps, expected) => {
      const path = join(await tempDir(), 'told.txt');
      const told: number[] = [];
      const onDisk: number[] = [];
      const sink = openSink(path, {
        onWritten: (writes) => {
          told.push(writes);
          onDisk.push(statSync(path).size);
        },
      });
      await steps(sink);
      expect(told, 'the counts told').toEqual(expected);
      expect(
        onDisk.every((size) => size > 0),
        'the file held text each time',
      ).toBe(true);
      await sink.end().catch(() => undefined);
    });

    it.skipIf(!existsSync('/dev/full'))('tells nothing of a write the file did not take', async () => {
      const path = join(await tempDir(), 'full.csv');
      symlinkSync('/dev/full', path);
      const told: number[] = [];
      const sink = openSink(path, { onWritten: (writes) => told.push(writes) });
      sink.write(piece);
      await expect(sink.flush()).rejects.toThrow(/no space left/);
      expect(told).toEqual([]);
      await sink.destroy();
    });

    it.skipIf(process.platform === 'win32')(
      'through a named pipe, once the pipe has taken the write, not when it is handed to the stream',
      async () => {
        const fifo = join(await tempDir(), 'pipe.csv');
        execFileSync('mkfifo', [fifo]);
        const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
        try {
          const told: number[] = [];
          const sink = openSink(fifo, { onWritten: (writes) => told.push(writes) });
          const write = sink.write('x'.repeat(1024 * 1024));
          await new Promise((resolve) => setTimeout(resolve, 20));
          expect(told, 'told before the reader read').toEqual([]);
          await drain(reader, 1024 * 1024);
          await write;
          await sink.end();
          expect(told, 'told once the pipe took it').toEqual([1]);
        } finally {
          closeSync(reader);
        }
      },
    );
  });
});
