/**
 * A create no lookup can settle (AmbioSys has none; a Zenskar row with neither e-mail nor Customer ID cannot be
 * looked up) that did land: the user checks the tenant, marks the row in the report as created with the id the
 * tenant shows (zcust_error_code left unknown_outcome) and imports the report, which records it without sending
 * it. Before, nothing recorded it: such a row failed unknown_outcome on every import of the file, exit 1 for ever.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { SANDBOX_ENV, sandboxPerTest } from '../support/sandbox.js';
import { readReport, tempDir, zcust } from '../support/zcust.js';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
const sandboxWith = sandboxPerTest();

type Platform = 'ambiosys' | 'zenskar';

/** 30 rows: AmbioSys's with an e-mail it does not keep, Zenskar's with neither e-mail nor Customer ID. */
const CSV: Record<Platform, string> = {
  ambiosys: `Name,Email\n${Array.from({ length: 30 }, (_, i) => `Cust ${i + 1},c${i + 1}@acme.example`).join('\n')}\n`,
  zenskar: `Name,City\n${Array.from({ length: 30 }, (_, i) => `Cust ${i + 1},Paris`).join('\n')}\n`,
};

type ReportRow = Record<string, string>;

/** A run of `zcust import file` into sandbox `s` of `target`. */
const importInto = (s: Sandbox, target: Platform, file: string, report: string) =>
  zcust(['import', file, '--target', target, '--base-url', s.url, '--report', report], {
    cwd: dir,
    env: SANDBOX_ENV[target],
  });

/**
 * A sandbox that drops the answer of some creates (each landed), and the first import into it: the rows whose
 * answer was lost end unknown_outcome, and the report says so.
 */
async function importWithLostAnswers(target: Platform): Promise<{ s: Sandbox; unknown: ReportRow[] }> {
  const s = await sandboxWith({ target, dropRate: 0.2, seed: 11 });
  writeFileSync(join(dir, 'customers.csv'), CSV[target]);
  const first = await importInto(s, target, 'customers.csv', 'r1.csv');
  expect(first.code, first.stderr).toBe(1);
  const unknown = readReport(join(dir, 'r1.csv')).filter((r) => r.zcust_error_code === 'unknown_outcome');
  expect(unknown.length, 'no create lost its answer: the seed no longer drops any').toBeGreaterThan(0);
  expect(s.stats().customers, 'a dropped create did not land').toBe(30);
  return { s, unknown };
}

/** The id the sandbox gave the customer of this Name (AmbioSys's customer_id, Zenskar's id). */
function idOf(s: Sandbox, name: string | undefined): string {
  type Stored = { id?: string; customer_id?: number; name?: string; customer_name?: string };
  const found = (s.customers() as Stored[]).find((c) => (c.name ?? c.customer_name) === name);
  const id = found?.id ?? found?.customer_id;
  expect(id, `no customer ${name} in the sandbox`).toBeDefined();
  return String(id);
}

/** Writes `from`'s report again as `to`, each of its unknown_outcome rows as `edit` makes it. */
function editUnknownRows(from: string, to: string, edit: (row: ReportRow) => ReportRow): void {
  const rows = readReport(join(dir, from)).map((r) =>
    r.zcust_error_code === 'unknown_outcome' ? edit(r) : r,
  );
  writeFileSync(join(dir, to), stringify(rows, { header: true }));
}

/**
 * Imports `report` again, each of its unknown_outcome rows marked as the user marks a customer they found there
 * (created, the id of its customer in the sandbox); `next` is the new report.
 */
function importEachMarked(s: Sandbox, target: Platform, report: string, next: string) {
  const marked = `marked-${report}`;
  editUnknownRows(report, marked, (r) => ({
    ...r,
    zcust_status: 'created',
    zcust_customer_id: idOf(s, r.Name),
  }));
  return importInto(s, target, marked, next);
}

/**
 * The first import, its unknown_outcome rows all marked in marked.csv as created with the id of the first one's
 * customer: a copy-paste slip, or one customer taken for several rows.
 */
async function markAllWithOneId(target: Platform) {
  const { s, unknown } = await importWithLostAnswers(target);
  const [first, ...others] = unknown;
  expect(first && others.length > 0, 'the seed no longer loses two answers').toBe(true);
  const id = idOf(s, first?.Name);
  editUnknownRows('r1.csv', 'marked.csv', (r) => ({ ...r, zcust_status: 'created', zcust_customer_id: id }));
  return { s, first: first ?? {}, others, id };
}

/** The rows of `report` that were `unknown` in the first: each still failed unknown_outcome, none recorded. */
function stillUnknown(report: string, unknown: ReportRow[]): ReportRow[] {
  const rows = readReport(join(dir, report));
  return unknown.map((u) => {
    const row = rows.find((r) => r.zcust_row === u.zcust_row);
    expect([row?.zcust_status, row?.zcust_error_code], `row ${u.zcust_row}`).toEqual([
      'failed',
      'unknown_outcome',
    ]);
    return row ?? {};
  });
}

describe.each<Platform>(['ambiosys', 'zenskar'])(
  '%s: an unknown_outcome whose customer is there',
  (target) => {
    it('tells both ways to settle it: mark it created with its id, or import the report as it is', async () => {
      const { unknown } = await importWithLostAnswers(target);
      for (const row of unknown) {
        expect(row.zcust_error, `row ${row.zcust_row} says what to do only if it is not there`).toMatch(
          /if it is there, mark this row in this run's report \(zcust_status created, zcust_customer_id the id .* shows, zcust_error_code left unknown_outcome\) and import the report, which records it and sends nothing, if it is not there, import the report as it is, which sends this row/,
        );
      }
    });

    it('is recorded created with the id the report gives, sending nothing, and stays so on the next import of the file', async () => {
      const { s, unknown } = await importWithLostAnswers(target);
      const marked = await importEachMarked(s, target, 'r1.csv', 'r2.csv');
      expect(marked.code, marked.stderr).toBe(0);
      expect(s.stats().creates, 'a marked row was sent').toBe(30);
      const recorded = readReport(join(dir, 'r2.csv')).filter((r) =>
        unknown.some((u) => u.zcust_row === r.zcust_row),
      );
      for (const row of recorded) {
        expect([row.zcust_status, row.zcust_customer_id], `row ${row.zcust_row}`).toEqual([
          'created',
          idOf(s, row.Name),
        ]);
        expect(row.zcust_error).toMatch(/recorded as created \(id .*\) from the report, as you marked it/);
      }

      const again = await importInto(s, target, 'customers.csv', 'r3.csv');
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain('created 30 (30 by earlier imports, not sent again)');
      expect(s.stats().creates, 'the original file sent a settled row again').toBe(30);
      for (const u of unknown) {
        const row = readReport(join(dir, 'r3.csv')).find((r) => r.zcust_row === u.zcust_row);
        expect(row?.zcust_customer_id, `row ${u.zcust_row}`).toBe(idOf(s, u.Name));
      }
    });

    it.each<[string, (r: ReportRow, s: Sandbox) => ReportRow, RegExp]>([
      [
        'marked skipped',
        (r, s) => ({ ...r, zcust_status: 'skipped', zcust_customer_id: idOf(s, r.Name) }),
        /^the report says skipped, which is not how a create of unknown outcome is recorded: not recorded, nor sent/,
      ],
      [
        'marked created without an id',
        (r) => ({ ...r, zcust_status: 'created' }),
        /^the report says created, without a zcust_customer_id: not recorded/,
      ],
      // A --sandbox trial's report says created, with the sandbox's ids, and no error code.
      [
        'created without zcust_error_code unknown_outcome, as a trial report says it',
        (r, s) => ({
          ...r,
          zcust_status: 'created',
          zcust_customer_id: idOf(s, r.Name),
          zcust_error_code: '',
        }),
        /^the report says created \(id .*\) without zcust_error_code unknown_outcome, as zcust's own reports do \(a --sandbox trial's among them\)/,
      ],
    ])('%s: refused, saying how to record it, nothing sent', async (_, edit, says) => {
      const { s, unknown } = await importWithLostAnswers(target);
      editUnknownRows('r1.csv', 'edited.csv', (r) => edit(r, s));
      const run = await importInto(s, target, 'edited.csv', 'r2.csv');
      expect(run.code).toBe(1);
      expect(s.stats().creates, 'an edited row was sent').toBe(30);
      for (const row of stillUnknown('r2.csv', unknown)) {
        expect(row.zcust_error).toMatch(says);
        expect(row.zcust_error).toMatch(/if it is there, mark this row in this run's report/);
      }
    });

    it('one id given to several rows: the first recorded, the others refused, nothing sent', async () => {
      const { s, first, others, id } = await markAllWithOneId(target);
      expect((await importInto(s, target, 'marked.csv', 'r2.csv')).code).toBe(1);
      const recorded = readReport(join(dir, 'r2.csv')).find((r) => r.zcust_row === first.zcust_row);
      expect([recorded?.zcust_status, recorded?.zcust_customer_id], `row ${first.zcust_row}`).toEqual([
        'created',
        id,
      ]);
      for (const row of stillUnknown('r2.csv', others)) {
        expect(row.zcust_error, `row ${row.zcust_row}`).toMatch(
          new RegExp(
            `^the report gives id ${id}, and row ${first.zcust_row} is that customer in this import \\(one customer cannot be two rows\\): not recorded, nor sent`,
          ),
        );
      }
      expect(s.stats().creates, 'a marked row was sent').toBe(30);
    });

    it('one id given to several rows: the refused rows stay unknown in the journal, to be marked again', async () => {
      const { s, others } = await markAllWithOneId(target);
      await importInto(s, target, 'marked.csv', 'r2.csv');
      const again = await importInto(s, target, 'customers.csv', 'r3.csv');
      expect(again.code).toBe(1);
      const done = 30 - others.length;
      expect(again.stderr).toContain(`created ${done} (${done} by earlier imports, not sent again)`);
      for (const row of stillUnknown('r3.csv', others)) {
        expect(row.zcust_error, `row ${row.zcust_row} is not told it is unknown`).toMatch(
          /^an earlier run could not tell whether/,
        );
      }
      const remarked = await importEachMarked(s, target, 'r3.csv', 'r4.csv');
      expect(remarked.code, remarked.stderr).toBe(0);
      const last = await importInto(s, target, 'customers.csv', 'r5.csv');
      expect(last.stderr).toContain('created 30 (30 by earlier imports, not sent again)');
      expect(s.stats().creates, 'a marked row was sent').toBe(30);
    });

    it("given the id of another row's customer: refused, nothing recorded", async () => {
      const { s, unknown } = await importWithLostAnswers(target);
      const taken = readReport(join(dir, 'r1.csv')).find(
        (r) => r.zcust_status === 'created',
      )?.zcust_customer_id;
      editUnknownRows('r1.csv', 'edited.csv', (r) => ({
        ...r,
        zcust_status: 'created',
        zcust_customer_id: taken ?? '',
      }));
      const run = await importInto(s, target, 'edited.csv', 'r2.csv');
      expect(run.code).toBe(1);
      const row = readReport(join(dir, 'r2.csv')).find((r) => r.zcust_row === unknown[0]?.zcust_row);
      expect(row?.zcust_error).toMatch(
        new RegExp(
          `^the report gives id ${taken}, which an earlier import into this tenant recorded for another row`,
        ),
      );
    });
  },
);

describe('the report of a --sandbox trial imported into the tenant', () => {
  it("does not settle the tenant's unknown_outcome rows with the trial's ids (AmbioSys)", async () => {
    const { s, unknown } = await importWithLostAnswers('ambiosys');
    const trial = await zcust(['import', 'customers.csv', '--sandbox', '--target', 'ambiosys', '-q'], {
      cwd: dir,
      env: {},
    });
    expect(trial.code, trial.stderr).toBe(0);
    const run = await importInto(s, 'ambiosys', 'customers.report.csv', 'r2.csv');
    expect(run.code).toBe(1);
    stillUnknown('r2.csv', unknown);
    expect(readFileSync(join(dir, 'r2.csv'), 'utf8')).not.toMatch(/recorded as created/);
  });
});

// An id typed by hand was recorded as it was: another row's Zenskar id in upper case tied two rows to one customer,
// and AmbioSys's `abc` stayed in the journal for good.
describe('a row marked with an id that is not one of the platform, or is another row’s in another case', () => {
  it.each<{ target: Platform; mark: (created: ReportRow) => string; says: RegExp }>([
    {
      target: 'ambiosys',
      mark: () => 'abc',
      says: /^the report gives id abc, and AmbioSys's customer ids are whole numbers \(as 123\): not recorded, nor sent/,
    },
    {
      target: 'zenskar',
      mark: (created) => (created.zcust_customer_id ?? '').toUpperCase(),
      says: /^the report gives id [0-9A-F-]{36}, which an earlier import into this tenant recorded for another row: not recorded, nor sent/,
    },
  ])('$target: refused, nothing sent, nothing recorded', async ({ target, mark, says }) => {
    const { s, unknown } = await importWithLostAnswers(target);
    const created = readReport(join(dir, 'r1.csv')).find((r) => r.zcust_status === 'created') ?? {};
    editUnknownRows('r1.csv', 'marked.csv', (r) => ({
      ...r,
      zcust_status: 'created',
      zcust_customer_id: mark(created),
    }));
    const run = await importInto(s, target, 'marked.csv', 'r2.csv');
    expect(run.code, run.stderr).toBe(1);
    expect(s.stats().creates, 'a marked row was sent').toBe(30);
    for (const row of stillUnknown('r2.csv', unknown))
      expect(row.zcust_error, `row ${row.zcust_row}`).toMatch(says);
    // The next import of the file still finds them unknown: nothing was journaled for them.
    expect((await importInto(s, target, 'customers.csv', 'r3.csv')).code).toBe(1);
    stillUnknown('r3.csv', unknown);
  });
});
