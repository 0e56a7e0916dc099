/** `zcust sandbox`: start the local API stand-in, say how to reach it, and serve until Ctrl-C. */
import { UsageError } from '../errors.js';
import { TARGET_NAMES, type TargetName } from '../model.js';
import { describeSandbox, statsSummary } from '../sandbox/describe.js';
import { faultOptionProblem } from '../sandbox/faults.js';
import { DataFileError, startSandbox } from '../sandbox/index.js';

export interface SandboxCommandOptions {
  port?: number;
  target?: string;
  latency?: number;
  failRate?: number;
  rateLimit?: number;
  dropRate?: number;
  seed?: number;
  data?: string;
}

export interface SandboxCommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Stops the sandbox like SIGINT does; lets tests end the command without signalling the process. */
  stop?: AbortSignal;
}

export async function runSandboxCommand(opts: SandboxCommandOptions, io: SandboxCommandIO): Promise<void> {
  const target = opts.target ?? 'zenskar';
  if (!isTargetName(target)) {
    throw new UsageError(`--target must be one of ${TARGET_NAMES.join(', ')} (got "${target}")`);
  }
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
  };
  const problem = faultOptionProblem(options);
  if (problem !== undefined) throw new UsageError(problem);

  const sandbox = await startSandbox(options).catch((error: NodeJS.ErrnoException) => {
    if (error instanceof DataFileError) throw new UsageError(`--data ${opts.data}: ${error.message}`);
    if (error.code === 'EADDRINUSE') {
      throw new UsageError(
        `port ${options.port} is already in use; choose another with --port (0 = any free port)`,
      );
    }
    throw error;
  });
  io.stdout.write(
    describeSandbox({
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
    }),
  );
  await untilStopped(io.stop);
  await sandbox.close();
  io.stderr.write(`${statsSummary(sandbox.stats())}\n`);
}

function isTargetName(value: string): value is TargetName {
  return (TARGET_NAMES as readonly string[]).includes(value);
}

/** Resolves at the first SIGINT or SIGTERM (or `stop`), and stops listening for them. */
function untilStopped(stop: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      stop?.removeEventListener('abort', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
    if (stop?.aborted) done();
    else stop?.addEventListener('abort', done);
  });
}
