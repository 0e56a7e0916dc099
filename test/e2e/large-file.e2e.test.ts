/**
 * Files above 4 MB are parsed on a worker thread. Its output must be exactly the in-thread reader's,
 * damage included: same report, byte for byte.
 */
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  existsSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeCustomersCsv } from '../support/customers.js';
import { BIN, cleanEnv, ROOT, readReport, STACK_TRACE, tempDir, watch, zcust } from '../support/zcust.js';

describe('large files (worker-thread parsing)', () => {
  it('give the same report as the in-thread reader, up to and including a damaged tail', async () => {
    const dir = tempDir();
    const rows = 80_000;
    writeCustomersCsv(join(dir, 'big.csv'), rows);
    expect(statSync(join(dir, 'big.csv')).size, 'big enough for the worker').toBeGreaterThan(4 * 1024 * 1024);
    appendFileSync(join(dir, 'big.csv'), 'Tail Ltd,T-1,"tail@test.example,US,USA,12-3456789\nnever,read\n');
    const threaded = await zcust(['validate', 'big.csv', '--quiet', '--report', 'threaded.csv'], {
      cwd: dir,
    });
    const single = await zcust(['validate', 'big.csv', '--quiet', '--report', 'single.csv'], {
      cwd: dir,
      env: { ZCUST_THREADS: '0' },
    });
    expect([threaded.code, single.code]).toEqual([1, 1]);
    const report = readReport(join(dir, 'threaded.csv'));
    expect(report).toHaveLength(rows + 1);
    expect(report.at(-1)).toMatchObject({ zcust_row: String(rows + 2), zcust_error_code: 'malformed_input' });
    expect(report.at(-1)?.zcust_error).toMatch(new RegExp(`line ${rows + 2}\\b`));
    expect(readFileSync(join(dir, 'threaded.csv'), 'utf8')).toBe(
      readFileSync(join(dir, 'single.csv'), 'utf8'),
    );
  }, 60_000);
});

describe('a large file ending in a DOS end-of-file mark (Ctrl-Z, 0x1A)', () => {
  it('has its last customer read whole on the worker thread, as on this one', async () => {
    const dir = tempDir();
    const rows = 80_000;
    writeCustomersCsv(join(dir, 'dos.csv'), rows);
    appendFileSync(join(dir, 'dos.csv'), 'Last Ltd,L-1,last@test.example,US,USA,12-3456789\x1a');
    const runs = await Promise.all(
      [{}, { ZCUST_THREADS: '0' }].map((env, i) =>
        zcust(['validate', 'dos.csv', '--quiet', '--report', `dos-${i}.csv`], { cwd: dir, env }),
      ),
    );
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const report = readReport(join(dir, 'dos-0.csv'));
    expect(report).toHaveLength(rows + 1);
    expect(report.at(-1)).toMatchObject({ zcust_status: 'valid', Email: 'last@test.example' });
    expect(readFileSync(join(dir, 'dos-0.csv'), 'utf8')).toBe(readFileSync(join(dir, 'dos-1.csv'), 'utf8'));
  }, 60_000);
});

describe('a large file deleted once zcust has opened it', () => {
  it('is read to the end all the same: the worker reads the file that was opened, not the path', async () => {
    const dir = tempDir();
    const rows = 80_000;
    writeCustomersCsv(join(dir, 'gone.csv'), rows);
    expect(statSync(join(dir, 'gone.csv')).size, 'big enough for the worker').toBeGreaterThan(
      4 * 1024 * 1024,
    );
    const unlink = pathToFileURL(join(ROOT, 'test', 'fixtures', 'unlink-after-open', 'register.mjs')).href;
    const run = await zcust(['validate', 'gone.csv', '--quiet', '--report', 'gone.report.csv'], {
      cwd: dir,
      env: { NODE_OPTIONS: `--import ${unlink}` },
    });
    expect(existsSync(join(dir, 'gone.csv')), 'the preload deleted the input').toBe(false);
    expect(run.code, run.stderr).toBe(0);
    expect(readReport(join(dir, 'gone.report.csv'))).toHaveLength(rows);
  }, 60_000);
});

describe('Ctrl-C during validate', () => {
  it('stops reading new rows, reports every row (the rest not_attempted) and exits 3', async () => {
    const dir = tempDir();
    const rows = 200_000;
    writeCustomersCsv(join(dir, 'huge.csv'), rows);
    const child = spawn(process.execPath, [BIN, 'validate', 'huge.csv', '--quiet'], {
      cwd: dir,
      stdio: 'ignore',
    });
    // Interrupt once the run is visibly under way (its report has grown past 1 MB), not after a guessed delay.
    const poll = setInterval(() => {
      if (
        existsSync(join(dir, 'huge.report.csv')) &&
        statSync(join(dir, 'huge.report.csv')).size > 1_000_000
      ) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 20);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(3);
    const report = readReport(join(dir, 'huge.report.csv'));
    expect(report).toHaveLength(rows);
    const notAttempted = report.filter((r) => r.zcust_status === 'not_attempted').length;
    expect(notAttempted).toBeGreaterThan(0);
    expect(report.filter((r) => r.zcust_status === 'valid').length).toBe(rows - notAttempted);
  }, 60_000);
});

describe('a report that cannot be written (disk full)', () => {
  // /dev/full fails every write with ENOSPC, as a full disk does; a symlink gives it a report's name.
  const full = existsSync('/dev/full');
  it.skipIf(!full).each([
    ['validate of a small file (in-thread)', 'validate', 200],
    ['validate of a large file (worker thread)', 'validate', 60_000],
    ['an import into the sandbox', 'import', 200],
  ])(
    'ends %s with exit 3, naming the report',
    async (_, command, rows) => {
      const dir = tempDir();
      writeCustomersCsv(join(dir, 'in.csv'), rows);
      symlinkSync('/dev/full', join(dir, 'full.report.csv'));
      const extra = command === 'import' ? ['--sandbox'] : [];
      const r = await zcust([command, 'in.csv', '--report', 'full.report.csv', ...extra], { cwd: dir });
      expect(r.code).toBe(3);
      // Said as the run's abort in its summary, however small the report (it was an error without a summary
      // when only its last write, at the end, failed).
      expect(r.stderr).toMatch(/aborted: cannot write the report "full.report.csv": no space left on device/);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    },
    60_000,
  );

  it.skipIf(!full).each([
    ['-q', 'full.csv'],
    ['--json', 'full.csv'],
    ['-q', 'full.json'],
    ['--json', 'full.xml'],
    ['neither -q nor --json', 'full.csv'],
  ])(
    'a small import says once on stderr, with %s, why it stopped when %s fails only at its last write',
    async (flag, failing) => {
      const dir = tempDir();
      writeCustomersCsv(join(dir, 'in.csv'), 5);
      symlinkSync('/dev/full', join(dir, failing));
      const flags = flag.startsWith('-') ? [flag] : [];
      const r = await zcust(['import', 'in.csv', '--sandbox', '--report', failing, ...flags], { cwd: dir });
      expect(r.code, r.stderr).toBe(3);
      const said = r.stderr.split(`cannot write the report "${failing}": no space left on device`).length - 1;
      expect(said, `said ${said} times:\n${r.stderr}`).toBe(1);
    },
  );

  it.skipIf(!full).each([
    ['CSV report', 'full.csv', 'ok.json'],
    ['JSON report (written whole at the end)', 'full.json', 'ok.csv'],
    ['JSON report (written whole at the end)', 'full.json', 'ok.json'],
    ['JSON report (written whole at the end)', 'full.json', 'ok.xml'],
    ['XML report (written whole at the end)', 'full.xml', 'ok.json'],
  ])(
    'a small import whose %s (%s) the disk cannot take still prints its summary, --json too, and says so in %s',
    async (_, failing, other) => {
      const dir = tempDir();
      writeCustomersCsv(join(dir, 'in.csv'), 5);
      symlinkSync('/dev/full', join(dir, failing));
      const r = await zcust(
        ['import', 'in.csv', '--sandbox', '--json', '--report', failing, '--report', other],
        { cwd: dir },
      );
      expect(r.code, r.stderr).toBe(3);
      const summary = JSON.parse(r.stdout) as { aborted?: string; reports: string[]; exit_code: number };
      expect(summary).toMatchObject({ reports: [join(dir, other)], exit_code: 3 });
      expect(summary.aborted).toMatch(`cannot write the report "${failing}": no space left on device`);
      if (other.endsWith('.json')) {
        const json = JSON.parse(readFileSync(join(dir, other), 'utf8')) as { summary: { aborted?: string } };
        expect(json.summary.aborted, 'the JSON report claimed success').toMatch(/cannot write the report/);
      } else if (other.endsWith('.xml')) {
        expect(readFileSync(join(dir, other), 'utf8'), 'the XML report claimed success').toMatch(
          /<property name="aborted" value="cannot write the report /,
        );
      } else {
        expect(readReport(join(dir, other))).toHaveLength(5);
        // Emptied, not removed: the user's link to where the report goes stays (the next run must fail too).
        expect(lstatSync(join(dir, failing)).isSymbolicLink(), 'the link to the report was removed').toBe(
          true,
        );
      }
    },
  );

  it.skipIf(!full).each(['validate', 'import'])(
    '%s: the other reports still hold every row, those not reached not_attempted',
    async (command) => {
      const dir = tempDir();
      const rows = 60_000;
      writeCustomersCsv(join(dir, 'in.csv'), rows);
      symlinkSync('/dev/full', join(dir, 'full.report.csv'));
      const extra = command === 'import' ? ['--sandbox'] : [];
      const reports = ['--report', 'full.report.csv', '--report', 'ok.csv', '--report', 'ok.json'];
      const r = await zcust([command, 'in.csv', ...reports, ...extra], { cwd: dir });
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/aborted: cannot write the report "full.report.csv": no space left on device/);
      const listed = r.stderr.split('\n').find((line) => /^\s+reports?:/.test(line));
      expect(listed, 'the report given up is listed as written').not.toMatch(/full\.report\.csv/);
      const csv = readReport(join(dir, 'ok.csv'));
      expect(csv.map((row) => Number(row.zcust_row))).toEqual(Array.from({ length: rows }, (_, i) => i + 2));
      const json = JSON.parse(readFileSync(join(dir, 'ok.json'), 'utf8')) as { rows: unknown[] };
      expect(json.rows).toHaveLength(rows);
      expect(csv.some((row) => row.zcust_status === 'not_attempted')).toBe(true);
    },
    60_000,
  );
});

/**
 * A report that stops taking rows during the run, made deterministic: a file-size limit (`ulimit -f`, which Node
 * answers with EFBIG, not a signal) fails every file past it as a full disk does, a write taking what fits first.
 */
describe('a report given up during the run (a file-size limit, as a disk that fills)', () => {
  const underLimit = (args: string[], cwd: string) =>
    watch(
      spawn('/bin/sh', ['-c', 'ulimit -f 128 && exec "$0" "$@"', process.execPath, BIN, ...args], {
        cwd,
        env: cleanEnv({}, cwd),
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    ).result;

  /** A run of 3,000 rows, whose report passes the limit, after a run of 5 rows that wrote `report` whole. */
  async function givenUpAfterAnEarlierRun(report: string) {
    const dir = tempDir();
    writeCustomersCsv(join(dir, 'earlier.csv'), 5);
    writeCustomersCsv(join(dir, 'in.csv'), 3_000);
    const earlier = await zcust(['validate', 'earlier.csv', '-q', '--report', report], { cwd: dir });
    expect(earlier.code, earlier.stderr).toBe(0);
    const r = await underLimit(['validate', 'in.csv', '-q', '--report', report], dir);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`cannot write the report "${report}": file too large`);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    return { path: join(dir, report), files: readdirSync(dir) };
  }

  it.each(['r.json', 'r.xml'])(
    "empties the earlier run's %s, which passed for this run's, and removes its temp file",
    async (report) => {
      const { path, files } = await givenUpAfterAnEarlierRun(report);
      expect(readFileSync(path, 'utf8'), "the earlier run's report is left whole").toBe('');
      expect(
        files.filter((file) => file.endsWith('.tmp')),
        'a temp file was left behind',
      ).toEqual([]);
    },
    60_000,
  );

  it('ends a CSV report at the last row it took whole, not in a torn row', async () => {
    const { path } = await givenUpAfterAnEarlierRun('r.csv');
    const left = readFileSync(path, 'utf8');
    expect(left.endsWith('\n'), `it ends in a torn row: …${left.slice(-40)}`).toBe(true);
    // Every input row ends with this Tax ID: a row cut short, imported again, would send a value the user never typed.
    const torn = readReport(path).filter((row) => row['Tax ID'] !== '12-3456789');
    expect(torn, 'rows cut short').toEqual([]);
  }, 60_000);
});

/** Bytes that look random, the same each run (xorshift). */
function noise(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  let x = 2463534242;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** Just over the 4 MB from which a file is parsed on the worker. */
const LARGE = 4_300_000;
const customerLines = (count: number) =>
  Array.from({ length: count }, (_, i) => `Customer ${i},c${i}@test.example\n`).join('');

describe('a large file whose header cannot be read', () => {
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  it.each([
    ['random bytes', 'validate', () => noise(LARGE)],
    ['a PNG image renamed .csv', 'validate', () => Buffer.concat([PNG, noise(LARGE)])],
    [
      'UTF-16 without a byte-order mark',
      'validate',
      () => Buffer.from(`Name,Email\n${customerLines(80_000)}`, 'utf16le'),
    ],
    [
      'one invalid UTF-8 byte in the header',
      'validate',
      () => Buffer.concat([Buffer.from('Name,Em\xffail\n', 'latin1'), Buffer.from(customerLines(140_000))]),
    ],
    ['random bytes, with import --dry-run', 'import', () => noise(LARGE)],
  ])(
    '(%s) is a usage error, exit 2, as on one thread: the worker read no closed descriptor',
    async (_, command, bytes) => {
      const dir = tempDir();
      writeFileSync(join(dir, 'big.csv'), bytes());
      expect(statSync(join(dir, 'big.csv')).size, 'big enough for the worker').toBeGreaterThan(
        4 * 1024 * 1024,
      );
      const args = command === 'import' ? ['import', 'big.csv', '--dry-run'] : ['validate', 'big.csv'];
      const threaded = await zcust(args, { cwd: dir });
      const single = await zcust(args, { cwd: dir, env: { ZCUST_THREADS: '0' } });
      expect(threaded.stderr).toMatch(
        /^zcust: error: cannot read big\.csv: the header is damaged at line 1 \(/,
      );
      expect(threaded.stderr, 'what the worker said, against the main thread').toBe(single.stderr);
      expect([threaded.code, single.code]).toEqual([2, 2]);
    },
    60_000,
  );
});

/** A record of 4.3 M empty fields: within the 8 MiB cap, but 50 MB of the worker's heap as csv-parse builds it. */
const WIDE = `Name,Email\nAda,ada@test.example\nBea,bea@test.example${','.repeat(LARGE)}\nCy,cy@test.example\n`;

describe('a record within the size cap', () => {
  it.each([
    ['a file', 'wide.csv'],
    ['standard input', '-'],
  ])(
    'is read on the worker from %s, as on one thread (the worker ran out of memory: exit 70)',
    async (_, input) => {
      const dir = tempDir();
      writeFileSync(join(dir, 'wide.csv'), WIDE);
      const threaded = await zcust(
        ['validate', input, '--format', 'csv', '--quiet', '--report', 'threaded.csv'],
        { cwd: dir, input: input === '-' ? WIDE : undefined },
      );
      const single = await zcust(['validate', 'wide.csv', '--quiet', '--report', 'single.csv'], {
        cwd: dir,
        env: { ZCUST_THREADS: '0' },
      });
      expect([threaded.code, single.code], threaded.stderr).toEqual([1, 1]);
      expect(readReport(join(dir, 'threaded.csv')).map((row) => row.zcust_row)).toEqual(['2', '3', '4']);
      const same =
        readFileSync(join(dir, 'threaded.csv'), 'utf8') === readFileSync(join(dir, 'single.csv'), 'utf8');
      expect(same, 'the same report as on one thread').toBe(true);
    },
    60_000,
  );
});

describe('a worker that runs out of memory all the same (its heap made small)', () => {
  const small = { ZCUST_WORKER_HEAP_MB: '8' };

  it('hands a file over to the main thread, which reads on after the rows the worker read', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'wide.csv'), WIDE);
    const threaded = await zcust(['validate', 'wide.csv', '--quiet', '--report', 'threaded.csv'], {
      cwd: dir,
      env: small,
    });
    const single = await zcust(['validate', 'wide.csv', '--quiet', '--report', 'single.csv'], {
      cwd: dir,
      env: { ZCUST_THREADS: '0' },
    });
    expect([threaded.code, single.code], threaded.stderr).toEqual([1, 1]);
    const same =
      readFileSync(join(dir, 'threaded.csv'), 'utf8') === readFileSync(join(dir, 'single.csv'), 'utf8');
    expect(same, 'the same report as on one thread').toBe(true);
  }, 60_000);

  it('stops reading standard input, saying why, with the rows before in the report (exit 3)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'wide.csv'), WIDE);
    // Standard input from the file, not a pipe: zcust stops before reading it all, which a pipe's writer
    // would meet as EPIPE.
    const input = openSync(join(dir, 'wide.csv'), 'r');
    const child = spawn(
      process.execPath,
      [BIN, 'validate', '-', '--format', 'csv', '--quiet', '--report', 'r.csv'],
      {
        cwd: dir,
        env: cleanEnv(small, dir),
        stdio: [input, 'ignore', 'pipe'],
      },
    );
    closeSync(input);
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(3);
    expect(stderr).toBe(
      "zcust: cannot read standard input: a record after the first 2 records needs more memory than the parser has; give a regular file's path instead of standard input; the rows after row 2 could not be read, so they are not in the report\n",
    );
    expect(readReport(join(dir, 'r.csv')).map((row) => row.zcust_row)).toEqual(['2']);
  }, 60_000);
});

/** `count` customers in `format`, each object on a line of its own (a JSON array, or NDJSON). */
function customersJson(format: 'json' | 'ndjson', count: number): string {
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({ Name: `Customer ${i}`, Email: `c${i}@test.example` }),
  );
  return format === 'json' ? `[\n${lines.join(',\n')}\n]\n` : `${lines.join('\n')}\n`;
}

describe('a file that cannot be read past its first MiB (EIO)', () => {
  const fixture = (name: string) => join(ROOT, 'test', 'fixtures', name, 'register.cjs');
  it.each([
    [
      'CSV parsed on the worker',
      'big.csv',
      'eio-in-worker',
      (path: string) => writeCustomersCsv(path, 80_000),
    ],
    [
      'CSV read on the main thread',
      'mid.csv',
      'eio-on-main-thread',
      (path: string) => writeCustomersCsv(path, 30_000),
    ],
    [
      'JSON',
      'big.json',
      'eio-on-main-thread',
      (path: string) => writeFileSync(path, customersJson('json', 30_000)),
    ],
    [
      'NDJSON',
      'big.ndjson',
      'eio-on-main-thread',
      (path: string) => writeFileSync(path, customersJson('ndjson', 30_000)),
    ],
  ])(
    '%s: stops the run naming the file (exit 3), every row read in both reports (not exit 70, nor no report)',
    async (_, name, eio, write) => {
      const dir = tempDir();
      write(join(dir, name));
      expect(statSync(join(dir, name)).size, 'past the first MiB').toBeGreaterThan(1024 * 1024);
      const run = await zcust(['validate', name, '--quiet', '--report', 'r.csv', '--report', 'r.json'], {
        cwd: dir,
        env: { NODE_OPTIONS: `--require ${fixture(eio)}` },
      });
      expect(run.code, run.stderr).toBe(3);
      const said = new RegExp(
        `^zcust: (cannot read ${name}: i/o error; the rows after row (\\d+) could not be read, so they are not in the report)\n$`,
      ).exec(run.stderr);
      expect(said, run.stderr).not.toBeNull();
      const [, aborted, last] = said!;
      const rows = readReport(join(dir, 'r.csv')).map((row) => Number(row.zcust_row));
      expect(rows.length, 'rows read before the failure').toBeGreaterThan(0);
      expect(rows, 'the CSV report: every row up to the last read, once').toEqual(
        Array.from({ length: Number(last) - 1 }, (_, i) => i + 2),
      );
      const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
      expect(
        json.rows.map((row: { row: number }) => row.row),
        'the JSON report',
      ).toEqual(rows);
      expect(json.summary.aborted).toBe(aborted);
    },
    60_000,
  );
});
