/**
 * A JSON input's CSV report, imported again: a row left unfixed gets the verdict it had (values of the wrong JSON
 * type are kept in zcust_json and read back as such), and a row fixed in its cells or in zcust_json is read as fixed.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { createPreparer } from '../../src/engine/prepare.js';
import type { Outcome, SourceRow, TargetName } from '../../src/model.js';
import { openCsvReport } from '../../src/report/csv.js';
import { getTarget } from '../../src/targets/index.js';
import { summary, tempDir } from '../report/fixtures.js';
import { readText } from './helpers.js';

/** Each row's outcome as validate decides it: its status and error codes. */
async function verdicts(
  rows: SourceRow[],
  fieldColumns?: string[],
  target: TargetName = 'zenskar',
): Promise<Outcome[]> {
  const prepare = createPreparer({ target: getTarget(target), includeExample: false, fieldColumns });
  return rows.map((row) => {
    const prepared = prepare(row);
    return prepared.kind === 'done'
      ? prepared.outcome
      : { row: row.row, status: 'valid', errors: [], warnings: [], raw: row.raw };
  });
}

/** A row's verdict: its status and its error codes. */
const verdict = (outcome: Outcome | undefined) => [
  outcome?.status,
  ...new Set(outcome?.errors.map((e) => e.code)),
];

/** The CSV report validate writes for these JSON objects, as its cells (header first). */
async function reportOf(
  objects: readonly object[],
  target: TargetName = 'zenskar',
): Promise<{ cells: string[][]; outcomes: Outcome[] }> {
  const { source, rows } = await readText(JSON.stringify(objects), { format: 'json', target });
  const outcomes = await verdicts(rows, undefined, target);
  const path = join(await tempDir(), 'j.report.csv');
  const report = openCsvReport(path, source.columns);
  for (const outcome of outcomes) await report.write(outcome);
  await report.close(summary());
  return { cells: parse(await readFile(path, 'utf8')), outcomes };
}

/** The report's cells, imported again: each row's verdict. */
async function verdictsOf(cells: string[][], target: TargetName = 'zenskar'): Promise<Outcome[]> {
  const { source, rows } = await readText(stringify(cells), { target });
  return verdicts(rows, source.fieldColumns, target);
}

/** Sets a cell of the report's data row `i` (0 is the first row) by its header. */
function edit(cells: string[][], i: number, column: string, value: string): string[][] {
  const copy = cells.map((line) => [...line]);
  const at = copy[0]?.indexOf(column) ?? -1;
  if (at === -1) throw new Error(`the report has no column ${column}`);
  (copy[i + 1] as string[])[at] = value;
  return copy;
}

const WRONG_TYPES: ReadonlyArray<[string, object]> = [
  ['an address given as a string', { Name: 'A', address: '12 Rue de Rivoli, 75001 Paris' }],
  ['a ship_to_address given as an array', { Name: 'A', ship_to_address: ['1 Main St'] }],
  ['a tax_info given as a string', { Name: 'A', tax_info: '27AAPFU0939F1ZV' }],
  [
    'a tax_info item given as a string',
    { Name: 'A', tax_info: [{ country_code: 'IN', tax_id: '27AAPFU0939F1ZV' }, '51 824 753 556'] },
  ],
  [
    'ten tax_info items',
    { Name: 'A', tax_info: Array(10).fill({ country_code: 'AU', tax_id: '51 824 753 556' }) },
  ],
  ['a Name given as an object', { Name: { first: 'Ann', last: 'Lee' } }],
  ['a line of an address given as an array', { Name: 'A', address: { line1: ['1 Main', 'Apt 2'] } }],
  ['an e-mail given as an array', { Name: 'A', email: ['a@example.com'] }],
  ['a tax_id given as an object', { Name: 'A', tax_info: { country_code: 'IN', tax_id: { n: 1 } } }],
];

describe("a JSON input's report imported again", () => {
  it.each(WRONG_TYPES)('keeps the verdict of a row left unfixed: %s', async (_, object) => {
    const { cells, outcomes } = await reportOf([object]);
    expect(verdict(outcomes[0]), 'the JSON row itself').toEqual(['invalid', 'invalid_value']);
    const [again] = await verdictsOf(cells);
    expect(verdict(again), JSON.stringify(again?.errors)).toEqual(['invalid', 'invalid_value']);
  });

  it.each([
    ['Name', 'Ann Lee', { Name: { first: 'Ann', last: 'Lee' } }],
    ['Address Line 1', '1 Main, Apt 2', { Name: 'A', address: { line1: ['1 Main', 'Apt 2'] } }],
    ['Email', 'a@example.com', { Name: 'A', email: ['a@example.com'] }],
  ])(
    'takes a text column fixed in its cell (%s), whatever zcust_json still says',
    async (column, fixed, object) => {
      const { cells } = await reportOf([object]);
      const [outcome] = await verdictsOf(edit(cells, 0, column, fixed));
      expect(outcome?.status, JSON.stringify(outcome?.errors)).toBe('valid');
    },
  );

  it.each([
    ['emptied once its values are in their columns', ''],
    [
      'written as the object it should be',
      '{"address":{"line1":"12 Rue de Rivoli","zipCode":"75001","city":"Paris"}}',
    ],
  ])('takes an address fixed in zcust_json: %s', async (_, wrongTypes) => {
    const { cells } = await reportOf([{ Name: 'A', address: '12 Rue de Rivoli, 75001 Paris' }]);
    const [outcome] = await verdictsOf(edit(cells, 0, 'zcust_json', wrongTypes));
    expect(outcome?.status, JSON.stringify(outcome?.errors)).toBe('valid');
  });

  it('reads an address written as an object in zcust_json into its columns', async () => {
    const { cells } = await reportOf([{ Name: 'A', address: '12 Rue de Rivoli, 75001 Paris' }]);
    const fixed = edit(cells, 0, 'zcust_json', '{"address":{"line1":"12 Rue de Rivoli","city":"Paris"}}');
    const { rows } = await readText(stringify(fixed));
    expect(rows[0]?.fields).toMatchObject({ 'Address Line 1': '12 Rue de Rivoli', City: 'Paris' });
  });

  it.each([
    ['is not JSON', '{address: x}', 'invalid_json', 'zcust_json: is not valid JSON'],
    ['is not an object', '["x"]', 'invalid_json', 'zcust_json: is an array, not a JSON object'],
    [
      'has a key that matches no column',
      '{"adress":"x"}',
      'invalid_value',
      'zcust_json: the key "adress" matches no column',
    ],
  ])('makes the row invalid where zcust_json %s', async (_, wrongTypes, code, message) => {
    const { cells } = await reportOf([{ Name: 'A', address: '1 Main St' }]);
    const { rows } = await readText(stringify(edit(cells, 0, 'zcust_json', wrongTypes)));
    expect(rows[0]?.issues?.map((i) => [i.code, `${i.field}: ${i.message}`])).toEqual([[code, message]]);
  });

  // A Zenskar run's report keeps DayZero's one-line address in zcust_json; imported into DayZero, it is its address.
  it('reads a string `address` in zcust_json into Address Line 1 when the report is imported into DayZero', async () => {
    const { cells } = await reportOf([{ Name: 'A', address: '12 Rue de Rivoli, 75001 Paris' }]);
    const { rows } = await readText(stringify(cells), { target: 'dayzero' });
    expect(rows[0]?.fields['Address Line 1']).toBe('12 Rue de Rivoli, 75001 Paris');
    expect(rows[0]?.issues).toBeUndefined();
  });

  // DayZero's credit_limit_cents: the report's Credit Limit holds the amount; a value that is no whole number of
  // cents stays in zcust_json under its own key, never as digits in Credit Limit (a hundred times the limit).
  it.each<[string, number, Record<string, string>, string, string[]]>([
    ['whole cents, as the amount', 100050, {}, '1000.50', ['valid']],
    ['a fraction of a cent, left unfixed', 12.5, {}, '', ['invalid', 'invalid_value']],
    ['a fraction of a cent, fixed in Credit Limit', 12.5, { 'Credit Limit': '0.13' }, '', ['valid']],
    [
      'a fraction of a cent, fixed in zcust_json',
      12.5,
      { zcust_json: '{"credit_limit_cents":13}' },
      '',
      ['valid'],
    ],
  ])(
    'keeps DayZero credit_limit_cents across the round trip: %s',
    async (_, cents, edits, cell, expected) => {
      const { cells } = await reportOf(
        [{ name: 'A', email: 'a@x.com', credit_limit_cents: cents }],
        'dayzero',
      );
      expect(cells[1]?.[cells[0]?.indexOf('Credit Limit') ?? -1], "the report's Credit Limit").toBe(cell);
      const edited = Object.entries(edits).reduce((c, [column, value]) => edit(c, 0, column, value), cells);
      const [again] = await verdictsOf(edited, 'dayzero');
      expect(verdict(again), JSON.stringify(again?.errors)).toEqual(expected);
    },
  );

  it('keeps zcust_json among the columns it echoes, for the next report', async () => {
    const { cells } = await reportOf([{ Name: 'A', address: '1 Main St' }]);
    const { source, rows } = await readText(stringify(cells));
    expect(source.columns.at(-1)).toBe('zcust_json');
    expect(rows[0]?.raw.at(-1)).toBe('{"address":"1 Main St"}');
  });

  it('reads a text that looks like JSON in a report without zcust_json as text (a CSV input)', async () => {
    const { rows } = await readText('zcust_row,zcust_status,Name\n2,valid,"{""first"":""Ann""}"\n');
    expect(rows[0]?.issues).toBeUndefined();
    expect(rows[0]?.fields.Name).toBe('{"first":"Ann"}');
  });
});
