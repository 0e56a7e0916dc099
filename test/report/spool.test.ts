import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
