import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { abandonSpools, openSpool } from '../../src/report/spool.js';
import { filesIn, tempDir } from './fixtures.js';

describe('abandonSpools (a forced exit)', () => {
  it.each<[string, string, (spool: ReturnType<typeof openSpool>) => Promise<void>]>([
    ['still spooling rows', '', async () => {}],
    [
      'written whole and kept to be written again',
      '[row]',
      (spool) => spool.finish('[', ']', { keep: true }),
    ],
  ])('removes the temp file of a spool %s, at once, and leaves its target %j', async (_, left, before) => {
    const dir = await tempDir();
    const target = join(dir, 'r.json');
    await writeFile(target, 'an earlier run');
    const spool = openSpool(target);
    await spool.append('row');
    await spool.flush();
    await before(spool);
    abandonSpools();
    expect(await filesIn(dir), 'a temp file was left behind').toEqual(['r.json']);
    expect(await readFile(target, 'utf8'), 'the target passes for a finished report').toBe(left);
    await spool.discard(); // closes the temp file's stream, which the exit would have ended
  });
});

describe('a spool whose target cannot be written at the end', () => {
  it.each<[string, (target: string) => Promise<unknown>, string]>([
    ['a directory was put in its place', (target) => mkdir(target), 'it is a directory'],
    [
      'its folder was removed',
      (target) => rm(dirname(target), { recursive: true }),
      'its folder does not exist',
    ],
  ])(
    'says why in words when %s, not in Node\'s raw error ("EISDIR: illegal operation…")',
    async (_, spoil, why) => {
      const target = join(await tempDir(), 'sub', 'r.json');
      await mkdir(dirname(target));
      const spool = openSpool(target);
      await spool.append('row');
      await spoil(target);
      await expect(spool.finish('[', ']')).rejects.toThrow(`cannot write the report "${target}": ${why}`);
    },
  );
});
