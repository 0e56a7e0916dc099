/**
 * The README's recipe for a sandbox in a script, run as written: taken from README.md by its marker, so that the
 * text a user copies is the text tested. Started in the background, the sandbox writes its banner some tenths of
 * a second later; a recipe that sourced the file at once imported without credentials, or from a stale file.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, ROOT, SAMPLES, tempDir, watch } from '../support/zcust.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const RECIPE = /<!-- sandbox-recipe\b[^>]*-->\n```sh\n([\s\S]*?)```/.exec(README)?.[1];

/** A sandbox.env an earlier job left behind: a whole banner, naming a port where nothing listens. */
const STALE_BANNER = [
  'ZCUST_TARGET=zenskar',
  'ZCUST_BASE_URL=http://127.0.0.1:9',
  'ZENSKAR_API_KEY=zsk_sandbox_key',
  'ZENSKAR_ORGANISATION=00000000-0000-4000-8000-000000000001',
  '# Stop with Ctrl-C.',
  '',
].join('\n');

/** How long a sandbox takes to stop once the script has ended, at most: it stops at SIGTERM in tenths of a second. */
const SANDBOX_STOP_MS = 5000;

/**
 * A folder as a CI job has it: `zcust` on the PATH, customers.csv, and the stale sandbox.env of an earlier run.
 * The recipe runs there under `shell`, with the environment given.
 */
async function runRecipe(shell: string, env: Record<string, string> = {}) {
  const cwd = tempDir();
  const bin = join(cwd, 'bin');
  mkdirSync(bin);
  symlinkSync(BIN, join(bin, 'zcust'));
  copyFileSync(join(SAMPLES, 'customers.csv'), join(cwd, 'customers.csv'));
  writeFileSync(join(cwd, 'sandbox.env'), STALE_BANNER);
  const child = spawn(shell, ['-c', RECIPE ?? 'exit 99'], {
    cwd,
    env: cleanEnv({ ...env, PATH: `${bin}:${process.env.PATH ?? ''}` }, cwd),
    stdio: 'pipe',
    // A group of its own: a sandbox the script leaves running is in it, and is ended with it.
    detached: true,
  });
  child.stdin.end();
  const running = watch(child);
  await new Promise((resolve) => child.once('exit', resolve));
  // The sandbox shares the script's stderr, which closes once it has gone too (its stop line written there).
  const leftRunning = await Promise.race([
    running.result.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), SANDBOX_STOP_MS)),
  ]);
  if (leftRunning && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  return { ...(await running.result), leftRunning };
}

describe("the README's recipe for a sandbox in a script", () => {
  it('is in the README, marked', () => {
    expect(RECIPE, 'no ```sh block after <!-- sandbox-recipe --> in README.md').toBeDefined();
  });

  it.each(['sh', 'bash'])(
    'under %s, imports into the sandbox it started (not a stale file), then stops it: exit 0',
    async (shell) => {
      const run = await runRecipe(shell);
      expect(run.code, `the recipe's exit code; stderr:\n${run.stderr}`).toBe(0);
      expect(run.leftRunning, 'a sandbox was still running after the script ended').toBe(false);
      expect(run.stderr, 'the import').toMatch(/^ {2}created 18$/m);
      expect(run.stderr, 'the sandbox, stopped as the script ended, with the 18 creates').toMatch(
        /^sandbox stopped: 18 requests, 18 created,/m,
      );
    },
  );

  it.each(['sh', 'bash'])(
    'under %s, fails at once, saying so, when the sandbox cannot start',
    async (shell) => {
      const run = await runRecipe(shell, { ZCUST_TARGET: 'zenskr' });
      expect(run.code, `the recipe's exit code; stderr:\n${run.stderr}`).toBe(1);
      expect(run.stderr).toContain('zcust sandbox ended before it listened');
    },
  );
});
