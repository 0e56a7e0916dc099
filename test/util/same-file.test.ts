import { linkSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSameFile } from '../../src/util/same-file.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zcust-same-file-'));
  writeFileSync(join(dir, 'input.csv'), 'Name\nAcme\n');
  writeFileSync(join(dir, 'other.csv'), 'Name\nAcme\n');
  linkSync(join(dir, 'input.csv'), join(dir, 'hard-link.csv'));
  symlinkSync(join(dir, 'input.csv'), join(dir, 'symlink.csv'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('isSameFile', () => {
  it.each([
    ['the same path', 'input.csv', 'input.csv', true],
    ['the same path written differently', './sub/../input.csv', 'input.csv', true],
    ['a hard link to it', 'hard-link.csv', 'input.csv', true],
    ['a symbolic link to it', 'symlink.csv', 'input.csv', true],
    ['another file with the same content', 'other.csv', 'input.csv', false],
    ['a file that does not exist yet', 'new-report.csv', 'input.csv', false],
    ['a path through a file, which cannot exist', 'input.csv/r.csv', 'input.csv', false],
  ])('%s: %s and %s → %s', (_, a, b, expected) => {
    expect(isSameFile(a, b, dir)).toBe(expected);
  });
});
