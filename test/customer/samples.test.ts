/**
 * The sample files are what users copy from and what the end-to-end tests feed the CLI, so they must say what
 * they claim: customers.csv (and .ndjson) all valid, customers-with-errors.csv exactly as
 * test/fixtures/errors-sample.ts expects.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createDeduper } from '../../src/customer/dedupe.js';
import { isExampleRow } from '../../src/customer/example.js';
import { validateRow } from '../../src/customer/schema.js';
import type { SourceRow } from '../../src/model.js';
import { BASE_COLUMNS, COLUMN, matchHeader, taxColumns } from '../../src/template.js';
import { ERRORS_SAMPLE_EXPECTED } from '../fixtures/errors-sample.js';

const SAMPLE_HEADER = [...BASE_COLUMNS.map((c) => c.name), taxColumns(2).jurisdiction, taxColumns(2).id];

function readCsvSample(file: string): { header: string[]; rows: SourceRow[] } {
  const [header = [], ...records] = parse(readFileSync(new URL(`../../samples/${file}`, import.meta.url)), {
    relax_column_count: true,
    trim: true,
  }) as string[][];
  const columns = header.map((h) => matchHeader(h));
  const rows = records.map((raw, i): SourceRow => {
    const fields: Record<string, string> = {};
    columns.forEach((column, j) => {
      if (column !== undefined) fields[column] = raw[j] ?? '';
    });
    const row: SourceRow = { row: i + 2, fields, raw };
    // What the reader does with a record longer than the header.
    if (raw.length > header.length) row.issues = [{ code: 'column_count', message: 'too many values' }];
    return row;
  });
  return { header, rows };
}

describe('samples/customers.csv', () => {
  const { header, rows } = readCsvSample('customers.csv');
  const customers = rows.map((row) => ({ row: row.row, ...validateRow(row) }));

  it('has the template header plus a second tax pair', () => {
    expect(header).toEqual(SAMPLE_HEADER);
  });

  it.each(customers)('row $row passes every rule without warnings', ({ errors, warnings, customer }) => {
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(customer).toBeDefined();
  });

  it('covers at least 14 customers, all six jurisdictions and six countries', () => {
    const jurisdictions = new Set(
      customers.flatMap((c) => c.customer?.taxIds.map((t) => t.jurisdiction) ?? []),
    );
    const countries = new Set(customers.map((c) => c.customer?.address?.countryCode));
    expect(customers.length).toBeGreaterThanOrEqual(14);
    expect([...jurisdictions].sort()).toEqual(['AUS', 'EU', 'FR', 'IND', 'SG', 'USA']);
    expect(countries.size).toBeGreaterThanOrEqual(6);
  });

  it('has unique emails and Customer IDs, and no example row', () => {
    const deduper = createDeduper();
    const duplicates = customers
      .flatMap((c) => (c.customer ? [deduper.check(c.row, c.customer)] : []))
      .filter(Boolean);
    expect(duplicates).toEqual([]);
    expect(rows.filter(isExampleRow)).toEqual([]);
  });
});

describe('samples/customers.ndjson', () => {
  const lines = readFileSync(new URL('../../samples/customers.ndjson', import.meta.url), 'utf8')
    .trim()
    .split('\n');
  const rows = lines.map((line, i) => ({
    row: i + 2,
    fields: JSON.parse(line) as Record<string, string>,
    raw: [],
  }));

  it.each(rows)('line $row uses template columns and passes every rule', (row) => {
    expect(Object.keys(row.fields).filter((key) => matchHeader(key) !== key)).toEqual([]);
    expect(validateRow(row).errors).toEqual([]);
  });

  it('shares no email with customers.csv', () => {
    const csvEmails = new Set(
      readCsvSample('customers.csv').rows.map((r) => r.fields[COLUMN.email]?.toLowerCase()),
    );
    expect(rows.map((r) => r.fields[COLUMN.email]?.toLowerCase()).filter((e) => csvEmails.has(e))).toEqual(
      [],
    );
  });
});

describe('samples/customers-with-errors.csv', () => {
  const { header, rows } = readCsvSample('customers-with-errors.csv');
  // The engine's order of decisions: reader issues, the example row, validation, then in-file duplicates.
  const deduper = createDeduper();
  const outcomes = rows.map((row) => {
    if (!row.issues && isExampleRow(row)) return { row: row.row, status: 'skipped', codes: ['example_row'] };
    const { customer, errors } = validateRow(row);
    if (!customer) return { row: row.row, status: 'invalid', codes: errors.map((e) => e.code) };
    const duplicate = deduper.check(row.row, customer);
    return duplicate
      ? { row: row.row, status: 'duplicate', codes: [duplicate.code] }
      : { row: row.row, status: 'valid', codes: [] };
  });

  it('has the same header as customers.csv', () => {
    expect(header).toEqual(SAMPLE_HEADER);
  });

  it('gives every row the status and codes the end-to-end fixture expects', () => {
    expect(outcomes).toEqual(ERRORS_SAMPLE_EXPECTED);
  });

  it('shows every validation code at least once, and has valid rows too', () => {
    const codes = new Set(ERRORS_SAMPLE_EXPECTED.flatMap((e) => e.codes));
    expect(
      [
        'required',
        'invalid_email',
        'invalid_country_code',
        'invalid_tax_jurisdiction',
        'invalid_tax_id',
        'invalid_json',
        'invalid_boolean',
        'invalid_uuid',
        'too_long',
        'duplicate_in_file',
        'column_count',
        'example_row',
      ].filter((code) => !codes.has(code)),
    ).toEqual([]);
    expect(ERRORS_SAMPLE_EXPECTED.filter((e) => e.status === 'valid').length).toBeGreaterThanOrEqual(3);
  });
});
