/**
 * The per-target sample files are what a user copies from: their header must be the target's template and
 * every row must pass both the common validation and the target's own rules, without unused-column warnings.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { validateRow } from '../../src/customer/schema.js';
import { getTarget } from '../../src/targets/index.js';
import { templateColumns } from '../../src/template.js';

const SAMPLES = [
  ['dayzero', 'samples/customers-dayzero.csv'],
  ['ambiosys', 'samples/customers-ambiosys.csv'],
] as const;

function readSample(file: string): { header: string[]; rows: string[][] } {
  const [header = [], ...rows] = parse(readFileSync(new URL(`../../${file}`, import.meta.url))) as string[][];
  return { header, rows };
}

describe.each(SAMPLES)('%s sample (%s)', (name, file) => {
  const { header, rows } = readSample(file);
  const target = getTarget(name);
  const cases = rows.map((raw, i) => ({ row: i + 2, raw }));

  it('has the target’s template header', () => {
    expect(header).toEqual(templateColumns(name).map((c) => c.name));
  });

  it('has about eight rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(8);
  });

  it.each(cases)('row $row is valid for the target and fills only columns it sends', ({ row, raw }) => {
    const fields = Object.fromEntries(header.map((h, j) => [h, raw[j] ?? '']).filter(([, v]) => v !== ''));
    const result = validateRow({ row, fields, raw });
    expect(result.errors).toEqual([]);
    expect(result.customer && target.validate(result.customer)).toEqual([]);
    expect(Object.keys(fields).filter((column) => !target.usesColumn(column))).toEqual([]);
  });
});
