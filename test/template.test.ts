import { describe, expect, it } from 'vitest';
import { COLUMN, matchHeader, taxColumns } from '../src/template.js';

describe('matchHeader: the tax pairs', () => {
  it.each([
    ['Tax Jurisdiction', COLUMN.taxJurisdiction],
    ['Tax ID', COLUMN.taxId],
    // A file that numbers every pair numbers the first too; pairs 2–9 are numbered in the template.
    ['Tax Jurisdiction 1', COLUMN.taxJurisdiction],
    ['Tax ID 1', COLUMN.taxId],
    ['tax_jurisdiction_1', COLUMN.taxJurisdiction],
    ['TAX-ID-1', COLUMN.taxId],
    ['Tax Jurisdiction 2', taxColumns(2).jurisdiction],
    ['Tax ID 2', taxColumns(2).id],
    ['Tax ID 9', taxColumns(9).id],
  ])('%j is %j', (header, column) => {
    expect(matchHeader(header)).toBe(column);
  });

  it.each(['Tax ID 10', 'Tax Jurisdiction 0'])('%j matches no column: there are nine pairs', (header) => {
    expect(matchHeader(header)).toBeUndefined();
  });
});
