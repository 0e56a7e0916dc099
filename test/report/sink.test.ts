import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSink } from '../../src/report/sink.js';
import { tempDir } from './fixtures.js';

/** True when the promise has settled after every queued microtask ran (no I/O can complete meanwhile). */
async function settledWithoutIo(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return settled;
}

describe('text sink (backpressure)', () => {
  it('resolves a small write at once: the chunk fits in the buffer', async () => {
    const sink = openSink(join(await tempDir(), 'small.txt'));
    expect(await settledWithoutIo(sink.write('a line\n'))).toBe(true);
    await sink.end();
  });

  it('holds a write back until the file catches up when the buffer is full', async () => {
    const sink = openSink(join(await tempDir(), 'big.txt'));
    const write = sink.write('x'.repeat(1024 * 1024));
    expect(await settledWithoutIo(write)).toBe(false);
    await write;
    await sink.end();
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
});
