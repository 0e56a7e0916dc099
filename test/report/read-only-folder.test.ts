/**
 * A report's folder made read-only during the run (chmod 555): files in it can still be written, but none can
 * be created or removed there. Tests run as root, which chmod does not stop, so the file system is made to
 * refuse as it would refuse another user: a mocked openSync and unlinkSync, for the folders in `readOnly`.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunSummary } from '../../src/model.js';
import { abandonSpools, openSpool } from '../../src/report/spool.js';
import { openReports } from '../../src/report/writer.js';
import { outcome, summary, tempDir } from './fixtures.js';

const readOnly = vi.hoisted(() => new Set<string>());
const denied = (syscall: string, path: unknown) =>
  Object.assign(new Error(`EACCES: permission denied, ${syscall} '${String(path)}'`), {
    code: 'EACCES',
    syscall,
    path: String(path),
  });

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const inReadOnly = (path: unknown) => readOnly.has(dirname(String(path)));
  return {
    ...fs,
    openSync: (...args: Parameters<typeof fs.openSync>) => {
      if (inReadOnly(args[0]) && !fs.existsSync(args[0])) throw denied('open', args[0]);
      return fs.openSync(...args);
    },
    accessSync: (path: Parameters<typeof fs.accessSync>[0], mode?: number) => {
      if (readOnly.has(String(path)) && mode !== undefined && (mode & fs.constants.W_OK) !== 0) {
        throw denied('access', path);
      }
      fs.accessSync(path, mode);
    },
    unlinkSync: (path: Parameters<typeof fs.unlinkSync>[0]) => {
      if (inReadOnly(path)) throw denied('unlink', path);
      fs.unlinkSync(path);
    },
  };
});

afterEach(() => readOnly.clear());

const tempFiles = async (dir: string) => (await readdir(dir)).filter((f) => f.endsWith('.tmp'));
const leftBehind = (dir: string, temp: string, report: string) =>
  `cannot remove the temporary file "${join(dir, temp)}" of the report "${join(dir, report)}" (permission denied); it is left empty: remove it`;

describe('reports whose folder is made read-only during the run', () => {
  it.each<[string, string | undefined, (json: string) => string]>([
    [
      'a run stopped by Ctrl-C',
      'interrupted by the user (Ctrl-C)',
      (json) => `interrupted by the user (Ctrl-C); cannot write the report "${json}": permission denied`,
    ],
    [
      'a run that was not stopped',
      undefined,
      (json) => `cannot write the report "${json}": permission denied`,
    ],
  ])(
    '%s: the JSON report it cannot create is named in aborted, not listed, and its temp file is emptied and named',
    async (_, aborted, expected) => {
      const dir = await tempDir();
      const [json, csv] = [join(dir, 'p.json'), join(dir, 'p.csv')];
      const failures: string[] = [];
      const left: string[] = [];
      const reports = openReports([json, csv], ['Name'], {
        onFailure: (message) => failures.push(message),
        onLeftBehind: (message) => left.push(message),
      });
      await reports.write(outcome());
      readOnly.add(dir);
      const closed: RunSummary = await reports.close(summary({ aborted, reports: [json, csv] }));
      expect(closed.aborted, 'why the JSON report is missing').toBe(expected(json));
      expect(closed.reports, 'a report that was not written is listed').toEqual([csv]);
      expect(failures).toEqual([`cannot write the report "${json}": permission denied`]);
      const temps = await tempFiles(dir);
      expect(left, 'the temp file left behind is not named').toEqual(
        temps.map((t) => leftBehind(dir, t, 'p.json')),
      );
      expect(
        temps.map((t) => statSync(join(dir, t)).size),
        'customer data left in a temp file',
      ).toEqual([0]);
      expect(existsSync(json)).toBe(false);
    },
  );

  it('a JSON report whose folder is read-only from the start is refused before an earlier CSV report is emptied', async () => {
    const [dir, locked] = [await tempDir(), await tempDir()];
    const previous = join(dir, 'prev.csv');
    writeFileSync(previous, 'the report of the run before\n');
    readOnly.add(locked);
    expect(() => openReports([previous, join(locked, 'r.json')], ['Name'])).toThrow(/permission denied/);
    expect(readFileSync(previous, 'utf8')).toBe('the report of the run before\n');
  });

  it('a second CSV report whose folder is read-only from the start is refused before the first is emptied', async () => {
    const [dir, locked] = [await tempDir(), await tempDir()];
    const previous = join(dir, 'prev.csv');
    writeFileSync(previous, 'the report of the run before\n');
    readOnly.add(locked);
    expect(() => openReports([previous, join(locked, 'r.csv')], ['Name'])).toThrow(
      `cannot write the report "${join(locked, 'r.csv')}": permission denied`,
    );
    expect(readFileSync(previous, 'utf8')).toBe('the report of the run before\n');
  });

  it('a JSON report that exists already is written; its temp file is emptied and named', async () => {
    const dir = await tempDir();
    const json = join(dir, 'p.json');
    writeFileSync(json, 'an earlier run');
    const left: string[] = [];
    const reports = openReports([json], [], { onFailure: () => {}, onLeftBehind: (m) => left.push(m) });
    await reports.write(outcome());
    readOnly.add(dir);
    const closed = await reports.close(summary({ reports: [json] }));
    expect(closed.aborted).toBeUndefined();
    const temps = await tempFiles(dir);
    expect(left).toEqual(temps.map((t) => leftBehind(dir, t, 'p.json')));
    expect(temps.map((t) => statSync(join(dir, t)).size)).toEqual([0]);
  });

  it('a CSV report that exists in a folder read-only from the start is written, unlocked: no lock can be made there', async () => {
    const dir = await tempDir();
    const csv = join(dir, 'p.csv');
    writeFileSync(csv, 'the report of the run before\n');
    readOnly.add(dir);
    const reports = openReports([csv], ['Name'], { onFailure: () => {} });
    await reports.write(outcome({ raw: ['Acme'] }));
    await reports.close(summary({ reports: [csv] }));
    expect(readFileSync(csv, 'utf8')).toBe(
      'zcust_row,zcust_status,zcust_customer_id,zcust_error_code,zcust_error,Name\n2,created,,,,Acme\n',
    );
  });

  it('a forced exit (a second Ctrl-C) empties the temp file it cannot remove and says so', async () => {
    const dir = await tempDir();
    const spool = openSpool(join(dir, 'p.json'));
    await spool.append('a customer');
    await spool.flush();
    readOnly.add(dir);
    const said = abandonSpools();
    const temps = await tempFiles(dir);
    expect(said).toEqual(temps.map((t) => leftBehind(dir, t, 'p.json')));
    expect(temps.map((t) => statSync(join(dir, t)).size)).toEqual([0]);
    await spool.discard(); // closes the temp file's stream, which the exit would have ended
  });
});
