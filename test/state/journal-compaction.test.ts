/**
 * Compaction: an import that opens a large journal, mostly lines that no longer decide anything, rewrites it with
 * the deciding lines alone. It must answer every question exactly as before (never creating a customer twice
 * hangs on it): the property below checks that over random journals. And a kill at any instant must leave the old
 * journal or the new one, whole: the file system is the real one, watched, and a test copies the state folder as a
 * kill would leave it before each call a compaction makes.
 */
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { Customer } from '../../src/model.js';
import { type Journal, openJournal } from '../../src/state/journal.js';
import { COMPACT_ABOVE } from '../../src/state/journal-compaction.js';
import { type JournalIdentity, journalPath } from '../../src/state/journal-identity.js';
import { createRowKeys, emailFingerprint, rowKey } from '../../src/state/row-keys.js';
import { tempDir } from '../support/zcust.js';

const fsCalls = vi.hoisted(() => ({ watch: undefined as undefined | (() => void) }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const watched =
    <A extends unknown[], R>(call: (...args: A) => R) =>
    (...args: A): R => {
      fsCalls.watch?.();
      return call(...args);
    };
  return {
    ...fs,
    openSync: watched(fs.openSync),
    writeSync: watched(fs.writeSync),
    fsyncSync: watched(fs.fsyncSync),
    closeSync: watched(fs.closeSync),
    renameSync: watched(fs.renameSync),
    rmSync: watched(fs.rmSync),
  };
});

const IDENTITY: JournalIdentity = { target: 'zenskar', baseUrl: 'https://api.zenskar.com', tenant: 'org-1' };

const stateDir = () => tempDir('zcust-compaction-');

interface Row {
  email?: string | undefined;
  externalId?: string | undefined;
  name: string;
}
const customer = (row: Row): Customer => ({ taxIds: [], extras: {}, ...row });

// Few values, so that runs meet the same rows again and again, as the imports of one tenant do.
/** The first two are one e-mail, re-cased: one key, two fingerprints of what a create carried. */
const EMAILS = ['ada@x.io', 'Ada@X.io', 'bob@x.io'];
const NFD = 'JOSE\u0301-1';
/** The last two are one Customer ID, decomposed and composed: one key now, and the older one of the value as written. */
const CUSTOMER_IDS = ['C1', 'C2', NFD, 'JOS\u00c9-1'];
/** Rows with neither e-mail nor Customer ID are known by their content (identical ones also by their order). */
const NAMES = ['Walk-in', 'Other'];
/** Ids a platform gave; `cus%zz`: written, with its %, by versions that did not encode ids. */
const PLATFORM_IDS = ['cus_1', 'cus_2', 'cus 3'];
const OLDER_PLATFORM_IDS = ['cus_1', 'cus%zz'];

/** The key versions before NFC keying wrote for a Customer ID: the value as written. */
const olderKey = (id: string) => createHash('sha256').update(`x:${id}`).digest('hex').slice(0, 24);
const emailKey = (email: string) => rowKey(customer({ email, name: '' }));

type Op = 'sending' | 'created' | 'skipped' | 'failed' | 'unknown';
/** One record a run writes, through the journal's own methods. */
interface Step {
  row: Row;
  op: Op;
  number: number;
  id: string;
  /** A `sending` records the fingerprint of the e-mail it carried (journals after it was recorded). */
  fingerprint: boolean;
}
/** A record as a version before NFC keying wrote it: a decomposed Customer ID keyed as written. */
interface OlderRecord {
  email: string | undefined;
  op: 's' | 'c' | 'k' | 'f' | 'u';
  number: number;
  id: string;
}
interface Run {
  /** --no-resume: it writes its records all the same, and never consults the earlier ones. */
  fresh: boolean;
  steps: Step[];
  older: OlderRecord[];
  /** A line cut short by a kill, at the end of the run. */
  torn: string | undefined;
}

const optional = <T>(values: T[]) => fc.option(fc.constantFrom(...values), { nil: undefined });
const arbRow = fc.record({
  email: optional(EMAILS),
  externalId: optional(CUSTOMER_IDS),
  name: fc.constantFrom(...NAMES),
});
const arbStep: fc.Arbitrary<Step> = fc.record({
  row: arbRow,
  op: fc.constantFrom<Op>('sending', 'created', 'skipped', 'failed', 'unknown'),
  number: fc.integer({ min: 2, max: 5 }),
  id: fc.constantFrom(...PLATFORM_IDS),
  fingerprint: fc.boolean(),
});
const arbOlder: fc.Arbitrary<OlderRecord> = fc.record({
  email: optional(EMAILS),
  op: fc.constantFrom<OlderRecord['op']>('s', 'c', 'k', 'f', 'u'),
  number: fc.integer({ min: 2, max: 5 }),
  id: fc.constantFrom(...OLDER_PLATFORM_IDS),
});
const TORN = [`c ${emailKey('ada@x.io')} 2 cus_`, `+c ${olderKey(NFD)}`, 's', `u ${emailKey('bob@x.io')} 3`];
const arbRun: fc.Arbitrary<Run> = fc.record({
  fresh: fc.boolean(),
  // Enough records that the header (kept, and as long as three of them) is not most of the journal.
  steps: fc.array(arbStep, { minLength: 4, maxLength: 30 }),
  older: fc.array(arbOlder, { maxLength: 2 }),
  torn: optional(TORN),
});

/** Writes `runs` into a new state folder, each one an import that opened the journal and closed it. */
function journalOf(runs: Run[]): string {
  const dir = stateDir();
  for (const run of runs) {
    const journal = openJournal(dir, IDENTITY, { fresh: run.fresh });
    const keyOf = createRowKeys();
    for (const step of run.steps) record(journal, keyOf(customer(step.row)), step);
    journal.close();
    for (const older of run.older) appendFileSync(journal.path, olderLines(older));
    if (run.torn) appendFileSync(journal.path, run.torn);
  }
  return dir;
}

function record(journal: Journal, key: string, { row, op, number, id, fingerprint }: Step): void {
  if (op === 'sending') {
    const sent = row.email && fingerprint ? emailFingerprint(row.email) : undefined;
    journal.sending(key, number, !row.email && !row.externalId, sent);
  } else if (op === 'created' || op === 'skipped') journal[op](key, number, id);
  else journal[op](key, number);
}

function olderLines({ email, op, number, id }: OlderRecord): string {
  const rest = op === 'c' || op === 'k' ? `${number} ${id}` : `${number}`;
  const byCustomerId = `${olderKey(NFD)} ${rest}`;
  return email ? `${op} ${emailKey(email)} ${rest}\n+${op} ${byCustomerId}\n` : `${op} ${byCustomerId}\n`;
}

/** Every row the pools make, in a fixed order (identical keyless rows twice: they are two customers). */
const EVERY_ROW: Row[] = [
  ...[undefined, ...EMAILS].flatMap((email) =>
    [undefined, ...CUSTOMER_IDS].flatMap((externalId) =>
      email || externalId ? [{ email, externalId, name: 'Ada Ltd' }] : [],
    ),
  ),
  ...NAMES.flatMap((name) => [{ name }, { name }]),
];

/** Everything the journal in `dir` tells an import: of every row, every customer id, and the resume counts. */
function answers(dir: string) {
  const journal = openJournal(dir, IDENTITY, { fresh: false });
  const keyOf = createRowKeys();
  const rows = EVERY_ROW.map((row) => {
    const key = keyOf(customer(row));
    return {
      row,
      get: journal.get(key),
      customerIds: journal.customerIds(key),
      otherKeyChanged: journal.otherKeyChanged(key),
    };
  });
  const known = [...PLATFORM_IDS, ...OLDER_PLATFORM_IDS, 'cus_9'].filter((id) => journal.knowsCustomer(id));
  const { resumed } = journal;
  journal.close();
  const fresh = openJournal(dir, IDENTITY, { fresh: true });
  const { ignoredEarlier } = fresh;
  fresh.close();
  return { rows, known, resumed, ignoredEarlier };
}

function copyOf(dir: string): string {
  const copy = stateDir();
  const path = journalPath(dir, IDENTITY);
  copyFileSync(path, join(copy, basename(path)));
  return copy;
}

/** A copy of the journal in `dir`, opened by an import that compacts whatever the journal's size. */
function compactedCopy(dir: string, fresh = false): string {
  const copy = copyOf(dir);
  openJournal(copy, IDENTITY, { fresh, compactAbove: 0 }).close();
  return copy;
}

const linesOf = (dir: string) => readFileSync(journalPath(dir, IDENTITY), 'utf8').split('\n').slice(0, -1);

/** Whether `part` is `whole` with some lines left out, the rest in their order. */
function isSubsequence(part: string[], whole: string[]): boolean {
  let at = 0;
  for (const line of whole) if (line === part[at]) at++;
  return at === part.length;
}

describe('a compacted journal', () => {
  it('answers every question as the journal it replaced (random journals: runs, --no-resume runs, older key forms, torn lines)', () => {
    let compacted = 0;
    let cases = 0;
    fc.assert(
      fc.property(fc.array(arbRun, { minLength: 1, maxLength: 4 }), (runs) => {
        const original = journalOf(runs);
        const copy = compactedCopy(original);
        const before = answers(original);
        expect(answers(copy), 'compaction changed an answer').toEqual(before);
        const [kept, all] = [linesOf(copy), linesOf(original)];
        expect(kept[0], 'the header is kept first').toBe(all[0]);
        expect(isSubsequence(kept, all), 'lines kept as they were, in their order, none added').toBe(true);
        cases++;
        if (kept.length < all.length) compacted++;
      }),
      { numRuns: 250 },
    );
    // The property says nothing if the generator seldom makes a journal worth compacting.
    expect(compacted, `compacted ${compacted} of ${cases} journals`).toBeGreaterThan(cases / 2);
  });

  it('is left as it is by a --no-resume run, which does not read it: the next run compacts it', () => {
    const dir = stateDir();
    const first = openJournal(dir, IDENTITY, { fresh: false });
    sentThenCreated(first);
    first.close();
    const again = openJournal(dir, IDENTITY, { fresh: true });
    refusedAgain(again);
    again.close();
    const all = linesOf(dir);
    expect(linesOf(compactedCopy(dir, true)), 'a --no-resume run compacted it').toEqual(all);
    expect(linesOf(compactedCopy(dir)).length, 'the next run did not compact it').toBeLessThan(all.length);
  });

  it.each<[string, boolean, (j: Journal) => void]>([
    [
      'sent then created (one import: its sending lines are less than half)',
      false,
      (j) => sentThenCreated(j),
    ],
    [
      // Each customer's first line stays, for knowsCustomer: what is kept comes to half after all.
      'created, then created again with other ids by a --no-resume run (AmbioSys takes twins)',
      false,
      (j) => {
        sentThenCreated(j);
        for (let i = 0; i < 50; i++) j.created(key(i), i + 2, `cus_${i}_again`);
      },
    ],
    [
      'sent, created, then sent again and refused by a --no-resume run',
      true,
      (j) => {
        sentThenCreated(j);
        refusedAgain(j);
      },
    ],
    [
      'in flight, unknown, then created by a resumed run',
      true,
      (j) => {
        for (let i = 0; i < 50; i++) {
          j.sending(key(i), i + 2);
          j.unknown(key(i), i + 2);
        }
        sentThenCreated(j);
      },
    ],
  ])('of rows %s: compacted %s', (_, expected, write) => {
    const dir = stateDir();
    earlierRun(dir, write);
    const size = statSync(journalPath(dir, IDENTITY)).size;
    openJournal(dir, IDENTITY, { fresh: false, compactAbove: 0 }).close();
    expect(statSync(journalPath(dir, IDENTITY)).size < size).toBe(expected);
    expect(readdirSync(dir).filter((name) => name.endsWith('.compacting'))).toEqual([]);
  });

  it.each<[number, boolean]>([
    [COMPACT_ABOVE - 1, false],
    [COMPACT_ABOVE + 1, true],
  ])('a journal of %i bytes mostly superseded: compacted %s (the size it takes)', (size, expected) => {
    const dir = stateDir();
    const path = earlierRun(dir, (j) => j.created(key(0), 2, 'cus_0'));
    // Superseded: the customer exists, whatever a --no-resume run then said of it.
    const refused = `f ${key(0)} 2\n`;
    appendFileSync(path, refused.repeat(Math.floor((size - statSync(path).size - 1) / refused.length)));
    // A line that is no record makes the size exact (kept as it is, like the header).
    appendFileSync(path, `${'x'.repeat(size - statSync(path).size - 1)}\n`);
    expect(statSync(path).size).toBe(size);
    openJournal(dir, IDENTITY, { fresh: false }).close();
    expect(statSync(path).size < size).toBe(expected);
  });

  it("receives this run's records: the import goes on in the new file, not the one replaced", () => {
    const dir = stateDir();
    const path = earlierRun(dir, (j) => mostlySuperseded(j));
    const size = statSync(path).size;
    const journal = openJournal(dir, IDENTITY, { fresh: false, compactAbove: 0 });
    expect(statSync(path).size, 'compacted').toBeLessThan(size / 2);
    journal.created(key(99), 101, 'cus_99');
    journal.close();
    const next = openJournal(dir, IDENTITY, { fresh: false });
    expect(next.get(key(99))).toEqual({ state: 'created', customerId: 'cus_99' });
    expect(next.get(key(1))).toEqual({ state: 'created', customerId: 'cus_1' });
    next.close();
  });

  it('leaves no temporary file, and the next run removes one a killed compaction left', () => {
    const dir = stateDir();
    const path = earlierRun(dir, (j) => j.created(key(1), 2, 'cus_1'));
    writeFileSync(`${path}.compacting`, `# zcust journal v1 {}\nc ${key(1)} 2 cus_`);
    const journal = openJournal(dir, IDENTITY, { fresh: false });
    expect(existsSync(`${path}.compacting`), 'the leftover is removed').toBe(false);
    expect(journal.get(key(1))).toEqual({ state: 'created', customerId: 'cus_1' });
    journal.close();
    earlierRun(dir, (j) => mostlySuperseded(j));
    openJournal(dir, IDENTITY, { fresh: false, compactAbove: 0 }).close();
    expect(existsSync(`${path}.compacting`), 'none left by a compaction').toBe(false);
  });

  it('keeps the permissions of the journal, and a journal reached through a symbolic link stays one', () => {
    const dir = stateDir();
    const elsewhere = join(stateDir(), 'tenant.journal');
    renameSync(
      earlierRun(dir, (j) => mostlySuperseded(j)),
      elsewhere,
    );
    symlinkSync(elsewhere, journalPath(dir, IDENTITY));
    chmodSync(elsewhere, 0o600);
    const size = statSync(elsewhere).size;
    openJournal(dir, IDENTITY, { fresh: false, compactAbove: 0 }).close();
    expect(lstatSync(journalPath(dir, IDENTITY)).isSymbolicLink(), 'still a link').toBe(true);
    expect(statSync(elsewhere).size, 'its target compacted').toBeLessThan(size);
    expect(statSync(elsewhere).mode & 0o777).toBe(0o600);
  });
});

describe('a compaction killed at any instant', () => {
  /** The journal files in `dir` (not the lock: a kill leaves it to the next run, which takes it over). */
  const journalFiles = (dir: string) =>
    new Map(
      readdirSync(dir)
        .filter((name) => /\.journal(\.compacting)?$/.test(name))
        .map((name) => [name, readFileSync(join(dir, name))]),
    );

  it('leaves the old journal or the new one, whole, and the next import answers as before', () => {
    const dir = stateDir();
    // Rows enough that the new journal is written in several pieces: a kill may fall between them.
    const path = earlierRun(dir, (j) => mostlySuperseded(j, 2_000));
    const before = readFileSync(path, 'utf8');
    const after = readFileSync(journalPath(compactedCopy(dir, false), IDENTITY), 'utf8');
    const expected = answers(copyOf(dir));
    const instants: Array<Map<string, Buffer>> = [];
    fsCalls.watch = () => instants.push(journalFiles(dir));
    try {
      openJournal(dir, IDENTITY, { fresh: false, compactAbove: 0 }).close();
    } finally {
      fsCalls.watch = undefined;
    }
    const journalAt = (files: Map<string, Buffer>) => files.get(basename(path))?.toString('utf8');
    const copyLengthAt = (files: Map<string, Buffer>) =>
      files.get(`${basename(path)}.compacting`)?.length ?? 0;
    expect(
      instants.some((files) => copyLengthAt(files) > 0 && copyLengthAt(files) < after.length),
      'a kill while the new journal is half written',
    ).toBe(true);
    expect(
      instants.some((files) => journalAt(files) === after),
      'a kill after the rename',
    ).toBe(true);
    for (const [i, files] of instants.entries()) {
      const next = stateDir();
      for (const [name, content] of files) writeFileSync(join(next, name), content);
      expect([before, after], `the journal at instant ${i}`).toContain(journalAt(files));
      expect(answers(next), `the next import's answers after a kill at instant ${i}`).toEqual(expected);
      expect(readdirSync(next).filter((name) => name.endsWith('.compacting'))).toEqual([]);
    }
  });
});

/** A distinct row key. */
const key = (n: number) => rowKey(customer({ email: `user${n}@example.com`, name: '' }));

function sentThenCreated(j: Journal, rows = 50): void {
  for (let i = 0; i < rows; i++) {
    j.sending(key(i), i + 2);
    j.created(key(i), i + 2, `cus_${i}`);
  }
}

/** Each row sent again (a --no-resume run) and refused as already there. */
function refusedAgain(j: Journal, rows = 50): void {
  for (let i = 0; i < rows; i++) {
    j.sending(key(i), i + 2);
    j.failed(key(i), i + 2);
  }
}

/** Rows created, then sent again and refused: most of the journal decides nothing. */
function mostlySuperseded(j: Journal, rows = 50): void {
  sentThenCreated(j, rows);
  refusedAgain(j, rows);
}

/** Opens the journal of IDENTITY in `dir`, lets `write` record things, and closes it: one earlier run. */
function earlierRun(dir: string, write: (j: Journal) => void): string {
  const journal = openJournal(dir, IDENTITY, { fresh: false });
  write(journal);
  journal.close();
  return journal.path;
}
