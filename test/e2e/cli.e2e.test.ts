/** The command line itself, spawned as a user runs it: exit codes, warnings, help, and the README's sample. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BIN,
  cleanEnv,
  ROOT,
  SAMPLES,
  STACK_TRACE,
  spawnZcust,
  tempDir,
  watch,
  zcust,
} from '../support/zcust.js';

const SAMPLE = join(SAMPLES, 'customers.csv');
const KEY = 'zsk_sandbox_key';
const KEY_WARNING = /^zcust: warning: --api-key on the command line can be seen by other users/gm;

describe('--api-key on the command line is warned about whenever it is given', () => {
  it.each<[string[]]>([
    [['--dry-run']],
    [['--dry-run', '--quiet']],
    [['--dry-run', '--json']],
    [['--sandbox']],
    [['--sandbox', '--quiet']],
    [['--sandbox', '--json']],
  ])('import %j: once, on stderr', async (flags) => {
    const run = await zcust(['import', SAMPLE, ...flags, '--api-key', KEY], { cwd: tempDir() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.match(KEY_WARNING), run.stderr).toHaveLength(1);
    expect(run.stdout).not.toMatch(/--api-key/);
    if (flags.includes('--json')) expect(JSON.parse(run.stdout).exit_code).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toContain(KEY);
  });

  it('not when the key comes from the environment', async () => {
    const run = await zcust(['import', SAMPLE, '--dry-run'], {
      cwd: tempDir(),
      env: { ZENSKAR_API_KEY: KEY },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(KEY_WARNING);
  });
});

describe('exit codes of help and of a missing command', () => {
  it.each<[string[], number]>([
    [[], 2],
    [['--verbose'], 2],
    [['help', 'nope'], 2],
    [['nope'], 2],
    [['--help'], 0],
    [['help'], 0],
    [['help', 'import'], 0],
    [['import', '--help'], 0],
    [['--version'], 0],
  ])('zcust %j: exit %i', async (args, code) => {
    const run = await zcust(args, { cwd: tempDir() });
    expect(run.code, run.stderr).toBe(code);
  });
});

describe('--verbose shows no stack trace for a usage or configuration error', () => {
  it.each<[string, string[], Record<string, string>]>([
    ['a file that does not exist', ['validate', 'nope.csv'], {}],
    ['missing credentials', ['import', SAMPLE], {}],
    ['a config file that does not exist', ['validate', SAMPLE, '--config', 'nope.json'], {}],
    [
      'a bad base URL',
      ['import', SAMPLE, '--base-url', 'nope'],
      { ZENSKAR_API_KEY: KEY, ZENSKAR_ORGANISATION: '00000000-0000-4000-8000-000000000001' },
    ],
    ['a template it cannot write', ['sample-csv', '-o', join('no-such-folder', 't.csv')], {}],
  ])('%s', async (_, args, env) => {
    const run = await zcust([...args, '--verbose'], { cwd: tempDir(), env });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/^zcust: error: /);
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('--json still answers on stdout when the command ends before it has a summary', () => {
  it.each<[string, string[], Record<string, string>, string]>([
    [
      'a file that does not exist',
      ['validate', 'nope.csv', '--json'],
      {},
      'cannot read nope.csv: no such file',
    ],
    ['an unknown flag', ['import', SAMPLE, '--json', '--nope'], {}, "unknown option '--nope'"],
    ['an unknown command', ['improt', SAMPLE, '--json'], {}, "unknown command 'improt'"],
    [
      'missing credentials',
      ['import', SAMPLE, '--json'],
      {},
      'cannot import into zenskar: missing the API key',
    ],
  ])('%s: {command, error, exit_code: 2}, the error as stderr says it', async (_, args, env, error) => {
    const run = await zcust(args, { cwd: tempDir(), env });
    expect(run.code, run.stderr).toBe(2);
    const printed = JSON.parse(run.stdout);
    expect(printed).toEqual({ command: args[0], error: expect.stringContaining(error), exit_code: 2 });
    expect(run.stderr).toContain(printed.error);
  });

  // The first word not an option was taken for the command: "dayzero", and nothing was printed.
  it.each<[string[], string | null, string]>([
    [['--target', 'dayzero', 'import', SAMPLE, '--json'], 'import', "unknown option '--target'"],
    [['--profile', 'dz', 'validate', SAMPLE, '--json'], 'validate', "unknown option '--profile'"],
    [['--target', 'dayzero', 'improt', SAMPLE, '--json'], null, "unknown option '--target'"],
  ])(
    'zcust %j, an option with its value before the command: {command: %j, …}',
    async (args, command, error) => {
      const run = await zcust(args, { cwd: tempDir() });
      expect(run.code, run.stderr).toBe(2);
      expect(JSON.parse(run.stdout)).toEqual({ command, error, exit_code: 2 });
    },
  );

  it.each<[string, string[]]>([
    ['without --json', ['validate', 'nope.csv']],
    ['with --json after --, where it is no option', ['validate', '--', 'nope.csv', '--json']],
    ['for help', ['import', '--help', '--json']],
  ])('prints nothing on stdout %s', async (_, args) => {
    const run = await zcust(args, { cwd: tempDir() });
    expect(run.stdout.startsWith('{')).toBe(false);
  });
});

describe('a target name in any case, from --target or ZCUST_TARGET', () => {
  it.each<[string, string[], Record<string, string>]>([
    ['--target DayZero', ['--target', 'DayZero'], {}],
    ['--target DAYZERO', ['--target', 'DAYZERO'], {}],
    ['ZCUST_TARGET=DayZero', [], { ZCUST_TARGET: 'DayZero' }],
  ])('%s', async (_, flags, env) => {
    const template = await zcust(['sample-csv', '--no-example', ...flags], { env });
    expect(template.code, template.stderr).toBe(0);
    expect(template.stdout).toMatch(/,Website,Notes,Credit Limit,/);
    const run = await zcust(['validate', SAMPLE, '--json', ...flags], { cwd: tempDir(), env });
    expect(JSON.parse(run.stdout).target).toBe('dayzero');
  });

  it('refuses a target it does not know, listing them', async () => {
    const run = await zcust(['sample-csv', '--target', 'Salesforce']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Allowed choices are zenskar, dayzero, ambiosys/);
  });
});

describe('-h after an option that takes a value is the help flag, not the value', () => {
  it.each<[string[], string]>([
    [['sample-csv', '-o', '-h'], '-o'],
    [['validate', 'a.csv', '--report', '-h'], '--report'],
  ])('%j: exit 2, %s missing its value, no file named -h', async (args, option) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.csv'), 'Name\nAcme\n');
    const run = await zcust(args, { cwd: dir });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`^zcust: error: ${option} is missing its value \\(an unset variable\\?\\)`),
    );
    expect(readdirSync(dir), 'a file was written').toEqual(['a.csv']);
  });
});

// QA: a CI line with --no-profile, and a --profile added further on, sent with that profile's key; the other order
// used none. Commander keeps the two in one value, and the last one given won without a word.
describe('--profile and --no-profile together, on every command that takes them', () => {
  const PROFILES = '{"profiles":{"dz":{"target":"dayzero"}}}';
  const REFUSED = /^zcust: error: --profile and --no-profile cannot be given together: /;
  it.each<[string[], boolean]>([
    [['validate', 'a.csv', '--no-profile', '--profile', 'dz', '--json'], true],
    [['validate', 'a.csv', '--profile', 'dz', '--no-profile', '--json'], true],
    [['import', 'a.csv', '--no-profile', '--profile', 'dz', '--sandbox', '--json'], true],
    [['import', 'a.csv', '--profile=dz', '--no-profile', '--sandbox', '--json'], true],
    [['sample-csv', '--no-profile', '--profile', 'dz'], false],
    [['sample-csv', '--profile', 'dz', '--no-profile'], false],
    [['sandbox', '--port', '0', '--no-profile', '--profile', 'dz'], false],
    [['sandbox', '--port', '0', '--profile', 'dz', '--no-profile'], false],
  ])('zcust %j: exit 2, naming both, nothing run', async (args, json) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'zcust.config.json'), PROFILES);
    writeFileSync(join(dir, 'a.csv'), 'Name,Email\nA,a@x.com\n');
    const running = spawnZcust(args, { cwd: dir });
    // A sandbox that starts never ends on its own: stopped, the test fails rather than hangs.
    const timer = setTimeout(() => running.child.kill(), 10_000);
    const run = await running.result.finally(() => clearTimeout(timer));
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(REFUSED);
    if (json) {
      expect(JSON.parse(run.stdout)).toEqual({
        command: args[0],
        error: expect.stringMatching(/^--profile and --no-profile cannot be given together/),
        exit_code: 2,
      });
    } else expect(run.stdout).toBe('');
    expect(readdirSync(dir).sort(), 'a file was written').toEqual(['a.csv', 'zcust.config.json']);
  });
});

// README: a blank setting is unset, as ZCUST_TARGET="  " is. QA: exit 2, `profiles.p1.target: Invalid option: …`.
describe("a profile's blank target", () => {
  it('is unset: the profile is used, for zenskar', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'zcust.config.json'),
      '{"defaultProfile":"p1","profiles":{"p1":{"target":"  ","concurrency":3}}}',
    );
    writeFileSync(join(dir, 'a.csv'), 'Name,Email\nA,a@x.com\n');
    const run = await zcust(['validate', 'a.csv', '--report', 'r.csv', '--json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ target: 'zenskar', counts: { valid: 1 } });
  });
});

describe('sample-csv with a configuration it cannot use', () => {
  // A template sends nothing and has no --config to point elsewhere: a CI job exporting ZCUST_PROFILE for its
  // imports, or a broken zcust.config.json, must not stop it.
  it.each<[string, string | undefined, Record<string, string>, string]>([
    ['a zcust.config.json that is no JSON', '{ bad', {}, 'zcust.config.json is not valid JSON'],
    ['a ZCUST_PROFILE without a config file', undefined, { ZCUST_PROFILE: 'ci' }, 'profile "ci" asked for'],
    [
      'a ZCUST_PROFILE the config file does not hold',
      '{"profiles":{"other":{"target":"dayzero"}}}',
      { ZCUST_PROFILE: 'ci' },
      '"ci"',
    ],
  ])('%s: writes the zenskar template, with a warning', async (_, config, env, words) => {
    const dir = tempDir();
    if (config !== undefined) writeFileSync(join(dir, 'zcust.config.json'), config);
    const run = await zcust(['sample-csv', '--no-example'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Name,Customer ID,Email,/);
    expect(run.stdout).not.toMatch(/Website/);
    expect(run.stderr).toContain(words);
    expect(run.stderr).toContain('writing the zenskar template (--target names another)');
  });

  it('is not read when --target or ZCUST_TARGET names the target', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'zcust.config.json'), '{ bad');
    for (const [flags, env] of [
      [['--target', 'dayzero'], {}],
      [[], { ZCUST_TARGET: 'dayzero' }],
    ] as const) {
      const run = await zcust(['sample-csv', '--no-example', ...flags], { cwd: dir, env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/,Website,/);
      expect(run.stderr).toBe('');
    }
  });

  it("follows the profile's target when it can read it", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'zcust.config.json'),
      '{"defaultProfile":"dz","profiles":{"dz":{"target":"dayzero"}}}',
    );
    const run = await zcust(['sample-csv', '--no-example'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/,Website,/);
  });
});

describe('sample-csv --profile and --config, as validate and import take them', () => {
  const DAYZERO_PROFILE = '{"profiles":{"dz":{"target":"dayzero"}}}';

  it.each<[string, string[], Record<string, string>]>([
    ['--profile of ./zcust.config.json', ['--profile', 'dz'], { 'zcust.config.json': DAYZERO_PROFILE }],
    [
      "--config's default profile",
      ['--config', 'other.json'],
      { 'other.json': '{"defaultProfile":"dz","profiles":{"dz":{"target":"dayzero"}}}' },
    ],
    [
      '--config and --profile',
      ['--config', 'other.json', '--profile', 'dz'],
      { 'other.json': DAYZERO_PROFILE },
    ],
  ])("%s: writes that profile's target's template (DayZero's)", async (_, flags, files) => {
    const dir = tempDir();
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const run = await zcust(['sample-csv', '--no-example', ...flags], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout, 'not the DayZero template').toMatch(/^Name,.*,Website,/);
    expect(run.stderr).toBe('');
  });

  it.each<[string, string[], string]>([
    [
      'a profile the file does not hold',
      ['--profile', 'nope'],
      '--profile: no profile "nope" in zcust.config.json',
    ],
    ['a config file that is not there', ['--config', 'nope.json'], 'cannot read config file nope.json'],
    ['an empty --config', ['--config', ''], '--config is empty (an unset variable?)'],
  ])('%s, given on its command line: exit 2, no template', async (_, flags, words) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'zcust.config.json'), DAYZERO_PROFILE);
    const run = await zcust(['sample-csv', ...flags], { cwd: dir });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`zcust: error: ${words}`);
    expect(run.stdout).toBe('');
  });
});

/**
 * `command` reading standard input that stays open (3,000 rows written, more awaited), sent `signal` once its
 * report is open: the run is under way, waiting for more, when the signal comes.
 */
async function signalledWhileReading(command: string[], signal: NodeJS.Signals) {
  const dir = tempDir();
  const report = join(dir, 'r.csv');
  const run = watch(
    spawn(process.execPath, [BIN, ...command, '-', '--format', 'csv', '--report', report], {
      cwd: dir,
      env: cleanEnv({}, dir),
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  run.child.stdin.write(`Name\n${Array.from({ length: 3000 }, (_, i) => `Customer ${i}`).join('\n')}\n`);
  while (!existsSync(report)) await new Promise((r) => setTimeout(r, 50));
  run.child.kill(signal);
  const result = await run.result;
  run.child.stdin.destroy();
  return result;
}

describe.skipIf(!existsSync('/proc/self/status'))('signals during a run that sends nothing', () => {
  it.each<[string[]]>([[['validate']], [['import', '--dry-run']]])(
    'Ctrl-C: %j says it stops and writes the report, not that requests in flight finish',
    async (command) => {
      const { code, stderr } = await signalledWhileReading(command, 'SIGINT');
      expect(code, stderr).toBe(3);
      expect(stderr).toContain(
        'zcust: interrupted by Ctrl-C: stopping; writing the report (Ctrl-C again to quit at once)',
      );
      expect(stderr).not.toMatch(/in flight/);
    },
  );

  // A run quit at once answered --json with nothing on stdout.
  it('SIGQUIT: validate --json answers in the error form, exit 131', async () => {
    const { code, stdout, stderr } = await signalledWhileReading(['validate', '--json'], 'SIGQUIT');
    expect(code, stderr).toBe(131);
    expect(JSON.parse(stdout)).toEqual({
      command: 'validate',
      error: 'quit by SIGQUIT: exiting at once',
      exit_code: 131,
    });
  });
});

it("README's sample validate output is what validating the sample prints", async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const sample = /```\n(zcust validate: [^`]*?)```/.exec(readme)?.[1];
  expect(sample, 'no sample validate output in the README').toBeDefined();
  const report = join(tempDir(), 'customers-with-errors.report.csv');
  // Run as the sample shows it, from the repository's folder; the report goes elsewhere.
  const run = await zcust(['validate', 'samples/customers-with-errors.csv', '--report', report], {
    cwd: ROOT,
  });
  expect(run.code).toBe(1);
  // What differs from run to run: the time taken and the rate, and where the report is.
  const normalise = (text: string) =>
    text
      .replace(/ in \d+\.\d s \([\d,.]+ rows\/s\)/, ' in T s (R rows/s)')
      .replace(/^ {2}report: .*\/customers-with-errors\.report\.csv$/m, '  report: PATH');
  expect(normalise(sample ?? '')).toBe(normalise(run.stderr));
});
