/**
 * A disk that fills during the run: a report given up must name the report the user gave (not its hidden temp
 * file), must not leave an earlier run's report whole under its name (CI read an old green result), and must not
 * end in a torn row. The disk is injected (filling-disk.ts): chosen files have a number of bytes of room.
 */
import { lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openReports } from '../../src/report/writer.js';
import { filesIn, outcome, summary, tempDir } from './fixtures.js';

const disk = vi.hoisted(() => ({
  /** Bytes a file may take, by its path; undefined: as many as it likes. */
  roomFor: (_path: string): number | undefined => undefined,
}));

vi.mock('node:fs', async (real) =>
  (await import('../support/filling-disk.js')).onFillingDisk(await real(), disk),
);

afterEach(() => {
  disk.roomFor = () => undefined;
});

const isTempFile = (path: string) => path.endsWith('.tmp');
const EARLIER = "an earlier run's report, all green";

/** Rows enough to fill several of a sink's 16 KB pieces. */
const manyRows = Array.from({ length: 1_000 }, (_, i) =>
  outcome({ row: i + 2, raw: [`Customer ${i}`, `customer${i}@example.com`] }),
);

/** Opens `paths` as a run does, telling each report given up. */
function open(paths: string[]) {
  const told: string[] = [];
  const reports = openReports(paths, ['Name', 'Email'], { onFailure: (message) => told.push(message) });
  return { reports, told };
}

type Run = ReturnType<typeof open>;

/** Rows are written until one fills the disk: a piece of about 16 KB is written as rows come. */
async function atAPiece({ reports, told }: Run) {
  for (const row of manyRows) if (told.length === 0) await reports.write(row);
}

/** A row waits in memory until the flush made before the summary. */
async function atTheFlush({ reports }: Run) {
  await reports.write(outcome());
  await reports.flush();
}

/** A row waits in memory until the report is closed, and its temp file ended. */
async function asItIsClosed({ reports }: Run) {
  await reports.write(outcome());
  await reports.close(summary());
}

/** The ways a report's temp file meets the full disk, up to the moment the run has been told. */
const GIVEN_UP = [
  ['a piece written as rows come', atAPiece],
  ['the flush before the summary', atTheFlush],
  ['the last piece, as the report is closed', asItIsClosed],
] as const;

describe('a JSON or XML report whose temp file the disk cannot take', () => {
  it.each(['r.json', 'r.xml'])('names the report %s, not its temp file', async (name) => {
    const path = join(await tempDir(), name);
    disk.roomFor = (opened) => (isTempFile(opened) ? 0 : undefined);
    const run = open([path]);
    await atTheFlush(run);
    expect(run.told).toEqual([`cannot write the report "${path}": no space left on device`]);
    await run.reports.abort();
  });

  it.each(
    ['r.json', 'r.xml'].flatMap((name) => GIVEN_UP.map(([when, reach]) => [name, when, reach] as const)),
  )(
    "empties the earlier run's %s at once when %s fails, and removes its temp file",
    async (name, _, reach) => {
      const dir = await tempDir();
      const path = join(dir, name);
      writeFileSync(path, EARLIER);
      disk.roomFor = (opened) => (isTempFile(opened) ? 10 : undefined);
      const run = open([path]);
      await reach(run);
      expect(run.told, 'the report was not given up').toHaveLength(1);
      expect(readFileSync(path, 'utf8'), "the earlier run's report passes for this run's").toBe('');
      expect((await filesIn(dir)).filter(isTempFile), 'its temp file was left behind').toEqual([]);
      await run.reports.abort();
    },
  );

  it("keeps a symbolic link to the report, emptying the earlier run's file it points to", async () => {
    const dir = await tempDir();
    const [file, link] = [join(dir, 'ci-latest.json'), join(dir, 'r.json')];
    writeFileSync(file, EARLIER);
    symlinkSync(file, link);
    disk.roomFor = (opened) => (isTempFile(opened) ? 0 : undefined);
    const run = open([link]);
    await atTheFlush(run);
    expect(readFileSync(file, 'utf8'), 'the file the link points to was not emptied').toBe('');
    expect(lstatSync(link).isSymbolicLink(), 'the link to the report was replaced').toBe(true);
    await run.reports.abort();
  });
});

describe('a CSV report the disk fills during the run', () => {
  const HEADER = 'zcust_row,zcust_status,zcust_customer_id,zcust_error_code,zcust_error,Name,Email\n';

  it.each([
    ['within its first piece', 1_000],
    ['within a later piece', 40_000],
  ])('ends at the last row it took whole when the disk fills %s (room for %i bytes)', async (_, room) => {
    const path = join(await tempDir(), 'r.csv');
    disk.roomFor = (opened) => (opened === path ? room : undefined);
    const run = open([path]);
    for (const row of manyRows) if (run.told.length === 0) await run.reports.write(row);
    expect(run.told, 'the report was not given up').toEqual([
      `cannot write the report "${path}": no space left on device`,
    ]);
    await run.reports.abort();
    const left = readFileSync(path, 'utf8');
    expect(left.length, 'it holds more than the disk took').toBeLessThanOrEqual(room);
    // Whole rows of this run, each as it was written: a torn last row, imported again, sends a value cut short.
    const expected = manyRows.map((row) => `${row.row},created,,,,${row.raw.join(',')}\n`).join('');
    expect(left === '' || (HEADER + expected).startsWith(left), 'it is not whole rows').toBe(true);
    expect(left === '' || left.endsWith('\n'), `it ends in a torn row: …${left.slice(-40)}`).toBe(true);
  });
});
