import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockReports, reportLockPath } from '../../src/report/report-locks.js';
import { filesIn, tempDir } from './fixtures.js';

const sleepers: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const sleeper of sleepers.splice(0)) sleeper.kill();
});

/** A live process that is no zcust, killed after the test: the holder of a lock written as another run's. */
function liveProcess(): number {
  const sleeper = spawn('sleep', ['100'], { stdio: 'ignore' });
  sleepers.push(sleeper);
  if (sleeper.pid === undefined) throw new Error('sleep did not start');
  return sleeper.pid;
}

describe('reportLockPath', () => {
  it.each<[string, (dir: string) => string, string | undefined]>([
    ['a report that exists', () => 'r.csv', 'r.csv.lock'],
    ['a new report', () => 'new.json', 'new.json.lock'],
    ['another spelling of it', () => 'sub/../r.csv', 'r.csv.lock'],
    ['a symbolic link to it', () => 'link.csv', 'r.csv.lock'],
    ['a symbolic link to a report not written yet', () => 'dangling.csv', 'sub/later.csv.lock'],
    ['a named pipe, whose reader gets each run its lines', () => 'fifo.csv', undefined],
    ['a link to standard output', () => 'out.csv', undefined],
  ])('%s (%s): %s', async (_, report, lock) => {
    const dir = realpathSync(await tempDir());
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'r.csv'), '');
    symlinkSync(join(dir, 'r.csv'), join(dir, 'link.csv'));
    symlinkSync(join(dir, 'sub', 'later.csv'), join(dir, 'dangling.csv'));
    symlinkSync('/dev/stdout', join(dir, 'out.csv'));
    spawnSync('mkfifo', [join(dir, 'fifo.csv')]);
    expect(reportLockPath(report(dir), dir)).toBe(lock === undefined ? undefined : join(dir, lock));
  });
});

describe('lockReports', () => {
  it('holds a lock beside each report until released', async () => {
    const dir = await tempDir();
    const lock = lockReports(['a.csv', 'a.json'], dir);
    expect(await filesIn(dir)).toEqual(['a.csv.lock', 'a.json.lock']);
    lock.release();
    expect(await filesIn(dir)).toEqual([]);
  });

  it('refuses when another run writes one report, naming it and the run, and holds none of the others', async () => {
    const dir = await tempDir();
    const pid = liveProcess();
    writeFileSync(join(dir, 'b.json.lock'), `${pid}\n`);
    expect(() => lockReports(['a.csv', 'b.json', 'c.xml'], dir)).toThrow(
      `another zcust (process ${pid}) is writing the report "b.json"`,
    );
    expect(existsSync(join(dir, 'a.csv.lock')), "a.csv's lock kept after the refusal").toBe(false);
    expect(existsSync(join(dir, 'c.xml.lock')), 'c.xml locked after the refusal').toBe(false);
  });

  it('locks a report named 254 bytes, whose <report>.lock is too long a name, and refuses a second run of it', async () => {
    const dir = await tempDir();
    const report = `${'r'.repeat(250)}.csv`;
    lockReports([report], dir);
    const locks = await filesIn(dir);
    expect(locks, 'the report was written unlocked').toHaveLength(1);
    const pid = liveProcess();
    writeFileSync(join(dir, locks[0] as string), `${pid}\n`); // as another run holding it would have written it
    expect(() => lockReports([report], dir)).toThrow(
      `another zcust (process ${pid}) is writing the report "${report}"`,
    );
  });

  it('refuses a report whose lock cannot be made for another reason than a read-only folder, naming it', async () => {
    const dir = await tempDir();
    writeFileSync(join(dir, 'file'), '');
    expect(() => lockReports(['file/r.csv'], dir)).toThrow(
      `cannot lock the report "file/r.csv" (${join(realpathSync(dir), 'file', 'r.csv.lock')}): not a directory`,
    );
  });

  /** A folder whose real path is `bytes` long, under a temp dir: 200-byte folders in each other. */
  async function folderOf(bytes: number): Promise<string> {
    let folder = realpathSync(await tempDir());
    while (folder.length < bytes - 201) folder = join(folder, 'd'.repeat(200));
    folder = join(folder, 'd'.repeat(bytes - folder.length - 1));
    mkdirSync(folder, { recursive: true });
    return folder;
  }

  // PATH_MAX is 4,096 bytes with the string's closing NUL: a path of 4,095 can be opened, its `.lock` cannot (nor
  // `<lock>.<pid>`, the run lock's own file, and `<lock>.stale.<pid>`: a path up to 4,069 bytes leaves room for them).
  it.each<[number, boolean]>([
    [4069, true],
    [4090, false],
    [4095, false],
  ])(
    "a report whose absolute path is %d bytes is locked: %s; one too long for its lock's path is written unlocked, as a read-only folder's",
    async (bytes, locked) => {
      const folder = await folderOf(bytes - 'r.csv'.length - 1);
      const report = join(folder, 'r.csv');
      expect(report).toHaveLength(bytes);
      const lock = lockReports([report], folder);
      expect(await filesIn(folder), 'the lock').toEqual(locked ? ['r.csv.lock'] : []);
      writeFileSync(report, 'row\n');
      lock.release();
      expect(await filesIn(folder)).toEqual(['r.csv']);
    },
  );
});
