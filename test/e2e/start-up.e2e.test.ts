/**
 * What zcust says when the machine it starts on cannot run it: too few file descriptors to load its code, an
 * install with its code missing, a working folder deleted under the shell. None is a bug: one line that says
 * what to do, exit 2, --json's error form on stdout, no stack trace. A bug in its code, thrown as it loads, is
 * still one: an internal error, exit 70.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BIN,
  cleanEnv,
  ROOT,
  type RunResult,
  SAMPLES,
  STACK_TRACE,
  tempDir,
  watch,
} from '../support/zcust.js';

const SAMPLE = join(SAMPLES, 'customers.csv');

/** `script` run by sh with zcust's bin as "$@" (node, the bin, `args`), from a fresh folder. */
function inShell(script: string, args: string[], bin = BIN): Promise<RunResult> {
  const dir = tempDir();
  const child = spawn('sh', ['-c', script, 'sh', process.execPath, bin, ...args], {
    cwd: dir,
    env: cleanEnv({}, dir),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  return watch(child).result;
}

const withDescriptors = (limit: number, args: string[]) =>
  inShell(`ulimit -n ${limit} && exec "$@"`, [...args, '--report', join(tempDir(), 'r.csv'), '--no-profile']);

const TOO_FEW = 'cannot start: too many open files (EMFILE): raise the limit, e.g. ulimit -n 1024';

/** Whether Node itself runs at `limit` descriptors here (it needs some 18 of its own). */
const nodeRunsWith = (limit: number) =>
  spawnSync('sh', ['-c', `ulimit -n ${limit} && exec "$0" -e 0`, process.execPath]).status === 0;

describe.skipIf(!nodeRunsWith(22))('too few file descriptors to load zcust', () => {
  // Node opens the bundle's chunks all at once: bin/zcust.js's load of dist/cli.js failed at 24 with Node's
  // stack and exit 1, and a command's own code loaded later (29 to 31 here) was an internal error, exit 70.
  it('24: says so and how to raise the limit, exit 2, the --json error form on stdout', async () => {
    const run = await withDescriptors(24, ['validate', SAMPLE, '--json']);
    expect(run.stderr, 'stderr: one line naming the cause and the fix').toBe(`zcust: error: ${TOO_FEW}\n`);
    expect(run.code, run.stderr).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ command: 'validate', error: TOO_FEW, exit_code: 2 });
  });

  // Where each load fails depends on the machine and the bundle's chunks: every limit from where Node runs to
  // where zcust does either runs or says so.
  it.each(Array.from({ length: 13 }, (_, i) => 22 + i))(
    '%i: the run completes, or it says it cannot start (exit 2), never a stack or an internal error',
    async (limit) => {
      const run = await withDescriptors(limit, ['validate', SAMPLE, '--json']);
      expect(run.stderr, 'no stack trace without --verbose').not.toMatch(STACK_TRACE);
      const answer = JSON.parse(run.stdout);
      if (run.code === 0) expect(answer.counts.valid, run.stderr).toBe(18);
      else {
        expect(run.stderr).toBe(`zcust: error: ${TOO_FEW}\n`);
        expect({ code: run.code, answer }).toEqual({
          code: 2,
          answer: { command: 'validate', error: TOO_FEW, exit_code: 2 },
        });
      }
    },
  );

  it('--verbose: the stack trace after the line', async () => {
    const run = await withDescriptors(24, ['validate', SAMPLE, '--verbose']);
    expect(run.stderr.startsWith(`zcust: error: ${TOO_FEW}\nError: EMFILE`), run.stderr).toBe(true);
    expect(run.stderr).toMatch(/\n\s+at /);
    expect(run.code).toBe(2);
  });
});

/** A folder with zcust's bin beside a dist/cli.js of `code` (none when undefined). */
function installWith(code: string | undefined): string {
  const install = tempDir();
  mkdirSync(join(install, 'bin'));
  cpSync(join(ROOT, 'bin'), join(install, 'bin'), { recursive: true });
  writeFileSync(join(install, 'package.json'), '{"type":"module"}\n');
  if (code !== undefined) {
    mkdirSync(join(install, 'dist'));
    writeFileSync(join(install, 'dist', 'cli.js'), code);
  }
  return install;
}

const binIn = (install: string) => join(install, 'bin', 'zcust.js');

describe('an install whose code is missing', () => {
  it('says which file and to reinstall, exit 2, the --json error form on stdout', async () => {
    const install = installWith(undefined);
    const run = await inShell('exec "$@"', ['import', SAMPLE, '--json'], binIn(install));
    const error = `cannot load zcust's code (Cannot find module '${join(install, 'dist', 'cli.js')}' imported from ${join(install, 'bin', 'zcust.js')}): reinstall (npm ci)`;
    expect(run.stderr).toBe(`zcust: error: ${error}\n`);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ command: 'import', error, exit_code: 2 });
  });
});

// A bug, not the machine's or the install's: it was "cannot load zcust's code (…): reinstall (npm ci)", exit 2,
// which sent the user to reinstall a zcust that would fail the same way, and no report of the bug.
describe("a bug in zcust's code, thrown as it loads", () => {
  const BUG = "Cannot read properties of undefined (reading 'boom')";
  const buggy = () => binIn(installWith('const nothing = undefined;\nnothing.boom();\n'));

  it('is an internal error to report, exit 70, no stack trace', async () => {
    const run = await inShell('exec "$@"', ['validate', SAMPLE], buggy());
    expect(run.stderr).toBe(
      `zcust: internal error: ${BUG}\nzcust: run again with --verbose for details, and please report it\n`,
    );
    expect(run.code, 'exit code').toBe(70);
    expect(run.stdout, 'nothing on stdout without --json').toBe('');
  });

  it('--json: the error form with exit_code 70 on stdout', async () => {
    const run = await inShell('exec "$@"', ['import', SAMPLE, '--json'], buggy());
    expect(JSON.parse(run.stdout)).toEqual({
      command: 'import',
      error: `internal error: ${BUG}`,
      exit_code: 70,
    });
    expect(run.code, 'exit code').toBe(70);
  });

  it('--verbose: the stack trace after the line', async () => {
    const run = await inShell('exec "$@"', ['validate', SAMPLE, '--verbose'], buggy());
    expect(run.stderr.startsWith(`zcust: internal error: ${BUG}\nTypeError: ${BUG}\n`), run.stderr).toBe(
      true,
    );
    expect(run.stderr).toMatch(STACK_TRACE);
    expect(run.code, 'exit code').toBe(70);
  });
});

/** zcust run from a folder removed before it starts; every path it is given is absolute. */
const fromDeletedFolder = (args: string[]) =>
  inShell('mkdir gone && cd gone && rmdir ../gone && exec "$@"', args);

const GONE = 'the current folder no longer exists: cd to one that does';

describe('a working folder deleted under the shell', () => {
  // It was "internal error: ENOENT: no such file or directory, uv_cwd" and "please report it", exit 70.
  it.each<[string, string[]]>([
    ['validate', ['validate', SAMPLE, '--no-profile', '--report', '/dev/null']],
    ['import', ['import', SAMPLE, '--sandbox', '--no-profile']],
    ['sample-csv', ['sample-csv', '--no-profile']],
    ['sandbox', ['sandbox', '--port', '0', '--no-profile']],
  ])('%s: says to cd to a folder that exists, exit 2, nothing on stdout', async (_, args) => {
    const run = await fromDeletedFolder(args);
    expect(run.stderr).toBe(`zcust: error: ${GONE}\n`);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
  });

  it('--json: the error form on stdout', async () => {
    const run = await fromDeletedFolder(['validate', SAMPLE, '--json']);
    expect(JSON.parse(run.stdout)).toEqual({ command: 'validate', error: GONE, exit_code: 2 });
  });

  it.each([['--version'], ['--help']])('%s still answers: it needs no folder', async (flag) => {
    const run = await fromDeletedFolder([flag]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
  });
});
