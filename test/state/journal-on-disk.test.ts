/**
 * The journal removed, replaced or cut short while a run writes it: the run is told to stop (exit 3), since the
 * next import would not know what it created. One removed is written again, whole, from the descriptor the run
 * holds. Everything is the real file system.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError } from '../../src/errors.js';
import { type Journal, openJournal } from '../../src/state/journal.js';
import type { JournalIdentity } from '../../src/state/journal-identity.js';
import { CHECK_EVERY_MS, CHECK_EVERY_WRITES } from '../../src/state/journal-on-disk.js';

const IDENTITY: JournalIdentity = { target: 'zenskar', baseUrl: 'https://api.zenskar.com', tenant: 'org-1' };

/** A distinct row key (24 hex digits of a hash, as rowKey makes them). */
const key = (n: number) => createHash('sha256').update(String(n)).digest('hex').slice(0, 24);

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const stateFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'zcust-journal-'));
  dirs.push(dir);
  return dir;
};

/** A journal in a fresh state folder, with row 2 created by an earlier run and row 3 by this one. */
function journalMidRun(): { dir: string; journal: Journal; told: string[] } {
  const dir = stateFolder();
  const earlier = openJournal(dir, IDENTITY, { fresh: false });
  earlier.created(key(2), 2, 'cus_2');
  earlier.close();
  const told: string[] = [];
  const journal = openJournal(dir, IDENTITY, { fresh: false, stopRun: (m) => told.push(m) });
  journal.sending(key(3), 3);
  journal.created(key(3), 3, 'cus_3');
  return { dir, journal, told };
}

type Happening = (dir: string, path: string) => void;

const removed: Happening = (_, path) => rmSync(path);
const removedWithItsFolder: Happening = (dir) => rmSync(dir, { recursive: true });
const movedAway: Happening = (_, path) => renameSync(path, `${path}.old`);
const cutShort: Happening = (_, path) => truncateSync(path, 0);
const replaced: Happening = (dir, path) => {
  writeFileSync(join(dir, 'other'), 'another file\n');
  renameSync(join(dir, 'other'), path);
};

describe('the journal on disk during a run', () => {
  it.each<[string, Happening]>([
    ['removed', removed],
    ['removed with its state folder (and lock)', removedWithItsFolder],
    ['moved away', movedAway],
  ])('%s: written again whole, and the run told to stop', (_, happen) => {
    const { dir, journal, told } = journalMidRun();
    const before = readFileSync(journal.path, 'utf8');
    happen(dir, journal.path);
    journal.checkOnDisk();
    expect(told).toEqual([
      `the resume journal ${journal.path} was removed during the run; written again from the copy this run held open, so the next import knows what this run and earlier ones created`,
    ]);
    expect(readFileSync(journal.path, 'utf8'), 'the journal written again').toBe(before);
    expect(existsSync(`${journal.path}.lock`), 'the lock taken again').toBe(true);
    // A request in flight answers after: its record goes to the journal written again.
    journal.created(key(4), 4, 'cus_4');
    journal.close();
    const next = openJournal(dir, IDENTITY, { fresh: false });
    expect(
      [2, 3, 4].map((row) => next.get(key(row))),
      'what the next import knows',
    ).toEqual([
      { state: 'created', customerId: 'cus_2' },
      { state: 'created', customerId: 'cus_3' },
      { state: 'created', customerId: 'cus_4' },
    ]);
    next.close();
  });

  it.each<[string, Happening, string]>([
    ['cut short', cutShort, 'was cut short during the run'],
    ['replaced by another file', replaced, 'was replaced by another file during the run'],
  ])('%s: the run told to stop, and to import its report instead', (_, happen, what) => {
    const { dir, journal, told } = journalMidRun();
    happen(dir, journal.path);
    const onDisk = readFileSync(journal.path, 'utf8');
    journal.checkOnDisk();
    expect(told).toEqual([
      `the resume journal ${journal.path} ${what}, so the next import will not know which customers this run and earlier ones created, and would send them again: import this run's report rather than the file (it lists the rows created, with their ids, and rows its journal does not know are looked up before anything is sent; see "Exactly once" in the README)`,
    ]);
    expect(readFileSync(journal.path, 'utf8'), 'the file there now, left as it is').toBe(onDisk);
    journal.checkOnDisk();
    expect(told, 'told once').toHaveLength(1);
    journal.close();
  });

  it('cut short: answers nothing more from what earlier runs wrote, whose offsets now point at other lines', () => {
    const { journal, told } = journalMidRun();
    const header = readFileSync(journal.path, 'utf8').split('\n')[0] ?? '';
    // Another line is where the earlier run's record of row 2 was: the filler the length of the header before it.
    writeFileSync(journal.path, `${'x'.repeat(header.length)}\n`);
    journal.created(key(5), 5, 'cus_5');
    journal.checkOnDisk();
    expect(told, 'told').toHaveLength(1);
    expect(journal.get(key(2)), "row 2's record, read back").toBeUndefined();
    expect(journal.knowsCustomer('cus_2'), 'customer of row 2 known').toBe(false);
    journal.close();
  });

  it.each<[string, Happening, string]>([
    ['cut short', cutShort, 'was cut short'],
    [
      'cut short, then lines written where its record was',
      (_, path) => writeFileSync(path, `${'x'.repeat(readFileSync(path, 'utf8').indexOf('\n'))}\n`),
      'was cut short',
    ],
    [
      'written over where it stands',
      (_, path) => {
        const fd = openSync(path, 'r+');
        writeSync(fd, 'x'.repeat(statSync(path).size - 1));
        closeSync(fd);
      },
      'was written over',
    ],
  ])(
    "%s, then an earlier run's row asked before any look: not answered as never recorded, and the run told to stop",
    (_, happen, what) => {
      const { dir, journal, told } = journalMidRun();
      happen(dir, journal.path);
      expect(journal.get(key(2)), "row 2's record, read back").toBeUndefined();
      expect(told, 'the run told to stop before the row is answered for').toHaveLength(1);
      expect(told[0]).toContain(`the resume journal ${journal.path} ${what} during the run`);
      journal.close();
    },
  );

  it("a key of the same 52-bit hash as an earlier run's: not that row's record, and nothing told", () => {
    const dir = stateFolder();
    const earlierKey = `${'a'.repeat(13)}${'0'.repeat(11)}`;
    const sameHash = `${'a'.repeat(13)}${'1'.repeat(11)}`;
    const earlier = openJournal(dir, IDENTITY, { fresh: false });
    earlier.created(earlierKey, 7, 'cus_7');
    earlier.close();
    const told: string[] = [];
    const next = openJournal(dir, IDENTITY, { fresh: false, stopRun: (m) => told.push(m) });
    expect(next.get(sameHash), 'what the other key is said to be').toBeUndefined();
    expect(next.get(earlierKey), "the earlier run's key").toEqual({ state: 'created', customerId: 'cus_7' });
    expect(told).toEqual([]);
    next.close();
  });

  it('removed after the last look: written again on close, with what was written since (the held notes)', () => {
    const { dir, journal, told } = journalMidRun();
    journal.checkOnDisk();
    rmSync(dir, { recursive: true });
    journal.created(key(4), 4, 'cus_4');
    journal.close();
    expect(told, 'told on close').toHaveLength(1);
    const next = openJournal(dir, IDENTITY, { fresh: false });
    expect(next.get(key(4)), 'what the next import knows of row 4').toEqual({
      state: 'created',
      customerId: 'cus_4',
    });
    next.close();
  });

  it('moved away, its lock left in place: the lock kept as it is, never taken again', () => {
    const { dir, journal } = journalMidRun();
    const lock = `${journal.path}.lock`;
    // Its inode alone could be a new file's: one removed just before gives its number to the next.
    const made = () => {
      const stats = statSync(lock, { bigint: true });
      return `inode ${stats.ino}, changed at ${stats.ctimeNs} ns`;
    };
    const before = made();
    movedAway(dir, journal.path);
    journal.checkOnDisk();
    expect(made(), 'the lock file').toBe(before);
    journal.close();
    expect(existsSync(lock), 'the lock released on close').toBe(false);
  });

  it('removed, with a file where its folder was: the run told that it could not be written again', () => {
    const { dir, journal, told } = journalMidRun();
    rmSync(dir, { recursive: true });
    writeFileSync(dir, '');
    journal.checkOnDisk();
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(
      /^the resume journal .*\.journal was removed \(and could not be written again: .*\) during the run, so the next import will not know/,
    );
    journal.close();
  });

  it('left alone: nothing told', () => {
    const { journal, told } = journalMidRun();
    journal.checkOnDisk();
    journal.created(key(4), 4, 'cus_4');
    journal.checkOnDisk();
    expect(told).toEqual([]);
    journal.close();
  });

  it('without a handler, a journal cut short is thrown as the run stopping (exit 3)', () => {
    const { dir, journal } = journalMidRun();
    const unwatched = openJournal(join(dir, 'another'), IDENTITY, { fresh: false });
    truncateSync(unwatched.path, 0);
    expect(() => unwatched.checkOnDisk()).toThrow(AbortError);
    unwatched.close();
    journal.close();
  });
});

describe('how often the journal on disk is looked at while records are written', () => {
  /**
   * A journal cut short, then `records` records written and `reads` rows asked (none an earlier run's) without
   * checkOnDisk, at `msLater` after it opened: what the run was told before it closed.
   */
  function toldAfter(records: number, msLater: number, reads = 0): string[] {
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now);
    const { dir, journal, told } = journalMidRun();
    truncateSync(journal.path, 0);
    clock.mockReturnValue(now + msLater);
    for (let row = 0; row < records; row++) journal.failed(key(100 + row), 100 + row);
    for (let row = 0; row < reads; row++) journal.get(key(1000 + row));
    const beforeClose = [...told];
    journal.close();
    rmSync(dir, { recursive: true });
    return beforeClose;
  }

  it.each([
    // The two records of journalMidRun count too.
    ['fewer records than a check takes, within a second', 0, CHECK_EVERY_WRITES - 3, 0, 0],
    ['as many records as a check takes', 1, CHECK_EVERY_WRITES - 2, 0, 0],
    ['one record a second later', 1, 1, CHECK_EVERY_MS, 0],
    ['one row asked a second later, nothing written', 1, 0, CHECK_EVERY_MS, 1],
    ['rows asked within a second, nothing written', 0, 0, CHECK_EVERY_MS - 1, CHECK_EVERY_WRITES],
  ])('%s: told %i times', (_, times, records, msLater, reads) => {
    expect(
      toldAfter(records, msLater, reads),
      `after ${records} records and ${reads} rows asked, ${msLater} ms`,
    ).toHaveLength(times);
  });
});
