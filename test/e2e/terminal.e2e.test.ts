/**
 * `zcust import` on a terminal of its own (a pseudo-terminal from Python's pty module), read as the screen would
 * show it: the progress bar fits the width, what is said while it is drawn goes on lines of its own, and every
 * way out gives the terminal back its cursor and line wrap.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeCustomersCsv } from '../support/customers.js';
import { SANDBOX_ENV, sandboxPerTest } from '../support/sandbox.js';
import { renderScreen } from '../support/terminal-screen.js';
import { BIN, cleanEnv, pastTheRepeatWindow, tempDir, until } from '../support/zcust.js';

const hasPty = spawnSync('python3', ['-c', 'import pty']).status === 0;

/**
 * Runs argv[2:] on a pseudo-terminal argv[1] columns wide; writes what it shows on stdout, sends it the signal
 * named by each line of stdin (INT, QUIT, …), and at the end writes its exit code on stderr (a signal's as 128
 * + its number, as a shell does).
 */
const PTY_SCRIPT = `
import fcntl, os, pty, select, signal, struct, sys, termios
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack('HHHH', 24, int(sys.argv[1]), 0, 0))
    os.execv(sys.argv[2], sys.argv[2:])
while True:
    ready = select.select([fd, 0], [], [])[0]
    if 0 in ready:
        name = sys.stdin.readline().strip()
        if name: os.kill(pid, getattr(signal, 'SIG' + name))
    if fd in ready:
        try: data = os.read(fd, 65536)
        except OSError: break
        if not data: break
        sys.stdout.buffer.write(data); sys.stdout.flush()
code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
sys.stderr.write(str(128 - code if code < 0 else code))
`;

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
const sandboxWith = sandboxPerTest();

/** Rows of the import, each answered only after a second: a stop waits for the requests in flight. */
const SLOW_ROWS = 100;

/**
 * Imports SLOW_ROWS rows on a terminal `columns` wide and sends `signals` once requests are in flight, each
 * after the one before was said to be taken, as a person sends a signal again (past the window for copies).
 */
async function importOnTerminal(columns: number, signals: string[]) {
  // A second signal comes over half a second after the first: the requests in flight must still be waiting.
  const s = await sandboxWith({ latencyMs: signals.length > 1 ? 2000 : 1000 });
  writeCustomersCsv(join(dir, 'slow.csv'), SLOW_ROWS);
  // A terminal that draws the bar: not a CI job's, nor TERM=dumb.
  const env = cleanEnv({ ...SANDBOX_ENV.zenskar, TERM: 'xterm-256color' }, dir);
  delete env.CI;
  const args = [BIN, 'import', 'slow.csv', '--base-url', s.url, '--report', 'r.json'];
  const child = spawn('python3', ['-c', PTY_SCRIPT, String(columns), process.execPath, ...args], {
    cwd: dir,
    env,
  });
  let shown = '';
  let exitCode = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    shown += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    exitCode += d;
  });
  const closed = new Promise((resolve) => child.on('close', resolve));
  await until(() => s.stats().requests > 0);
  for (const [i, signal] of signals.entries()) {
    if (i > 0) {
      await until(() => shown.includes('zcust: interrupted by'));
      await pastTheRepeatWindow();
    }
    child.stdin.write(`${signal}\n`);
  }
  await closed;
  return { code: Number(exitCode), output: shown, screen: renderScreen(shown, columns) };
}

/** The frames the bar drew: from the start of its line to the clear of what is right of it. */
const framesIn = (output: string) =>
  [...output.matchAll(/\u001b\[1G([^\u001b]*)\u001b\[0K/g)].map(([, frame]) => frame ?? '');

describe.skipIf(!hasPty)('zcust import on a terminal', () => {
  it.each([40, 80])(
    'Ctrl-C on %i columns: every frame fits, the notice and the summary are whole and clean',
    async (columns) => {
      const run = await importOnTerminal(columns, ['INT']);
      expect(run.code, run.output).toBe(3);
      const frames = framesIn(run.output);
      expect(frames.length, 'frames of the bar').toBeGreaterThan(0);
      for (const frame of frames) expect(frame.length, frame).toBeLessThan(columns);
      const lines = run.screen.lines();
      expect(lines.join(''), 'the notice, whole').toContain(
        'zcust: interrupted by Ctrl-C: finishing the requests in flight, then writing the report (Ctrl-C again to quit at once)',
      );
      expect(
        lines.filter((line) => /[█░]| \| ETA /.test(line)),
        'what is left of the bar',
      ).toEqual([]);
      expect(lines.filter((line) => line.startsWith('  created'))).toEqual([
        expect.stringMatching(/^ {2}created \d+ · not attempted \d+$/),
      ]);
      expect(run.screen.cursorVisible, 'the cursor shown again').toBe(true);
      expect(run.screen.lineWrap, 'line wrap on again').toBe(true);
    },
  );

  it.each([
    [['INT', 'INT'], 130, 'zcust: interrupted again: exiting at once; the journal keeps what was done'],
    [['INT', 'TERM'], 143, 'zcust: interrupted again: exiting at once; the journal keeps what was done'],
    [['QUIT'], 131, 'zcust: quit by SIGQUIT: exiting at once; the journal keeps what was done'],
  ])(
    '%j quits at once with %i, giving the terminal back its cursor and line wrap',
    async (signals, code, said) => {
      const run = await importOnTerminal(80, signals);
      expect(run.code, run.output).toBe(code);
      expect(run.screen.lines(), 'what quitting says, on a line of its own').toContain(said);
      expect(run.screen.cursorVisible, 'the cursor shown again').toBe(true);
      expect(run.screen.lineWrap, 'line wrap on again').toBe(true);
    },
  );
});
