/** Reports written to named pipes (FIFOs) that nothing reads yet: zcust waits for a reader, and Ctrl-C still works. */
import { execFileSync } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { pastTheRepeatWindow, type RunningZcust, SAMPLES, spawnZcust, tempDir } from '../support/zcust.js';

const SAMPLE = join(SAMPLES, 'customers.csv');
const SAMPLE_ROWS = 18;
const WAITING = /waiting for something to read the report ".*", a named pipe/;

let dir: string;
let pipes = 0;
beforeAll(() => {
  dir = tempDir();
});

function namedPipe(extension: string): string {
  const path = join(dir, `pipe-${++pipes}${extension}`);
  execFileSync('mkfifo', [path]);
  return path;
}

/** Resolves once zcust's standard error matches `pattern`. */
async function untilSaid(run: RunningZcust, pattern: RegExp): Promise<void> {
  while (!pattern.test(run.output().stderr)) {
    if (run.ended()) throw new Error(`zcust ended without saying ${pattern}: ${run.output().stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Everything a reader that opens `path` now gets, to the writer's end. */
async function readAll(path: string): Promise<string> {
  let text = '';
  for await (const chunk of createReadStream(path, 'utf8')) text += chunk;
  return text;
}

describe.skipIf(process.platform === 'win32')('a report on a named pipe', () => {
  it('waits for a reader of a CSV report, saying so, then writes every row to it', async () => {
    const pipe = namedPipe('.csv');
    const run = spawnZcust(['validate', SAMPLE, '--report', pipe]);
    await untilSaid(run, WAITING);
    const text = await readAll(pipe);
    const { code, stderr } = await run.result;
    expect(code, stderr).toBe(0);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.zcust_status)).toEqual(Array(SAMPLE_ROWS).fill('valid'));
  });

  it('gives the pipe up at Ctrl-C while no reader has come, and writes the other reports: exit 3', async () => {
    const pipe = namedPipe('.csv');
    const other = join(dir, `beside-${pipes}.csv`);
    const run = spawnZcust(['validate', SAMPLE, '--report', pipe, '--report', other]);
    await untilSaid(run, WAITING);
    // Before, zcust blocked in open() on its one thread: the signal was never handled, and it ran until killed.
    run.child.kill('SIGINT');
    const { code, stderr } = await run.result;
    expect(code, stderr).toBe(3);
    expect(stderr).toContain(
      `cannot write the report "${pipe}": the run stopped before anything read it (a named pipe)`,
    );
    const rows = parse(readFileSync(other, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.zcust_status)).toEqual(Array(SAMPLE_ROWS).fill('not_attempted'));
  });

  it('writes a JSON report to a pipe whose reader comes only after the rows are done', async () => {
    const pipe = namedPipe('.json');
    const run = spawnZcust(['validate', SAMPLE, '--report', pipe]);
    await untilSaid(run, WAITING);
    const report = JSON.parse(await readAll(pipe)) as { rows: unknown[] };
    const { code, stderr } = await run.result;
    expect(code, stderr).toBe(0);
    expect(report.rows).toHaveLength(SAMPLE_ROWS);
  });

  it('quits at a second Ctrl-C while a JSON report waits at the end, and claims no journal for validate', async () => {
    const pipe = namedPipe('.json');
    const run = spawnZcust(['validate', SAMPLE, '--report', pipe]);
    await untilSaid(run, WAITING);
    run.child.kill('SIGINT');
    await untilSaid(run, /Ctrl-C again to quit at once/);
    await pastTheRepeatWindow();
    run.child.kill('SIGINT');
    const { code, stderr } = await run.result;
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('interrupted again: exiting at once');
    // validate keeps no journal: there is nothing to pick up from.
    expect(stderr).not.toMatch(/journal/);
  });
});
