/** DayZero and AmbioSys imports, spawned against each platform's sandbox dialect over loopback. */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TargetName } from '../../src/model.js';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/index.js';
import { SANDBOX_ENV, sandboxPerTest } from '../support/sandbox.js';
import { readReport, SAMPLES, STACK_TRACE, tempDir, zcust } from '../support/zcust.js';

const ENV: Record<'dayzero' | 'ambiosys', Record<string, string>> = SANDBOX_ENV;

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
const sandbox = sandboxPerTest();
const sandboxFor = (target: TargetName, opts: SandboxOptions = {}) => sandbox({ target, ...opts });

function importTo(
  target: 'dayzero' | 'ambiosys',
  s: Sandbox,
  file: string,
  extra: string[] = [],
  env = ENV[target],
) {
  return zcust(['import', file, '--target', target, '--base-url', s.url, ...extra], { cwd: dir, env });
}

function csv(name: string, rows: string[][]): string {
  writeFileSync(join(dir, name), stringify(rows));
  return name;
}

describe.each(['dayzero', 'ambiosys'] as const)('%s', (target) => {
  const sample = join(SAMPLES, `customers-${target}.csv`);

  it('--sandbox creates every valid row of its sample', async () => {
    const run = await zcust(['import', sample, '--target', target, '--sandbox'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const report = readReport(join(dir, `customers-${target}.report.csv`));
    expect(report.length).toBeGreaterThanOrEqual(8);
    expect(report.every((r) => r.zcust_status === 'created' && r.zcust_customer_id !== '')).toBe(true);
  });

  it('retries after 503s and still creates every row once', async () => {
    const s = await sandboxFor(target, { failRate: 0.3, seed: 3 });
    const run = await importTo(target, s, sample, ['--retries', '10']);
    expect(run.code, run.stderr).toBe(0);
    expect(s.stats().injected.failures).toBeGreaterThan(0);
    expect(s.stats().customers).toBe(readReport(join(dir, `customers-${target}.report.csv`)).length);
  });

  // Its tax_id is free text (AmbioSys's own example is "ABC123456789"): without a jurisdiction it is sent as written,
  // trimmed, and validate says so too. A second pair is checked alike but not sent, as the warning says.
  it('imports a Tax ID without a jurisdiction as the free text given; validate agrees', async () => {
    const s = await sandboxFor(target);
    const file = csv(`${target}-tax.csv`, [
      ['name', 'email', 'tax_id', 'Tax ID 2'],
      ['Acme', 'acme@tax.example', ' ABC123456789 ', 'SECOND-1'],
      ['Solo', 'solo@tax.example', '', 'SECOND-2'],
    ]);
    const check = await zcust(['validate', file, '--target', target, '--report', 'v.report.csv'], {
      cwd: dir,
    });
    expect(check.code, check.stderr).toBe(0);
    expect(readReport(join(dir, 'v.report.csv')).map((r) => r.zcust_status)).toEqual(['valid', 'valid']);
    const run = await importTo(target, s, file);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/does not use the column "Tax ID 2".*it is not imported/);
    expect(s.customers()).toMatchObject([
      { name: 'Acme', tax_id: 'ABC123456789' },
      { name: 'Solo', tax_id: null },
    ]);
  });

  it('a rejected token aborts the run with exit 3', async () => {
    const s = await sandboxFor(target);
    const badEnv: Record<string, string> =
      target === 'dayzero'
        ? { ...ENV.dayzero, DAYZERO_API_TOKEN: 'not-the-token' }
        : { AMBIOSYS_API_TOKEN: 'not-the-token' };
    const run = await importTo(target, s, sample, ['--concurrency', '1'], badEnv);
    expect(run.code).toBe(3);
    const report = readReport(join(dir, `customers-${target}.report.csv`));
    expect(report[0]).toMatchObject({ zcust_status: 'failed', zcust_error_code: 'unauthorized' });
    expect(report.slice(1).every((r) => r.zcust_status === 'not_attempted')).toBe(true);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stderr).not.toContain('nope');
  });
});

// Pasted whole from a header, the token was sent as `Authorization: Bearer Bearer …`: the run stopped on a 401
// that did not say why. It is refused before anything is sent, never quoted.
describe('a bearer token given with its scheme', () => {
  const VARIABLES = { dayzero: 'DAYZERO_API_TOKEN', ambiosys: 'AMBIOSYS_API_TOKEN' } as const;
  it.each([
    ['dayzero', 'DAYZERO_API_TOKEN'],
    ['ambiosys', 'AMBIOSYS_API_TOKEN'],
    ['dayzero', '--api-key'],
    ['ambiosys', '--api-key'],
  ] as const)(
    '%s, from %s: exit 2 before anything is sent, naming where it came from',
    async (target, source) => {
      const s = await sandboxFor(target);
      const token = `Bearer ${ENV[target][VARIABLES[target]]}`;
      const env = source === '--api-key' ? ENV[target] : { ...ENV[target], [source]: token };
      const args = source === '--api-key' ? ['--api-key', token] : [];
      const run = await importTo(target, s, join(SAMPLES, `customers-${target}.csv`), args, env);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(
        `${source} starts with "Bearer", which zcust writes itself: give the token alone`,
      );
      expect(run.stderr, 'the token was printed').not.toContain(ENV[target][VARIABLES[target]]);
      expect(run.stderr).not.toMatch(STACK_TRACE);
      expect(s.stats().requests, 'requests sent').toBe(0);
    },
  );
});

// "the API key or organisation was rejected (HTTP 401)" left a stale ZENSKAR_API_KEY ahead of the profile's key
// to be found by guessing: the stop names where each credential came from, never what it is.
describe('a rejected credential is traced to where it came from', () => {
  const WRONG = 'stale-key-0123456789';
  const profileWith = (settings: Record<string, string>) =>
    JSON.stringify({ defaultProfile: 'staging', profiles: { staging: settings } });
  it.each([
    {
      target: 'zenskar',
      file: ['zcust.config.json', profileWith({ apiKey: SANDBOX_ENV.zenskar.ZENSKAR_API_KEY })],
      env: { ZENSKAR_API_KEY: WRONG, ZENSKAR_ORGANISATION: SANDBOX_ENV.zenskar.ZENSKAR_ORGANISATION },
      args: [],
      said: 'the API key came from ZENSKAR_API_KEY (ahead of "apiKey" of profile "staging" in zcust.config.json) and the organisation from ZENSKAR_ORGANISATION',
    },
    {
      target: 'dayzero',
      file: [
        'zcust.config.json',
        profileWith({ target: 'dayzero', businessId: SANDBOX_ENV.dayzero.DAYZERO_BUSINESS_ID }),
      ],
      env: {},
      args: ['--api-key', WRONG],
      said: 'the API token came from --api-key and the business id from "businessId" of profile "staging" in zcust.config.json',
    },
    {
      target: 'ambiosys',
      file: ['team.json', profileWith({ target: 'ambiosys', apiKey: WRONG })],
      env: {},
      args: ['--config', 'team.json'],
      said: 'the API token came from "apiKey" of profile "staging" in team.json',
    },
  ] as const)('$target: $said', async ({ target, file, env, args, said }) => {
    const s = await sandboxFor(target);
    writeFileSync(join(dir, file[0]), file[1]);
    const run = await zcust(
      ['import', join(SAMPLES, 'customers.csv'), '--base-url', s.url, '--json', ...args],
      { cwd: dir, env },
    );
    expect(run.code, run.stderr).toBe(3);
    const { aborted } = JSON.parse(run.stdout);
    expect(aborted).toMatch(/was rejected \(HTTP 401\)/);
    expect(aborted.endsWith(`; ${said}`), aborted).toBe(true);
    expect(`${run.stdout}${run.stderr}`, 'a credential was printed').not.toContain(WRONG);
  });
});

describe('dayzero specifics', () => {
  it("a second create with the same e-mail is refused in DayZero's words (duplicate_email)", async () => {
    const s = await sandboxFor('dayzero');
    const file = csv('dz.csv', [
      ['Name', 'Email'],
      ['Alpha', 'alpha@dz.example'],
    ]);
    expect((await importTo('dayzero', s, file)).code).toBe(0);
    const again = await importTo('dayzero', s, file, ['--no-resume']);
    expect(again.code).toBe(1);
    const [row] = readReport(join(dir, 'dz.report.csv'));
    expect(row).toMatchObject({ zcust_status: 'failed', zcust_error_code: 'duplicate_email' });
    expect(row?.zcust_error).toMatch(/already exists/);
  });

  // DayZero's `address` is one free-text string: read as Address Line 1, it is sent back as written.
  it.each([
    ['CSV', 'dz-address.csv', 'name,email,address\nK1,k1@x.com,"12 rue X, Paris"\n'],
    ['JSON', 'dz-address.json', '[{"name":"K1","email":"k1@x.com","address":"12 rue X, Paris"}]'],
    ['NDJSON', 'dz-address.ndjson', '{"name":"K1","email":"k1@x.com","address":"12 rue X, Paris"}\n'],
  ])("stores DayZero's own `address` (%s) as the customer's address", async (_, name, content) => {
    const s = await sandboxFor('dayzero');
    writeFileSync(join(dir, name), content);
    const run = await importTo('dayzero', s, name);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr, 'no column is ignored').not.toMatch(/match no template column/);
    expect(s.customers()).toMatchObject([{ name: 'K1', address: '12 rue X, Paris' }]);
  });

  // DayZero's own export: credit_limit_cents is the Credit Limit in cents (exactly), tax_id free text.
  it.each([
    ['CSV', 'dz-cents.csv', 'name,email,tax_id,credit_limit_cents\nK1,k1@x.com,EIN 12-3456789,100050\n'],
    [
      'JSON',
      'dz-cents.json',
      '[{"name":"K1","email":"k1@x.com","tax_id":"EIN 12-3456789","credit_limit_cents":100050}]',
    ],
    [
      'NDJSON',
      'dz-cents.ndjson',
      '{"name":"K1","email":"k1@x.com","tax_id":"EIN 12-3456789","credit_limit_cents":100050}\n',
    ],
  ])("stores DayZero's own credit_limit_cents and tax_id (%s) as given", async (_, name, content) => {
    const s = await sandboxFor('dayzero');
    writeFileSync(join(dir, name), content);
    const run = await importTo('dayzero', s, name);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr, 'no column is ignored').not.toMatch(/match no template column/);
    expect(s.customers()).toMatchObject([
      { name: 'K1', tax_id: 'EIN 12-3456789', credit_limit_cents: 100050 },
    ]);
  });

  it('refuses rows without an e-mail and malformed credit limits before sending anything', async () => {
    const s = await sandboxFor('dayzero');
    const file = csv('dz-bad.csv', [
      ['Name', 'Email', 'Credit Limit', 'Status'],
      ['No Mail', '', '', ''],
      ['Bad Limit', 'bad@dz.example', '10.505', 'active'],
      ['Bad Status', 'status@dz.example', '', 'dormant'],
      ['Good', 'good@dz.example', '1000.50', 'Active'],
    ]);
    const run = await importTo('dayzero', s, file);
    expect(run.code).toBe(1);
    const report = readReport(join(dir, 'dz-bad.report.csv'));
    expect(report.map((r) => [r.zcust_status, r.zcust_error_code])).toEqual([
      ['invalid', 'invalid_email'],
      ['invalid', 'invalid_value'],
      ['invalid', 'invalid_value'],
      ['created', ''],
    ]);
    expect(s.stats().creates).toBe(1);
    expect(s.customers()[0]).toMatchObject({ credit_limit_cents: 100050, status: 'active' });
  });
});

/**
 * A platform can refuse what zcust's own checks let through. A loopback server that answers as each
 * platform documents its errors shows those words reach the report untouched.
 */
describe.each([
  [
    'dayzero' as const,
    422,
    {
      detail: [
        { loc: ['body', 'website'], msg: "URL scheme should be 'http' or 'https'", type: 'url_scheme' },
      ],
    },
    /website: URL scheme should be 'http' or 'https'/,
  ],
  [
    'ambiosys' as const,
    400,
    { success: false, message: 'legal_name must be unique' },
    /legal_name must be unique/,
  ],
  [
    'ambiosys' as const,
    400,
    { success: false, errors: [{ msg: 'legal_name must be at most 100 characters', path: 'legal_name' }] },
    /^legal_name: legal_name must be at most 100 characters$/,
  ],
  ['dayzero' as const, 409, { detail: 'Payment term pt_30 is archived' }, /^Payment term pt_30 is archived$/],
  [
    'dayzero' as const,
    409,
    { detail: 'Payment term pt_30 has already been archived' },
    /^Payment term pt_30 has already been archived$/,
  ],
  [
    'ambiosys' as const,
    400,
    {
      success: false,
      errors: {
        name: { value: '', msg: 'Invalid value', param: 'name', location: 'body' },
        token: [{ message: `${ENV.ambiosys.AMBIOSYS_API_TOKEN} is not accepted here` }],
      },
    },
    // Its two fields, which the message joins with "; " (as the JSON report keeps it): in zcust_error, with a
    // comma, so that the cell splits at "; " into one piece an error.
    /^name: Invalid value, token: \[redacted\] is not accepted here$/,
  ],
])('%s API rejections (HTTP %s)', (target, status, body, words) => {
  it("reach the report as rejected, in the platform's own words", async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const file = csv('rejected.csv', [
        ['Name', 'Email', 'Website', 'Legal Name'],
        ['Refused Co', 'refused@x.example', 'ftp://refused.example', 'Refused Co Ltd'],
      ]);
      const run = await zcust(
        ['import', file, '--target', target, '--base-url', `http://127.0.0.1:${port}`],
        {
          cwd: dir,
          env: ENV[target],
        },
      );
      expect(run.code).toBe(1);
      const [row] = readReport(join(dir, 'rejected.report.csv'));
      expect(row).toMatchObject({ zcust_status: 'failed', zcust_error_code: 'rejected' });
      expect(row?.zcust_error).toMatch(words);
    } finally {
      server.close();
    }
  });
});

describe('ambiosys specifics', () => {
  it('requires --base-url (it has no public one): exit 2 saying so', async () => {
    const run = await zcust(['import', join(SAMPLES, 'customers-ambiosys.csv'), '--target', 'ambiosys'], {
      cwd: dir,
      env: ENV.ambiosys,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/base URL/i);
  });

  it('refuses --skip-existing: AmbioSys has no lookup', async () => {
    const s = await sandboxFor('ambiosys');
    const run = await importTo('ambiosys', s, join(SAMPLES, 'customers-ambiosys.csv'), ['--skip-existing']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/skip-existing/);
    expect(s.stats().requests).toBe(0);
  });

  it('a dropped connection ends unknown_outcome and is not re-sent (no lookup to check)', async () => {
    const s = await sandboxFor('ambiosys', { dropRate: 1 });
    const file = csv('amb.csv', [['Name'], ['Dropped Co']]);
    const run = await importTo('ambiosys', s, file);
    expect(run.code).toBe(1);
    const [row] = readReport(join(dir, 'amb.report.csv'));
    expect(row).toMatchObject({ zcust_status: 'failed', zcust_error_code: 'unknown_outcome' });
    expect(row?.zcust_error).toMatch(/check the tenant/);
    expect(s.stats().customers).toBe(1);
    // Running again does not send it blindly either, and says why up front.
    const again = await importTo('ambiosys', s, file);
    expect(again.code).toBe(1);
    expect(s.stats().customers).toBe(1);
    expect(again.stderr).toMatch(
      /resuming: .*1 row whose outcome an earlier run could not tell stays unknown_outcome, where this file has it, until you check the tenant: in this run's report, mark each one there created with the id the tenant shows/,
    );
  });

  it('says once, before sending, when a journal that knows no customer is all that keeps rows from twins', async () => {
    const s = await sandboxFor('ambiosys');
    const file = csv('amb-twice.csv', [
      ['Name', 'Customer ID'],
      ['Only Id', 'AMB-1'],
      ['No Keys', ''],
    ]);
    const WARNING = /AmbioSys cannot look customers up and accepts duplicates/g;
    // [flags, warnings, customers in the tenant after the run]
    const runs: Array<[string[], number, number]> = [
      [[], 1, 2], // a state folder new to this tenant: it cannot know what is there already
      [[], 0, 2], // the journal knows both rows: nothing sent
      [['--no-resume'], 1, 4], // documented: created again, and said so
    ];
    for (const [flags, warnings, customers] of runs) {
      const run = await importTo('ambiosys', s, file, flags);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr.match(WARNING) ?? [], `warnings with ${flags.join(' ') || 'no flag'}`).toHaveLength(
        warnings,
      );
      expect(s.stats().customers).toBe(customers);
    }
  });

  it('warns once about a filled column AmbioSys does not use', async () => {
    const s = await sandboxFor('ambiosys');
    const file = csv('amb-extra.csv', [
      ['Name', 'Email'],
      ['One', 'one@amb.example'],
      ['Two', 'two@amb.example'],
    ]);
    const run = await importTo('ambiosys', s, file);
    expect(run.code).toBe(0);
    expect(run.stderr.match(/does not use the column "Email"/g)).toHaveLength(1);
  });
});
