/**
 * Files above 4 MB are parsed on a worker thread. Its output must be exactly the in-thread reader's,
 * damage included: same report, byte for byte.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, lstatSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeCustomersCsv } from '../support/customers.js';
import { BIN, ROOT, readReport, STACK_TRACE, tempDir, zcust } from '../support/zcust.js';

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
      expect(summary).toMatchObject({ reports: [other], exit_code: 3 });
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
