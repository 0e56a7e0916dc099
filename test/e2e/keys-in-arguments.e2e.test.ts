/**
 * A key on the command line or in the environment is never printed nor written, even when an option whose
 * value an unset variable left out takes it for its own (`--report $OUT --api-key=KEY` with OUT unset).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { SANDBOX_ENV, sandboxPerTest } from '../support/sandbox.js';
import { spawnZcust, tempDir, zcust } from '../support/zcust.js';

/** The sandbox's key, so that an import that took a swallowed key for a setting would go ahead and write. */
const KEY = SANDBOX_ENV.zenskar.ZENSKAR_API_KEY;
const LIVE_KEY = 'zsk_live_SECRETKEY1234567890';

/** Every option of these commands that takes a value, as commander knows them (validate's are import's). */
const program = buildProgram({ stdout: new PassThrough(), stderr: new PassThrough(), setExit: () => {} });
const VALUE_OPTIONS = program.commands
  .filter((command) => ['import', 'sandbox', 'sample-csv'].includes(command.name()))
  .flatMap((command) =>
    command.options
      .filter((option) => option.required || option.optional)
      .map((option) => ({
        command: command.name(),
        option: option.long ?? option.flags,
        file: command.registeredArguments.length > 0 ? ['a.csv'] : [],
        json: command.options.some((o) => o.long === '--json') ? ['--json'] : [],
      })),
  );

const sandboxWith = sandboxPerTest();

describe('an option followed by --api-key=KEY (its own value left out) is refused, the key unsaid', () => {
  it('covers the options the finding named', () => {
    const named = ['--report', '--map', '--delimiter', '--encoding', '--profile', '--config', '--state-dir'];
    for (const option of [...named, '--concurrency', '--base-url', '--output', '--data']) {
      expect(VALUE_OPTIONS.map((o) => o.option)).toContain(option);
    }
  });

  it.each(VALUE_OPTIONS)(
    '$command $option --api-key=KEY: exit 2, nothing created',
    async ({ command, option, file, json }) => {
      const dir = tempDir();
      writeFileSync(join(dir, 'a.csv'), 'Name\nAcme\n');
      const sandbox = await sandboxWith();
      const running = spawnZcust([command, ...file, option, `--api-key=${KEY}`, ...json], {
        cwd: dir,
        env: { ...SANDBOX_ENV.zenskar, ZCUST_BASE_URL: sandbox.url },
      });
      // A sandbox that took the key for a setting would serve until killed.
      onTestFinished(() => {
        if (!running.ended()) running.child.kill('SIGKILL');
      });
      const run = await running.result;
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(`zcust: error: ${option} is missing its value (an unset variable?)`);
      if (json.length > 0) expect(JSON.parse(run.stdout).error).toMatch(/^\S+ is missing its value/);
      expect(run.stdout + run.stderr, 'the key was printed').not.toContain(KEY);
      expect(readdirSync(dir, { recursive: true }), 'a file or folder was created').toEqual(['a.csv']);
    },
  );
});

describe('the error boundary takes out a key given to the run wherever a message quotes it', () => {
  it.each<[string, string[], Record<string, string>]>([
    ['ZENSKAR_API_KEY', ['validate', `${LIVE_KEY}.csv`], { ZENSKAR_API_KEY: LIVE_KEY }],
    ['DAYZERO_API_TOKEN', ['validate', `${LIVE_KEY}.csv`], { DAYZERO_API_TOKEN: LIVE_KEY }],
    ['AMBIOSYS_API_TOKEN', ['validate', `${LIVE_KEY}.csv`], { AMBIOSYS_API_TOKEN: LIVE_KEY }],
    ['--api-key', ['import', `${LIVE_KEY}.csv`, '--dry-run', '--api-key', LIVE_KEY], {}],
  ])('a key from %s: on stderr and in --json', async (_, args, env) => {
    const run = await zcust([...args, '--json'], { cwd: tempDir(), env });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('zcust: error: cannot read [redacted].csv: no such file');
    expect(JSON.parse(run.stdout).error).toBe('cannot read [redacted].csv: no such file');
    expect(run.stdout + run.stderr, 'the key was printed').not.toContain(LIVE_KEY);
  });

  it('a key given to a number is not echoed: text is said to be text', async () => {
    const run = await zcust(['import', 'a.csv', '--concurrency', LIVE_KEY, '--json'], { cwd: tempDir() });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error).toBe(
      "option '--concurrency <n>' argument is invalid: expected a whole number ≥ 1 (got text)",
    );
    expect(run.stdout + run.stderr, 'the key was printed').not.toContain(LIVE_KEY);
  });
});
