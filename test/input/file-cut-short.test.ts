/**
 * A file cut short (truncated by another program) while it is read: the rows whole before the cut are read, the
 * row whose line it cuts is never a customer (it is invalid, saying why), and then the reader stops with an error
 * saying how many bytes of how many were there. Before, the file's new end was taken for its end: the cut row was
 * a customer with half its values, and the rows after it were silently gone. A file still being written (it grew
 * while it was read) whose text ends inside a line is cut short the same way: that line may be half written.
 */
import { appendFileSync, closeSync, existsSync, openSync, truncateSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fdBytes, openFileBytes } from '../../src/input/bytes.js';
import { FileShrankError, FileStillWrittenError } from '../../src/input/file-cut-short.js';
import { openInput } from '../../src/input/open.js';
import type { SourceRow } from '../../src/model.js';
import { useTempDir } from './helpers.js';

const dir = useTempDir();
const bytes = (n: number) => n.toLocaleString('en-US');

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

/**
 * Reads the rows of `name`, holding `content` (`text` and a line break unless given), calling `meanwhile` once the
 * first row is in hand (the rest not read yet).
 */
async function readWhile(
  name: string,
  text: string,
  meanwhile: (file: string) => void,
  content = `${text}\n`,
): Promise<{ rows: SourceRow[]; error?: unknown }> {
  const file = await dir.file(name, content);
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

describe('a file cut right after a line break inside a quoted field', () => {
  it('csv: the row whose quoted field the cut falls in is invalid, every row before it read', async () => {
    const text = FORMATS.csv.replace(
      Object.values(customer(CUT_CUSTOMER)).join(','),
      `Customer ${CUT_CUSTOMER},c${CUT_CUSTOMER}@test.example,+1555,"Line one\nLine two"`,
    );
    const cutAt = text.indexOf('Line one') + 9;
    expect(text[cutAt - 1], 'the cut follows the line break inside the quotes').toBe('\n');
    const { rows, error } = await readWhile('quoted.csv', text, (file) => truncateSync(file, cutAt));

    expect(
      rows.map((row) => [row.row, row.issues?.map((issue) => issue.code) ?? 'whole']),
      'every row before the cut whole, then the cut row invalid (it was missing from the report)',
    ).toEqual([
      ...numbers.slice(0, CUT_CUSTOMER - 1).map((i) => [i + 1, 'whole']),
      [CUT_CUSTOMER + 1, ['malformed_input']],
    ]);
    expect(error).toBeInstanceOf(FileShrankError);
  });
});

describe('a file still being written while it is read', () => {
  /** What is appended once the first row is read: a last line its writer has not finished (no line break). */
  const HALF_LINE = {
    csv: 'Late,late@test.example,+1555',
    ndjson: '{"Name":"Late","Phone":"+1555',
  };

  it.each(['csv', 'ndjson'] as const)(
    '%s: grown with a line not ended, that line is invalid and never parsed, and reading stops saying why',
    async (format) => {
      const text = FORMATS[format];
      const { rows, error } = await readWhile(`half.${format}`, text, (file) =>
        appendFileSync(file, HALF_LINE[format]),
      );

      expect(
        rows.map((row) => [row.row, row.issues?.map((issue) => issue.code) ?? 'whole']),
        'every row of the file whole, then the half-written one invalid (it was a customer with phone "+1555")',
      ).toEqual([...numbers.map((i) => [i + 1, 'whole']), [COUNT + 2, ['malformed_input']]]);
      expect(rows.at(-1)?.issues?.[0]?.message, 'why the half-written row was not sent').toBe(
        'the file was still being written when this row was read: its line may be incomplete, so it was not sent (see the summary)',
      );
      expect(error, 'the reading stops as at EIO').toBeInstanceOf(FileStillWrittenError);
      const before = text.length + 1;
      expect((error as Error).message).toMatch(
        new RegExp(
          `^cannot read .*half\\.${format} to its end: it was still being written when zcust reached its end \\(it grew from ${bytes(before)} bytes to ${bytes(before + HALF_LINE[format].length)} bytes while it was read\\), so its last line may be incomplete: run again once the file is complete$`,
        ),
      );
    },
  );

  it.each([
    ['csv', 'Late,late@test.example,+1555'],
    ['ndjson', '{"Name":"Late"}'],
  ] as const)(
    '%s: a file that did not grow and has no last line break: its last line is a row',
    async (format, last) => {
      const text = `${FORMATS[format]}\n${last}`;
      const { rows, error } = await readWhile(`unended.${format}`, text, () => {}, text);
      expect(error, 'no error').toBeUndefined();
      expect([rows.at(-1)?.row, rows.at(-1)?.issues], 'the last line, a whole row').toEqual([
        COUNT + 2,
        undefined,
      ]);
    },
  );

  it('json: a file that grew without a line break at its end is read as ever (a cut object is no element)', async () => {
    const { rows, error } = await readWhile('grows-unended.json', FORMATS.json, (file) =>
      appendFileSync(file, ' '),
    );
    expect(error, 'no error').toBeUndefined();
    expect(rows.length, 'every row').toBe(COUNT);
  });
});

/** sysfs gives every file a size of 4,096 bytes, whatever it holds (18 bytes for a MAC address and its line break). */
const SYSFS_FILE = '/sys/class/net/lo/address';

describe.skipIf(!existsSync(SYSFS_FILE))(
  'a file whose size, as the system gives it, is not what it holds',
  () => {
    const readAll = async (chunks: AsyncIterable<Buffer>) => {
      const parts: Buffer[] = [];
      for await (const chunk of chunks) parts.push(chunk);
      return Buffer.concat(parts).toString();
    };

    it.each([
      ['this thread', async () => (await openFileBytes(SYSFS_FILE, 1024)).bytes],
      [
        'the parsing worker (the lent descriptor)',
        async () => {
          const fd = openSync(SYSFS_FILE, 'r');
          const text = readAll(fdBytes(fd, 1024, { name: SYSFS_FILE, bytesAtOpen: 4096 }).bytes);
          return (async function* () {
            try {
              yield Buffer.from(await text);
            } finally {
              closeSync(fd);
            }
          })();
        },
      ],
    ])('read by %s: read to its end, not taken for a file that got shorter', async (_reader, bytesOf) => {
      const text = await readAll(await bytesOf());
      expect(text, 'what the file holds, with no error').toMatch(/^[0-9a-f:]+\n$/);
    });
  },
);
