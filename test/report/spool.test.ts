import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { abandonSpools, openSpool } from '../../src/report/spool.js';
import { spoolPathFor } from '../../src/report/stale-spools.js';
import { zombie } from '../support/zombie.js';
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

/**
 * The name spoolPathFor gives a spool of `report`, as if process `pid` had made it: made by spoolPathFor itself, so
 * a name it no longer makes as the stale-spool check reads it fails the table below.
 */
function spoolNameOf(report: string, pid: number): string {
  const name = basename(spoolPathFor(report));
  // `.<pid>-`: a hash in a long report's spool name (a12345b…) may hold the digits too, never followed by `-`.
  if (!name.includes(`.${process.pid}-`)) throw new Error(`a spool's name holds no process id: ${name}`);
  return name.replace(`.${process.pid}-`, `.${pid}-`);
}

describe('a spool left behind by a run killed with -9', () => {
  // It holds customers' data, and nothing else would ever remove it: the run that writes that report does.
  const gone = spawnSync(process.execPath, ['-e', '']).pid;
  it.each<{ writer: string; left: string; kept: boolean }>([
    { writer: 'a process that has ended', left: spoolNameOf('r.json', gone), kept: false },
    { writer: 'this process', left: spoolNameOf('r.json', process.pid), kept: true },
    { writer: 'another live process', left: spoolNameOf('r.json', process.ppid), kept: true },
    { writer: 'an ended process, of another report', left: spoolNameOf('other.json', gone), kept: true },
    { writer: 'an ended process, not named as a spool is', left: `.r.json.${gone}-notes.tmp`, kept: true },
    // The lock that keeps a second zcust off the report (report-locks.ts): its holder's id is not in its name.
    { writer: 'an ended process, its lock of the report', left: 'r.json.lock', kept: true },
  ])('opening r.json, the temp file of $writer is kept: $kept', async ({ left, kept }) => {
    const dir = await tempDir();
    await writeFile(join(dir, left), '{"row":2,"customer_id":"cus_1"}');
    const spool = openSpool(join(dir, 'r.json'));
    await spool.discard();
    expect(
      await filesIn(dir),
      kept ? "a live run's spool, or another file, was removed" : "the dead run's spool was left behind",
    ).toEqual(kept ? [left] : []);
  });
});

it('opening r.json, the temp file of a run killed with -9 that is still a zombie (signal 0 finds it) is removed', async () => {
  const dir = await tempDir();
  const { pid, kill } = await zombie();
  try {
    const left = spoolNameOf('r.json', pid);
    await writeFile(join(dir, left), '{"row":2,"customer_id":"cus_1"}');
    const spool = openSpool(join(dir, 'r.json'));
    await spool.discard();
    expect(await filesIn(dir), `the spool of zombie ${pid} was left behind`).toEqual([]);
  } finally {
    kill();
  }
});

describe('a spool of a report whose name leaves no room for `.<name>.<pid>-<hex>.tmp` within 255 bytes', () => {
  // Such a JSON or XML report was refused, `name too long`: its spool is named by the start of its name and a hash.
  it.each<[string, string]>([
    ['the shortest name shortened (234 bytes)', `${'q'.repeat(229)}.json`],
    ["QA's 240-byte name", `${'q'.repeat(235)}.json`],
    ['the longest name a folder takes (255 bytes)', `${'q'.repeat(250)}.json`],
    ['two-byte letters (254 bytes)', `${'é'.repeat(125)}.xml`],
  ])('%s: the spool fits, and the report is written whole', async (_, name) => {
    const dir = await tempDir();
    const target = join(dir, name);
    const spool = openSpool(target);
    expect(Buffer.byteLength(basename(spool.tempPath)), 'the spool name is too long').toBeLessThanOrEqual(
      255,
    );
    await spool.append('row');
    await spool.finish('[', ']');
    expect(await filesIn(dir), 'a temp file was left behind').toEqual([name]);
    expect(await readFile(target, 'utf8')).toBe('[row]');
  });

  const report = `${'q'.repeat(235)}.json`;
  const gone = spawnSync(process.execPath, ['-e', '']).pid;
  it.each<{ writer: string; left: (dir: string) => string; kept: boolean }>([
    { writer: 'a process that has ended', left: (dir) => spoolNameOf(join(dir, report), gone), kept: false },
    { writer: 'this process', left: (dir) => spoolNameOf(join(dir, report), process.pid), kept: true },
    {
      writer: 'another live process',
      left: (dir) => spoolNameOf(join(dir, report), process.ppid),
      kept: true,
    },
    {
      writer: 'an ended process, of another long report of the same start',
      left: (dir) => spoolNameOf(join(dir, `${'q'.repeat(236)}.json`), gone),
      kept: true,
    },
    {
      writer: 'an ended process, of a report named as the start of this one',
      left: (dir) => spoolNameOf(join(dir, spoolNameOf(join(dir, report), gone).slice(1, 221)), gone),
      kept: true,
    },
  ])('opening it, the temp file of $writer is kept: $kept', async ({ left, kept }) => {
    const dir = await tempDir();
    const file = left(dir);
    await writeFile(join(dir, file), '{"row":2,"customer_id":"cus_1"}');
    const spool = openSpool(join(dir, report));
    await spool.discard();
    expect(
      await filesIn(dir),
      kept ? "a live run's spool, or another file, was removed" : "the dead run's spool was left behind",
    ).toEqual(kept ? [file] : []);
  });
});

// Told held at its first finish, a report closed again with another summary (writer.ts, when another report
// failed) that then failed was emptied, while the notes of its rows' warnings were already in the journal: lost.
describe('onHeld: a spool tells the rows its target holds only once its last finish wrote it whole', () => {
  /** Puts a directory where the target was: the next finish cannot write it. */
  const spoil = async (target: string) => {
    await rm(target, { force: true });
    await mkdir(target);
  };
  it.each<{ finishes: string; steps: Array<'finish' | 'keep' | 'spoil' | 'discard'>; told: number[] }>([
    { finishes: 'written whole, nothing to follow', steps: ['finish'], told: [2] },
    { finishes: 'written whole, kept, then discarded', steps: ['keep', 'discard'], told: [2] },
    { finishes: 'written whole twice, then discarded', steps: ['keep', 'keep', 'discard'], told: [2] },
    {
      finishes: 'written whole, kept, then its second finish failed',
      steps: ['keep', 'spoil', 'keep', 'discard'],
      told: [],
    },
    { finishes: 'its only finish failed', steps: ['spoil', 'keep', 'discard'], told: [] },
  ])('$finishes: told $told', async ({ steps, told: expected }) => {
    const target = join(await tempDir(), 'r.json');
    const told: number[] = [];
    const spool = openSpool(target, { onHeld: (rows) => told.push(rows) });
    await spool.append('row');
    await spool.append('row');
    for (const step of steps) {
      if (step === 'spoil') await spoil(target);
      else if (step === 'discard') await spool.discard();
      else await spool.finish('[', ']', { keep: step === 'keep' }).catch(() => undefined);
    }
    expect(told, 'rows told held, each time').toEqual(expected);
  });
});
