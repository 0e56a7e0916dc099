/** `zcust sample-csv` and `zcust validate`, spawned as a user runs them. */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  linkSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERRORS_SAMPLE_EXPECTED } from '../fixtures/errors-sample.js';
import { FORMULA_STARTS } from '../fixtures/formula-starts.js';
import {
  BIN,
  cleanEnv,
  ROOT,
  readReport,
  SAMPLES,
  STACK_TRACE,
  spawnZcust,
  tempDir,
  zcust,
} from '../support/zcust.js';

let dir: string;
beforeAll(() => {
  dir = tempDir();
});

describe('zcust sample-csv', () => {
  it.each(['zenskar', 'dayzero', 'ambiosys'])(
    'validates its own %s template without warning about the example row it skips',
    async (target) => {
      const sample = await zcust(['sample-csv', '--target', target]);
      writeFileSync(join(dir, `t-${target}.csv`), sample.stdout);
      const run = await zcust(['validate', `t-${target}.csv`, '--target', target, '-q'], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toMatch(/does not use the column/);
    },
  );

  it('writes the template whose only row is skipped as the example row', async () => {
    const sample = await zcust(['sample-csv']);
    expect(sample.code).toBe(0);
    writeFileSync(join(dir, 't.csv'), sample.stdout);
    const run = await zcust(['validate', 't.csv'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const report = readReport(join(dir, 't.report.csv'));
    expect(report).toHaveLength(1);
    expect(report[0]).toMatchObject({
      zcust_row: '2',
      zcust_status: 'skipped',
      zcust_error_code: 'example_row',
      Name: 'John Doe',
    });
  });

  it('--no-example writes only the header, which validates as zero rows', async () => {
    const sample = await zcust(['sample-csv', '--no-example', '-o', join(dir, 'empty.csv')]);
    expect(sample.code).toBe(0);
    expect(sample.stdout).toBe('');
    expect(readFileSync(join(dir, 'empty.csv'), 'utf8').trim().split('\n')).toHaveLength(1);
    const run = await zcust(['validate', 'empty.csv', '--json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 0, exit_code: 0 });
  });

  it.each([
    ['dayzero', ['Website', 'Credit Limit', 'Payment Term ID']],
    ['ambiosys', ['Legal Name', 'Contact Origin']],
  ])("--target %s adds that platform's columns", async (target, extras) => {
    const sample = await zcust(['sample-csv', '--target', target]);
    const header = sample.stdout.split('\n')[0] ?? '';
    for (const column of extras) expect(header).toContain(column);
  });

  it.skipIf(!existsSync('/dev/full'))('fails (exit 2) when standard output cannot take the template', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, [BIN, 'sample-csv'], { stdio: ['ignore', full, 'pipe'] });
      expect(run.status).toBe(2);
      expect(run.stderr.toString()).toMatch(/cannot write the template to standard output: no space left/);
    } finally {
      closeSync(full);
    }
  });

  it('ends quietly, exit 0, when its reader closes the pipe early (| true)', () => {
    const run = spawnSync('bash', [
      '-c',
      `"${process.execPath}" "${BIN}" sample-csv | true; exit \${PIPESTATUS[0]}`,
    ]);
    expect({ exit: run.status, stderr: run.stderr.toString() }).toEqual({ exit: 0, stderr: '' });
  });

  it('writes to standard output with -o -, as with no -o', async () => {
    const plain = await zcust(['sample-csv']);
    const dash = await zcust(['sample-csv', '-o', '-'], { cwd: tempDir() });
    expect(dash.code).toBe(0);
    expect(dash.stdout).toBe(plain.stdout);
  });

  it("writes another target's template in a folder whose default profile has credentials for Zenskar", async () => {
    const cwd = tempDir();
    const key = 'zsk_live_0123456789abcdefghij';
    const profile = { target: 'zenskar', apiKey: key, organisation: 'org-secret-1234' };
    writeFileSync(
      join(cwd, 'zcust.config.json'),
      JSON.stringify({ defaultProfile: 'p', profiles: { p: profile } }),
    );
    const sample = await zcust(['sample-csv', '--target', 'dayzero'], { cwd });
    expect(sample.code, sample.stderr).toBe(0);
    expect(sample.stdout.split('\n')[0]).toContain('Credit Limit');
    expect(sample.stdout + sample.stderr).not.toContain(key);
  });

  it('takes the target from ZCUST_TARGET when --target is not given, as validate does', async () => {
    const sample = await zcust(['sample-csv'], { env: { ZCUST_TARGET: 'dayzero' } });
    expect(sample.stdout.split('\n')[0]).toContain('Credit Limit');
    const flagWins = await zcust(['sample-csv', '--target', 'zenskar'], { env: { ZCUST_TARGET: 'dayzero' } });
    expect(flagWins.stdout.split('\n')[0]).not.toContain('Credit Limit');
  });
});

describe('zcust validate', () => {
  it.skipIf(!existsSync('/dev/full'))(
    'with --json fails (exit 2) when standard output cannot take the summary, and prints that JSON on stderr',
    () => {
      const full = openSync('/dev/full', 'w');
      try {
        const run = spawnSync(
          process.execPath,
          [BIN, 'validate', join(SAMPLES, 'customers.csv'), '--json', '--report', join(dir, 'full.csv')],
          { stdio: ['ignore', full, 'pipe'] },
        );
        expect(run.status).toBe(2);
        const [said, json, ...rest] = run.stderr.toString().split('\n');
        expect(said).toBe(
          'zcust: error: cannot write the JSON summary to standard output (no space left on device); here it is:',
        );
        // The code the command ends with, not the rows' 0.
        expect(JSON.parse(json ?? '')).toMatchObject({ command: 'validate', exit_code: 2 });
        expect(rest).toEqual(['']);
      } finally {
        closeSync(full);
      }
    },
  );

  it('with --json refuses (exit 2) a report that is standard output, where the summary goes', async () => {
    symlinkSync('/dev/stdout', join(dir, 'so.csv'));
    const run = await zcust(['validate', join(SAMPLES, 'customers.csv'), '--json', '--report', 'so.csv'], {
      cwd: dir,
    });
    expect(run.code, run.stderr).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      command: 'validate',
      exit_code: 2,
      error:
        '--report so.csv is standard output, where --json writes the summary; write the report to a file, or leave out --json',
    });
  });

  it('with --json ends with its own exit code, quietly, when its reader closes the pipe early', () => {
    const validate = `"${process.execPath}" "${BIN}" validate "${join(SAMPLES, 'customers.csv')}" --json --report "${join(dir, 'gone.csv')}"`;
    const run = spawnSync('bash', ['-c', `${validate} | true; exit \${PIPESTATUS[0]}`]);
    expect({ exit: run.status, stderr: run.stderr.toString() }).toEqual({ exit: 0, stderr: '' });
  });

  // The QA file: "its values are still checked" was said of DayZero's columns, which AmbioSys leaves unchecked.
  it.each([
    ['ambiosys', 'valid', 'it is not imported, and only DayZero uses it: its values are not checked'],
    ['dayzero', 'invalid', undefined],
  ] as const)(
    '--target %s: a row with Credit Limit abc is %s, as the warning says',
    async (target, status, said) => {
      writeFileSync(
        join(dir, 'other-target.csv'),
        'Name,Email,Credit Limit,Status\nA,a@x.example,abc,bogus\n',
      );
      const report = `other-target.${target}.csv`;
      const run = await zcust(['validate', 'other-target.csv', '--target', target, '--report', report], {
        cwd: dir,
      });
      expect(readReport(join(dir, report)).map((r) => r.zcust_status)).toEqual([status]);
      if (said === undefined) expect(run.stderr).not.toMatch(/does not use the column/);
      else
        expect(run.stderr).toContain(
          `AmbioSys does not use the column "Credit Limit" (first value on row 2); ${said}`,
        );
    },
  );

  it('warns once, before the rows, when no column of the header is Name', async () => {
    writeFileSync(join(dir, 'semi.csv'), 'Name;Email\nAcme;a@acme.example\n');
    const run = await zcust(['validate', 'semi.csv', '--delimiter', ',', '--report', 'semi.json'], {
      cwd: dir,
    });
    expect(run.code).toBe(1);
    expect(run.stderr.match(/no column of the header is Name/g)).toHaveLength(1);
    const quiet = await zcust(['validate', join(SAMPLES, 'customers.csv'), '--report', 'ok.json'], {
      cwd: dir,
    });
    expect(quiet.stderr).not.toMatch(/no column of the header is Name/);
  });

  it.each([
    [
      "a title line above the header (Numbers' table name)",
      'Table 1\nName,Email,Customer ID\nAcme,a@acme.example,C1\n',
      [],
      'row 2 looks like the header: remove the row(s) above it',
    ],
    [
      'a delimiter given that splits nothing',
      'Name;Email\nAcme;a@acme.example\n',
      ['--delimiter', ','],
      'the file was read as comma-separated (--delimiter): check the delimiter, or name the column with --map "Your Header=Name"',
    ],
    [
      'headers of its own',
      'Firma;Mail\nAcme;a@acme.example\n',
      [],
      'the file was read as semicolon-separated (detected from the header line): if it is not, give --delimiter, or name the column with --map "Your Header=Name"',
    ],
    [
      'a title line without a delimiter above a semicolon header',
      'Kunden\nName;Email\nAcme;a@acme.example\n',
      [],
      'row 2 looks like the header (separated by ";"): remove the row(s) above it',
    ],
    [
      'a header that holds Name among other words, read at its semicolons',
      'Name, Vorname;E-Mail;Telefon\nMüller, Hans;h@mueller.example;030 1234\n',
      [],
      'the file was read as semicolon-separated (detected from the header line): if it is not, give --delimiter, or name the column with --map "Name, Vorname=Name"',
    ],
    [
      'a title line without a delimiter above headers of its own',
      'Kunden\nFirma;Mail\nAcme;a@acme.example\n',
      [],
      'the file was read as comma-separated (the default: its first line holds none of , ; TAB |): if it is not, give --delimiter, or name the column with --map "Your Header=Name"',
    ],
  ])('says, when no column is Name, what the reading tells of why: %s', async (_, text, flags, advice) => {
    writeFileSync(join(dir, 'noname.csv'), text);
    const run = await zcust(['validate', 'noname.csv', ...flags, '--report', 'noname.r.csv', '-q'], {
      cwd: dir,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `zcust: warning: no column of the header is Name, so every row will be invalid; ${advice}\n`,
    );
  });

  it.each([
    [
      "a header cell over two lines (Excel's Alt+Enter)",
      '"Firma\r\n(Name)";E-Mail\r\nAcme;a@acme.example\r\n',
      '--map "Firma (Name)=Name"',
    ],
    [
      'a header cell with a zero-width space after it',
      'Kunde (Name)\u200B;E-Mail\nAcme;a@acme.example\n',
      '--map "Kunde (Name)=Name"',
    ],
  ])(
    'advises, for %s, an --map entry that picks it when pasted into bash as printed',
    async (_, text, entry) => {
      writeFileSync(join(dir, 'paste.csv'), text);
      const run = await zcust(['validate', 'paste.csv', '--report', 'paste.r.csv', '-q'], { cwd: dir });
      expect(run.stderr).toContain(`or name the column with ${entry}\n`);
      const advised = /or name the column with (--map .*)\n/.exec(run.stderr)?.[1];
      const pasted = spawnSync(
        'bash',
        ['-c', `"${process.execPath}" "${BIN}" validate paste.csv --report paste.r.csv -q ${advised}`],
        { cwd: dir, env: cleanEnv({}, dir) },
      );
      expect(
        { exit: pasted.status, stderr: pasted.stderr.toString() },
        `the advised ${advised}, pasted, does not import the column`,
      ).toEqual({ exit: 0, stderr: '' });
    },
  );

  it.each([
    ['mm.csv', 'Name,Email\nAcme,a@acme.example\n', 'the file has no column'],
    ['mm.json', '[{"Name":"Acme","Email":"a@acme.example"}]', 'no object has the key'],
    ['mm.ndjson', '{"Name":"Acme","Email":"a@acme.example"}\n', 'no object has the key'],
  ])(
    'warns of each --map entry whose header %s lacks, once, and reads the rest',
    async (file, text, lacking) => {
      writeFileSync(join(dir, file), text);
      const map = ['--map', 'Firma=Name', '--map', 'Kundennummer=Customer ID'];
      const run = await zcust(['validate', file, ...map, '--report', 'mm.r.csv', '-q'], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe(
        `zcust: warning: --map "Firma=Name": ${lacking} "Firma"\nzcust: warning: --map "Kundennummer=Customer ID": ${lacking} "Kundennummer"\n`,
      );
    },
  );

  it('says, when --map took the Name column away, that it did, once, rather than advising --delimiter', async () => {
    writeFileSync(join(dir, 'noname.csv'), 'Name;Email\nAcme;a@acme.example\n');
    const run = await zcust(
      ['validate', 'noname.csv', '--map', 'Name=Customer ID', '--report', 'noname.r.csv', '-q'],
      { cwd: dir },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'zcust: warning: no column of the header is Name, so every row will be invalid: --map "Name=Customer ID" sends the file\'s column "Name" to Customer ID instead; add --map "Name=Name" if it should feed Name too\n',
    );
  });

  it.each([
    [
      'a German export',
      'Name;Email;Adresse (Straße, Nr., PLZ, Ort)\r\nMüller;m@m.example;Hauptstr. 1\r\n',
      [],
      '"Adresse (Straße, Nr., PLZ, Ort)"',
    ],
    [
      'an English export whose cell names template columns between its commas',
      'Name;Email;Address (Street, City, Postcode, Country)\nAcme;a@acme.example;Main St 1, Berlin, 10115, DE\n',
      [],
      '"Address (Street, City, Postcode, Country)"',
    ],
    [
      'the same, its Name column named by --map',
      'Company;E-mail;Address (Street, City, Postcode, Country)\nAcme;a@acme.example;Main St 1, Berlin, 10115, DE\n',
      ['--map', 'Company=Name'],
      '"Address (Street, City, Postcode, Country)"',
    ],
  ])(
    'reads a semicolon file whose header cell holds commas as semicolon-separated: %s',
    async (_, text, flags, unmatched) => {
      writeFileSync(join(dir, 'adresse.csv'), text);
      const run = await zcust(['validate', 'adresse.csv', ...flags, '--report', 'adresse.r.csv', '-q'], {
        cwd: dir,
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe(
        `zcust: warning: ignoring columns that match no template column: ${unmatched}\n`,
      );
    },
  );

  it.each([
    ['a zero-width space, shown', 'Fav\u200bColour', '"Fav<U+200B>Colour"'],
    [
      'the joiners and variation selector of Persian and emoji, left as written',
      'نام\u200cخانوادگی,\u2764\ufe0f Fav,\u{1f468}\u200d\u{1f469}\u200d\u{1f467} Family',
      '"نام\u200cخانوادگی", "\u2764\ufe0f Fav", "\u{1f468}\u200d\u{1f469}\u200d\u{1f467} Family"',
    ],
  ])(
    'quotes the headers it warns about with their stray invisible characters shown: %s',
    async (_, headers, quoted) => {
      writeFileSync(join(dir, 'fav.csv'), `Name,${headers}\nAcme,blue,x,y\n`);
      const run = await zcust(['validate', 'fav.csv', '--report', 'fav.r.csv', '-q'], { cwd: dir });
      expect(run.stderr).toContain(`ignoring columns that match no template column: ${quoted}\n`);
    },
  );

  it.each([
    ['empty', ''],
    ['blank', '\n  \n\n'],
  ])('says a %s file has no header, instead of blaming the Name column', async (_, text) => {
    writeFileSync(join(dir, 'nothing.csv'), text);
    const run = await zcust(['validate', 'nothing.csv', '--report', 'nothing.r.csv'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /the file has no header line \(it is empty or blank\): there is nothing to read/,
    );
    expect(run.stderr).not.toMatch(/no column of the header is Name/);
  });

  it.each([
    ['an empty JSON file', 'nothing.json', '', true],
    ['a blank JSON file', 'nothing.json', ' \n\t\n', true],
    ['an empty array', 'none.json', '[]', false],
    ['an empty NDJSON file', 'nothing.ndjson', '', false],
  ])(
    'says whether %s holds no JSON array, as an empty CSV file has no header (exit 0, --json too)',
    async (_, name, text, warned) => {
      writeFileSync(join(dir, name), text);
      const run = await zcust(['validate', name, '--json', '--report', `${name}.r.csv`], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      const warning =
        'warning: the file holds no JSON array (it is empty or blank): there is nothing to read';
      expect(run.stderr.includes(warning), `warned: ${run.stderr}`).toBe(warned);
    },
  );

  it('keeps an ANSI escape in a header name off the terminal when it warns about the column, naming it', async () => {
    writeFileSync(join(dir, 'esc.csv'), 'Name,Email,"Bad\u001b[31mHeader"\nA,a@x.example,1\n');
    const run = await zcust(['validate', 'esc.csv', '--report', 'esc.r.csv'], { cwd: dir });
    expect(run.stderr).toContain('ignoring columns that match no template column: "Bad<U+001B>[31mHeader"');
    expect(run.stderr).not.toContain('\u001b');
  });

  it('lists at most 200 unknown headers in its warning, with a count of the rest', async () => {
    // As many as a header may have (16,384 columns).
    const extra = Array.from({ length: 16_383 }, (_, i) => `extra${i}`);
    writeFileSync(join(dir, 'wide.csv'), `Name,${extra.join(',')}\nA\n`);
    const run = await zcust(['validate', 'wide.csv', '--report', 'wide.r.csv', '-q'], { cwd: dir });
    const warning = run.stderr.split('\n').find((line) => line.includes('match no template column'));
    expect(warning).toMatch(/: "extra0", "extra1", .*"extra199" and 16,183 more$/);
    expect(warning?.length, 'the warning is one short line, not megabytes').toBeLessThan(
      200 * (80 + 4) + 100,
    );
  });

  // "Name: is required; every customer needs a name" made four errors six pieces of zcust_error (QA's multi.csv).
  it('splits the CSV report\'s zcust_error at "; " into the JSON report\'s errors, one piece each', async () => {
    writeFileSync(
      join(dir, 'multi.csv'),
      'Name,Email,Country Code,Auto Charge,Tax Jurisdiction,Tax ID\n,bad@@x.com,USA,maybe,IND (GST),27AAPFU0939F1ZV\nB,b@x.com,Germany,,,12-3456789\n',
    );
    const run = await zcust(['validate', 'multi.csv', '--report', 'm.csv', '--report', 'm.json'], {
      cwd: dir,
    });
    expect(run.code, run.stderr).toBe(1);
    const json = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')) as {
      rows: { errors: { field?: string; code: string; message: string }[] }[];
    };
    const fromJson = json.rows.map((r) =>
      r.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)),
    );
    expect(fromJson.map((errors) => errors.length)).toEqual([5, 2]);
    expect(readReport(join(dir, 'm.csv')).map((r) => (r.zcust_error ?? '').split('; '))).toEqual(fromJson);
  });

  it('passes every row of samples/customers.csv with exit 0', async () => {
    const run = await zcust(['validate', join(SAMPLES, 'customers.csv')], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const report = readReport(join(dir, 'customers.report.csv'));
    expect(report.length).toBeGreaterThanOrEqual(12);
    expect(report.filter((r) => r.zcust_status !== 'valid')).toEqual([]);
  });

  it('reports the expected code on every row of the errors sample and exits 1', async () => {
    const run = await zcust(['validate', join(SAMPLES, 'customers-with-errors.csv')], { cwd: dir });
    expect(run.code).toBe(1);
    const report = readReport(join(dir, 'customers-with-errors.report.csv'));
    const got = report.map((r) => ({
      row: Number(r.zcust_row),
      status: r.zcust_status,
      codes: r.zcust_error_code ? r.zcust_error_code.split('; ') : [],
    }));
    expect(got).toEqual(ERRORS_SAMPLE_EXPECTED.map((e) => ({ ...e, codes: [...new Set(e.codes)] })));
    expect(
      report.map((r) => (r.zcust_error ? r.zcust_error.split('; ').length : 0)),
      'pieces of zcust_error, one an error',
    ).toEqual(ERRORS_SAMPLE_EXPECTED.map((e) => e.codes.length));
    expect(run.stderr).toContain(
      'row 5: Country Code: "USA" is not a two-letter ISO code: did you mean "US"?',
    );
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });

  it('reads an Excel-saved twin (BOM, CRLF, semicolons) and a UTF-16 twin exactly like the plain file', async () => {
    const plain = readFileSync(join(SAMPLES, 'customers.csv'), 'utf8');
    const rows = plain.trimEnd().split('\n');
    // Re-delimit with semicolons: the sample's quoted fields hold commas, so go through a real CSV round trip.
    const { parse } = await import('csv-parse/sync');
    const { stringify } = await import('csv-stringify/sync');
    const records = parse(plain) as string[][];
    const excel = `\uFEFF${stringify(records, { delimiter: ';', record_delimiter: '\r\n' })}`;
    writeFileSync(join(dir, 'excel.csv'), excel);
    writeFileSync(
      join(dir, 'utf16.csv'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(plain, 'utf16le')]),
    );
    writeFileSync(
      join(dir, 'utf16be.csv'),
      Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(plain, 'utf16be')]),
    );
    writeFileSync(join(dir, 'plain.csv'), plain);
    const reports: Record<string, string>[][] = [];
    for (const name of ['plain', 'excel', 'utf16', 'utf16be']) {
      const run = await zcust(['validate', `${name}.csv`], { cwd: dir });
      expect(run.code, `${name}: ${run.stderr}`).toBe(0);
      reports.push(readReport(join(dir, `${name}.report.csv`)));
    }
    expect(reports[0]).toHaveLength(rows.length - 1);
    for (const r of reports.slice(1)) expect(r).toEqual(reports[0]);
  });

  it.each(['json', 'ndjson'] as const)(
    'reports every item of a %s file read in one piece (40 items: a stream buffer of 16 once hung the reader)',
    async (format) => {
      const dir = tempDir();
      const items = Array.from({ length: 40 }, (_, i) => ({ Name: `C ${i}`, Email: `c${i}@x.example` }));
      const text = format === 'json' ? JSON.stringify(items) : items.map((o) => JSON.stringify(o)).join('\n');
      writeFileSync(join(dir, `items.${format}`), text);
      const run = await zcust(['validate', `items.${format}`, '--json', '--report', 'r.csv'], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout).counts.valid).toBe(40);
      expect(readReport(join(dir, 'r.csv'))).toHaveLength(40);
    },
  );

  it.each(['json', 'ndjson'] as const)(
    'takes a column from the later key of a %s object whose first key shows nothing (U+200B); the report keeps each row once',
    async (format) => {
      const dir = tempDir();
      const items = [
        '{"Name":"E","Email":"\\u200b","email":"e@x.com"}',
        '{"Name":"F","external_id":"\\u200b","Customer ID":"C-9"}',
        '{"Name":"\\u200b","name":"Real"}',
        '{"Name":"G","Email":"\\u200b","email":null}',
      ];
      writeFileSync(join(dir, `zw.${format}`), format === 'json' ? `[${items.join(',')}]` : items.join('\n'));
      const run = await zcust(['validate', `zw.${format}`, '--report', 'r.csv'], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toContain('both mean');
      const report = readReport(join(dir, 'r.csv'));
      expect(report.map((r) => [r.zcust_row, r.zcust_status, r.Name, r['Customer ID'], r.Email])).toEqual([
        ['2', 'valid', 'E', '', 'e@x.com'],
        ['3', 'valid', 'F', 'C-9', ''],
        ['4', 'valid', 'Real', '', ''],
        // The only Email shows nothing: empty to the validator, kept as the file held it.
        ['5', 'valid', 'G', '', '\u200b'],
      ]);
    },
  );

  // The JSON array's parser once dropped every U+FEFF inside a string (exact-json.ts): ACME-1, ab@x.com, valid.
  it.each([
    ['escaped', '\\ufeff'],
    ['raw', '\uFEFF'],
  ])(
    'gives a row holding U+FEFF (%s) the same verdict and message in a .json file as in .ndjson',
    async (_, feff) => {
      const dir = tempDir();
      const row = `{"Name":"Acme${feff}\\tCorp","Customer ID":"ACME${feff}-1","Email":"a${feff}b@x.com"}`;
      writeFileSync(join(dir, 'feff.json'), `[${row}]\n`);
      writeFileSync(join(dir, 'feff.ndjson'), `${row}\n`);
      const reports: Record<string, Record<string, string> | undefined> = {};
      for (const format of ['json', 'ndjson']) {
        const run = await zcust(['validate', `feff.${format}`, '--report', `${format}.csv`], { cwd: dir });
        expect(run.code, `${format}: ${run.stderr}`).toBe(1);
        reports[format] = readReport(join(dir, `${format}.csv`))[0];
      }
      expect(reports.json, 'the .json row as the .ndjson row').toEqual(reports.ndjson);
      expect(reports.json?.zcust_error).toBe(
        'Email: holds an invisible character (U+FEFF ZERO WIDTH NO-BREAK SPACE) at character 2: remove it; Name: holds a tab (U+0009) at character 6, which a one-line value cannot hold: remove it; Customer ID: holds an invisible character (U+FEFF ZERO WIDTH NO-BREAK SPACE) at character 5: remove it',
      );
    },
  );

  // The same text, Ü as one character (NFC) or as U and a combining diaeresis (NFD): both were valid, two customers.
  it.each([
    [
      'csv',
      'Name,Customer ID\nMüller GmbH,MÜLLER-7\nMüller AG,MU\u0308LLER-7\nJosé SA,JOSE\u0301-1\nJosé SL,JOSÉ-1\n',
    ],
    [
      'ndjson',
      [
        { Name: 'Müller GmbH', 'Customer ID': 'MÜLLER-7' },
        { Name: 'Müller AG', 'Customer ID': 'MU\u0308LLER-7' },
        { Name: 'José SA', 'Customer ID': 'JOSE\u0301-1' },
        { Name: 'José SL', 'Customer ID': 'JOSÉ-1' },
      ]
        .map((item) => JSON.stringify(item))
        .join('\n'),
    ],
  ])(
    'takes a %s row whose Customer ID is an earlier one in another Unicode form for a duplicate, naming that row',
    async (format, text) => {
      const dir = tempDir();
      writeFileSync(join(dir, `nfd.${format}`), text);
      const run = await zcust(['validate', `nfd.${format}`, '--report', 'r.csv'], { cwd: dir });
      expect(run.code, run.stderr).toBe(1);
      const report = readReport(join(dir, 'r.csv'));
      expect(report.map((r) => [r.zcust_status, r.zcust_error_code, r.zcust_error])).toEqual([
        ['valid', '', ''],
        [
          'duplicate',
          'duplicate_in_file',
          `same Customer ID as row ${report[0]?.zcust_row} (this row has MU\u0308LLER-7)`,
        ],
        ['valid', '', ''],
        [
          'duplicate',
          'duplicate_in_file',
          `same Customer ID as row ${report[2]?.zcust_row} (this row has JOSÉ-1)`,
        ],
      ]);
    },
  );

  // Row 3 read "same email as row 2 (AHMED.6@SAFFRON-CO.EXAMPLE)", in the summary and the report, where row 2
  // held ahmed.6@saffron-co.example: the spelling quoted is the later row's, and the message says so.
  it("quotes a duplicate e-mail in other case as the later row's own, never as the earlier row's", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'case.csv'),
      'Name,Email\nAhmed,ahmed.6@saffron-co.example\nAhmed again,AHMED.6@SAFFRON-CO.EXAMPLE\n',
    );
    const run = await zcust(['validate', 'case.csv', '--report', 'r.csv'], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    const message = 'same email as row 2 (this row has AHMED.6@SAFFRON-CO.EXAMPLE)';
    expect(run.stdout + run.stderr, 'the summary').toContain(`row 3: ${message}`);
    expect(readReport(join(dir, 'r.csv')).map((r) => r.zcust_error)).toEqual(['', message]);
  });

  it('still decides two CSV headers of one column once for the file: the first wins where its cell shows nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'two.csv'), 'Name,Email,email\nE,\u200b,e@x.com\n');
    const run = await zcust(['validate', 'two.csv', '--report', 'r.csv'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('columns 2 ("Email") and 3 ("email") both mean Email; column 3 is ignored');
    expect(readReport(join(dir, 'r.csv'))).toEqual([
      {
        zcust_row: '2',
        zcust_status: 'valid',
        zcust_customer_id: '',
        zcust_error_code: '',
        zcust_error: '',
        Name: 'E',
        Email: '\u200b',
        email: 'e@x.com',
      },
    ]);
  });

  it('makes rows invalid whose address, tax_info or Name has the wrong JSON type, without calling them unknown columns', async () => {
    const dir = tempDir();
    const items = [
      { Name: 'A', address: '1 Main St, Springfield', tax_info: '27AAPFU0939F1ZV' },
      { Name: { first: 'Ann', last: 'Lee' } },
    ];
    writeFileSync(join(dir, 'typed.json'), JSON.stringify(items));
    const run = await zcust(['validate', 'typed.json', '-q', '--report', 'r.csv'], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).not.toContain('match no template column');
    const report = readReport(join(dir, 'r.csv'));
    expect(report.map((r) => [r.zcust_status, r.zcust_error_code])).toEqual([
      ['invalid', 'invalid_value'],
      ['invalid', 'invalid_value'],
    ]);
    expect(report[1]?.zcust_error).toBe(
      'Name: the key "Name" is an object, not text (a string, a number or true/false)',
    );
  });

  it('keeps those rows invalid when their CSV report is imported unfixed: nothing is created', async () => {
    const dir = tempDir();
    const items = [
      { Name: 'A', Email: 'a@example.com', address: '12 Rue de Rivoli, 75001 Paris' },
      { Name: { first: 'Ann', last: 'Lee' }, Email: 'e@example.com' },
      {
        Name: 'T',
        Email: 't@example.com',
        tax_info: [{ country_code: 'IN', tax_id: '27AAPFU0939F1ZV' }, 'x'],
      },
    ];
    writeFileSync(join(dir, 'typed.json'), JSON.stringify(items));
    const first = await zcust(['validate', 'typed.json', '-q', '--report', 'typed.report.csv'], { cwd: dir });
    expect(first.code, first.stderr).toBe(1);
    const again = await zcust(['import', 'typed.report.csv', '--sandbox', '-q', '--report', 'again.csv'], {
      cwd: dir,
    });
    expect(again.code, again.stderr).toBe(1);
    expect(readReport(join(dir, 'again.csv')).map((r) => [r.zcust_status, r.zcust_error_code])).toEqual([
      ['invalid', 'invalid_value'],
      ['invalid', 'invalid_value'],
      ['invalid', 'invalid_value'],
    ]);
  });

  it('exits 70, not 0, when a run stops making progress with rows unaccounted for', async () => {
    const stall = pathToFileURL(join(ROOT, 'test', 'fixtures', 'stall', 'register.mjs')).href;
    const run = await zcust(
      ['validate', join(SAMPLES, 'customers.csv'), '--report', join(tempDir(), 'r.csv')],
      {
        env: { NODE_OPTIONS: `--import ${stall}` },
      },
    );
    expect(run.code).toBe(70);
    expect(run.stderr).toMatch(
      /internal error: the run stopped making progress before every row was accounted for/,
    );
  });

  it.each([
    ['a file', ['dos.csv']],
    ['standard input (parsed on the worker)', ['-', '--format', 'csv']],
  ])('ignores the Ctrl-Z (0x1A) that ends a DOS file, in %s: every customer valid', async (_, input) => {
    const text = '"Name","Email"\r\n"Acme","a@acme.example"\r\n"Beta","b@beta.example"\x1a';
    writeFileSync(join(dir, 'dos.csv'), text);
    const run = await zcust(['validate', ...input, '--report', 'dos.report.csv'], {
      cwd: dir,
      input: input[0] === '-' ? text : undefined,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(
      readReport(join(dir, 'dos.report.csv')).map((r) => [r.zcust_row, r.zcust_status, r.Email]),
    ).toEqual([
      ['2', 'valid', 'a@acme.example'],
      ['3', 'valid', 'b@beta.example'],
    ]);
  });

  const DOS_MARK_ON_ITS_OWN_LINE = {
    ndjson: '{"Name":"A","Email":"a@acme.example"}\n{"Name":"B","Email":"b@acme.example"}\n\x1a\n',
    json: '[{"Name":"A","Email":"a@acme.example"},\n{"Name":"B","Email":"b@acme.example"}]\n\x1a\n',
  };
  it.each([
    ['ndjson', 'a file', ['dos.ndjson']],
    ['ndjson', 'standard input', ['-', '--format', 'ndjson']],
    ['json', 'a file', ['dos.json']],
    ['json', 'standard input', ['-', '--format', 'json']],
  ] as const)(
    'ignores a Ctrl-Z (0x1A) on a line of its own after the last customer, in %s from %s: every customer valid',
    async (format, _, input) => {
      const text = DOS_MARK_ON_ITS_OWN_LINE[format];
      writeFileSync(join(dir, `dos.${format}`), text);
      const run = await zcust(['validate', ...input, '--report', 'dos.report.csv'], {
        cwd: dir,
        input: input[0] === '-' ? text : undefined,
      });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(
        readReport(join(dir, 'dos.report.csv')).map((r) => [r.zcust_row, r.zcust_status, r.Email]),
      ).toEqual([
        ['2', 'valid', 'a@acme.example'],
        ['3', 'valid', 'b@acme.example'],
      ]);
    },
  );

  const WINDOWS = 'windows-1252 (Windows, Latin-1)';
  const CENTRAL = 'windows-1250 (Central European)';
  const MAC = "macintosh (Excel for Mac's plain CSV)";
  // Excel for Mac's plain "Comma Separated Values" is Mac Roman: read as Windows-1252, Müller was "MŸller". Excel
  // for Windows in Czech or Polish writes Windows-1250: read as Windows-1252, Dvořák was "Dvoøák" and Łódź "£ódŸ".
  it.each([
    ['macintosh', [MAC, WINDOWS, CENTRAL], [['Müller GmbH', 'München']]],
    [
      'windows-1250',
      [CENTRAL, WINDOWS, MAC],
      [
        ['Dvořák s.r.o.', 'Brno'],
        ['Příhoda Černý', 'Praha'],
        ['Zakład Łódzki', 'Łódź'],
      ],
    ],
  ])(
    'advises --encoding %s first for such a file read as UTF-8, which reads it',
    async (encoding, advice, rows) => {
      const text = `Name,Email,City\r\n${rows.map(([name, city], i) => `${name},c${i}@a.example,${city}\r\n`).join('')}`;
      writeFileSync(join(dir, 'one-byte.csv'), iconv.encode(text, encoding));
      const run = await zcust(['validate', 'one-byte.csv'], { cwd: dir });
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain(
        `row 2: the file is damaged at line 2 (not valid UTF-8; if the file was saved in another encoding, try --encoding ${advice[0]}, ${advice[1]} or ${advice[2]}); nothing after it was read`,
      );
      const advised = await zcust(['validate', 'one-byte.csv', '--encoding', encoding], { cwd: dir });
      expect(advised.code, advised.stderr).toBe(0);
      expect(readReport(join(dir, 'one-byte.report.csv')).map((r) => [r.Name, r.City])).toEqual(rows);
    },
  );

  it('says which quotes make a Custom Data cell no JSON: curly ones (autocorrect) or single ones', async () => {
    writeFileSync(
      join(dir, 'quotes.csv'),
      'Name,Email,Custom Data\nA,a@a.example,{“tier”:“gold”}\nB,b@b.example,"{\'k\':1}"\n',
    );
    const run = await zcust(['validate', 'quotes.csv'], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    const report = readReport(join(dir, 'quotes.report.csv'));
    expect(report.map((r) => [r.zcust_error_code, r.zcust_error])).toEqual([
      [
        'invalid_json',
        'Custom Data: is not valid JSON: a string in curly quotes (“tier”) at character 2, as autocorrect writes them: use straight double quotes ("tier")',
      ],
      [
        'invalid_json',
        'Custom Data: is not valid JSON: a string in single quotes at character 2: use double quotes',
      ],
    ]);
  });

  it('names the Ctrl-Z that makes an NDJSON line not JSON, which quoted looks valid', async () => {
    const text = '{"Name":"A","Email":"a@acme.example"}\x1a\x1a\n';
    const run = await zcust(['validate', '-', '--format', 'ndjson', '--report', 'dos.report.csv'], {
      cwd: dir,
      input: text,
    });
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain(
      'row 2: line 1 is not valid JSON: it holds a control character (U+001A) at character 38: remove it',
    );
  });

  it.each([
    [
      'json',
      '[\n{"Name":"A","Email":"a@acme.example"},\n]\n',
      'row 3: the file is damaged at line 3 (not valid JSON: "]" at character 1 follows a comma: remove the comma after the last element); nothing after it was read',
    ],
    [
      'ndjson',
      '{"Name":"A","Email":"a@acme.example"}\n{Name:"B"}\n',
      'row 3: line 2 is not valid JSON: a key name without quotes at character 2: put key names in double quotes',
    ],
  ])('says why a %s file is not valid JSON, and what to do', async (format, text, said) => {
    writeFileSync(join(dir, `why.${format}`), text);
    const run = await zcust(['validate', `why.${format}`, '--report', 'why.report.csv'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(said);
    expect(readReport(join(dir, 'why.report.csv')).map((r) => [r.zcust_row, r.zcust_status])).toEqual([
      ['2', 'valid'],
      ['3', 'invalid'],
    ]);
  });

  it('reads standard input with - and --format', async () => {
    const input = readFileSync(join(SAMPLES, 'customers.ndjson'));
    const run = await zcust(['validate', '-', '--format', 'ndjson', '--json'], { cwd: dir, input });
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.counts.valid).toBe(summary.rows);
    expect(summary.rows).toBeGreaterThan(0);
  });

  it.skipIf(!existsSync('/proc/self/status')).each([
    ['before the reader has its first bytes', 'Name,Email\nA,a@example.com\n', 1],
    [
      'while rows flow',
      `Name\n${Array.from({ length: 3000 }, (_, i) => `Customer ${i}`).join('\n')}\n`,
      3000,
    ],
  ])(
    'stops at Ctrl-C %s while standard input stays open, reporting the rows read, and says the rest were not read',
    async (_, sent, most) => {
      const report = join(dir, 'open-pipe.csv');
      rmSync(report, { force: true });
      const child = spawn(process.execPath, [BIN, 'validate', '-', '--format', 'csv', '--report', report], {
        env: cleanEnv(),
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      child.stdin.write(sent);
      // Once zcust has started (it listens for the signal before it reads), not before: Node would just end.
      // The report exists once the rows flow; a few bytes never get that far, so then: time to start.
      if (most > 1) while (!existsSync(report)) await new Promise((r) => setTimeout(r, 50));
      else await new Promise((r) => setTimeout(r, 3000));
      child.kill('SIGINT');
      // The pipe is never closed: before, the run waited for its end for ever.
      const code = await exited;
      child.stdin.destroy();
      expect(code, stderr).toBe(3);
      expect(stderr).toMatch(
        /standard input was read no further, so rows it had not sent by then are not in the report/,
      );
      const rows = readReport(report);
      expect(rows.length).toBeLessThanOrEqual(most);
      expect(rows.map((r) => Number(r.zcust_row))).toEqual(rows.map((_, i) => i + 2));
    },
  );

  it('says after the rows which report rows hold a zcust_status it does not write (noted while reading)', async () => {
    writeFileSync(
      join(dir, 'odd-status.report.csv'),
      'zcust_row,zcust_status,zcust_customer_id,zcust_error_code,zcust_error,Name\n2,done,abc,,,A\n3,CREATED,def,,,B\n',
    );
    const run = await zcust(['validate', 'odd-status.report.csv', '--report', 'odd.csv'], { cwd: dir });
    expect(run.stderr).toMatch(
      /warning: zcust_status holds "done" on row 2, which is not a status zcust writes/,
    );
    expect(readReport(join(dir, 'odd.csv')).map((r) => r.zcust_status)).toEqual(['valid', 'created']);
  });

  it('says nothing of the zcust_status of a report header repeated among the rows (two reports joined)', async () => {
    for (const name of ['A', 'B'])
      writeFileSync(join(dir, `r${name}.csv`), `Name,Email\n${name},${name}@x.com\n`);
    for (const name of ['A', 'B']) await zcust(['validate', `r${name}.csv`, '-q'], { cwd: dir });
    const reports = ['rA', 'rB'].map((name) => readFileSync(join(dir, `${name}.report.csv`), 'utf8'));
    writeFileSync(join(dir, 'two-reports.csv'), reports.join(''));
    const run = await zcust(['validate', 'two-reports.csv', '--report', 'two.csv'], { cwd: dir });
    expect(run.stderr, 'the repeated header was warned of as a row to import').not.toContain(
      'zcust_status holds',
    );
    expect(readReport(join(dir, 'two.csv')).map((r) => [r.zcust_row, r.zcust_status])).toEqual([
      ['2', 'valid'],
      ['3', 'invalid'],
      ['4', 'valid'],
    ]);
  });

  it('writes every requested report format, one entry per row', async () => {
    const run = await zcust(
      [
        'validate',
        join(SAMPLES, 'customers-with-errors.csv'),
        '--report',
        'r.csv',
        '--report',
        'r.json',
        '--report',
        'r.xml',
        '--quiet',
      ],
      { cwd: dir },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(json.rows).toHaveLength(ERRORS_SAMPLE_EXPECTED.length);
    expect(readReport(join(dir, 'r.csv'))).toHaveLength(ERRORS_SAMPLE_EXPECTED.length);
    const xml = readFileSync(join(dir, 'r.xml'), 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(ERRORS_SAMPLE_EXPECTED.length);
  });

  it.skipIf(!existsSync('/proc/self/mem')).each(['csv', 'json', 'ndjson'])(
    'a file that cannot be read (EIO) as %s is a usage error naming it (exit 2), before any report is written',
    async (format) => {
      const report = join(dir, `unreadable-${format}.json`);
      const run = await zcust(['validate', '/proc/self/mem', '--format', format, '--report', report], {
        cwd: dir,
      });
      // JSON and NDJSON, read only once the run had started, stopped it (exit 3) with no report at all.
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toBe('zcust: error: cannot read /proc/self/mem: i/o error\n');
      expect(existsSync(report), 'a report of no rows').toBe(false);
    },
  );

  it.each([
    [
      'the default report of standard input',
      [],
      'stdin.report.csv',
      /^zcust: error: the default report \S*stdin\.report\.csv would/,
    ],
    ['a --report', ['--report', 'mine.csv'], 'mine.csv', /^zcust: error: --report mine\.csv would/],
  ])(
    'refuses standard input redirected from %s (exit 2), and leaves the file whole',
    (_, extra, report, names) => {
      const original = 'Name,Email\nAcme,a@x.example\nBeta,b@x.example\n';
      writeFileSync(join(dir, report), original);
      const input = openSync(join(dir, report), 'r');
      try {
        const run = spawnSync(process.execPath, [BIN, 'validate', '-', '--format', 'csv', ...extra], {
          cwd: dir,
          env: cleanEnv({}, dir),
          stdio: [input, 'pipe', 'pipe'],
        });
        expect(run.status, run.stderr.toString()).toBe(2);
        expect(run.stderr.toString()).toMatch(
          /would overwrite the input standard input, which is that file, while it is read/,
        );
        expect(run.stderr.toString(), 'which report it names').toMatch(names);
      } finally {
        closeSync(input);
      }
      expect(readFileSync(join(dir, report), 'utf8')).toBe(original);
    },
  );

  it.each([
    [['validate', 'no-such-file.csv'], /cannot read/],
    [['validate', '-'], /--format/],
    [['validate', 'x.csv', '--report', 'r.pdf'], /\.csv|\.json|\.xml/],
    [['validate', 'x.csv', '--map', 'nonsense'], /--map/],
    [['validate', 'x.csv', '--report', 'x.csv'], /overwrite the input/],
    [
      ['validate', 'x.csv', '--report', 'hard-link.csv'],
      /--report hard-link.csv would overwrite the input x.csv/,
    ],
    [['validate', 'x.csv', '--report', 'symlink.csv'], /overwrite the input/],
    [['validate', '--bogus-flag', 'x.csv'], /unknown option/],
    [['validate', 'x.csv', '--api-key=zsk_secret_value_1'], /unknown option '--api-key=…'/],
    [['--api-key=zsk_secret_value_2', 'validate', 'x.csv'], /unknown option '--api-key=…'/],
    [['sample-csv', '--api-ky=zsk_secret_value_3'], /unknown option '--api-ky=…'/],
    [['validate', 'x.csv', '--format', 'xml'], /Allowed choices are csv, json, ndjson, jsonl/],
    [['validate', 'x.csv', '--report', 'x.csv/r.csv'], /cannot write the report "x\.csv\/r\.csv": /],
    [['validate', 'x.csv', '--delimiter', ';;'], /--delimiter ";;" cannot separate fields/],
    [
      ['validate', 'x.csv', '--report', 'nodir/../r.json'],
      /cannot write the report "nodir\/\.\.\/r\.json": its folder does not exist/,
    ],
    [
      ['validate', 'x.csv', '--report', 'nodir/../r.xml'],
      /cannot write the report "nodir\/\.\.\/r\.xml": its folder does not exist/,
    ],
    [['sample-csv', '-o', 'no-such-dir/t.csv'], /cannot write the template to no-such-dir\/t\.csv: /],
    [
      ['sample-csv', '-o', ''],
      /-o is empty \(an unset variable\?\): give a file name, or "-" for standard output/,
    ],
    [['validate', 'x.csv', '--config', ''], /--config is empty \(an unset variable\?\)/],
    // `zcust validate "$IN" --report "$OUT"` with a variable unset: "cannot read : no such file" named nothing.
    [
      ['validate', ''],
      /^zcust: error: the file name is empty \(an unset variable\?\): give the CSV, JSON or NDJSON/,
    ],
    [['import', ' '], /^zcust: error: the file name is empty \(an unset variable\?\)/],
    [['validate', 'x.csv', '--report', ''], /^zcust: error: --report is empty \(an unset variable\?\)/],
    [
      ['validate', 'x.csv', '--report', 'r.json', '--report', ' '],
      /^zcust: error: --report is empty \(an unset variable\?\)/,
    ],
    [
      ['validate', 'x.csv', '--encoding', ''],
      /^zcust: error: --encoding is empty \(an unset variable\?\): give the file's encoding/,
    ],
    [
      ['validate', 'x.csv', '--encoding', 'x-mac-roman'],
      /^zcust: error: --encoding x-mac-roman is not an encoding zcust knows; did you mean mac-roman\?\n/,
    ],
    [
      ['import', 'x.csv', '--encoding', 'klingon'],
      /; try utf-8, windows-1252, windows-1250, macintosh or utf-16le\n/,
    ],
    [
      ['import', 'x.csv', '--concurrency', '99999999999999999999'],
      /expected a whole number from 1 to 9007199254740991/,
    ],
  ])('usage error %j exits 2 with one clear line and no stack trace', async (args, message) => {
    writeFileSync(join(dir, 'x.csv'), 'Name\nAcme\n');
    rmSync(join(dir, 'hard-link.csv'), { force: true });
    rmSync(join(dir, 'symlink.csv'), { force: true });
    linkSync(join(dir, 'x.csv'), join(dir, 'hard-link.csv'));
    symlinkSync(join(dir, 'x.csv'), join(dir, 'symlink.csv'));
    const run = await zcust(args, { cwd: dir });
    expect(run.code).toBe(2);
    // The input is untouched.
    expect(readFileSync(join(dir, 'x.csv'), 'utf8')).toBe('Name\nAcme\n');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stderr, 'a value given to an option was echoed').not.toMatch(/zsk_secret_value/);
  });

  it.each([
    [['validate', 'x.csv', '--apikey=zsk_secret_value_4', '--json'], "unknown option '--apikey=…'"],
    [['import', 'x.csv', '--api_key=zsk_secret_value_5', '--json'], "unknown option '--api_key=…'"],
    [['import', 'x.csv', '-api-key=zsk_secret_value_6', '--json'], "unknown option '-api-key=…'"],
    [['--token=zsk_secret_value_7', 'validate', 'x.csv', '--json'], "unknown option '--token=…'"],
    [['import', 'x.csv', '-kzsk_secret_value_8', '--json'], "unknown option '-k…'"],
  ])('%j: the --json error on stdout is %j, without the value', async (args, error) => {
    writeFileSync(join(dir, 'x.csv'), 'Name\nAcme\n');
    const run = await zcust(args, { cwd: dir });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error).toBe(error);
    expect(run.stdout + run.stderr, 'a value given to an option was echoed').not.toMatch(/zsk_secret_value/);
  });
});

describe('a CSV header wider than a spreadsheet', () => {
  // Every row is as wide as the header in the report: a million columns took about 1 MB and 0.1 s a row.
  it.each([
    [['validate', 'wide.csv', '--report', 'wide.report.json']],
    [['import', 'wide.csv', '--sandbox', '--report', 'wide.report.json']],
    [['import', 'wide.csv', '--dry-run', '--report', 'wide.report.json']],
  ])('%j is a usage error (exit 2) naming the count and the limit, and writes no report', async (args) => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'wide.csv'), `Name,Email${',c'.repeat(16_383)}\nAnn,ann@example.com\n`);
    const run = await zcust(args, { cwd });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(
      "cannot read wide.csv: its header has 16,385 columns, more than the 16,384 a spreadsheet can hold (Excel's limit)",
    );
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(join(cwd, 'wide.report.json')), 'a report was written').toBe(false);
  });
});

describe('a report read back', () => {
  // The Email column is mapped and holds a bad address: read as written, the row is invalid; were the header left
  // neutralised, the column would match nothing and the row would pass.
  it.each(FORMULA_STARTS)(
    'keeps a header starting with %s as written: validating the report again writes the same report',
    async (_, first) => {
      const cwd = tempDir();
      const header = `${first}Mail`;
      writeFileSync(join(cwd, 'h.csv'), `Name,"${header}"\nHdr Co,not-an-email\n`);
      const map = ['--map', `${header}=Email`];
      const once = await zcust(['validate', 'h.csv', ...map, '--report', 'once.csv'], { cwd });
      const again = await zcust(['validate', 'once.csv', ...map, '--report', 'again.csv'], { cwd });
      expect([once.code, again.code], again.stderr).toEqual([1, 1]);
      expect(again.stderr, 'a column was lost on the way back').not.toMatch(
        /no column|match no template column/,
      );
      expect(readFileSync(join(cwd, 'again.csv'), 'utf8')).toBe(readFileSync(join(cwd, 'once.csv'), 'utf8'));
      expect(readReport(join(cwd, 'again.csv'))[0]?.zcust_error_code).toBe('invalid_email');
    },
  );

  it('finds the column a --map entry names in a neutralised header (+Phone), and no warning says otherwise', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'h.csv'), 'Name,+Phone,-Email-\nHdr Co,+1 555 0100,hdr@acme.example\n');
    const map = ['--map', '+Phone=Phone'];
    await zcust(['validate', 'h.csv', ...map, '--report', 'h.report.csv', '-q'], { cwd });
    expect(readFileSync(join(cwd, 'h.report.csv'), 'utf8').split('\n')[0]).toMatch(
      /,Name,'\+Phone,'-Email-$/,
    );
    const again = await zcust(['validate', 'h.report.csv', ...map, '--report', 'h2.csv'], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/warning/);
  });
});

describe('a JSON input that holds no array', () => {
  const STRIPE_LIST = '{"object":"list","data":[{"Name":"A","Email":"a@x.com"}]}\n';
  const OBJECT_A_LINE = '{"Name":"A","Email":"a@acme.example"}\n{"Name":"B","Email":"b@acme.example"}\n';
  /** The advice, its jq command naming the file to be pasted as it is (standard input has none: a stand-in). */
  const whatToDo = (file: string, output: string) =>
    `does not hold a JSON array (it starts with "{"): one object a line (jq -c, mongoexport) reads with --format ndjson; customers in a list under a key (Stripe's "data", Airtable's "records") need that list taken out first, e.g. jq '.data' ${file} > ${output}, then run zcust on ${output}`;

  it.each([
    ['validate', 'customers.json', []],
    ['validate', 'customers.txt', ['--format', 'json']],
    ['validate', '-', ['--format', 'json']],
    ['import', 'customers.json', ['--sandbox']],
    ['import', 'customers.json', ['--dry-run']],
    ['import', '-', ['--format', 'json', '--sandbox']],
  ])(
    'refuses jq -c output given to %s as %s %j (exit 2), saying what to do, and writes no report',
    async (command, name, flags) => {
      const cwd = tempDir();
      if (name !== '-') writeFileSync(join(cwd, name), OBJECT_A_LINE);
      const run = await zcust([command, name, ...flags, '--report', 'r.csv'], {
        cwd,
        ...(name === '-' ? { input: OBJECT_A_LINE } : {}),
      });
      expect(run.code, run.stderr).toBe(2);
      const said = name === '-' ? 'standard input' : name;
      expect(run.stderr).toBe(
        `zcust: error: ${said} ${name === '-' ? whatToDo('export.json', 'export.data.json') : whatToDo(name, 'customers.data.json')}\n`,
      );
      expect(existsSync(join(cwd, 'r.csv')), 'a report was written').toBe(false);
    },
  );

  it('advises a jq command that, pasted as printed, reads the file (its name quoted for the shell)', async () => {
    const cwd = tempDir();
    const name = "my customers $HOME's.json";
    writeFileSync(join(cwd, name), '{\n  "Name": "A",\n  "Email": "a@x.com"\n}\n');
    const refused = await zcust(['validate', name, '--report', 'r.csv'], { cwd });
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(
      `jq -s . 'my customers $HOME'\\''s.json' > 'my customers $HOME'\\''s.array.json`,
    );
  });

  // Named as given, /dev/stdin.data.json waited on the terminal, /dev/fd/63.data.json could not be created, and a
  // named pipe's jq waited for a writer forever: a pipe's path is read once and names no file to write beside.
  it.each(['/dev/stdin', 'a named pipe'])(
    'names the stand-in, not the path, for a pipe given by its path (%s)',
    async (kind) => {
      const cwd = tempDir();
      const fifo = join(cwd, 'p.json');
      if (kind !== '/dev/stdin') execFileSync('mkfifo', [fifo]);
      const run = spawnZcust(['validate', kind === '/dev/stdin' ? '/dev/stdin' : fifo, '--format', 'json'], {
        cwd,
        ...(kind === '/dev/stdin' ? { input: STRIPE_LIST } : {}),
      });
      if (kind !== '/dev/stdin') await writeFile(fifo, STRIPE_LIST);
      const refused = await run.result;
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toContain("jq '.data' export.json > export.data.json");
    },
  );

  // Redirected from a file, /dev/stdin is a regular file; pasted, it is the terminal.
  it('names the stand-in for /dev/stdin redirected from a file', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'stripe.json'), STRIPE_LIST);
    const input = openSync(join(cwd, 'stripe.json'), 'r');
    try {
      const refused = spawnSync(process.execPath, [BIN, 'validate', '/dev/stdin', '--format', 'json'], {
        cwd,
        env: cleanEnv({}, cwd),
        stdio: [input, 'pipe', 'pipe'],
        encoding: 'utf8',
      });
      expect(refused.status, refused.stderr).toBe(2);
      expect(refused.stderr).toContain("jq '.data' export.json > export.data.json");
    } finally {
      closeSync(input);
    }
  });

  it("numbers the stand-in's output for standard input when that name is taken beside the run", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'export.data.json'), '[{"Name":"Keep"}]\n');
    const refused = await zcust(['validate', '-', '--format', 'json', '--report', 'r.csv'], {
      cwd,
      input: '{"object":"list","data":[{"Name":"A","Email":"a@x.com"}]}\n',
    });
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain("jq '.data' export.json > export.data-2.json");
  });

  it("refuses jq '.[]' output (objects over several lines) saying to make it an array or one a line, and read as NDJSON, each line says why", async () => {
    const cwd = tempDir();
    const pretty = '{\n  "Name": "A",\n  "Email": "a@x.com"\n}\n{\n  "Name": "B",\n  "Email": "b@x.com"\n}\n';
    writeFileSync(join(cwd, 'jq.json'), pretty);
    const refused = await zcust(['validate', 'jq.json', '--report', 'r.csv'], { cwd });
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toBe(
      `zcust: error: jq.json does not hold a JSON array (it starts with "{"): objects written over several lines (as jq '.[]' writes them) are neither a JSON array nor NDJSON's one object a line: make them an array, jq -s . jq.json > jq.array.json, or one a line, jq -c . jq.json > jq.lines.ndjson, then run zcust on the file made; customers in a list under a key (Stripe's "data", Airtable's "records") need that list taken out first, e.g. jq '.data' jq.json > jq.data.json, then run zcust on jq.data.json\n`,
    );
    const asNdjson = await zcust(
      ['validate', 'jq.json', '--format', 'ndjson', '--report', 'r.csv', '--json'],
      {
        cwd,
      },
    );
    expect(asNdjson.code).toBe(1);
    const messages = readReport(join(cwd, 'r.csv')).map((row) => row.zcust_error);
    expect(messages, 'a line without its reason').toHaveLength(8);
    for (const message of messages)
      expect(message).toMatch(
        /over several lines.*: NDJSON needs one object a line \(jq -c writes them so\)$/,
      );
  });

  const OVER_LINES = '{\n  "Name": "A",\n  "Email": "a@x.com"\n}\n';
  const jqMissing = spawnSync('jq', ['--version']).status !== 0;

  // `jq '.data' customers.json > customers.json`, pasted, left customers.json empty: the shell truncates it first.
  it.skipIf(jqMissing).each<[string, string, string, string[], string[]]>([
    ['a Stripe list in customers.json', 'customers.json', STRIPE_LIST, [], ["jq '.data'"]],
    [
      'objects over several lines in customers.json',
      'customers.json',
      OVER_LINES,
      [],
      ['jq -s .', 'jq -c .'],
    ],
    [
      'objects over several lines in customers.ndjson read as JSON',
      'customers.ndjson',
      OVER_LINES,
      ['--format', 'json'],
      ['jq -s .', 'jq -c .'],
    ],
    ['objects over several lines in a .csv file', 'c.csv', OVER_LINES, [], ['jq -s .', 'jq -c .']],
  ])(
    '%s: each jq command advised, pasted as printed, leaves the file as it was and writes one zcust reads',
    async (_, name, content, flags, commands) => {
      const cwd = tempDir();
      writeFileSync(join(cwd, name), content);
      const refused = await zcust(['validate', name, ...flags, '--report', 'r.csv'], { cwd });
      expect(refused.code, refused.stderr).toBe(2);
      for (const start of commands) {
        const command = new RegExp(`${start.replace('.', '\\.')} \\S+ > ([^,\\s]+)`).exec(refused.stderr);
        expect(command, `no ${start} command in ${refused.stderr}`).not.toBeNull();
        const pasted = spawnSync('sh', ['-c', command?.[0] ?? ''], { cwd });
        expect(pasted.status, pasted.stderr.toString()).toBe(0);
        expect(readFileSync(join(cwd, name), 'utf8'), `${command?.[0]} changed ${name}`).toBe(content);
        const read = await zcust(['validate', command?.[1] ?? '', '--json'], { cwd });
        expect(read.code, read.stderr).toBe(0);
        expect(JSON.parse(read.stdout)).toMatchObject({ counts: { valid: 1 } });
      }
    },
  );

  it('reads an empty array as no rows (exit 0)', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'none.json'), '[]\n');
    const run = await zcust(['validate', 'none.json', '--json'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 0, exit_code: 0 });
  });
});

describe('a file whose contents are another format than its name says', () => {
  const JSON_ARRAY = '[{"Name":"A","Email":"a@x.co"}]\n';
  const PRETTY_ARRAY = '[\n  {"Name": "A", "Email": "a@x.co"}\n]\n';
  const JQ_LINES = '{"Name":"A","Email":"a@x.co"}\n{"Name":"B","Email":"b@x.co"}\n';
  const CSV = 'Name,Email\nA,a@x.co\n';
  const notCsv = (first: string) => `not CSV (its first line starts with "${first}")`;

  it.each([
    [
      'validate',
      'exp.csv',
      JSON_ARRAY,
      [],
      `exp.csv holds a JSON array, ${notCsv('[')}: read it with --format json, or name it .json: mv exp.csv exp.json`,
    ],
    [
      'validate',
      'exp2.csv',
      PRETTY_ARRAY,
      [],
      `exp2.csv holds a JSON array, ${notCsv('[')}: read it with --format json, or name it .json: mv exp2.csv exp2.json`,
    ],
    [
      'validate',
      'lines.txt',
      JQ_LINES,
      [],
      `lines.txt holds JSON objects one a line (NDJSON), ${notCsv('{')}: read it with --format ndjson, or name it .ndjson: mv lines.txt lines.ndjson`,
    ],
    [
      'validate',
      '-',
      JSON_ARRAY,
      ['--format', 'csv'],
      `standard input holds a JSON array, ${notCsv('[')}: read it with --format json`,
    ],
    [
      'validate',
      'exp.json',
      JSON_ARRAY,
      ['--format', 'csv'],
      `exp.json holds a JSON array, ${notCsv('[')}: read it with --format json`,
    ],
    [
      'import',
      'exp.csv',
      JSON_ARRAY,
      ['--sandbox'],
      `exp.csv holds a JSON array, ${notCsv('[')}: read it with --format json, or name it .json: mv exp.csv exp.json`,
    ],
    [
      'validate',
      'export.json',
      CSV,
      [],
      `export.json does not hold a JSON array (it starts with "N"): its first line reads as a CSV header: if the file is CSV, read it with --format csv, or name it .csv: mv export.json export.csv`,
    ],
    [
      'import',
      'export.json',
      CSV,
      ['--sandbox'],
      `export.json does not hold a JSON array (it starts with "N"): its first line reads as a CSV header: if the file is CSV, read it with --format csv, or name it .csv: mv export.json export.csv`,
    ],
  ])(
    '%s %s %j: exit 2, says which --format reads it, writes no report',
    async (command, name, content, flags, reason) => {
      const cwd = tempDir();
      if (name !== '-') writeFileSync(join(cwd, name), content);
      const run = await zcust([command, name, ...flags, '--report', 'r.csv'], {
        cwd,
        ...(name === '-' ? { input: content } : {}),
      });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toBe(`zcust: error: ${reason}\n`);
      expect(existsSync(join(cwd, 'r.csv')), 'a report was written').toBe(false);
    },
  );

  it.each([
    ['a JSON array named .csv', "my exp's.csv", JSON_ARRAY],
    ['jq -c lines named .txt', 'lines.txt', JQ_LINES],
    ['a CSV file named .json', 'export.json', CSV],
    ['a CSV file named .ndjson', 'export.ndjson', CSV],
  ])('%s reads once renamed by the command the advice gives, pasted as printed', async (_, name, content) => {
    const cwd = tempDir();
    writeFileSync(join(cwd, name), content);
    const refused = await zcust(['validate', name, '--report', 'r.csv'], { cwd });
    const mv = /mv .*$/m.exec(refused.stderr)?.[0];
    expect(mv, refused.stderr).toBeDefined();
    const renamed = spawnSync('sh', ['-c', mv ?? ''], { cwd });
    expect(renamed.status, renamed.stderr.toString()).toBe(0);
    const read = await zcust(['validate', readdirSync(cwd).find((f) => f !== 'r.csv') ?? '', '--json'], {
      cwd,
    });
    expect(read.code, read.stderr).toBe(0);
    expect(JSON.parse(read.stdout)).toMatchObject({ counts: { valid: content === JQ_LINES ? 2 : 1 } });
  });

  it.each([
    ['a JSON array named .csv beside a .json file', 'exp.csv', JSON_ARRAY, 'exp.json', 'json'],
    ['a CSV file named .json beside a .csv file', 'export.json', CSV, 'export.csv', 'csv'],
  ])('%s: advises no mv, which would overwrite that file', async (_, name, content, taken, format) => {
    const cwd = tempDir();
    writeFileSync(join(cwd, name), content);
    writeFileSync(join(cwd, taken), 'another export\n');
    const refused = await zcust(['validate', name, '--report', 'r.csv'], { cwd });
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(` read it with --format ${format}\\n$`));
  });

  it("says in an NDJSON file's first error that its first line reads as a CSV header", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'export.ndjson'), CSV);
    const run = await zcust(['validate', 'export.ndjson', '--report', 'r.csv'], { cwd });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(
      'row 2: line 1 is not valid JSON: it reads as a CSV header: if the file is CSV, read it with --format csv, or name it .csv: mv export.ndjson export.csv\n',
    );
  });

  it.each([
    ['[Name],Email', '[Name],Email\nA,a@x.co\n', ['--map', '[Name]=Name']],
    ['{Id},Name', '{Id},Name\n1,A\n', []],
  ])('reads a CSV header starting with a bracket, %s, as CSV', async (_, content, flags) => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'b.csv'), content);
    const run = await zcust(['validate', 'b.csv', ...flags, '--json'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 1, counts: { valid: 1 } });
  });
});

describe('a workbook given as input', () => {
  const SIGNATURES = {
    zip: [[0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00], 'an Excel workbook (or another zip file)'],
    ole2: [
      [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
      'an Excel 97-2003 workbook (.xls, or another Office 97-2003 file)',
    ],
  } as const;
  const NAMES: readonly (readonly [string, readonly string[]])[] = [
    ['customers.xlsx', []],
    ['customers.csv', []],
    ['customers.json', []],
    ['customers', []],
    ['customers.csv', ['--format', 'json', '--encoding', 'latin1']],
    ['-', ['--format', 'csv']],
  ];
  const CASES = (['zip', 'ole2'] as const).flatMap((kind) =>
    NAMES.map(([name, flags]) => [kind, name, flags] as const),
  );

  it.each(CASES)(
    'refuses a file with the %s signature named %s %j (exit 2), saying to save it as CSV, and writes no report',
    async (kind, name, flags) => {
      const cwd = tempDir();
      const [bytes, what] = SIGNATURES[kind];
      const content = Buffer.concat([Buffer.from(bytes), Buffer.from('\n'.repeat(8))]);
      if (name !== '-') writeFileSync(join(cwd, name), content);
      const run = await zcust(['validate', name, ...flags, '--report', 'r.csv'], {
        cwd,
        ...(name === '-' ? { input: content } : {}),
      });
      expect(run.code, run.stderr).toBe(2);
      const said = name === '-' ? 'standard input' : name;
      expect(run.stderr).toBe(
        `zcust: error: ${said} is ${what}, not CSV, JSON or NDJSON: open it in Excel and save it as "CSV UTF-8 (Comma delimited)"\n`,
      );
      expect(existsSync(join(cwd, 'r.csv')), 'a report was written').toBe(false);
    },
  );
});
