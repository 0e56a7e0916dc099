/**
 * Property: whatever text a CSV file holds, the reader never throws, numbers its rows 2, 3, 4, … and
 * yields exactly the records csv-parse's own sync parser finds in the same text (same dialect), however
 * the bytes are chunked; where the sync parser gives up, the reader ends with one malformed_input row.
 */

import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvParseOptions } from '../../src/input/csv-records.js';
import type { SourceRow } from '../../src/model.js';
import { readText } from './helpers.js';

const HEADER = ['Name', 'Email', 'Notes'];

/** Characters that stress a CSV reader, with plain and multi-byte text among them. */
const csvChar = fc.oneof(
  fc.constantFrom('"', ',', '\n', '\r', '\r\n', ' ', '\t', ';', '|'),
  fc.constantFrom('a', 'Z', '0', '+', '=', "'", '-'),
  fc.constantFrom('é', '€', '😀', '中', '\u00a0'),
);
const csvText = fc.string({ unit: csvChar, maxLength: 120 });
const chunkSize = fc.integer({ min: 1, max: 40 });

/**
 * What the reader should yield: the sync parser's data records (those before its error, if it gives
 * up), blank ones skipped, short ones padded, each numbered as the spreadsheet row it is (a blank record is a
 * row too); a damaged file's last row is the record after the last one read.
 */
function expectedRecords(text: string): { records: string[][]; rowNumbers: number[]; damaged: boolean } {
  const seen: string[][] = [];
  let damaged = false;
  try {
    parse(text, {
      ...csvParseOptions(','),
      on_record: (record: string[]) => {
        seen.push(record);
        return record;
      },
    });
  } catch {
    damaged = true;
  }
  const data = seen
    .map((values, i) => ({ values, row: i + 1 }))
    .slice(1)
    .filter(({ values }) => values.some((v) => v.trim() !== ''));
  const records = data.map(({ values }) => [
    ...values,
    ...Array<string>(Math.max(0, HEADER.length - values.length)).fill(''),
  ]);
  const rowNumbers = [...data.map(({ row }) => row), ...(damaged ? [seen.length + 1] : [])];
  return { records, rowNumbers, damaged };
}

async function check(body: string, size: number): Promise<void> {
  const text = `${HEADER.join(',')}\n${body}`;
  let rows: SourceRow[];
  try {
    ({ rows } = await readText(text, { chunkSize: size, delimiter: ',' }));
  } catch (error) {
    throw new Error(`the reader threw ${String(error)} for ${JSON.stringify(text)}`);
  }
  const { records, rowNumbers, damaged } = expectedRecords(text);
  expect(
    rows.map((r) => r.row),
    'rows are numbered as spreadsheet rows: 2, 3, 4, …, a blank line counted',
  ).toEqual(rowNumbers);

  const malformed = rows.filter((r) => r.issues?.some((i) => i.code === 'malformed_input'));
  const read = damaged ? rows.slice(0, -1) : rows;
  expect(malformed, 'one malformed_input row, last, exactly when the sync parser gives up').toEqual(
    damaged ? [rows.at(-1)] : [],
  );
  expect(
    read.map((r) => r.raw),
    'every record before any damage, exactly once, in order',
  ).toEqual(records);
}

describe('reading any CSV text', () => {
  it('never throws and agrees with the sync parser, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, chunkSize, (body, size) => check(body, size)),
      { numRuns: 300 },
    );
  });

  it('yields every record of a well-formed document exactly once', async () => {
    const value = fc.string({ unit: csvChar, maxLength: 12 });
    const records = fc.array(fc.array(value, { minLength: 1, maxLength: 4 }), { maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(records, chunkSize, (rows, size) => check(stringify(rows), size)),
      { numRuns: 300 },
    );
  });
});
