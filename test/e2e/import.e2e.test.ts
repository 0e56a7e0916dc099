/** `zcust import` spawned against a real sandbox server over loopback. */
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS, type Sandbox } from '../../src/sandbox/index.js';
import { ERRORS_SAMPLE_EXPECTED } from '../fixtures/errors-sample.js';
import { sendJson, startSelfSignedServer, startServer, startTcpServer } from '../http/loopback-server.js';
import { writeCustomersCsv } from '../support/customers.js';
import { loadZenskarRequestValidator } from '../support/openapi.js';
import { SANDBOX_ENV, sandboxPerTest } from '../support/sandbox.js';
import {
  BIN,
  cleanEnv,
  pastTheRepeatWindow,
  readReport,
  SAMPLES,
  STACK_TRACE,
  spawnZcust,
  stateDirOf,
  tempDir,
  until,
  zcust,
} from '../support/zcust.js';

const ZENSKAR_ENV = SANDBOX_ENV.zenskar;
const SAMPLE = join(SAMPLES, 'customers.csv');

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
const sandboxWith = sandboxPerTest({ recordRequests: true });

function importInto(
  s: Sandbox,
  file: string,
  extra: string[] = [],
  env: Record<string, string> = ZENSKAR_ENV,
) {
  return zcust(['import', file, '--base-url', s.url, ...extra], { cwd: dir, env });
}

function everyFileIn(folder: string): string {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

const tempFilesIn = (folder: string) => readdirSync(folder).filter((f) => f.endsWith('.tmp'));

/** Rows of the imports signalledImport stops, each answered only after a second. */
const SLOW_ROWS = 100;

/**
 * How each signal after the first is sent: `again`, as a person sends it again, told that the one before was
 * taken and past the window in which the same signal is a copy of it; `taken`, as soon as the one before was
 * said to be taken (a copy a busy event loop handles late); `at once`, right after it (GNU timeout's two).
 */
type Following = 'again' | 'taken' | 'at once';

/**
 * Imports SLOW_ROWS rows, each answered after a second, with -q and `extra`, and sends `signals` once requests
 * are in flight (after `beforeSignals`), each `following` the one before (`again` unless told). With
 * `stderrGone`, stderr's pipe is closed first (so one signal only: nothing says it was taken).
 */
async function signalledImport(
  signals: NodeJS.Signals[],
  extra: string[],
  options: { stderrGone?: boolean; beforeSignals?: () => void; following?: Following } = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const { following = 'again' } = options;
  // A signal sent again comes over half a second after the first: the requests in flight must still be waiting
  // then, or the run has ended (exit 3) before it.
  const s = await sandboxWith({ latencyMs: signals.length > 1 && following === 'again' ? 2000 : 1000 });
  writeCustomersCsv(join(dir, 'slow.csv'), SLOW_ROWS);
  const run = spawnZcust(['import', 'slow.csv', '--base-url', s.url, '-q', ...extra], {
    cwd: dir,
    env: ZENSKAR_ENV,
  });
  // Requests in flight, each answered only after a second: the first signal waits for them.
  await until(() => s.stats().requests > 0);
  options.beforeSignals?.();
  if (options.stderrGone) run.child.stderr.destroy();
  for (const [i, signal] of signals.entries()) {
    if (i > 0 && following !== 'at once') {
      await until(() => run.ended() || run.output().stderr.includes('zcust: interrupted by'));
      if (following === 'again') await pastTheRepeatWindow();
    }
    run.child.kill(signal);
  }
  return run.result;
}

describe('zcust import (zenskar)', () => {
  it('creates every valid row of the sample; the sandbox agrees', async () => {
    const s = await sandboxWith();
    const run = await importInto(s, SAMPLE);
    expect(run.code, run.stderr).toBe(0);
    const report = readReport(join(dir, 'customers.report.csv'));
    expect(
      report.every((r) => r.zcust_status === 'created' && /^[0-9a-f-]{36}$/.test(r.zcust_customer_id ?? '')),
    ).toBe(true);
    expect(s.stats().customers).toBe(report.length);
    expect(s.stats().creates).toBe(report.length);
    expect(run.stderr).toMatch(new RegExp(`created ${report.length}`));
  });

  it('--sandbox imports into an embedded sandbox without credentials', async () => {
    const run = await zcust(['import', SAMPLE, '--sandbox'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/sandbox/);
    expect(readReport(join(dir, 'customers.report.csv')).every((r) => r.zcust_status === 'created')).toBe(
      true,
    );
  });

  const lostDigits = (cell: string) =>
    `"${cell}" is a number a spreadsheet wrote in scientific notation, and its other digits were lost: format the column as text in the spreadsheet and export again`;

  // Each file's rows are all invalid_value: two of them share a key a spreadsheet wrote, and are no duplicates.
  it.each<[string, string, string, Array<[number, string]>]>([
    [
      "Excel's error values and scientific notation",
      'excel.csv',
      'Name,Customer ID,Email,Phone,Zip Code,Country\r\n' +
        'Alpha,#N/A,x1@a.example,#VALUE!,#N/A,#N/A\r\n' +
        'Beta,#N/A,x2@a.example,#REF!,,Germany\r\n' +
        'Gamma,1.23457E+11,x3@a.example,4.15E+09,,\r\n' +
        'Delta,1.23457E+11,x4@a.example,,,\r\n',
      [
        [
          0,
          'Customer ID: "#N/A" is a spreadsheet error (a formula that failed), not a value: correct the formula or empty the cell',
        ],
        [2, `Phone: ${lostDigits('4.15E+09')}`],
      ],
    ],
    [
      // German Excel's "CSV (Trennzeichen-getrennt)": semicolons, and a comma before the decimals.
      "German Excel's scientific notation, with a decimal comma",
      'de_excel.csv',
      'Name;Email;Phone;Customer ID\r\n' +
        'Müller GmbH;info@mueller.de;4,91511E+12;1,23457E+11\r\n' +
        'Schmidt AG;info@schmidt.de;;1,23457E+11\r\n' +
        'Dupont SARL;d@dupont.fr;4.91511E+12;\r\n',
      [
        [0, `Phone: ${lostDigits('4,91511E+12')}`],
        [1, `Customer ID: ${lostDigits('1,23457E+11')}`],
        [2, `Phone: ${lostDigits('4.91511E+12')}`],
      ],
    ],
  ])(
    'creates no customer from %s, written in place of values, and pairs no rows on it',
    async (_, file, csv, errors) => {
      const s = await sandboxWith();
      writeFileSync(join(dir, file), csv);
      const run = await importInto(s, join(dir, file));
      expect(run.code, run.stderr).toBe(1);
      expect(s.stats().creates, 'a row of what a spreadsheet wrote was sent').toBe(0);
      const report = readReport(join(dir, file.replace('.csv', '.report.csv')));
      const rows = csv.split('\r\n').length - 2;
      expect(report.map((r) => [r.zcust_row, r.zcust_status, r.zcust_error_code])).toEqual(
        Array.from({ length: rows }, (_, i) => [String(i + 2), 'invalid', 'invalid_value']),
      );
      for (const [index, error] of errors) expect(report[index]?.zcust_error).toContain(error);
    },
  );

  /** Three exports joined (`cat a.csv b.csv c.csv`), the second with a byte-order mark before its header. */
  const JOINED_EXPORTS =
    'Name,Customer ID,Email,City\r\nAlpha Co,A1,a@alpha.example,Boston\r\nBeta Co,A2,,Austin\r\n' +
    '\uFEFFName,Customer ID,Email,City\r\nGamma Co,A3,,Denver\r\n' +
    'Name,Customer ID,Email,City\r\nDelta Co,A4,,Dallas\r\n';
  const REPEATED_HEADER =
    'repeats the header of row 1 (two exports joined into one file?): it is not a customer, so delete this row';

  it.each([
    [['validate'], 'valid'],
    [['import', '--dry-run'], 'valid'],
    [['import', '--sandbox'], 'created'],
  ])(
    '%j reports a header repeated among the rows as invalid, with that alone, exit 1',
    async (command, ok) => {
      writeFileSync(join(dir, 'joined.csv'), JOINED_EXPORTS);
      const run = await zcust([...command, 'joined.csv'], { cwd: dir });
      expect(run.code, run.stderr).toBe(1);
      const report = readReport(join(dir, 'joined.report.csv'));
      expect(report.map((r) => [r.zcust_row, r.zcust_status, r.zcust_error_code, r.zcust_error])).toEqual([
        ['2', ok, '', ''],
        ['3', ok, '', ''],
        ['4', 'invalid', 'invalid_value', REPEATED_HEADER],
        ['5', ok, '', ''],
        ['6', 'invalid', 'invalid_value', REPEATED_HEADER],
        ['7', ok, '', ''],
      ]);
      expect(run.stderr).toContain(`row 4: ${REPEATED_HEADER}`);
    },
  );

  it('creates no customer of a header repeated among the rows, though no check of its cells fails', async () => {
    const s = await sandboxWith();
    // No Email column, whose "Email" would have been refused: "Name" with Customer ID "Customer ID" was created.
    writeFileSync(
      join(dir, 'two_exports.csv'),
      'Name,Customer ID,Phone,City\r\nAlpha Co,A1,+1 555 0101,Boston\r\nBeta Co,A2,,Austin\r\n' +
        'Name,Customer ID,Phone,City\r\nGamma Co,A3,,Denver\r\n',
    );
    const run = await importInto(s, join(dir, 'two_exports.csv'));
    expect(run.code, run.stderr).toBe(1);
    const names = (s.customers() as Array<{ customer_name?: string }>).map((c) => c.customer_name);
    expect(names, 'the repeated header was created as a customer').toEqual([
      'Alpha Co',
      'Beta Co',
      'Gamma Co',
    ]);
  });

  it("creates no customer of a second Excel export's sep= line, but reports it invalid", async () => {
    const s = await sandboxWith();
    // `cat a.csv b.csv` of two exports that start with `sep=;`, the second behind its byte-order mark.
    const excelExport = (name: string, email: string, mark = '') =>
      `${mark}sep=;\r\nName;Email\r\n${name};${email}\r\n`;
    writeFileSync(
      join(dir, 'joined_excel.csv'),
      excelExport('Acme', 'a@acme.example') +
        excelExport('Beta', 'b@beta.example', '\uFEFF') +
        excelExport('Gamma', 'g@gamma.example'),
    );
    const run = await importInto(s, join(dir, 'joined_excel.csv'));
    expect(run.code, run.stderr).toBe(1);
    const names = (s.customers() as Array<{ customer_name?: string }>).map((c) => c.customer_name).sort();
    expect(names, 'a sep= line was created as a customer').toEqual(['Acme', 'Beta', 'Gamma']);
    const sepRow =
      'is Excel\'s "sep=;" line of another export (two exports joined into one file?): it is not a customer, so delete this row';
    const report = readReport(join(dir, 'joined_excel.report.csv'));
    expect(report.map((r) => [r.zcust_row, r.zcust_status, r.zcust_error])).toEqual([
      ['2', 'created', ''],
      ['3', 'invalid', sepRow],
      ['4', 'invalid', expect.stringMatching(/^repeats the header of row 1 /)],
      ['5', 'created', ''],
      ['6', 'invalid', sepRow],
      ['7', 'invalid', expect.stringMatching(/^repeats the header of row 1 /)],
      ['8', 'created', ''],
    ]);
  });

  it('sends the text of a cell that is Excel\'s text formula (="07030"), warning of it, and any other cell as written', async () => {
    const s = await sandboxWith();
    writeFileSync(
      join(dir, 'eq.csv'),
      'Name,Email,Zip Code,Customer ID\r\nBeta,b@beta.com,"=""07030""","=""00124"""\r\nGamma,g@x.com,a=b,G1\r\n',
    );
    const run = await importInto(s, join(dir, 'eq.csv'));
    expect(run.code, run.stderr).toBe(0);
    const sent = (s.customers() as Array<{ external_id?: string; address?: { zipCode?: string } }>).map(
      (c) => [c.external_id, c.address?.zipCode],
    );
    expect(sent, 'the formula was sent as written').toEqual([
      ['00124', '07030'],
      ['G1', 'a=b'],
    ]);
    const readAs = (column: string, text: string) =>
      `warning: ${column}: read as "${text}": the cell holds ="${text}", Excel's formula for that text, which exports write to keep a value as text (its leading zeros)`;
    const report = readReport(join(dir, 'eq.report.csv'));
    expect(report.map((r) => r.zcust_error)).toEqual([
      `${readAs('Zip Code', '07030')}; ${readAs('Customer ID', '00124')}`,
      '',
    ]);
  });

  it.each([
    [
      'a JSON input’s, where it was a value as written',
      'x.json',
      '[{"Name":"Bad","Customer ID":"=\\"00999\\"","Email":"bad@"}]',
      '="00999"',
    ],
    [
      'a CSV input’s, where it was Excel’s text formula',
      'x.csv',
      'Name,Customer ID,Email\r\nBad,"=""00999""",bad@\r\n',
      '00999',
    ],
  ])(
    'sends the ="00999" of a report, %s, as its first import read it',
    async (_, file, input, external_id) => {
      const s = await sandboxWith();
      writeFileSync(join(dir, file), input);
      expect((await zcust(['validate', file, '--report', 'v1.csv'], { cwd: dir })).code).toBe(1);
      // The report marks the cell '="00999"; the e-mail is fixed in it, as a user fixes a report.
      const report = readFileSync(join(dir, 'v1.csv'), 'utf8');
      writeFileSync(
        join(dir, 'v1.csv'),
        report.replace(',bad@,', ',bad@x.com,').replace(/,bad@$/m, ',bad@x.com'),
      );
      const run = await importInto(s, join(dir, 'v1.csv'));
      expect(run.code, run.stderr).toBe(0);
      const sent = (s.customers() as Array<{ external_id?: string }>).map((c) => c.external_id);
      expect(sent, 'the report imported again changed the Customer ID').toEqual([external_id]);
    },
  );

  // € and “ ” … of a Windows-1252 file read as Latin-1 are C1 controls; a JSON escape may write them too.
  it.each<[string, string, Buffer, string[]]>([
    [
      'a CSV cell read with --encoding latin1',
      'euro_cd.csv',
      Buffer.from(
        'Name,Email,Custom Data\r\nAcme GmbH,billing@acme.de,"{""plan"":""Pro 49 \x80/Monat"",""note"":""Zahlung \x93sofort\x94\x85""}"\r\n',
        'latin1',
      ),
      ['--encoding', 'latin1'],
    ],
    [
      'an NDJSON object, by its escapes',
      'euro_cd.ndjson',
      Buffer.from(
        '{"name":"Acme GmbH","email":"billing@acme.de","custom_data":{"plan":"Pro 49 \\u0080/Monat"}}\n',
      ),
      [],
    ],
  ])(
    'refuses C1 controls in Custom Data from %s, with the text columns’ advice',
    async (_, file, bytes, extra) => {
      const s = await sandboxWith();
      writeFileSync(join(dir, file), bytes);
      const run = await importInto(s, join(dir, file), extra);
      expect(run.code, run.stderr).toBe(1);
      expect(s.stats().creates, 'custom data with C1 controls was sent').toBe(0);
      const [row] = readReport(join(dir, file.replace(/\.\w+$/, '.report.csv')));
      expect([row?.zcust_status, row?.zcust_error_code]).toEqual(['invalid', 'invalid_json']);
      expect(row?.zcust_error).toContain(
        'Custom Data: the value of "plan" holds a control character (U+0080) at character 8: line breaks and tabs may stay here, other control characters may not, so remove it (U+0080–U+009F are what Windows-1252 punctuation such as … “ ” becomes when read as Latin-1: if the file is Windows-1252, read it with --encoding windows-1252)',
      );
    },
  );

  it('sends the Country Code of the country names people write, with no warning', async () => {
    const s = await sandboxWith();
    const names = [
      ['Syria', 'SY'],
      ['Republic of Ireland', 'IE'],
      ['Slovak Republic', 'SK'],
      ['The Bahamas', 'BS'],
      ['British Virgin Islands', 'VG'],
      ['Corea del Sur', 'KR'],
      ['The Gambia', 'GM'],
      ['Burma', 'MM'],
      ['Macedonia', 'MK'],
      ['East Timor', 'TL'],
      ['"Iran, Islamic Republic of"', 'IR'],
      ['Virgin Islands (British)', 'VG'],
      ['Virgin Islands (U.S.)', 'VI'],
      ['Micronesia (Federated States of)', 'FM'],
      ['Taiwan (Province of China)', 'TW'],
      ['Myanmar (Burma)', 'MM'],
    ];
    const rows = names.map(([country], i) => `C${i},c${i}@a.example,${country}`);
    writeFileSync(join(dir, 'countries.csv'), `Name,Email,Country\n${rows.join('\n')}\n`);
    const run = await importInto(s, join(dir, 'countries.csv'));
    expect(run.code, run.stderr).toBe(0);
    const report = readReport(join(dir, 'countries.report.csv'));
    expect(report.map((r) => [r.Country, r.zcust_status, r.zcust_error])).toEqual(
      names.map(([country]) => [country?.replaceAll('"', ''), 'created', '']),
    );
    // The sandbox holds them in the order their creates arrived, which concurrent creates do not fix.
    const sent = (s.customers() as Array<{ address?: { country?: string; country_code?: string } }>)
      .map((c) => [c.address?.country, c.address?.country_code])
      .sort(([a], [b]) => String(a).localeCompare(String(b)));
    expect(sent).toEqual(
      names
        .map(([country, code]) => [country?.replaceAll('"', ''), code])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  });

  // A key copied with a zero-width space cannot go in a header; but these runs never send it.
  const UNSENDABLE_KEY = { ...ZENSKAR_ENV, ZENSKAR_API_KEY: 'zsk\u200bxxxxxxxx' };

  it.each([[['validate']], [['import', '--dry-run']], [['import', '--sandbox']]])(
    '%j is not refused over a credential it never sends',
    async (command) => {
      const run = await zcust([...command, SAMPLE], { cwd: dir, env: UNSENDABLE_KEY });
      expect(run.stderr, 'refused over the unused key').not.toMatch(/U\+200B/);
      expect(run.code, run.stderr).toBe(0);
    },
  );

  it('import refuses that credential before sending anything, naming where it came from', async () => {
    const s = await sandboxWith();
    const run = await importInto(s, SAMPLE, [], UNSENDABLE_KEY);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/ZENSKAR_API_KEY holds U\+200B, which is not a plain ASCII character/);
    expect(s.stats().requests, 'a request was sent').toBe(0);
  });

  // An API key pasted as the organisation went into the journal's header, and the lock's message, in clear.
  const PASTED_KEY = 'zsk_live_PASTED0123456789abcdef';

  it('import refuses an organisation that is no UUID before sending or writing anything, not quoting it', async () => {
    const s = await sandboxWith();
    const run = await importInto(s, SAMPLE, [], { ...ZENSKAR_ENV, ZENSKAR_ORGANISATION: PASTED_KEY });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain("zcust: error: ZENSKAR_ORGANISATION must be the organisation's UUID");
    expect(s.stats().requests, 'a request was sent').toBe(0);
    expect(existsSync(stateDirOf(dir)), 'a journal was written').toBe(false);
    expect(run.stdout + run.stderr, 'the value was quoted').not.toContain(PASTED_KEY);
  });

  // A CI proxy's URL with a password and the key in it: the warning must name the setting, not quote it.
  const LEAKY_URL = 'https://ci:hunter2pass@proxy.example.com/zsk_live_ABCDEFGHIJKLMNOP/';
  const profileWith = (baseUrl: string) =>
    JSON.stringify({ defaultProfile: 'ci', profiles: { ci: { baseUrl } } });

  it.each([
    { silencer: '--quiet', from: '--base-url', args: ['--base-url', LEAKY_URL], env: {}, file: undefined },
    { silencer: '--json', from: '--base-url', args: ['--base-url', LEAKY_URL], env: {}, file: undefined },
    {
      silencer: '--json',
      from: 'ZCUST_BASE_URL',
      args: [],
      env: { ZCUST_BASE_URL: LEAKY_URL },
      file: undefined,
    },
    {
      silencer: '--json',
      from: '"baseUrl" of profile "ci"',
      args: [],
      env: {},
      file: profileWith(LEAKY_URL),
    },
  ])(
    '--sandbox warns that it ignores the base URL of $from without quoting it, and $silencer leaves out the sandbox line',
    async ({ silencer, from, args, env, file }) => {
      if (file !== undefined) writeFileSync(join(dir, 'zcust.config.json'), file);
      const run = await zcust(['import', SAMPLE, '--sandbox', silencer, ...args, '--report', 'q.csv'], {
        cwd: dir,
        env: { ZENSKAR_API_KEY: 'zsk_live_ABCDEFGHIJKLMNOP', ...env },
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe(`zcust: warning: the base URL of ${from} is ignored with --sandbox\n`);
      expect(`${run.stdout}${run.stderr}`, 'the password leaked').not.toContain('hunter2pass');
      expect(`${run.stdout}${run.stderr}`, 'the key leaked').not.toContain('ABCDEFGHIJKLMNOP');
    },
  );

  it('leaves an existing report alone when it refuses to start (exit 2, missing credentials)', async () => {
    writeFileSync(join(dir, 'kept.csv'), 'an earlier report\n');
    const run = await zcust(['import', SAMPLE, '--base-url', 'http://127.0.0.1:1', '--report', 'kept.csv'], {
      cwd: dir,
    });
    expect(run.code).toBe(2);
    expect(readFileSync(join(dir, 'kept.csv'), 'utf8')).toBe('an earlier report\n');
  });

  it('stops with exit 3 when the server is not there, every row still reported', async () => {
    const run = await zcust(['import', SAMPLE, '--base-url', 'http://127.0.0.1:1', '--report', 'down.csv'], {
      cwd: dir,
      env: ZENSKAR_ENV,
    });
    expect(run.code, run.stderr).toBe(3);
    // With 8 rows in flight, the first row to use up its tries stops the run before a tenth row is sent.
    expect(run.stderr).toMatch(
      /no answer from Zenskar: (none of the first 10 rows could connect|row \d+ used up its 6 tries and nothing has answered yet) \(POST \/customers: could not reach the server, nothing was sent: .*ECONNREFUSED/,
    );
    const report = readReport(join(dir, 'down.csv'));
    expect(report.length).toBeGreaterThanOrEqual(12);
    expect(report.every((r) => r.zcust_status === 'failed' || r.zcust_status === 'not_attempted')).toBe(true);
  });

  // "Check --base-url, --timeout" was said when neither flag was given: the URL was ZCUST_BASE_URL's, or a profile's.
  // A refused connection waited for no timeout, which is not named (the unit tests of stops.test.ts name it).
  it.each([
    {
      given: '--base-url',
      args: ['--base-url', 'http://127.0.0.1:1'],
      env: {},
      profile: false,
      origins: 'the base URL came from --base-url',
    },
    {
      given: 'ZCUST_BASE_URL and --timeout',
      args: ['--timeout', '5000'],
      env: { ZCUST_BASE_URL: 'http://127.0.0.1:1' },
      profile: false,
      origins: 'the base URL came from ZCUST_BASE_URL',
    },
    {
      given: 'a profile',
      args: ['--profile', 'p'],
      env: {},
      profile: true,
      origins: 'the base URL came from "baseUrl" of profile "p" in zcust.config.json',
    },
  ])(
    'says where the base URL came from ($given), and no timeout, when every try was refused',
    async ({ args, env, profile, origins }) => {
      const config = join(dir, 'zcust.config.json');
      if (profile) {
        writeFileSync(
          config,
          JSON.stringify({ profiles: { p: { baseUrl: 'http://127.0.0.1:1', timeout: 4000 } } }),
        );
      }
      writeFileSync(join(dir, 'one.csv'), 'Name,Email\nA,a@x.example\n');
      const run = await zcust(['import', 'one.csv', '--retries', '0', '--json', ...args], {
        cwd: dir,
        env: { ...ZENSKAR_ENV, ...env },
      });
      expect(run.code, run.stderr).toBe(3);
      const { aborted } = JSON.parse(run.stdout);
      expect(aborted, 'the advice at the end of the stop').toMatch(
        /nothing was sent\. Check the base URL and the network, then run the import again; /,
      );
      expect(aborted.split('; ').at(-1)).toBe(origins);
    },
  );

  it('stops with exit 3 when --base-url is a port that speaks another protocol, every row still reported', async () => {
    // An SSH port: undici's parser error was an internal error, exit 70, with no report at all.
    const ssh = await startTcpServer('SSH-2.0-OpenSSH_9.6\r\n');
    try {
      const run = await zcust(
        ['import', SAMPLE, '--base-url', ssh.origin, '--retries', '1', '--report', 'ssh.csv'],
        {
          cwd: dir,
          env: ZENSKAR_ENV,
        },
      );
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toMatch(
        /no answer from Zenskar: (none of the first 10 rows could connect|row \d+ used up its 2 tries and nothing has answered yet) .*the answer was not HTTP/,
      );
      const statuses = readReport(join(dir, 'ssh.csv')).map((r) => `${r.zcust_status} ${r.zcust_error_code}`);
      // The creates were written to whatever listens: their outcome is unknown, never a plain failure to re-send.
      // Rows go out in file order, so those sent come first: at least the 8 in flight at once, and any sent
      // before the stop (a matter of timing); the rest were never sent.
      const sent = statuses.findIndex((s) => s !== 'failed unknown_outcome');
      const unknown = sent === -1 ? statuses.length : sent;
      expect(unknown, `rows sent, in order: ${statuses.join(', ')}`).toBeGreaterThanOrEqual(8);
      expect(new Set(statuses.slice(unknown)), 'rows after those sent').toEqual(
        new Set(unknown === statuses.length ? [] : ['not_attempted ']),
      );
      expect(statuses, 'every row of the sample, once').toHaveLength(18);
    } finally {
      await ssh.close();
    }
  });

  // Each was retried six times a row and ended in "Check --base-url, --timeout and the network".
  it.each([
    {
      what: 'https:// to a plain-http server (the sandbox)',
      start: () => startServer(() => {}),
      hint: 'wrong version number (ERR_SSL_WRONG_VERSION_NUMBER); the server does not speak TLS on this port: is the URL http://?',
    },
    {
      what: 'a self-signed certificate',
      start: startSelfSignedServer,
      hint: "self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT); the server's certificate is self-signed, which Node does not trust: NODE_EXTRA_CA_CERTS=FILE (a PEM file) adds a CA that Node trusts",
    },
  ])(
    'stops at the first TLS handshake that fails ($what), not retried, saying what to do (exit 3)',
    async ({ start, hint }) => {
      const server = await start();
      try {
        const baseUrl = server.origin.replace('http:', 'https:');
        const run = await zcust(
          ['import', SAMPLE, '--base-url', baseUrl, '--concurrency', '1', '--json', '--report', 'tls.csv'],
          { cwd: dir, env: ZENSKAR_ENV },
        );
        expect(run.code, run.stderr).toBe(3);
        expect(JSON.parse(run.stdout).aborted).toBe(
          `POST /customers: the TLS handshake failed, so nothing was sent (not retried: every request would fail alike): ${hint}`,
        );
        expect(server.sockets(), 'connections made: the row was retried').toBe(1);
        const report = readReport(join(dir, 'tls.csv'));
        expect(report.map((r) => `${r.zcust_status} ${r.zcust_error_code}`)).toEqual([
          'failed network_error',
          ...Array(17).fill('not_attempted '),
        ]);
      } finally {
        await server.close();
      }
    },
  );

  // zcust connects directly: behind a proxy, "getaddrinfo ENOTFOUND" alone left the user guessing.
  const NO_PROXY_SET = {
    HTTPS_PROXY: '',
    https_proxy: '',
    HTTP_PROXY: '',
    http_proxy: '',
    NO_PROXY: '',
    no_proxy: '',
    ALL_PROXY: '',
    all_proxy: '',
  };
  it.each([
    // 0.0.0.0 is no loopback name, yet a connection to it is refused at once on this machine.
    { set: 'HTTPS_PROXY', host: '0.0.0.0', hinted: true },
    { set: 'http_proxy', host: '0.0.0.0', hinted: true },
    { set: 'none', host: '0.0.0.0', hinted: false },
    { set: 'HTTPS_PROXY', host: '127.0.0.1', hinted: false },
  ])(
    'a server at $host not reached, $set set: the stop says zcust does not use proxy variables: $hinted',
    async ({ set, host, hinted }) => {
      const proxy = set === 'none' ? {} : { [set]: 'http://proxy.corp:3128' };
      const run = await zcust(
        [
          'import',
          SAMPLE,
          '--base-url',
          `https://${host}:1`,
          '--retries',
          '0',
          '--json',
          '--report',
          'r.csv',
        ],
        { cwd: dir, env: { ...ZENSKAR_ENV, ...NO_PROXY_SET, ...proxy } },
      );
      expect(run.code, run.stderr).toBe(3);
      const { aborted } = JSON.parse(run.stdout);
      const said = `the network (${set} is set, but zcust does not use proxy variables: it connects directly), then run the import again`;
      if (hinted) expect(aborted).toContain(`${said}; the base URL came from --base-url`);
      else expect(aborted).not.toContain('proxy variables');
    },
  );

  it("refuses a profile's blank baseUrl (exit 2), which sent to production", async () => {
    writeFileSync(
      join(dir, 'zcust.config.json'),
      JSON.stringify({ defaultProfile: 'staging', profiles: { staging: { baseUrl: '   ' } } }),
    );
    const run = await zcust(['import', SAMPLE, '--retries', '0', '--json', '--report', 'blank.csv'], {
      cwd: dir,
      env: ZENSKAR_ENV,
    });
    expect(run.code, run.stderr).toBe(2);
    expect(JSON.parse(run.stdout).error).toBe(
      `"baseUrl" of profile "staging" is empty: give the base URL, or remove the key for zenskar's own (https://api.zenskar.com)`,
    );
    expect(existsSync(join(dir, 'blank.csv')), 'a report was written').toBe(false);
  });

  it('gives the errors sample its row outcomes and exit 1', async () => {
    const s = await sandboxWith();
    const run = await importInto(s, join(SAMPLES, 'customers-with-errors.csv'));
    expect(run.code).toBe(1);
    const report = readReport(join(dir, 'customers-with-errors.report.csv'));
    const expected = ERRORS_SAMPLE_EXPECTED.map((e) => (e.status === 'valid' ? 'created' : e.status));
    expect(report.map((r) => r.zcust_status)).toEqual(expected);
    expect(s.stats().customers).toBe(expected.filter((x) => x === 'created').length);
  });

  it("a second import with --no-resume reports duplicate_email per row, in the API's words", async () => {
    const s = await sandboxWith();
    expect((await importInto(s, SAMPLE)).code).toBe(0);
    const again = await importInto(s, SAMPLE, ['--no-resume']);
    expect(again.code).toBe(1);
    const report = readReport(join(dir, 'customers.report.csv'));
    for (const r of report) {
      expect(r.zcust_status).toBe('failed');
      expect(r.zcust_error_code).toBe('duplicate_email');
      expect(r.zcust_error).toMatch(/already exists/);
    }
  });

  it('re-running the same import creates nothing twice: rows are created, with the ids of the first run', async () => {
    const s = await sandboxWith();
    expect((await importInto(s, SAMPLE)).code).toBe(0);
    const first = readReport(join(dir, 'customers.report.csv'));
    const again = await importInto(s, SAMPLE);
    expect(again.code, again.stderr).toBe(0);
    const second = readReport(join(dir, 'customers.report.csv'));
    expect(second.map((r) => [r.zcust_status, r.zcust_customer_id])).toEqual(
      first.map((r) => ['created', r.zcust_customer_id]),
    );
    expect(s.stats().creates).toBe(first.length);
    expect(s.stats().duplicates).toBe(0);
  });

  it('with 20% 503s and a rate limit every row still ends created', async () => {
    const s = await sandboxWith({ failRate: 0.2, rateLimit: 20, seed: 11 });
    const run = await importInto(s, SAMPLE, ['--concurrency', '4']);
    expect(run.code, run.stderr).toBe(0);
    const report = readReport(join(dir, 'customers.report.csv'));
    expect(report.every((r) => r.zcust_status === 'created')).toBe(true);
    expect(s.stats().injected.failures + s.stats().injected.rateLimited).toBeGreaterThan(0);
    expect(s.stats().customers).toBe(report.length);
  });

  it('a rejected API key aborts with exit 3 after only a handful of requests; the rest are not_attempted', async () => {
    const s = await sandboxWith();
    const run = await importInto(s, SAMPLE, ['--concurrency', '2'], {
      ...ZENSKAR_ENV,
      ZENSKAR_API_KEY: 'wrong-key',
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/rejected|unauthori/i);
    expect(s.stats().requests).toBeLessThanOrEqual(4);
    const report = readReport(join(dir, 'customers.report.csv'));
    expect(report).toHaveLength(18);
    expect(report.filter((r) => r.zcust_status === 'not_attempted').length).toBeGreaterThanOrEqual(14);
    expect(
      report.filter((r) => r.zcust_status === 'failed').every((r) => r.zcust_error_code === 'unauthorized'),
    ).toBe(true);
  });

  // DayZero answers a business id it does not know with the same 404: both are named.
  it.each([
    ['zenskar', [], 'Zenskar has no customers endpoint at this address (HTTP 404'],
    ['dayzero', [], 'DayZero found no customers endpoint (HTTP 404'],
    ['ambiosys', [], 'AmbioSys has no customers endpoint at this address (HTTP 404'],
    ['zenskar', ['--skip-existing'], 'Zenskar has no customers endpoint at this address (HTTP 404'],
  ] as const)(
    'a base URL with a wrong path (%s %j): exit 3 after the creates in flight, saying to check the base URL; the rest are not_attempted',
    async (target, extra, said) => {
      const s = await sandboxWith({ target });
      writeCustomersCsv(join(dir, 'thirty.csv'), 30);
      const run = await zcust(
        [
          'import',
          'thirty.csv',
          '--target',
          target,
          '--base-url',
          `${s.url}/api`,
          '--concurrency',
          '2',
          ...extra,
        ],
        { cwd: dir, env: SANDBOX_ENV[target] },
      );
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toContain(said);
      expect(run.stderr).toContain('check the base URL');
      expect(run.stderr).toContain('the base URL came from --base-url');
      expect(s.stats().requests, 'requests sent to an address with no endpoint').toBeLessThanOrEqual(2);
      const report = readReport(join(dir, 'thirty.report.csv'));
      expect(report).toHaveLength(30);
      expect(report.filter((r) => r.zcust_status === 'not_attempted').length).toBeGreaterThanOrEqual(28);
      expect(s.stats().customers).toBe(0);
    },
  );

  describe('a default profile for another target than --target asks for', () => {
    const DAYZERO_PROFILE = { target: 'dayzero', apiKey: 'dz_live_0123456789abcdef', businessId: 'biz-123' };
    const withProfile = () => {
      writeFileSync(
        join(dir, 'zcust.config.json'),
        JSON.stringify({ defaultProfile: 'dz', profiles: { dz: DAYZERO_PROFILE } }),
      );
    };

    it.each([
      [['validate', SAMPLE, '--target', 'zenskar']],
      [['import', SAMPLE, '--target', 'zenskar', '--dry-run']],
      [['import', SAMPLE, '--target', 'zenskar', '--sandbox']],
    ])('does not stop %j, which sends it nowhere', async (args) => {
      withProfile();
      const run = await zcust(args, { cwd: dir, env: {} });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout + run.stderr).not.toContain(DAYZERO_PROFILE.apiKey);
    });
  });

  describe("the file's default profile for another platform than the one asked for", () => {
    // QA's: a Zenskar default with its key, and an import into DayZero set up whole by variables and flags.
    const ZENSKAR_KEY = 'zsk_prod_key_abcdef0123';
    /** Imports dz.csv into a DayZero sandbox with its credentials (and `env`), beside a Zenskar default. */
    const importIntoDayZero = async (flags: string[], env: Record<string, string> = {}) => {
      writeFileSync(
        join(dir, 'zcust.config.json'),
        JSON.stringify({
          defaultProfile: 'zen',
          profiles: {
            zen: { target: 'zenskar', apiKey: ZENSKAR_KEY, organisation: ZENSKAR_ENV.ZENSKAR_ORGANISATION },
          },
        }),
      );
      writeFileSync(join(dir, 'dz.csv'), 'Name,Email\nDZ One,dz1@acme.com\n');
      const s = await sandboxWith({ target: 'dayzero' });
      return { s, run: await importInto(s, 'dz.csv', flags, { ...SANDBOX_ENV.dayzero, ...env }) };
    };

    // It stopped the import (exit 2), and its advice, "drop --target", sent the file to the Zenskar tenant.
    it.each<[string, string[], Record<string, string>]>([
      ['--target', ['--target', 'dayzero'], {}],
      ['ZCUST_TARGET', [], { ZCUST_TARGET: 'dayzero' }],
    ])(
      'is left out when %s asks for DayZero: the import sends with what was given, warned once',
      async (by, flags, env) => {
        const { s, run } = await importIntoDayZero([...flags, '--json'], env);
        expect(run.code, run.stderr).toBe(0);
        expect(JSON.parse(run.stdout)).toMatchObject({ target: 'dayzero', counts: { created: 1 } });
        expect(run.stderr).toBe(
          `zcust: warning: defaultProfile "zen" of zcust.config.json is for zenskar, but ${by} asks for dayzero: using no profile (--profile names one)\n`,
        );
        expect(JSON.stringify(s.requests()), "the Zenskar profile's key sent").not.toContain(ZENSKAR_KEY);
      },
    );

    it.each<[string, string[], Record<string, string>]>([
      ['--profile', ['--profile', 'zen'], {}],
      ['ZCUST_PROFILE', [], { ZCUST_PROFILE: 'zen' }],
    ])(
      'named by %s, stops the import (exit 2, nothing sent), advising nothing that sends it elsewhere',
      async (source, flags, env) => {
        const { s, run } = await importIntoDayZero(['--target', 'dayzero', ...flags], env);
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr).toContain(
          `zcust: error: ${source}: profile "zen" is for zenskar, but --target asks for dayzero`,
        );
        expect(run.stderr).toContain('--no-profile');
        expect(run.stderr).not.toContain('drop');
        expect(s.stats().requests).toBe(0);
      },
    );

    it('--no-profile sends with what was given, over a ZCUST_PROFILE for the other platform', async () => {
      const { s, run } = await importIntoDayZero(['--target', 'dayzero', '--no-profile'], {
        ZCUST_PROFILE: 'zen',
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toMatch(/warning|error/);
      expect(s.stats().customers).toBe(1);
    });
  });

  it.each([['--quiet'], ['--json']])(
    'with %s, why the run stopped still reaches stderr (a CI log keeps only stderr)',
    async (flag) => {
      const s = await sandboxWith();
      const run = await importInto(s, SAMPLE, [flag, '--concurrency', '1'], {
        ...ZENSKAR_ENV,
        ZENSKAR_API_KEY: 'wrong-key',
      });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/rejected \(HTTP 401\)/);
    },
  );

  it('--fail-fast stops at the first failed row with exit 3', async () => {
    const s = await sandboxWith();
    await importInto(s, SAMPLE);
    const run = await importInto(s, SAMPLE, ['--no-resume', '--fail-fast', '--concurrency', '1']);
    expect(run.code).toBe(3);
    const report = readReport(join(dir, 'customers.report.csv'));
    expect(report[0]?.zcust_status).toBe('failed');
    expect(report.slice(1).every((r) => r.zcust_status === 'not_attempted')).toBe(true);
  });

  it('missing credentials: exit 2 naming the variable to set, nothing sent', async () => {
    const s = await sandboxWith();
    const run = await importInto(s, SAMPLE, [], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ZENSKAR_API_KEY');
    expect(run.stderr).toContain('ZENSKAR_ORGANISATION');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(s.stats().requests).toBe(0);
  });

  it('an Excel workbook given as input: exit 2 saying to save it as CSV, nothing sent', async () => {
    const s = await sandboxWith();
    writeFileSync(join(dir, 'customers.xlsx'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]));
    const run = await importInto(s, 'customers.xlsx');
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(
      /customers\.xlsx is an Excel workbook .* save it as "CSV UTF-8 \(Comma delimited\)"/,
    );
    expect(s.stats().requests, 'a request was sent').toBe(0);
  });

  it('a JSON file that holds no array (jq -c output): exit 2 saying to read it as NDJSON, nothing sent', async () => {
    const s = await sandboxWith();
    writeFileSync(join(dir, 'export.json'), '{"Name":"Acme","Email":"ap@acme.example"}\n');
    const run = await importInto(s, 'export.json');
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/^zcust: error: export\.json does not hold a JSON array .* --format ndjson;/);
    expect(s.stats().requests, 'a request was sent').toBe(0);
  });

  it('a state directory it cannot use: exit 2 naming it and the setting, nothing sent', async () => {
    const s = await sandboxWith();
    // A path below the sample file: no directory can be made there.
    const run = await importInto(s, SAMPLE, ['--state-dir', join(SAMPLE, 'state')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `cannot keep the resume journal in "${join(SAMPLE, 'state')}": not a directory`,
    );
    expect(run.stderr).toContain('--state-dir or ZCUST_STATE_DIR');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(s.stats().requests).toBe(0);
  });

  it('refuses plain http to a host that is not loopback', async () => {
    const run = await zcust(['import', SAMPLE, '--base-url', 'http://api.example.com'], {
      cwd: dir,
      env: ZENSKAR_ENV,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/plain http/);
  });

  it('every request body it sends conforms to the OpenAPI slice', async () => {
    const s = await sandboxWith();
    await importInto(s, SAMPLE);
    await importInto(s, join(SAMPLES, 'customers.json'));
    const validate = loadZenskarRequestValidator();
    const posts = s.requests().filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThan(20);
    for (const r of posts) expect(validate(r.body), JSON.stringify(r.body)).toMatchObject({ ok: true });
    expect(
      posts.every(
        (r) =>
          r.headers['user-agent'] === `zcust/${JSON.parse(readFileSync('package.json', 'utf8')).version}`,
      ),
    ).toBe(true);
  });

  it('never prints or stores the API key, even with --api-key on the command line', async () => {
    const s = await sandboxWith({ failRate: 0.3, seed: 5 });
    const key = SANDBOX_CREDENTIALS.zenskar.apiKey;
    const run = await zcust(
      [
        'import',
        SAMPLE,
        '--base-url',
        s.url,
        '--api-key',
        key,
        '--verbose',
        '--report',
        'r.csv',
        '--report',
        'r.json',
        '--report',
        'r.xml',
      ],
      { cwd: dir, env: { ZENSKAR_ORGANISATION: SANDBOX_CREDENTIALS.zenskar.organisation } },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/--api-key on the command line/);
    const everything = `${run.stdout}\n${run.stderr}\n${everyFileIn(dir)}`;
    expect(everything).not.toContain(key);
  });

  it.skipIf(!existsSync('/dev/full'))(
    'finishes the import, its report and its exit code when stderr cannot be written',
    () => {
      // Every stderr write fails (ENOSPC), from the "importing into a sandbox" line on: it crashed the run.
      const full = openSync('/dev/full', 'w');
      try {
        const run = spawnSync(
          process.execPath,
          [BIN, 'import', SAMPLE, '--sandbox', '--report', join(dir, 'stderr-full.csv')],
          { stdio: ['ignore', 'pipe', full] },
        );
        expect(run.status).toBe(0);
        const report = readReport(join(dir, 'stderr-full.csv'));
        expect(report.map((r) => r.zcust_status)).toEqual(report.map(() => 'created'));
        expect(report).toHaveLength(18);
      } finally {
        closeSync(full);
      }
    },
  );

  it('a second Ctrl-C removes the temp files of the JSON and XML reports and leaves no earlier report in place', async () => {
    for (const name of ['r.json', 'r.xml']) writeFileSync(join(dir, name), 'an earlier run');
    const run = await signalledImport(['SIGINT', 'SIGINT'], ['--report', 'r.json', '--report', 'r.xml']);
    expect(run.code, run.stderr).toBe(130);
    expect(tempFilesIn(dir), 'temp files left behind').toEqual([]);
    for (const name of ['r.json', 'r.xml']) {
      expect(readFileSync(join(dir, name), 'utf8'), `${name} passes for this run's report`).toBe('');
    }
  });

  it.each<[NodeJS.Signals[], number]>([
    [['SIGINT', 'SIGINT'], 130],
    [['SIGTERM', 'SIGTERM'], 143],
    [['SIGHUP', 'SIGTERM'], 143],
    [['SIGTERM', 'SIGINT'], 130],
  ])('%j quits at once with 128 + the number of the second signal, %i', async (signals, code) => {
    const run = await signalledImport(signals, ['--report', 'r.json']);
    expect(run.code, `a second ${signals[1]} was not told apart from Ctrl-C: ${run.stderr}`).toBe(code);
    // An import into a tenant keeps a journal (validate, --dry-run and --sandbox do not, and do not say so).
    expect(run.stderr).toContain(
      'zcust: interrupted again: exiting at once; the journal keeps what was done\n',
    );
  });

  // stdout was left empty: `… --json | jq .exit_code` had no answer once the run quit.
  it.each<[NodeJS.Signals[], number, string]>([
    [['SIGINT', 'SIGINT'], 130, 'interrupted again'],
    [['SIGTERM', 'SIGTERM'], 143, 'interrupted again'],
    [['SIGQUIT'], 131, 'quit by SIGQUIT'],
  ])(
    'with --json, %j answers on stdout in the error form, with the exit code %i',
    async (signals, code, why) => {
      const run = await signalledImport(signals, ['--json']);
      expect(run.code, run.stderr).toBe(code);
      expect(run.stdout, 'one line of JSON').toMatch(/^\{.*\}\n$/);
      expect(JSON.parse(run.stdout)).toEqual({
        command: 'import',
        error: `${why}: exiting at once; the journal keeps what was done`,
        exit_code: code,
      });
    },
  );

  it.each<[string, Following]>([
    // GNU timeout (without --foreground) signals zcust, then its own process group: microseconds apart.
    ['back to back, as GNU timeout sends them,', 'at once'],
    // npm run's forwarded copy, or a copy a busy event loop handles an iteration later.
    ['the second as soon as the first was taken,', 'taken'],
  ])(
    'two SIGTERMs %s are one: requests in flight finish, every row is in each report, exit 3',
    async (_, following) => {
      const run = await signalledImport(
        ['SIGTERM', 'SIGTERM'],
        ['--json', '--report', 'r.csv', '--report', 'r.json'],
        { following },
      );
      expect(run.code, `the copy was taken for a second SIGTERM: ${run.stderr}`).toBe(3);
      expect(run.stderr).not.toContain('interrupted again');
      expect(JSON.parse(run.stdout), 'the --json summary').toMatchObject({
        aborted: 'interrupted by SIGTERM',
        exit_code: 3,
      });
      expect(readReport(join(dir, 'r.csv')), 'rows in the CSV report').toHaveLength(SLOW_ROWS);
      const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
      expect(report.rows, 'rows in the JSON report').toHaveLength(SLOW_ROWS);
      expect(report.summary.counts.not_attempted, 'rows the stop kept from being sent').toBeGreaterThan(0);
    },
  );

  it('SIGQUIT (Ctrl-\\) quits at once with 131, leaving no temp file, no lock and no earlier report behind', async () => {
    writeFileSync(join(dir, 'r.json'), 'an earlier run');
    const run = await signalledImport(['SIGQUIT'], ['--report', 'r.json']);
    // Left to Node's default, SIGQUIT ended the process there and then: a core dump's exit, the JSON report's
    // temp file and the lock left behind, the earlier report passing for this run's.
    expect(run.signal, 'ended by the signal itself').toBeNull();
    expect(run.code, run.stderr).toBe(131);
    expect(run.stderr).toContain(
      'zcust: quit by SIGQUIT: exiting at once; the journal keeps what was done\n',
    );
    expect(tempFilesIn(dir), 'temp files left behind').toEqual([]);
    expect(readFileSync(join(dir, 'r.json'), 'utf8'), "r.json passes for this run's report").toBe('');
    const locks = readdirSync(stateDirOf(dir)).filter((f) => f.endsWith('.lock'));
    expect(locks, 'the lock left behind').toEqual([]);
  });

  it.each<NodeJS.Signals>(['SIGINT', 'SIGTERM'])(
    'one %s while --fail-fast winds the run down is a first signal: requests in flight finish, the report is written, exit 3',
    async (signal) => {
      // The first create is refused; the others are held until released, in flight while the stop winds down.
      const held: Array<() => void> = [];
      let posts = 0;
      const server = await startServer((req, res) => {
        if (req.method !== 'POST') return sendJson(res, 200, { data: [], next: null });
        posts += 1;
        if (posts === 1) return sendJson(res, 422, { status_code: 422, message: 'refused' });
        held.push(() =>
          sendJson(res, 200, { id: `00000000-0000-4000-8000-${String(posts).padStart(12, '0')}` }),
        );
      });
      try {
        writeCustomersCsv(join(dir, 'ff.csv'), 30);
        const run = spawnZcust(
          [
            'import',
            'ff.csv',
            '--base-url',
            server.origin,
            '--fail-fast',
            '--concurrency',
            '4',
            '--retries',
            '0',
          ],
          { cwd: dir, env: ZENSKAR_ENV },
        );
        await until(() => held.length >= 3 || run.ended());
        // Time for the refusal to stop the run (--fail-fast) before the signal comes.
        await new Promise((resolve) => setTimeout(resolve, 500));
        run.child.kill(signal);
        await new Promise((resolve) => setTimeout(resolve, 300));
        for (const answer of held.splice(0)) answer();
        const result = await run.result;
        expect(result.stderr, 'taken for a second signal').not.toContain('interrupted again');
        expect(result.code, result.stderr).toBe(3);
        const statuses = readReport(join(dir, 'ff.report.csv')).map((r) => r.zcust_status);
        expect(statuses, 'every row in the report').toHaveLength(30);
        expect(statuses[0]).toBe('failed');
      } finally {
        await server.close();
      }
    },
    30_000,
  );

  it.each<[string, NodeJS.Signals[], { stderrGone?: boolean }]>([
    ['SIGHUP', ['SIGHUP'], {}],
    // A closed terminal sends two (the kernel to the job, the shell to its jobs as it exits).
    ['SIGHUP twice', ['SIGHUP', 'SIGHUP'], {}],
    // After a hang-up what zcust says cannot be written (EPIPE here, EIO on a terminal): the run goes on.
    ['SIGHUP, stderr gone', ['SIGHUP'], { stderrGone: true }],
  ])(
    '%s: requests in flight finish, every row is in the report and the run exits 3',
    async (_, signals, options) => {
      const run = await signalledImport(signals, ['--report', 'r.json'], options);
      expect(run.code, `ended by ${run.signal ?? run.code}: ${run.stderr}`).toBe(3);
      const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
      expect(report.summary.aborted).toBe('interrupted by SIGHUP');
      expect(report.rows).toHaveLength(SLOW_ROWS);
      expect(report.summary.counts.not_attempted).toBeGreaterThan(0);
      expect(tempFilesIn(dir), 'temp files left behind').toEqual([]);
    },
  );

  it('a JSON report that cannot be written at the end of a run stopped by Ctrl-C is named in aborted and on stderr, not listed', async () => {
    const run = await signalledImport(['SIGINT'], ['--json', '--report', 'r.json', '--report', 'r.csv'], {
      // Where the JSON report goes, written only at the end.
      beforeSignals: () => mkdirSync(join(dir, 'r.json')),
    });
    expect(run.code, run.stderr).toBe(3);
    const failure = 'cannot write the report "r.json": it is a directory';
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({
      aborted: `interrupted by the user (Ctrl-C); ${failure}`,
      reports: [join(dir, 'r.csv')],
    });
    expect(run.stderr.split('\n'), 'stderr does not say why the JSON report is missing').toContain(
      `zcust: ${failure}`,
    );
    expect(tempFilesIn(dir), 'temp files left behind').toEqual([]);
  });

  it.skipIf(spawnSync('python3', ['-c', 'import pty']).status !== 0)(
    'a terminal that closes (a hang-up) ends the run with its report and exit 3, not a crash on the way out',
    async () => {
      const s = await sandboxWith({ latencyMs: 1000 });
      writeCustomersCsv(join(dir, 'slow.csv'), SLOW_ROWS);
      // zcust on a terminal of its own, which is closed when a line comes on standard input; prints its exit code.
      const script = [
        'import os, pty, select, sys',
        'pid, fd = pty.fork()',
        'if pid == 0: os.execv(sys.argv[1], sys.argv[1:])',
        'while 0 not in select.select([fd, 0], [], [])[0]:',
        '    try: os.read(fd, 65536)',
        '    except OSError: break',
        'os.close(fd)',
        'print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))',
      ].join('\n');
      const args = [BIN, 'import', 'slow.csv', '--base-url', s.url, '--report', 'r.json'];
      const child = spawn('python3', ['-c', script, process.execPath, ...args], {
        cwd: dir,
        env: cleanEnv(ZENSKAR_ENV, dir),
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      let stdout = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      const closed = new Promise((resolve) => child.on('close', resolve));
      await until(() => s.stats().requests > 0);
      child.stdin.end('hang up\n');
      await closed;
      expect(stdout.trim(), 'exit code (negative: the signal that ended it)').toBe('3');
      const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
      expect(report.summary.aborted).toBe('interrupted by SIGHUP');
      expect(report.rows).toHaveLength(SLOW_ROWS);
    },
  );

  it('--json prints only the summary on stdout', async () => {
    const s = await sandboxWith();
    const run = await importInto(s, SAMPLE, ['--json']);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ command: 'import', target: 'zenskar', exit_code: 0 });
    expect(summary.counts.created).toBe(18);
  });

  it('--skip-existing marks customers already in the tenant as skipped with their ids, in few lookups', async () => {
    const s = await sandboxWith();
    const { stringify } = await import('csv-stringify/sync');
    const { parse } = await import('csv-parse/sync');
    const records = parse(readFileSync(SAMPLE, 'utf8')) as string[][];
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'half.csv'), stringify(records.slice(0, 10)));
    expect((await importInto(s, 'half.csv')).code).toBe(0);
    const before = s.stats();
    const run = await importInto(s, SAMPLE, ['--skip-existing', '--no-resume']);
    expect(run.code, run.stderr).toBe(0);
    const report = readReport(join(dir, 'customers.report.csv'));
    expect(
      report
        .slice(0, 9)
        .every((r) => r.zcust_status === 'skipped' && r.zcust_error_code === 'already_exists'),
    ).toBe(true);
    expect(report.slice(9).every((r) => r.zcust_status === 'created')).toBe(true);
    const after = s.stats();
    expect(after.duplicates).toBe(0);
    expect(after.lookups - before.lookups).toBeLessThanOrEqual(2);
  });
});

describe('zcust import: headers as CRMs and spreadsheets export them', () => {
  /** Imports `text` as `file` with -q and `args`: the run, and the columns these files carry of what was stored. */
  async function importFile(file: string, text: string, args: string[]) {
    const s = await sandboxWith();
    writeFileSync(join(dir, file), text);
    const run = await importInto(s, file, ['-q', ...args]);
    const stored = s.customers() as Array<Record<string, unknown>>;
    const customers = stored.map(({ customer_name, external_id, email }) => ({
      customer_name,
      external_id,
      email,
    }));
    return { run, customers, stored };
  }
  const importCsv = (text: string, args: string[]) => importFile('crm.csv', text, args);

  it.each([
    ['a zero-width space after Email', 'Name,Email\u200b,Customer ID', []],
    ['a left-to-right mark before Name', '\u200eName,Email,Customer ID', []],
    ['a soft hyphen in Email', 'Name,E\u00admail,Customer ID', []],
    ['a word joiner after Email, named by --map', 'Name,Email\u2060,Customer ID', ['--map', 'Email=Email']],
  ])('stores every column of a header holding %s, warning of nothing', async (_, header, map) => {
    const { run, customers } = await importCsv(`${header}\r\nAcme,ap@acme.example,C1\r\n`, map);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(customers).toEqual([{ customer_name: 'Acme', external_id: 'C1', email: 'ap@acme.example' }]);
  });

  const COMPANY_IS_NAME =
    'zcust: warning: --map "Company=Name": columns 2 ("Company") and 1 ("Name") both mean Name; column 1 is ignored';
  it.each([
    [
      'feeds both columns of one header --map sends to two',
      ['Company=Name', 'Company=Customer ID'],
      { customer_name: 'Acme Corp', external_id: 'Acme Corp', email: 'ap@acme.example' },
      [COMPANY_IS_NAME],
    ],
    [
      'warns when --map takes the only Email column away from Email',
      ['Company=Name', 'Email=Customer ID'],
      { customer_name: 'Acme Corp', external_id: 'ap@acme.example', email: null },
      [
        COMPANY_IS_NAME,
        `zcust: warning: --map "Email=Customer ID": the file's column "Email" now feeds Customer ID, so no column feeds Email; add --map "Email=Email" if it should feed Email too`,
      ],
    ],
  ])('%s', async (_, entries, customer, warnings) => {
    const contacts = 'Name,Company,Email\r\nJohn Contact,Acme Corp,ap@acme.example\r\n';
    const { run, customers } = await importCsv(
      contacts,
      entries.flatMap((entry) => ['--map', entry]),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual(warnings);
    expect(customers).toEqual([customer]);
  });

  const CONTACT = '{"Name":"Jane Smith","Company":"Acme GmbH","Email":"jane@acme.example"}';
  it.each([
    ['contacts.json', `[${CONTACT}]`],
    ['contacts.ndjson', `${CONTACT}\n`],
  ])(
    'lets --map win over a key that matches the column by itself in %s, as in a CSV file',
    async (file, text) => {
      const { run, customers } = await importFile(file, text, ['--map', 'Company=Name']);
      expect(run.code, run.stderr).toBe(0);
      expect(customers, 'the key --map names did not win').toEqual([
        { customer_name: 'Acme GmbH', external_id: null, email: 'jane@acme.example' },
      ]);
      expect(run.stderr).toBe(
        'zcust: warning: --map "Company=Name": the keys "Company" and "Name" of one object both mean Name (first in row 2); "Name" is ignored\n',
      );
    },
  );

  it("stores a JSON address's parts named as their flat headers are, address.Province as the State and ship_to_address.Province as the ship-to State", async () => {
    const customer = {
      Name: 'Acme',
      Email: 'ap@acme.example',
      address: {
        'Address 1': '24 Sussex Dr',
        Province: 'ON',
        'Postal Code': 'K1M 1M4',
        'Country Name': 'Canada',
      },
      ship_to_address: { 'Address 1': '1 Harbour Rd', Province: 'BC', 'Country Name': 'Canada' },
    };
    const { run, stored } = await importFile('crm.json', JSON.stringify([customer]), []);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr, 'no key may be ignored').toBe('');
    expect(stored[0]).toMatchObject({
      address: { line1: '24 Sussex Dr', state: 'ON', zipCode: 'K1M 1M4', country: 'Canada' },
      ship_to_address: { line1: '1 Harbour Rd', state: 'BC', country: 'Canada' },
    });
  });

  it.each([
    ['three columns', 'Name, Vorname;E-Mail;Telefon\r\nMüller, Hans;hans@mueller.example;030 1234\r\n'],
    [
      'two columns, as many commas as semicolons',
      'Name, Vorname;E-Mail\r\nMüller, Hans;hans@mueller.example\r\n',
    ],
  ])(
    'imports nothing from a header whose Name cell is "Name, Vorname" (%s), advising the --map entry that imports it',
    async (_, text) => {
      const unmapped = await importFile('kunden.csv', text, []);
      expect(unmapped.customers, 'read at the comma: a cut-off name, no e-mail').toEqual([]);
      expect(unmapped.run.stderr).toContain('or name the column with --map "Name, Vorname=Name"\n');
      const entry = /--map "(.+)"\n/.exec(unmapped.run.stderr)?.[1] ?? 'no --map advised';
      const { run, customers } = await importFile('kunden.csv', text, ['--map', entry]);
      expect(run.code, run.stderr).toBe(0);
      expect(customers).toEqual([
        { customer_name: 'Müller, Hans', external_id: null, email: 'hans@mueller.example' },
      ]);
    },
  );

  it.each([
    ['contacts.json', '[{"Name":"Acme","email":"ap@acme.example"}]'],
    ['contacts.ndjson', '{"Name":"Acme","email":"ap@acme.example"}\n'],
  ])(
    'warns, as of a CSV header, when --map takes the only e-mail key of %s away from Email',
    async (file, text) => {
      const { run, customers } = await importFile(file, text, ['--map', 'email=Customer ID']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe(
        'zcust: warning: --map "email=Customer ID": the key "email" now feeds Customer ID, so no key feeds Email (first in row 2); add --map "email=Email" if it should feed Email too\n',
      );
      expect(customers).toEqual([{ customer_name: 'Acme', external_id: 'ap@acme.example', email: null }]);
    },
  );

  it('sends mongoexport\'s {"$oid":…}, named by --map, as the Customer ID it wraps', async () => {
    const line = '{"_id":{"$oid":"5f1d7a3c9b1e8a2f4c6d8e0a"},"Name":"Acme","Email":"ap@acme.example"}\n';
    const { run, customers } = await importFile('mongo.ndjson', line, ['--map', '_id=Customer ID']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(customers).toEqual([
      { customer_name: 'Acme', external_id: '5f1d7a3c9b1e8a2f4c6d8e0a', email: 'ap@acme.example' },
    ]);
  });

  it('lets --map name one of two headers that differ by a hyphen, the other keeping its column', async () => {
    const { run, customers } = await importCsv('Name,Email,E-mail\r\nAcme,billing@acme.example,CUST-42\r\n', [
      '--map',
      'E-mail=Customer ID',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(customers).toEqual([
      { customer_name: 'Acme', external_id: 'CUST-42', email: 'billing@acme.example' },
    ]);
  });

  it('refuses an --map entry that may mean either of two headers, naming both, and sends nothing', async () => {
    const { run, customers } = await importCsv(
      'Name,E-mail,E.mail\r\nAcme,billing@acme.example,CUST-42\r\n',
      ['--map', 'E_mail=Customer ID'],
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'zcust: error: --map "E_mail=Customer ID": "E_mail" may mean column 2 ("E-mail") or column 3 ("E.mail"); write the header as the file spells it\n',
    );
    expect(customers).toEqual([]);
  });
});

describe('zcust import: numeric flags', () => {
  it.each([
    ['--rate', '-1', 'expected a number at least 0.01', '-1'],
    ['--rate', '0x1', 'expected a number at least 0.01', 'text'],
    // Infinity passed the minimum and reached the rate limiter: an internal error, exit 70.
    ['--rate', '1e400', 'expected a finite number at least 0.01', '1e400'],
    ['--rate', '1.8e308', 'expected a finite number at least 0.01', '1.8e308'],
    ['--concurrency', '0x10', 'expected a whole number ≥ 1', 'text'],
    ['--concurrency', '2.5', 'expected a whole number ≥ 1', '2.5'],
    ['--retries', '', 'expected a whole number ≥ 0', 'nothing'],
  ])('refuses %s %j with exit 2, saying what it takes', async (flag, value, expected, got) => {
    const run = await zcust(['import', SAMPLE, '--dry-run', flag, value], { cwd: dir });
    expect(run.code, `${flag} ${JSON.stringify(value)} was taken`).toBe(2);
    expect(run.stderr).toContain(`argument is invalid: ${expected}`);
    expect(run.stderr).toContain(`(got ${got})`);
  });
});
