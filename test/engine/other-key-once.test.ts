import { afterEach, describe, expect, it } from 'vitest';
import type { Issue, Outcome, SourceRow, TargetName } from '../../src/model.js';
import type { ToldNote } from '../../src/state/journal-lines.js';
import { COLUMN } from '../../src/template.js';
import {
  cleanUp,
  codes,
  customerRow,
  keyOf,
  runRows,
  seedCustomers,
  startHarness,
  tempJournal,
} from './harness.js';

afterEach(cleanUp);

const ID = '3d3d3d3d-1111-4222-8333-444444444444';
const added = (o: { warnings: Issue[] } | undefined) =>
  (o?.warnings ?? []).filter((w) => w.field === COLUMN.customerId).map((w) => w.message);

it('an added-key warning a one-row-per-customer conflict takes off the row is not noted as told: the next import gives it', async () => {
  const files = tempJournal('zenskar');
  const first = files.open(true);
  // Alpha created with its e-mail alone.
  first.created(
    keyOf(customerRow(0, { Name: 'Alpha', Email: 'alpha@k.example', 'Customer ID': undefined })),
    2,
    ID,
  );
  first.close();
  const h = await startHarness({ target: 'zenskar' });
  // Row 2: a report's row that says it is Alpha (keys edited); row 3: Alpha's e-mail with a Customer ID added.
  const reported: SourceRow = {
    ...customerRow(0, { Name: 'Gamma', Email: 'gamma@k.example', 'Customer ID': 'G-1' }),
    previous: { status: 'created', customerId: ID },
  };
  const withId = customerRow(1, { Name: 'Alpha', Email: 'alpha@k.example', 'Customer ID': 'CID-1' });
  const j1 = files.open();
  const one = await runRows({ ...h, net: { ...h.net, journal: j1 } }, [reported, withId]);
  j1.close();
  // The user fixes the conflict (drops row 2) and imports row 3 alone.
  const j2 = files.open();
  const two = await runRows({ ...h, net: { ...h.net, journal: j2 } }, [withId]);
  j2.close();
  expect(
    added(one.outcomes[1]).length + added(two.outcomes[0]).length,
    'the warning reaches the user once',
  ).toBe(1);
});

/** The warnings that a row's other key is not its customer's (keepsOtherKey's), by row. */
const otherKeyWarnings = (outcomes: readonly Outcome[]) =>
  outcomes.flatMap((o) =>
    o.warnings
      .filter((w) => /^this row's (e-mail|Customer ID) is customer /.test(w.message))
      .map(() => o.row),
  );
/** What an import decided of each row, warnings aside: what must not change whether a warning is repeated. */
const decided = (outcomes: readonly Outcome[]) =>
  outcomes.map((o) => [o.row, o.status, o.customerId, codes(o.errors)]);

/** A tenant into which each import runs with the tenant's journal, reopened as the next import opens it. */
async function tenant(target: TargetName) {
  const files = tempJournal(target);
  const h = await startHarness({ target });
  const importRows = async (
    rows: SourceRow[],
    opts: Parameters<typeof runRows>[2] = {},
  ): Promise<Outcome[]> => {
    const journal = files.open();
    try {
      return (await runRows({ ...h, net: { ...h.net, journal } }, rows, opts)).outcomes;
    } finally {
      journal.close();
    }
  };
  return { h, files, importRows };
}
type Tenant = Awaited<ReturnType<typeof tenant>>;

const row = (i: number, name: string, email: string | undefined, customerId: string | undefined) =>
  customerRow(i, { Name: name, Email: email, 'Customer ID': customerId });
const alpha = row(0, 'Alpha', 'a@k.example', 'ID-1');

describe("a row's other key that is not its customer's: warned by the import that first sees it, not by the next", () => {
  it.each<{
    name: string;
    target: TargetName;
    /** What the tenant and its journal hold before. */
    before: (t: Tenant) => Promise<unknown>;
    rows: SourceRow[];
    skipExisting?: boolean;
    /** Rows of the first import with the warning. */
    warned: number[];
    /** The rows given yet another key: warned again. */
    changedAgain?: SourceRow[];
  }>([
    {
      name: "Beta's Customer ID on Alpha's e-mail (the journal)",
      target: 'zenskar',
      before: (t) => t.importRows([alpha]),
      rows: [row(0, 'Beta', 'a@k.example', 'ID-2')],
      warned: [2],
      changedAgain: [row(0, 'Beta', 'a@k.example', 'ID-3')],
    },
    {
      name: "another e-mail on Alpha's Customer ID (the journal)",
      target: 'zenskar',
      before: (t) => t.importRows([alpha]),
      rows: [row(0, 'Alpha', 'b@k.example', 'ID-1')],
      warned: [2],
      changedAgain: [row(0, 'Alpha', 'c@k.example', 'ID-1')],
    },
    {
      name: 'a Customer ID added since (the journal)',
      target: 'zenskar',
      before: (t) => t.importRows([row(0, 'Alpha', 'a@k.example', undefined)]),
      rows: [alpha],
      warned: [2],
      changedAgain: [row(0, 'Alpha', 'a@k.example', 'ID-2')],
    },
    {
      name: 'another Customer ID on the e-mail of a customer --skip-existing finds (a lookup, then the journal)',
      target: 'zenskar',
      before: (t) => seedCustomers(t.h, [alpha]),
      rows: [row(0, 'Alpha', 'a@k.example', 'ID-2')],
      skipExisting: true,
      warned: [2],
      changedAgain: [row(0, 'Alpha', 'a@k.example', 'ID-3')],
    },
    {
      name: 'an e-mail fixed after a run killed while sending the row (a lookup settles it, then the journal)',
      target: 'zenskar',
      before: async (t) => {
        const killed = t.files.open(true);
        killed.sending(keyOf(alpha), alpha.row);
        killed.close();
        await seedCustomers(t.h, [alpha]);
      },
      rows: [row(0, 'Alpha', 'fixed@k.example', 'ID-1')],
      warned: [2],
      changedAgain: [row(0, 'Alpha', 'fixed-again@k.example', 'ID-1')],
    },
    {
      name: 'another Customer ID on DayZero, which keeps none (the journal knows it)',
      target: 'dayzero',
      before: (t) => t.importRows([alpha]),
      rows: [row(0, 'Alpha', 'a@k.example', 'ID-2')],
      warned: [2],
      changedAgain: [row(0, 'Alpha', 'a@k.example', 'ID-3')],
    },
    {
      name: 'a Customer ID added on DayZero, which keeps none: no news, either time',
      target: 'dayzero',
      before: (t) => t.importRows([row(0, 'Alpha', 'a@k.example', undefined)]),
      rows: [alpha],
      warned: [],
    },
    {
      name: 'another Customer ID on AmbioSys, which keeps neither key',
      target: 'ambiosys',
      before: (t) => t.importRows([alpha]),
      rows: [row(0, 'Alpha', 'a@k.example', 'ID-2')],
      warned: [2],
      changedAgain: [row(0, 'Alpha', 'a@k.example', 'ID-3')],
    },
    {
      name: 'e-mails swapped between two rows: both failed, both times',
      target: 'zenskar',
      before: (t) => t.importRows([alpha, row(1, 'Beta', 'b@k.example', 'ID-2')]),
      rows: [row(0, 'Alpha', 'b@k.example', 'ID-1'), row(1, 'Beta', 'a@k.example', 'ID-2')],
      warned: [],
    },
    {
      name: "a second row of Alpha's Customer ID, another e-mail: failed as one customer claimed twice, both times",
      target: 'zenskar',
      before: (t) => t.importRows([alpha]),
      rows: [alpha, row(1, 'Alpha too', 'b@k.example', 'ID-1')],
      warned: [],
    },
  ])('$name', async ({ target, before, rows, skipExisting, warned, changedAgain }) => {
    const t = await tenant(target);
    await before(t);
    const customers = t.h.sandbox.customers().length;
    const first = await t.importRows(rows, { skipExisting });
    const next = await t.importRows(rows, { skipExisting });
    expect(otherKeyWarnings(first), 'rows warned by the first import').toEqual(warned);
    expect(otherKeyWarnings(next), 'rows warned by the next import of the same rows').toEqual([]);
    expect(decided(next), 'the next import: each row decided as by the first').toEqual(decided(first));
    expect(t.h.sandbox.customers(), 'customers in the sandbox').toHaveLength(customers);
    if (changedAgain === undefined) return;
    const again = await t.importRows(changedAgain, { skipExisting });
    expect(otherKeyWarnings(again), 'rows given yet another key: warned again').toEqual(warned);
    expect(t.h.sandbox.customers(), 'customers in the sandbox').toHaveLength(customers);
  });
});

describe('the notes that a row was told, handed with its outcome to keepNotes rather than written', () => {
  async function addedThenImported(keepNotes?: (notes: readonly ToldNote[], position: number) => void) {
    const t = await tenant('zenskar');
    await t.importRows([row(0, 'Alpha', 'a@k.example', undefined), row(1, 'Beta', 'b@k.example', undefined)]);
    const rows = [row(0, 'Alpha', 'a@k.example', 'ID-1'), row(1, 'Beta', 'b@k.example', 'ID-2')];
    const first = await t.importRows(rows, keepNotes && { keepNotes });
    return { first, next: await t.importRows(rows) };
  }

  it("with the outcome's place in the reports, the notes of its warnings alone", async () => {
    const kept: Array<[number, number, string]> = [];
    const { first } = await addedThenImported((notes, position) => {
      for (const note of notes) kept.push([position, note.row, note.customerHas]);
    });
    expect(kept, 'the notes kept: [position, row, what the customer has]').toEqual([
      [1, 2, 'none'],
      [2, 3, 'none'],
    ]);
    expect(otherKeyWarnings(first), 'rows warned').toEqual([2, 3]);
  });

  it.each<[string, ((notes: readonly ToldNote[], position: number) => void) | undefined, number[]]>([
    [
      'not written by the engine: dropped (a run killed before its reports held them), the next import warns again',
      () => {},
      [2, 3],
    ],
    ['without keepNotes (no report to wait for), written as the outcome leaves', undefined, []],
  ])('%s', async (_, keepNotes, warnedNext) => {
    const { next } = await addedThenImported(keepNotes);
    expect(otherKeyWarnings(next), 'rows warned by the next import').toEqual(warnedNext);
  });
});
