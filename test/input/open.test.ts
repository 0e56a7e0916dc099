import { chmod } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { CHUNK_BYTES } from '../../src/input/bytes.js';
import { formatFromPath, parseDelimiterOption } from '../../src/input/detect.js';
import { openInput } from '../../src/input/open.js';
import { drain, stdinOf, useTempDir } from './helpers.js';

const dir = useTempDir();

describe('the format', () => {
  it.each([
    ['customers.csv', 'csv'],
    ['CUSTOMERS.CSV', 'csv'],
    ['export.txt', 'csv'],
    ['export.tsv', 'csv'],
    ['customers.json', 'json'],
    ['customers.ndjson', 'ndjson'],
    ['customers.jsonl', 'ndjson'],
    ['customers.xlsx', undefined],
    ['customers', undefined],
  ])('of %s is %s', (file, format) => {
    expect(formatFromPath(file)).toBe(format);
  });

  it('comes from --format over the extension', async () => {
    const file = await dir.file('really-ndjson.csv', '{"name":"A"}\n');
    const source = await openInput({ path: file, format: 'ndjson' });
    expect(source.format).toBe('ndjson');
    expect((await drain(source))[0]?.fields).toEqual({ Name: 'A' });
  });

  it('is read from the extension', async () => {
    const file = await dir.file('customers.json', '[{"name":"A"}]');
    const source = await openInput({ path: file });
    expect(source.format).toBe('json');
    expect(source.isReport).toBe(false);
    source.close();
  });
});

describe('standard input', () => {
  it('is read with "-" and --format', async () => {
    const source = await openInput({ path: '-', format: 'csv', stdin: stdinOf('Name\nA\n') });
    expect(source.totalBytes).toBeUndefined();
    expect((await drain(source)).map((r) => r.fields)).toEqual([{ Name: 'A' }]);
    expect(source.bytesRead()).toBe(Buffer.byteLength('Name\nA\n'));
  });

  it('accepts string chunks', async () => {
    const stdin = (async function* () {
      yield 'Name\n';
      yield 'Zoë\n';
    })();
    const source = await openInput({
      path: '-',
      format: 'csv',
      stdin: stdin as unknown as NodeJS.ReadableStream,
    });
    expect((await drain(source))[0]?.fields).toEqual({ Name: 'Zoë' });
  });
});

describe('stopping early', () => {
  it.each([
    ['csv', `Name\n${'A\n'.repeat(5000)}`],
    ['json', `[${'{"name":"A"},'.repeat(5000)}{}]`],
    ['ndjson', '{"name":"A"}\n'.repeat(5000)],
  ] as const)('releases the %s input when the loop breaks', async (format, text) => {
    const stdin = stdinOf(text, 100) as NodeJS.ReadableStream & { destroyed: boolean };
    const source = await openInput({ path: '-', format, stdin });
    for await (const row of source.rows) {
      expect(row.row).toBe(2);
      break;
    }
    expect(stdin.destroyed, 'the input stream is closed').toBe(true);
  });
});

describe('usage errors', () => {
  const usageError = async (promise: Promise<unknown>, message: string) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, 'openInput should have refused').toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(message);
  };

  it('for a file that does not exist', async () => {
    await usageError(openInput({ path: 'customers.csv' }), 'cannot read customers.csv: no such file');
  });

  it('for a directory', async () => {
    const file = await dir.file('probe.csv', '');
    const folder = path.dirname(file);
    await usageError(openInput({ path: folder, format: 'csv' }), `cannot read ${folder}: it is a directory`);
  });

  it.runIf(process.getuid?.() !== 0)('for a file without read permission', async () => {
    const file = await dir.file('secret.csv', 'Name\n');
    await chmod(file, 0o200);
    await usageError(openInput({ path: file }), `cannot read ${file}: permission denied`);
  });

  it('for "-" without --format', async () => {
    await usageError(
      openInput({ path: '-', stdin: stdinOf('') }),
      'reading standard input (-) needs --format csv, json or ndjson',
    );
  });

  it('for an extension that says nothing', async () => {
    const file = await dir.file('customers.dat', 'Name\nAcme\n');
    await usageError(
      openInput({ path: file }),
      `cannot tell the format of ${file} from its extension; name it .csv, .json or .ndjson, or pass --format`,
    );
  });

  const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]);
  const workbook = (name: string) =>
    `${name} is an Excel workbook (or another zip file), not CSV, JSON or NDJSON: open it in Excel and save it as "CSV UTF-8 (Comma delimited)"`;

  it.each([
    ['customers.xlsx', {}],
    ['customers.csv', {}],
    ['customers.json', { format: 'json', encoding: 'latin1' }],
    ['customers', { format: 'ndjson' }],
  ] as const)('for a workbook named %s, whatever --format or --encoding say (%j)', async (name, flags) => {
    const file = await dir.file(name, ZIP);
    await usageError(openInput({ path: file, ...flags }), workbook(file));
  });

  it('for a workbook on standard input, however few bytes each read brings', async () => {
    await usageError(
      openInput({ path: '-', format: 'csv', stdin: stdinOf(ZIP, 1) }),
      workbook('standard input'),
    );
  });

  it.each(['base64', 'hex', 'HEX'])(
    'for %s, which encodes bytes as text and never holds customers',
    async (encoding) => {
      await usageError(
        openInput({ path: '-', format: 'csv', encoding, stdin: stdinOf('') }),
        `--encoding ${encoding} is not an encoding zcust knows; try utf-8, windows-1252, windows-1250, macintosh or utf-16le`,
      );
    },
  );

  it('for an encoding nobody knows', async () => {
    await usageError(
      openInput({ path: '-', format: 'csv', encoding: 'klingon', stdin: stdinOf('') }),
      '--encoding klingon is not an encoding zcust knows; try utf-8, windows-1252, windows-1250, macintosh or utf-16le',
    );
  });

  it('for a --map to a column the template does not have', async () => {
    await usageError(
      openInput({ path: '-', format: 'csv', map: [['A', 'Shoe Size']], stdin: stdinOf('A\n') }),
      '--map "A=Shoe Size": "Shoe Size" is not a template column (run zcust sample-csv to see them)',
    );
  });
});

describe('--delimiter as typed', () => {
  it.each([
    [';', ';'],
    ['|', '|'],
    ['\\t', '\t'],
    ['TAB', '\t'],
    ['comma', ','],
    ['Semicolon', ';'],
    ['pipe', '|'],
    [':', ':'],
  ])('%j means %j', (typed, delimiter) => {
    expect(parseDelimiterOption(typed)).toBe(delimiter);
  });

  it.each([[''], ['"'], ['\n'], [';;'], ['semi'], ['x|']])('%j is a usage error', (typed) => {
    expect(() => parseDelimiterOption(typed)).toThrow(UsageError);
  });
});

describe('the file', () => {
  it.each([
    ['parsed on the main thread (an import)', false, CHUNK_BYTES.mainThread],
    ['parsed where it suits (validate)', undefined, CHUNK_BYTES.worker],
  ])('is read in pieces of at most the chunk size when %s', async (_, parseOnWorker, chunk) => {
    const file = await dir.file('big.csv', `Name\n${'A customer with a long name\n'.repeat(5_000)}`);
    const sizes: number[] = [];
    const source = await openInput({ path: file, parseOnWorker });
    let last = 0;
    for await (const _row of source.rows) {
      const read = source.bytesRead();
      if (read > last) sizes.push(read - last);
      last = read;
    }
    expect(last).toBe(5 + 28 * 5_000);
    expect(Math.max(...sizes)).toBe(chunk);
  });
});
