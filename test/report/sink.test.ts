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

  it('holds a write back until the file catches up when the buffer is full', async () => {
    const sink = openSink(join(await tempDir(), 'big.txt'));
    const write = sink.write('x'.repeat(1024 * 1024));
    expect(write).toBeInstanceOf(Promise);
    expect(await settledWithoutIo(write!)).toBe(false);
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
