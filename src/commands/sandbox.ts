/** `zcust sandbox`: start the local API stand-in, say how to reach it, and serve until Ctrl-C. */
import { constants as osConstants } from 'node:os';
import { resolveTarget } from '../config/chosen-target.js';
import type { FlagSettings } from '../config/flag-settings.js';
import { ioReason, UsageError } from '../errors.js';
import {
  describeDataFile,
  describeSandbox,
  portRefusal,
  requestFailure,
  statsSummary,
  unreadableLinesWarning,
} from '../sandbox/describe.js';
import { faultOptionProblem } from '../sandbox/faults.js';
import { DataFileError, startSandbox } from '../sandbox/index.js';
import { exitProcess } from '../util/exit.js';
import { readerHasGone, writeOut } from '../util/write-out.js';
import { quitNotice, STOP_SIGNALS } from './interruption.js';
import { signalEffects } from './signal-effect.js';

export interface SandboxCommandOptions {
  port?: number;
  target?: string;
  latency?: number;
  failRate?: number;
  rateLimit?: number;
  dropRate?: number;
  seed?: number;
  data?: string;
  /** A request's internal error is followed by its stack trace. */
  verbose?: boolean;
  /** Where the target comes from when --target is not given, as for import: ZCUST_TARGET, then the profile. */
  config?: string;
  profile?: FlagSettings['profile'];
}

export interface SandboxCommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Stops the sandbox like SIGINT does; lets tests end the command without signalling the process. */
  stop?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export async function runSandboxCommand(opts: SandboxCommandOptions, io: SandboxCommandIO): Promise<void> {
  // The target as every command settles it (flag, ZCUST_TARGET, profile, default): a sandbox started with
  // ZCUST_TARGET=dayzero exported must speak DayZero, or the import that follows fails against it. A profile
  // for another target is no reason to refuse: the sandbox sends nothing, its credentials are not read.
  const target = resolveTarget(
    { target: opts.target, config: opts.config, profile: opts.profile },
    io.env ?? process.env,
    io.cwd ?? process.cwd(),
  );
  // Commander hands `--data ''` over as an empty string, which would quietly mean no data file at all.
  if (opts.data === '') throw new UsageError('--data needs a file name');
  const options = {
    target,
    port: opts.port ?? 0,
    latencyMs: opts.latency,
    failRate: opts.failRate,
    rateLimit: opts.rateLimit,
    dropRate: opts.dropRate,
    seed: opts.seed,
    dataFile: opts.data,
    onDataFileBroken: (message: string) => io.stderr.write(`zcust sandbox: warning: ${message}\n`),
    onRequestFailed: (request: string, error: Error) =>
      io.stderr.write(`${requestFailure(request, error, opts.verbose ?? false)}\n`),
  };
  const problem = faultOptionProblem(options);
  if (problem !== undefined) throw new UsageError(problem);

  const sandbox = await startSandbox(options).catch((error: NodeJS.ErrnoException) => {
    if (error instanceof DataFileError) throw new UsageError(`--data ${opts.data}: ${error.message}`);
    const refused = portRefusal(options.port, error.code);
    if (refused !== undefined) throw new UsageError(refused);
    throw error;
  });
  // Before the URL is out: whoever reads it may stop the sandbox at once, and is owed the clean stop.
  const { stopped, release } = untilStopped(io.stop, io.stderr);
  const banner = describeSandbox({
    url: sandbox.url,
    target,
    credentials: sandbox.credentials,
    faults: {
      latencyMs: options.latencyMs ?? 0,
      failRate: options.failRate ?? 0,
      rateLimit: options.rateLimit ?? 0,
      dropRate: options.dropRate ?? 0,
      seed: sandbox.seed,
    },
    ...(sandbox.dataFile && opts.data
      ? { dataFile: describeDataFile(opts.data, target, sandbox.dataFile) }
      : {}),
  });
  // The banner only tells; the server is the work. A reader that has gone (`| head -3`) is let go quietly, and
  // a stop does not wait on a write that a full pipe holds up.
  const unwritten = await Promise.race([writeOut(io.stdout, banner), stopped]);
  if (unwritten && !readerHasGone(unwritten)) {
    io.stderr.write(
      `zcust sandbox: warning: cannot write to standard output (${ioReason(unwritten)}); serving on ${sandbox.url}\n`,
    );
  }
  if (sandbox.dataFile && opts.data && sandbox.dataFile.unreadable > 0) {
    io.stderr.write(`zcust sandbox: warning: ${unreadableLinesWarning(opts.data, sandbox.dataFile)}\n`);
  }
  await stopped;
  try {
    await sandbox.close();
    io.stderr.write(`${statsSummary(sandbox.stats(), sandbox.unsaved())}\n`);
  } finally {
    release();
  }
}

/**
 * Resolves at the first stop signal (or `stop`). The handlers stay until the process exits: a copy of that signal
 * (GNU `timeout` signals the sandbox and then its process group, microseconds apart) left to Node's default
 * action ended the sandbox by the signal while it closed, or once it had said its counters, with 143 (7 runs in
 * 20). A second signal sent on purpose while it closes quits at once, as it quits an import (signal-effect.ts
 * tells the two apart). Once released (closed, its counters said), a signal changes nothing: the CLI exits 0 right
 * after, as an import that has ended exits with its own code. A caller that stops it through `stop` (a test, in
 * process) gets the handlers taken off too: they would pile up, one set a run, on a process that lives on.
 */
function untilStopped(
  stop: AbortSignal | undefined,
  stderr: NodeJS.WritableStream,
): { stopped: Promise<void>; release: () => void } {
  const effectOf = signalEffects();
  let resolveStopped = () => {};
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  let closed = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closed) return;
    const effect = effectOf(signal);
    if (effect === 'stop') resolveStopped();
    if (effect !== 'quit') return;
    stderr.write(`zcust sandbox: ${quitNotice(signal, false)}\n`);
    exitProcess(128 + osConstants.signals[signal]);
  };
  const onAbort = () => resolveStopped();
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  if (stop?.aborted) resolveStopped();
  else stop?.addEventListener('abort', onAbort);
  const release = () => {
    closed = true;
    if (stop === undefined) return;
    stop.removeEventListener('abort', onAbort);
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  };
  return { stopped, release };
}
