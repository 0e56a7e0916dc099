/**
 * `zcust import` and `zcust validate` (validate = import that sends nothing, as --dry-run does): the signals that
 * stop a run or quit it at once, around the run itself (import-run.ts), which wires configuration, input, target,
 * HTTP client, journal, engine, progress and reports together.
 */
import { constants as osConstants } from 'node:os';
import type { FlagSettings } from '../config/flag-settings.js';
import { RunStop } from '../engine/context.js';
import type { InputFormat } from '../input/open.js';
import { errorForm } from '../report/error-form.js';
import { abandonSpools } from '../report/spool.js';
import { stderrLines } from '../ui/stderr-lines.js';
import { exitProcess } from '../util/exit.js';
import { writeBeforeExit } from '../util/write-out.js';
import { runUntilStopped } from './import-run.js';
import { interruptionBy, QUIT_SIGNAL, quitNotice, STOP_SIGNALS } from './interruption.js';
import { signalEffects } from './signal-effect.js';

export interface ImportFlags extends FlagSettings {
  format?: InputFormat;
  encoding?: string;
  delimiter?: string;
  map?: string[];
  report?: string[];
  json?: boolean;
  quiet?: boolean;
  includeExample?: boolean;
  skipExisting?: boolean;
  dryRun?: boolean;
  failFast?: boolean;
  sandbox?: boolean;
  resume?: boolean;
}

export interface CommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stderr is a terminal that can draw the progress bar (see cli.ts); otherwise plain lines. */
  stderrIsInteractive: boolean;
}

export async function runImport(
  mode: 'validate' | 'import',
  file: string,
  flags: ImportFlags,
  io: CommandIO,
): Promise<number> {
  // Listening from the start (validate too): Ctrl-C stops reading new rows, reports the rest not_attempted and
  // exits 3. Installed only once the reports were open, a signal before then ended the process with an
  // empty report (the last one overwritten), or with nothing at all while standard input was still awaited.
  const stop = new RunStop();
  const lines = stderrLines(io.stderr);
  // Once the summary is being printed, --json has its answer.
  let summaryBegun = false;
  const quitAtOnce = (signal: NodeJS.Signals) => {
    // Before anything is said: the bar's line wrap would cut it, and nothing restores the terminal after.
    lines.stopProgress();
    // Only an import that sends to a real tenant keeps a journal (validate, --dry-run and --sandbox do not).
    const journalled = mode === 'import' && !flags.dryRun && !flags.sandbox;
    const notice = quitNotice(signal, journalled);
    lines.write(`zcust: ${notice}\n`);
    // No stream is waited for now: the JSON and XML reports' temp files would stay behind, and their
    // targets hold an earlier run's report, or one cut short.
    for (const left of abandonSpools()) lines.write(`zcust: warning: ${left}\n`);
    // As a shell reports a process the signal ended (a second SIGTERM exited 130, Ctrl-C's code). The lock
    // goes on the way out (see run-lock.ts).
    const code = 128 + osConstants.signals[signal];
    // --json's answer all the same (stdout was left empty), written before the exit drops what is queued; not
    // a second line after the summary.
    if (flags.json && !summaryBegun) writeBeforeExit(io.stdout, errorForm(mode, notice, code));
    exitProcess(code);
  };
  // Only a signal, not the run's own stop, can make the next one quit at once: a Ctrl-C while --fail-fast's stop
  // (or a server gone, a full disk) wound the run down was taken for a second one, and ended it without its report.
  const effectOf = signalEffects();
  // Once the run has ended, its summary and reports written: the exit code it earned, or null after an error.
  let ended: number | null | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    // The handlers stay until the process exits: removed, a signal in the moment between the run's end and the
    // exit ended the process by that signal (130/143 to the shell) after a run that had passed.
    if (ended !== undefined) {
      if (ended !== null) exitProcess(ended);
      return;
    }
    const effect = effectOf(signal);
    if (effect === 'quit') quitAtOnce(signal);
    if (effect !== 'stop') return;
    const { notice, reason } = interruptionBy(signal);
    lines.write(`zcust: ${notice}\n`);
    stop.stop('interrupted', reason);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  process.on(QUIT_SIGNAL, quitAtOnce);
  try {
    ended = await runUntilStopped(mode, file, flags, io, stop, lines, () => {
      summaryBegun = true;
    });
    return ended;
  } catch (error) {
    // The error's own exit follows at once (cli.ts): a signal meanwhile changes nothing.
    ended = null;
    throw error;
  }
}
