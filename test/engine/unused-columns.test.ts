import { describe, expect, it } from 'vitest';
import { unusedColumnWarning, warnUnusedColumns } from '../../src/engine/unused-columns.js';
import { TARGET_NAMES, type TargetName } from '../../src/model.js';
import { getTarget } from '../../src/targets/index.js';
import { ALL_COLUMNS, COLUMN, EXAMPLE_EMAIL, EXAMPLE_NAME } from '../../src/template.js';

/** Rows 2, 3, … carrying the given fields. */
const rowsOf = (fieldsPerRow: Record<string, string>[]) =>
  fieldsPerRow.map((fields, i) => ({ row: i + 2, fields, raw: Object.values(fields) }));

async function* streamOf<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

type Mode = 'a CSV header (columns given)' | 'JSON objects (no columns)';
const MODES: Mode[] = ['a CSV header (columns given)', 'JSON objects (no columns)'];

/** Runs the rows through warnUnusedColumns; returns the rows that came out and the warnings, as [column, row]. */
async function run(
  target: TargetName,
  fieldsPerRow: Record<string, string>[],
  mode: Mode,
  includeExample = false,
) {
  const rows = rowsOf(fieldsPerRow);
  const columns = mode === MODES[0] ? [...new Set(fieldsPerRow.flatMap((f) => Object.keys(f)))] : undefined;
  const warnings: [string, number][] = [];
  const out = [];
  for await (const row of warnUnusedColumns(
    streamOf(rows),
    getTarget(target),
    (column, row) => warnings.push([column, row]),
    { columns, includeExample },
  )) {
    out.push(row);
  }
  return { rows, out, warnings };
}

const cases = (
  [
    ['zenskar', 'Website'],
    ['zenskar', 'Legal Name'],
    ['dayzero', 'Customer ID'],
    ['dayzero', 'Custom Data'],
    ['dayzero', 'Ship To City'],
    ['ambiosys', 'Email'],
    ['ambiosys', 'City'],
    ['ambiosys', 'Tax ID 2'],
  ] as const
).flatMap(([target, column]) => MODES.map((mode) => ({ target, column, mode })));

describe('warnUnusedColumns', () => {
  it.each(cases)(
    '$target: warns about "$column" once, at its first non-empty value, from $mode',
    async ({ target, column, mode }) => {
      expect(getTarget(target).usesColumn(column), 'the case needs a column the target ignores').toBe(false);
      const { warnings } = await run(
        target,
        [
          { Name: 'A', [column]: '' },
          { Name: 'B', [column]: 'something' },
          { Name: 'C', [column]: 'something else' },
        ],
        mode,
      );
      expect(warnings).toEqual([[column, 3]]);
    },
  );

  it.each(MODES)('never warns about a column that stays empty, from %s', async (mode) => {
    const { warnings } = await run(
      'zenskar',
      [
        { Name: 'A', Website: '' },
        { Name: 'B', Website: '' },
      ],
      mode,
    );
    expect(warnings).toEqual([]);
  });

  it.each(MODES)('warns about each unused column at its own first row, from %s', async (mode) => {
    const { warnings } = await run(
      'zenskar',
      [
        { Name: 'A', Website: '', 'Legal Name': 'A LLC' },
        { Name: 'B', Website: 'https://b.example', 'Legal Name': '' },
        { Name: 'C', Website: 'https://c.example', 'Legal Name': 'C LLC' },
      ],
      mode,
    );
    expect(warnings).toEqual([
      ['Legal Name', 2],
      ['Website', 3],
    ]);
  });

  const usedByEveryTarget = TARGET_NAMES.flatMap((target) =>
    MODES.map((mode) => ({
      target,
      mode,
      used: ALL_COLUMNS.map((c) => c.name).filter((name) => getTarget(target).usesColumn(name)),
    })),
  );

  it.each(usedByEveryTarget)(
    '$target: never warns about a column it uses, from $mode',
    async ({ target, mode, used }) => {
      expect(used.length, 'every target uses some columns').toBeGreaterThan(0);
      const full = Object.fromEntries(used.map((name) => [name, `value of ${name}`]));
      const { warnings } = await run(target, [full, full], mode);
      expect(warnings).toEqual([]);
    },
  );

  it.each(MODES)('passes every row on, unchanged and in order, from %s', async (mode) => {
    const { rows, out } = await run(
      'ambiosys',
      [{ Name: 'A', Email: 'a@x.io' }, { Name: 'B' }, { Name: 'C', Email: 'c@x.io' }],
      mode,
    );
    expect(out).toEqual(rows);
    for (const [i, row] of out.entries()) expect(row, `row ${i + 2} is the same object`).toBe(rows[i]);
  });

  const EXAMPLE = { Name: EXAMPLE_NAME, Email: EXAMPLE_EMAIL, City: 'Springfield' };

  it.each(MODES)('is silent about the example row, which is skipped, from %s', async (mode) => {
    const { warnings } = await run('ambiosys', [EXAMPLE, { Name: 'B' }], mode);
    expect(warnings, 'the skipped John Doe row is no news').toEqual([]);
  });

  it.each(MODES)('still warns at the first real row after the example, from %s', async (mode) => {
    const { warnings } = await run('ambiosys', [EXAMPLE, { Name: 'B', [COLUMN.email]: 'b@x.io' }], mode);
    expect(warnings).toEqual([['Email', 3]]);
  });

  it.each(MODES)(
    'is silent about a header repeated among the rows, which is no customer, from %s',
    async (mode) => {
      const rows = rowsOf([
        { Name: 'A', Website: '' },
        { Name: 'Name', Website: 'Website' },
        { Name: 'B', Website: 'https://b.example' },
      ]).map((row) => (row.row === 3 ? { ...row, notACustomer: true as const } : row));
      const warnings: [string, number][] = [];
      const columns = mode === MODES[0] ? ['Name', 'Website'] : undefined;
      const warnAbout = (column: string, row: number) => warnings.push([column, row]);
      const out = [];
      const options = { columns, includeExample: false };
      for await (const row of warnUnusedColumns(streamOf(rows), getTarget('zenskar'), warnAbout, options))
        out.push(row);
      expect(out, 'a row was held back').toEqual(rows);
      expect(warnings, 'the header "Website" on row 3 was taken for a value').toEqual([['Website', 4]]);
    },
  );

  it.each(MODES)('warns about the example row when --include-example imports it, from %s', async (mode) => {
    const { warnings } = await run('ambiosys', [EXAMPLE], mode, true);
    expect(warnings).toEqual([
      ['Email', 2],
      ['City', 2],
    ]);
  });
});

describe('unusedColumnWarning', () => {
  it.each([
    [
      COLUMN.email,
      'warning: AmbioSys does not use the column "Email" (first value on row 2); it is not imported, but its values are still checked, and tell rows apart: a second row with the same one is a duplicate',
    ],
    [
      COLUMN.customerId,
      'warning: AmbioSys does not use the column "Customer ID" (first value on row 2); it is not imported, but its values are still checked, and tell rows apart: a second row with the same one is a duplicate',
    ],
    [
      COLUMN.phone,
      'warning: AmbioSys does not use the column "Phone" (first value on row 2); it is not imported, but its values are still checked',
    ],
  ])('says that the template column %s is not imported but still checked', (column, expected) => {
    expect(unusedColumnWarning(getTarget('ambiosys'), column, 2)).toBe(expected);
  });

  // Their rules are their target's (DayZero's credit limit, its statuses): under AmbioSys `abc` is no amount, and valid.
  const NOT_CHECKED =
    'its values are not checked, except for what no cell may hold (a spreadsheet error such as #N/A, a control character)';
  it.each<[TargetName, string, string]>([
    ['ambiosys', COLUMN.creditLimit, 'only DayZero uses it'],
    ['ambiosys', COLUMN.status, 'only DayZero uses it'],
    ['zenskar', COLUMN.website, 'only DayZero uses it'],
    ['dayzero', COLUMN.legalName, 'only AmbioSys uses it'],
    ['zenskar', COLUMN.contactOrigin, 'only AmbioSys uses it'],
  ])(
    '%s: says that %s, another target’s own column, is not checked, naming who uses it',
    (target, column, uses) => {
      const { label } = getTarget(target);
      expect(unusedColumnWarning(getTarget(target), column, 2)).toBe(
        `warning: ${label} does not use the column "${column}" (first value on row 2); it is not imported, and ${uses}: ${NOT_CHECKED}`,
      );
    },
  );
});
