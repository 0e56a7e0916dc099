/**
 * Input given as a path that is not a regular file: a named pipe, a pipe as bash's `<(gunzip -c x.csv.gz)` gives
 * one (/dev/fd/63), /dev/stdin fed by a pipe. Such a path cannot be read by position, as a file is: it is read as
 * standard input is, and its reports are those of the same rows in a regular file.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  BIN,
  cleanEnv,
  type RunningZcust,
  type RunResult,
  readReport,
  spawnZcust,
  tempDir,
  watch,
} from '../support/zcust.js';

type Format = 'csv' | 'json' | 'ndjson';

/** The rows, and how validate and an import into an empty sandbox end each, in order (from row 2). */
const CUSTOMERS = [
  { Name: 'Acme Ltd', Email: 'billing@acme.example', validate: 'valid', import: 'created' },
  { Name: 'Bad Mail', Email: 'not-an-email', validate: 'invalid', import: 'invalid' },
  { Name: '', Email: 'noname@nowhere.example', validate: 'invalid', import: 'invalid' },
  { Name: 'Acme Again', Email: 'BILLING@acme.example', validate: 'duplicate', import: 'duplicate' },
  { Name: 'Zeta GmbH', Email: 'ap@zeta.example', validate: 'valid', import: 'created' },
] as const;

const CONTENT: Record<Format, string> = {
  csv: `Name,Email\n${CUSTOMERS.map((c) => `${c.Name},${c.Email}`).join('\n')}\n`,
  json: JSON.stringify(CUSTOMERS.map(({ Name, Email }) => ({ Name, Email }))),
  ndjson: CUSTOMERS.map(({ Name, Email }) => `${JSON.stringify({ Name, Email })}\n`).join(''),
};

let dir: string;
let runs = 0;
beforeAll(() => {
  dir = tempDir();
});

function namedPipe(name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

/** The file descriptor `link` (under /proc/PID/fd) names, or undefined once it is closed. */
function target(link: string): string | undefined {
  try {
    return readlinkSync(link);
  } catch {
    return undefined;
  }
}

/** Resolves once process `pid` has `path` open (by then it listens for Ctrl-C: it has opened its input). */
async function untilOpened(pid: number, path: string): Promise<void> {
  const fds = `/proc/${pid}/fd`;
  while (!readdirSync(fds).some((fd) => target(join(fds, fd)) === path)) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Ends a zcust a failing test left waiting on a named pipe: one blocked in open() heard no signal but SIGKILL
 * (exiting, Node waits for the thread that is blocked).
 */
function killIfLeft(running: RunningZcust): void {
  if (!running.ended()) running.child.kill('SIGKILL');
}

/**
 * The reports of a run: the CSV report's text and its rows, and the JSON report's rows (not its summary, which
 * names the input).
 */
function reportsOf(run: number) {
  const json = JSON.parse(readFileSync(join(dir, `r${run}.json`), 'utf8')) as { rows: unknown[] };
  const csv = join(dir, `r${run}.csv`);
  return { csv: readFileSync(csv, 'utf8'), rows: readReport(csv), jsonRows: json.rows };
}

/** How the rows reach zcust: a file, or a path that is some kind of pipe. */
type How =
  | 'a regular file'
  | 'a named pipe'
  | "bash's <(…)"
  | 'a pipe as /dev/stdin'
  | 'a socket as /dev/stdin';

/**
 * zcust run by bash with the rows of `file` as `input` gives them (`$3` is the file), then `args`. bash's pipes
 * are pipes; Node's child_process gives a child sockets.
 */
function inBash(input: string, file: string, command: string, args: string[]): RunningZcust {
  const line = input.replace('ZCUST', `"$1" "$2" ${command}`);
  const script = `${line} "\${@:4}"`;
  const child = spawn('bash', ['-c', script, 'bash', process.execPath, BIN, file, ...args], {
    cwd: dir,
    env: cleanEnv({}, dir),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  return watch(child);
}

/** `command` run on the rows in `format`, given as `how` says; resolves with its result and its reports. */
async function runOn(
  command: 'validate' | 'import',
  format: Format,
  how: How,
  extra: string[] = [],
): Promise<RunResult & ReturnType<typeof reportsOf>> {
  const run = ++runs;
  const flags = ['--report', `r${run}.csv`, '--report', `r${run}.json`, '--quiet', ...extra];
  const file = join(dir, `in${run}.${format}`);
  let running: RunningZcust;
  if (how === 'a named pipe') {
    // Known by its extension, as a file is; written once zcust has opened it (the write waits for a reader).
    const pipe = namedPipe(`pipe${run}.${format}`);
    running = spawnZcust([command, pipe, ...flags], { cwd: dir });
    await writeFile(pipe, CONTENT[format]);
  } else {
    writeFileSync(file, CONTENT[format]);
    const piped = [...flags, '--format', format];
    if (how === 'a regular file') running = spawnZcust([command, file, ...flags], { cwd: dir });
    else if (how === "bash's <(…)") running = inBash('ZCUST <(cat "$3")', file, command, piped);
    else if (how === 'a pipe as /dev/stdin')
      running = inBash('cat "$3" | ZCUST /dev/stdin', file, command, piped);
    else running = spawnZcust([command, '/dev/stdin', ...piped], { cwd: dir, input: CONTENT[format] });
  }
  const result = await running.result;
  return { ...result, ...reportsOf(run) };
}

/** Validate's run on the rows in a regular file, once per format: what every pipe's run must match. */
const regularRuns = new Map<Format, ReturnType<typeof runOn>>();
function fromRegularFile(format: Format): ReturnType<typeof runOn> {
  const run = regularRuns.get(format) ?? runOn('validate', format, 'a regular file');
  regularRuns.set(format, run);
  return run;
}

const FORMATS: Format[] = ['csv', 'json', 'ndjson'];
// A socket is what Node's child_process gives a child: it cannot be opened by its path, as a pipe can.
const PIPES: How[] = ['a named pipe', "bash's <(…)", 'a pipe as /dev/stdin', 'a socket as /dev/stdin'];
const CASES = FORMATS.flatMap((format) => PIPES.map((how) => [format, how] as const));

describe.skipIf(process.platform === 'win32')('input from a path that is a pipe', () => {
  it.each(CASES)(
    'validate reads %s from %s: every row in both reports, as from a regular file (exit 1)',
    async (format, how) => {
      const run = await runOn('validate', format, how);
      // It was "cannot read /dev/fd/63: invalid seek", exit 2 for CSV, and exit 3 with no report for JSON.
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toBe('');
      expect(
        run.rows.map((r) => [r.zcust_row, r.zcust_status, r.Name]),
        'the CSV report, row by row',
      ).toEqual(CUSTOMERS.map((c, i) => [String(i + 2), c.validate, c.Name]));
      const file = await fromRegularFile(format);
      expect(run.csv, 'the CSV report, as of the same rows in a file').toBe(file.csv);
      expect(run.jsonRows, 'the JSON report, as of the same rows in a file').toEqual(file.jsonRows);
    },
  );

  it.each(FORMATS)(
    "import --sandbox reads %s from bash's <(…): creates each valid row once",
    async (format) => {
      const run = await runOn('import', format, "bash's <(…)", ['--sandbox']);
      expect(run.code, run.stderr).toBe(1);
      expect(run.rows.map((r) => [r.zcust_row, r.zcust_status])).toEqual(
        CUSTOMERS.map((c, i) => [String(i + 2), c.import]),
      );
      expect(
        run.rows.filter((r) => r.zcust_customer_id !== ''),
        'rows with a customer id',
      ).toHaveLength(2);
    },
  );

  it('refuses at once a pipe whose name names no format, as standard input without --format (exit 2)', async () => {
    // Nothing ever writes to it: zcust waited for a writer, to refuse it once its first bytes came.
    const pipe = namedPipe('no-extension');
    const running = spawnZcust(['validate', pipe], { cwd: dir });
    onTestFinished(() => killIfLeft(running));
    const { code, stderr } = await running.result;
    expect(code, stderr).toBe(2);
    expect(stderr).toBe(
      `zcust: error: cannot tell the format of ${pipe} from its extension, and it is no file to rename (a pipe or a device); pass --format csv, json or ndjson\n`,
    );
  });

  it('refuses at once a named pipe given as the input and as the report (exit 2), waiting for no writer', async () => {
    const pipe = namedPipe('both.csv');
    const running = spawnZcust(['validate', pipe, '--report', pipe], { cwd: dir });
    onTestFinished(() => killIfLeft(running));
    const { code, stderr } = await running.result;
    expect(code, stderr).toBe(2);
    expect(stderr).toBe(
      `zcust: error: --report ${pipe} would overwrite the input ${pipe} while it is read; write the report elsewhere\n`,
    );
  });

  it.skipIf(!existsSync('/proc/self/fd'))(
    "refuses /dev/fd/N that is one of zcust's own pipes (no descriptor the caller opened, exit 2); /dev/fd/3 to /dev/fd/20 all end, none hangs",
    async () => {
      // Node's signal pipe among them: read, it took the signals' bytes, and Ctrl-C and SIGTERM went unheard.
      const runs = Array.from({ length: 18 }, (_, i) => {
        const running = spawnZcust(['validate', `/dev/fd/${i + 3}`, '--format', 'csv'], { cwd: dir });
        onTestFinished(() => killIfLeft(running));
        return running;
      });
      const hung = setTimeout(() => {
        for (const running of runs) killIfLeft(running);
      }, 10_000);
      onTestFinished(() => clearTimeout(hung));
      const results = await Promise.all(runs.map((running) => running.result));
      // (Some are not open, or are no pipe: Node's own /dev/null reads as an empty file, exit 0.)
      for (const [i, { code, signal, stderr }] of results.entries()) {
        expect(signal, `/dev/fd/${i + 3} hung until killed: ${stderr}`).toBeNull();
        expect([0, 2], `/dev/fd/${i + 3} ended with ${code}: ${stderr}`).toContain(code);
      }
      const own = results.filter((r) => r.stderr.includes("it is one of zcust's own pipes"));
      expect(own.length, 'no /dev/fd/N from 3 to 20 was found to be one of its own pipes').toBeGreaterThan(0);
    },
  );

  it.skipIf(!existsSync('/proc/self/fd')).each(FORMATS)(
    'stops at Ctrl-C while a named pipe (%s) waits for a writer: reports written, exit 3, no word of an empty file',
    async (format) => {
      const pipe = namedPipe(`never-written.${format}`);
      const running = spawnZcust(['validate', pipe, '--report', 'stopped.csv', '--report', 'stopped.json'], {
        cwd: dir,
      });
      onTestFinished(() => killIfLeft(running));
      await untilOpened(running.child.pid!, pipe);
      // It waited in open() for a writer, in a thread Ctrl-C could not reach, until a second Ctrl-C.
      running.child.kill('SIGINT');
      const { code, stderr } = await running.result;
      expect(code, stderr).toBe(3);
      expect(stderr).toContain(
        `${pipe} was read no further, so rows it had not sent by then are not in the report`,
      );
      // It was never read: neither empty, nor a header without a Name.
      expect(stderr).not.toMatch(/empty or blank|no column of the header/);
      const json = JSON.parse(readFileSync(join(dir, 'stopped.json'), 'utf8'));
      expect(json.summary.aborted).toMatch(/^interrupted by the user \(Ctrl-C\); /);
      expect(json.rows).toEqual([]);
    },
  );
});
