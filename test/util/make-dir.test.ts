import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDirectory } from '../../src/util/make-dir.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zcust-make-dir-'));
  writeFileSync(join(dir, 'a-file'), '');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('makeDirectory', () => {
  it.each([
    ['several missing levels', 'x/y/z'],
    ['a directory that exists already', '.'],
    ['one missing level', 'one'],
  ])('makes %s', (_, path) => {
    makeDirectory(join(dir, path));
    expect(statSync(join(dir, path)).isDirectory()).toBe(true);
  });

  it('fails, naming the reason, under a file', () => {
    expect(() => makeDirectory(join(dir, 'a-file', 'state'))).toThrow(/ENOTDIR/);
  });

  it.skipIf(!existsSync('/proc/self'))(
    'fails at once under /proc, where Node’s recursive mkdir spins for ever',
    () => {
      expect(() => makeDirectory('/proc/zcust-no-such-dir/state')).toThrow(/ENOENT/);
    },
  );
});
