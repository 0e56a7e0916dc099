import { execFileSync } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ByteSource, fdBytes, openFileBytes } from '../../src/input/bytes.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fileWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'zcust-bytes-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'f.csv'), text);
  return join(dir, 'f.csv');
}

const openWith = (text: string): number => openSync(fileWith(text), 'r');

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

/** The file `fd` is open on now, or undefined once it is closed (another file may have taken its number). */
const inodeOf = (fd: number): number | undefined => {
  try {
    return fstatSync(fd).ino;
  } catch {
    return undefined;
  }
};
/** FileHandle.close() completes on a later turn. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
/**
 * The file `fd` is open on once `fd` has had time to close: a close queued on the thread pool may take longer than
 * one settle on a loaded machine (the suite failed once so), so it is given up to two seconds.
 */
const inodeAfterClose = async (fd: number, file: number): Promise<number | undefined> => {
  for (let waited = 0; waited < 2000 && inodeOf(fd) === file; waited += 20) await settle();
  return inodeOf(fd);
};

describe('openFileBytes: a descriptor lent to a worker', () => {
  const ends: [string, (source: ByteSource) => Promise<void>][] = [
    [
      'read to its end',
      async (source) => {
        for await (const _ of source.bytes);
      },
    ],
    [
      'stopped early (at damage)',
      async (source) => {
        for await (const _ of source.bytes) break;
      },
    ],
    ['closed before reading', async (source) => source.close()],
  ];

  it.each(ends)(
    "stays open while lent when this thread's reader is %s, and closes once given back",
    async (_, end) => {
      const path = fileWith('x'.repeat(1000));
      const file = statSync(path).ino;
      const source = await openFileBytes(path, 10);
      const loan = source.lendFd?.();
      expect(loan, 'a file lends its descriptor').toBeDefined();
      await end(source);
      await settle();
      expect(inodeOf(loan!.fd), 'the file was closed while the worker still read it').toBe(file);
      loan!.giveBack();
      expect(await inodeAfterClose(loan!.fd, file), 'the file stayed open once given back').not.toBe(file);
    },
  );

  it.each(ends)("lends nothing once this thread's reader is %s (the file is closed)", async (_, end) => {
    const source = await openFileBytes(fileWith('x'.repeat(1000)), 10);
    expect(source.lendFd, 'a file lends its descriptor').toBeTypeOf('function');
    await end(source);
    expect(source.lendFd?.(), 'a descriptor lent after the file was closed').toBeUndefined();
  });
});

/** A named pipe in a fresh folder, removed with it. */
function namedPipe(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zcust-bytes-'));
  dirs.push(dir);
  const path = join(dir, 'in.csv');
  execFileSync('mkfifo', [path]);
  return path;
}

async function readAll(source: ByteSource): Promise<string> {
  const pieces: Buffer[] = [];
  for await (const piece of source.bytes) pieces.push(piece);
  return Buffer.concat(pieces).toString();
}

describe.skipIf(process.platform === 'win32')('openFileBytes: a path that is not a regular file', () => {
  it('reads a named pipe as a stream, from the bytes its writer sends (reading by position failed: ESPIPE)', async () => {
    const path = namedPipe();
    const source = await openFileBytes(path, 10);
    const [text] = await Promise.all([readAll(source), writeFile(path, 'Name\nAcme\n')]);
    expect(text).toBe('Name\nAcme\n');
    expect(source.bytesRead()).toBe(10);
  });

  it.each([
    ['a named pipe', namedPipe],
    ['a device (/dev/null)', () => '/dev/null'],
  ])('has no size and lends no descriptor for %s: it is read as standard input is', async (_, path) => {
    const source = await openFileBytes(path(), 10);
    expect(source.totalBytes, 'a size').toBeUndefined();
    expect(source.lendFd, 'a descriptor a worker would read by position').toBeUndefined();
    source.close();
  });

  it('ends at a stop while a named pipe waits for a writer that never comes, and says it was cut short', async () => {
    const stop = new AbortController();
    const source = await openFileBytes(namedPipe(), 10, stop.signal);
    setTimeout(() => stop.abort(), 50);
    expect(await readAll(source)).toBe('');
    expect(source.cutShort?.()).toBe(true);
  });
});
