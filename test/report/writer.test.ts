import { existsSync, linkSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { checkReportNames, defaultReportPath, openReport, openReports } from '../../src/report/writer.js';
import { filesIn, outcome, summary, tempDir } from './fixtures.js';

describe('openReport', () => {
  it.each([
    ['r.csv', /^zcust_row,zcust_status,/],
    ['R.CSV', /^zcust_row,zcust_status,/],
    ['r.json', /^\{"summary":/],
    ['r.xml', /^<\?xml version="1.0"/],
  ])('chooses the format of %s from its extension', async (name, start) => {
    const path = join(await tempDir(), name);
    const report = openReport(path, ['Name']);
    await report.write(outcome());
    await report.close(summary());
    expect(await readFile(path, 'utf8')).toMatch(start);
  });

  it.each(['r.txt', 'r.xlsx', 'report', 'r.csv.bak', 'constructor', '__proto__', 'toString'])(
    'refuses %s with a usage error naming the allowed extensions',
    (name) => {
      expect(() => openReport(name, [])).toThrow(UsageError);
      expect(() => openReport(name, [])).toThrow(/\.csv, \.json, \.xml/);
    },
  );

  // Told to "use a file name ending in .csv", as if a name were all "-" lacked.
  it.each(['-', '/dev/stdout'])('refuses %s, saying how a report goes to standard output', (name) => {
    expect(() => openReport(name, [])).toThrow(
      `a report cannot be written to standard output as "${name}": give --report a file name ending in .csv, .json or .xml, or a link to /dev/stdout with such a name (ln -s /dev/stdout out.csv; --report out.csv)`,
    );
  });

  // "--report $OUT.csv" with OUT unset: told to end in .csv, it did.
  it.each(['.csv', '.JSON', join('out', '.xml')])(
    'refuses %s, a name that is only an extension, saying so',
    (name) => {
      expect(() => openReport(name, [])).toThrow(
        `the report name "${name}" is only an extension (an unset variable?): give it a name, such as customers.report${basename(name).toLowerCase()}`,
      );
    },
  );

  it.each(['r.csv', 'r.json', 'r.xml'])(
    'reports a missing directory as a usage error before anything is sent (%s)',
    async (name) => {
      const path = join(await tempDir(), 'no-such-dir', name);
      expect(() => openReport(path, [])).toThrow(UsageError);
      expect(() => openReport(path, [])).toThrow(
        `cannot write the report "${path}": its folder does not exist`,
      );
    },
  );

  it.skipIf(!existsSync('/proc/self'))(
    'says a folder that exists but makes no files (/proc) does not let files be created',
    () => {
      expect(() => openReport('/proc/r.csv', [])).toThrow(
        'cannot write the report "/proc/r.csv": its folder does not let files be created',
      );
    },
  );

  it('reports a directory given as the report file as a usage error', async () => {
    const path = join(await tempDir(), 'r.csv');
    await mkdir(path);
    expect(() => openReport(path, [])).toThrow(/it is a directory/);
  });
});

describe('defaultReportPath', () => {
  it.each([
    ['customers.csv', '/work/customers.report.csv'],
    ['data/in/customers.csv', '/work/customers.report.csv'],
    ['people.ndjson', '/work/people.report.csv'],
    ['archive.tar.gz', '/work/archive.tar.report.csv'],
    ['customers', '/work/customers.report.csv'],
    ['.hidden', '/work/.hidden.report.csv'],
    ['customers.report.csv', '/work/customers.report.report.csv'],
    ['-', '/work/stdin.report.csv'],
  ])('%s → %s', (input, expected) => {
    expect(defaultReportPath(input, '/work')).toBe(expected);
  });
});

describe('openReports', () => {
  it('writes every outcome to every report', async () => {
    const dir = await tempDir();
    const paths = [join(dir, 'r.csv'), join(dir, 'r.json'), join(dir, 'r.xml')];
    const reports = openReports(paths, ['Name', 'Email']);
    await reports.write(outcome({ row: 2 }));
    await reports.write(outcome({ row: 3 }));
    await reports.close(summary());
    expect(reports.paths).toEqual(paths);
    expect((await readFile(paths[0]!, 'utf8')).trimEnd().split('\n')).toHaveLength(3);
    expect(JSON.parse(await readFile(paths[1]!, 'utf8')).rows).toHaveLength(2);
    expect((await readFile(paths[2]!, 'utf8')).match(/<testcase /g)).toHaveLength(2);
  });

  it('writes a path given twice only once', async () => {
    const dir = await tempDir();
    const reports = openReports([join(dir, 'r.csv'), join(dir, '.', 'r.csv')], []);
    expect(reports.paths).toEqual([join(dir, 'r.csv')]);
    await reports.close(summary());
  });

  it.each([
    ['a hard link', true, (target: string, link: string) => linkSync(target, link)],
    ['a symbolic link', true, (target: string, link: string) => symlinkSync(target, link)],
    // Opening the link creates the file it points to: the first report's file.
    [
      'a symbolic link to a file not there yet',
      false,
      (target: string, link: string) => symlinkSync(target, link),
    ],
  ])(
    'writes a file named twice, the second name %s, once under its first name',
    async (_, exists, makeLink) => {
      const dir = await tempDir();
      const [first, second] = [join(dir, 'r.csv'), join(dir, 'other.csv')];
      if (exists) writeFileSync(first, 'old\n');
      makeLink(first, second);
      const reports = openReports([first, second], ['Name']);
      expect(reports.paths).toEqual([first]);
      await reports.write(outcome());
      await reports.close(summary());
      // Each name written as a report of its own put two headers and every row twice in the file.
      expect((await readFile(first, 'utf8')).trimEnd().split('\n')).toHaveLength(2);
    },
  );

  it('refuses two formats for one file, before any file is written', async () => {
    const dir = await tempDir();
    writeFileSync(join(dir, 'r.csv'), 'old\n');
    symlinkSync(join(dir, 'r.csv'), join(dir, 'r.json'));
    expect(() => checkReportNames([join(dir, 'r.csv'), join(dir, 'r.json')])).toThrow(
      /--report .*r\.csv and --report .*r\.json are the same file/,
    );
    expect(await readFile(join(dir, 'r.csv'), 'utf8')).toBe('old\n');
  });

  it('names the reports given up before they were opened in the summary, and lists them nowhere', async () => {
    const dir = await tempDir();
    const told: string[] = [];
    const reports = openReports([join(dir, 'r.csv')], [], {
      givenUp: ['cannot write the report "p.csv": the run stopped before anything read it (a named pipe)'],
      onFailure: (message) => told.push(message),
    });
    const closed = await reports.close(summary());
    expect(told).toEqual([expect.stringMatching(/p\.csv/)]);
    expect(closed.aborted).toMatch(/cannot write the report "p\.csv"/);
    expect(reports.written()).toEqual([join(dir, 'r.csv')]);
  });

  it.each([
    ['whose folder does not exist', 'missing/r.json', 'its folder does not exist'],
    ['that is a directory', 'adir.json', 'it is a directory'],
    ['whose folder is a file', 'afile/r.xml', 'is not a folder'],
    ['a second CSV report whose folder does not exist', 'missing/r.csv', 'its folder does not exist'],
    // stat() itself refuses a folder under a file (ENOTDIR): a usage error still, not an internal one.
    ['whose folder is under a file', 'afile/sub/r.csv', 'not a directory'],
  ])(
    'leaves an earlier report alone, and creates no file, when a later path cannot take a report: one %s',
    async (_, bad, reason) => {
      const dir = await tempDir();
      await mkdir(join(dir, 'adir.json'));
      writeFileSync(join(dir, 'afile'), 'a file\n');
      writeFileSync(join(dir, 'prev.csv'), 'the report of the run before\n');
      const paths = [join(dir, 'prev.csv'), join(dir, 'new.csv'), join(dir, bad)];
      expect(() => openReports(paths, ['Name'])).toThrow(UsageError);
      expect(() => openReports(paths, ['Name'])).toThrow(reason);
      // Emptied before the later path was refused, the earlier run's report (the retry workflow's) was lost.
      expect(await readFile(join(dir, 'prev.csv'), 'utf8')).toBe('the report of the run before\n');
      expect(existsSync(join(dir, 'new.csv')), 'a header-only report was left behind').toBe(false);
    },
  );

  it('creates no file when one of the paths has an unknown extension', async () => {
    const dir = await tempDir();
    expect(() => openReports([join(dir, 'a.csv'), join(dir, 'b.json'), join(dir, 'c.txt')], [])).toThrow(
      UsageError,
    );
    expect(await filesIn(dir)).toEqual([]);
  });

  it.each([
    ['a JSON report', 'ok.json', (text: string) => JSON.parse(text).summary.aborted],
    [
      'an XML report',
      'ok.xml',
      (text: string) => /<property name="aborted" value="([^"]*)"/.exec(text)?.[1]?.replaceAll('&quot;', '"'),
    ],
  ])(
    'names a report that fails as it is closed in the summary of the others, as %s shows it',
    async (_, name, abortedIn) => {
      const dir = await tempDir();
      const told: string[] = [];
      const reports = openReports([join(dir, name), join(dir, 'blocked.json')], [], {
        onFailure: (message) => told.push(message),
      });
      await reports.write(outcome());
      // A directory appearing where the JSON report must go makes its final write fail.
      await mkdir(join(dir, 'blocked.json'));
      const closed = await reports.close(summary({ reports: [name, 'blocked.json'] }));
      const blocked = `cannot write the report "${join(dir, 'blocked.json')}": it is a directory`;
      expect(told).toEqual([blocked]);
      expect(closed).toMatchObject({ aborted: blocked, reports: [join(dir, name)] });
      expect(abortedIn(await readFile(join(dir, name), 'utf8')), 'the report kept a summary of success').toBe(
        blocked,
      );
      expect((await filesIn(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    },
  );

  it('closes every report even when one of them fails, then reports the failure', async () => {
    const dir = await tempDir();
    const reports = openReports([join(dir, 'ok.csv'), join(dir, 'blocked.json')], []);
    // A directory appearing where the JSON report must go makes its final write fail.
    await mkdir(join(dir, 'blocked.json'));
    await expect(reports.close(summary())).rejects.toThrow(
      `cannot write the report "${join(dir, 'blocked.json')}": it is a directory`,
    );
    expect(await readFile(join(dir, 'ok.csv'), 'utf8')).toMatch(/^zcust_row/);
    expect((await filesIn(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('openReports: onHeld, the rows every report holds on disk', () => {
  /** The rows a report holds on disk now, by its format. */
  const rowsOnDisk = (path: string) => {
    if (!existsSync(path)) return 0;
    const text = readFileSync(path, 'utf8');
    const row = path.endsWith('.csv')
      ? /^\d+,created,/gm
      : path.endsWith('.json')
        ? /"row":/g
        : /<testcase /g;
    return text.match(row)?.length ?? 0;
  };

  it.each<[string[], boolean]>([
    [['r.csv'], true],
    [['r.json'], false],
    [['r.xml'], false],
    [['r.csv', 'r.json'], false],
    [['r.csv', 'also.csv'], true],
  ])('%j: never more than every report holds on disk; before close: %s', async (names, beforeClose) => {
    const dir = await tempDir();
    const paths = names.map((name) => join(dir, name));
    const told: Array<[number, number]> = [];
    const reports = openReports(paths, ['Name'], {
      onHeld: (rows) => told.push([rows, Math.min(...paths.map(rowsOnDisk))]),
    });
    // Rows of 10,000 characters: a CSV report's block of 16 KB holds two.
    for (let i = 0; i < 5; i++) await reports.write(outcome({ row: i + 2, raw: ['x'.repeat(10_000)] }));
    const toldBeforeClose = told.length;
    await reports.close(summary());
    expect(
      told.filter(([rows, onDisk]) => rows > onDisk),
      'told [rows held, rows every report held on disk]',
    ).toEqual([]);
    expect(told.at(-1)?.[0], 'rows held once closed').toBe(5);
    expect(toldBeforeClose > 0, 'rows told held before the reports were closed').toBe(beforeClose);
  });

  it('tells nothing when a report was given up before it was opened (it holds no row)', async () => {
    const dir = await tempDir();
    const told: number[] = [];
    const reports = openReports([join(dir, 'r.csv')], ['Name'], {
      givenUp: ['nothing read the named pipe p.csv'],
      onFailure: () => {},
      onHeld: (rows) => told.push(rows),
    });
    await reports.write(outcome());
    await reports.close(summary());
    expect(told).toEqual([]);
  });
});
