import { closeSync, fstatSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fdBytes } from '../../src/input/bytes.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openWith(text: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'zcust-bytes-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'f.csv'), text);
  return openSync(join(dir, 'f.csv'), 'r');
}

describe('fdBytes: another reader of a descriptor its opener owns', () => {
  it.each([1, 3, 64])('reads the whole file from its start, in pieces of %i bytes', async (size) => {
    const fd = openWith('Name,Email\nAda,ada@example.com\n');
    const source = fdBytes(fd, size);
    const pieces: Buffer[] = [];
    for await (const piece of source.bytes) pieces.push(piece);
    expect(Buffer.concat(pieces).toString()).toBe('Name,Email\nAda,ada@example.com\n');
    expect(source.bytesRead()).toBe(31);
    closeSync(fd);
  });

  it('leaves the descriptor open when its reader stops early (at damage): its opener closes it', async () => {
    const fd = openWith('x'.repeat(1000));
    for await (const _ of fdBytes(fd, 10).bytes) break;
    // Give a stream's deferred close, if there were one, its turn.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(() => fstatSync(fd), 'the descriptor was closed under its opener').not.toThrow();
    closeSync(fd);
  });
});
