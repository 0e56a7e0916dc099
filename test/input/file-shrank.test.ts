/**
 * A file cut short (truncated by another program) while it is read: the rows whole before the cut are read, the
 * row whose line it cuts is never a customer (it is invalid, saying why), and then the reader stops with an error
 * saying how many bytes of how many were there. Before, the file's new end was taken for its end: the cut row was
 * a customer with half its values, and the rows after it were silently gone.
 */
import { appendFileSync, truncateSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FileShrankError } from '../../src/input/file-shrank.js';
import { openInput } from '../../src/input/open.js';
import type { SourceRow } from '../../src/model.js';
import { useTempDir } from './helpers.js';

const dir = useTempDir();

/** Customer `i` (from 1) is spreadsheet row i + 1, as under a CSV header. */
const COUNT = 2000;
const CUT_CUSTOMER = 1500;
const customer = (i: number) => ({
  Name: `Customer ${i}`,
  Email: `c${i}@test.example`,
  Phone: `+1555${String(i).padStart(6, '0')}`,
  City: 'Springfield',
});
const numbers = Array.from({ length: COUNT }, (_, i) => i + 1);
const FORMATS = {
  csv: ['Name,Email,Phone,City', ...numbers.map((i) => Object.values(customer(i)).join(','))].join('\n'),
  ndjson: numbers.map((i) => JSON.stringify(customer(i))).join('\n'),
  json: `[\n${numbers.map((i) => JSON.stringify(customer(i))).join(',\n')}\n]`,
};

/** Where the file is cut: inside the Phone value of CUT_CUSTOMER's line, as QA's `truncate -s` did. */
const cutOffset = (text: string) => text.indexOf(`+1555${String(CUT_CUSTOMER).padStart(6, '0')}`) + 5;

/** Reads the rows of `name`, calling `meanwhile` once the first row is in hand (the rest not read yet). */
async function readWhile(
  name: string,
  text: string,
  meanwhile: (file: string) => void,
): Promise<{ rows: SourceRow[]; error?: unknown }> {
  const file = await dir.file(name, `${text}\n`);
  const source = await openInput({ path: file, parseOnWorker: false });
  const rows: SourceRow[] = [];
  try {
    for await (const row of source.rows) {
      if (rows.length === 0) meanwhile(file);
      rows.push(row);
    }
  } catch (error) {
    return { rows, error };
  }
  return { rows };
}

describe('a file cut short while it is read', () => {
  it.each([
    ['csv', true],
    ['ndjson', true],
    // A JSON object cut in two is never a whole element, so no row: the summary names the last row read.
    ['json', false],
  ] as const)(
    '%s: every row before the cut is read, the cut row is never a customer',
    async (format, cutRowShown) => {
      const text = FORMATS[format];
      const { rows, error } = await readWhile(`cut.${format}`, text, (file) =>
        truncateSync(file, cutOffset(text)),
      );

      const whole = rows.filter((row) => row.issues === undefined);
      expect(
        whole.map((row) => row.row),
        'the rows whole before the cut, each once',
      ).toEqual(numbers.slice(0, CUT_CUSTOMER - 1).map((i) => i + 1));
      const cut = rows.slice(whole.length);
      expect(
        cut.map((row) => ({
          row: row.row,
          fields: row.fields,
          codes: row.issues?.map((issue) => issue.code),
        })),
        'the row whose line was cut',
      ).toEqual(cutRowShown ? [{ row: CUT_CUSTOMER + 1, fields: {}, codes: ['malformed_input'] }] : []);
      expect(cut[0]?.issues?.[0]?.message ?? '', 'why the cut row was not sent').toMatch(
        cutRowShown
          ? /^the file got shorter while this row was read: its line is cut short, so it was not sent/
          : /^$/,
      );
      expect(error, 'the reading stops as at EIO, naming the bytes read').toBeInstanceOf(FileShrankError);
      expect((error as Error).message).toMatch(
        new RegExp(
          `^cannot read .*cut\\.${format}: it got shorter while it was read \\(it ended after ${cutOffset(text).toLocaleString('en-US')} bytes of the ${(text.length + 1).toLocaleString('en-US')} bytes it had when zcust opened it\\)$`,
        ),
      );
    },
  );

  it.each(['csv', 'ndjson'] as const)(
    '%s: cut at a line break, the last whole row is read too',
    async (format) => {
      const text = FORMATS[format];
      const atLineStart = text.lastIndexOf('\n', cutOffset(text)) + 1;
      const { rows, error } = await readWhile(`at-break.${format}`, text, (file) =>
        truncateSync(file, atLineStart),
      );
      expect(
        rows.map((row) => [row.row, row.issues === undefined]),
        'every row up to the cut, whole, and no cut row',
      ).toEqual(numbers.slice(0, CUT_CUSTOMER - 1).map((i) => [i + 1, true]));
      expect(error).toBeInstanceOf(FileShrankError);
    },
  );

  it.each(['csv', 'ndjson', 'json'] as const)(
    '%s: a file that grows is read to its new end, as ever',
    async (format) => {
      const text = FORMATS[format];
      // Appended: a CSV or NDJSON row; a JSON file's closing bracket was written last, so only white space.
      const more =
        format === 'json' ? '\n\n' : `${format === 'csv' ? 'Late,late@test.example,,' : '{"Name":"Late"}'}\n`;
      const { rows, error } = await readWhile(`grows.${format}`, text, (file) => appendFileSync(file, more));
      expect(error, 'no error').toBeUndefined();
      expect(rows.length, 'every row, the appended one too').toBe(format === 'json' ? COUNT : COUNT + 1);
    },
  );
});
