/**
 * A local stand-in for the Zenskar, DayZero and AmbioSys customer APIs: real state, the platforms' own error
 * bodies, and reproducible fault injection. Used by `zcust sandbox`, `zcust import --sandbox`, and the tests.
 */
import { randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TARGET_NAMES, type TargetName } from '../model.js';
import { openDataFile } from './data-file.js';
import { createAmbioSysDialect } from './dialects/ambiosys.js';
import { createDayZeroDialect } from './dialects/dayzero.js';
import { createZenskarDialect } from './dialects/zenskar.js';
import { faultOptionProblem } from './faults.js';
import { SandboxRuntime } from './runtime.js';
import { createSandboxHandler } from './server.js';
import type { Dialect, Sandbox, SandboxOptions } from './types.js';
import { zenskarCreateValidator } from './zenskar-schema.js';

export { SANDBOX_CREDENTIALS } from './credentials.js';
export { DataFileError, type DataFileSummary } from './data-file.js';
export type { RecordedRequest, Sandbox, SandboxCredentials, SandboxOptions, SandboxStats } from './types.js';

const HOST = '127.0.0.1';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const target = options.target ?? 'zenskar';
  if (!TARGET_NAMES.includes(target)) throw new RangeError(`unknown sandbox target ${target}`);
  const problem = faultOptionProblem(options);
  if (problem !== undefined) throw new RangeError(problem);

  const dialect = await createDialect(target);
  let data: Awaited<ReturnType<typeof openDataFile>> | undefined;
  if (options.dataFile) {
    const dataFile = options.dataFile;
    const onBroken = (reason: string) =>
      (options.onDataFileBroken ?? (() => {}))(
        `cannot write ${dataFile} any more (${reason}); customers created from now on are kept in memory only`,
      );
    // Opened before the server listens: a file that cannot be written, or that another sandbox uses, is
    // refused before anyone is told the URL.
    data = await openDataFile(dataFile, target, (customer) => dialect.restore(customer), onBroken);
  }
  const seed = options.seed ?? randomInt(2 ** 31);
  const runtime = new SandboxRuntime(
    dialect,
    {
      latencyMs: options.latencyMs ?? 0,
      failRate: options.failRate ?? 0,
      rateLimit: options.rateLimit ?? 0,
      dropRate: options.dropRate ?? 0,
      seed,
    },
    data?.writer,
    options.recordRequests ?? false,
  );
  const server = createServer(createSandboxHandler(runtime, options.onRequestFailed));
  let port: number;
  try {
    port = await listen(server, options.port ?? 0);
  } catch (error) {
    await data?.writer.close();
    data?.lock.release();
    throw error;
  }

  let closing: Promise<void> | undefined;
  const sandbox: Sandbox = {
    url: `http://${HOST}:${port}`,
    target,
    credentials: { ...dialect.credentials },
    seed,
    stats: () => runtime.stats(),
    requests: () => [...(runtime.recorded ?? [])],
    customers: () => dialect.customers(),
    unsaved: () => data?.writer.unsaved ?? 0,
    close() {
      closing ??= shutDown(server, runtime).finally(() => data?.lock.release());
      return closing;
    },
  };
  if (data) sandbox.dataFile = data.summary;
  return sandbox;
}

async function createDialect(target: TargetName): Promise<Dialect> {
  switch (target) {
    case 'zenskar':
      return createZenskarDialect(await zenskarCreateValidator());
    case 'dayzero':
      return createDayZeroDialect();
    case 'ambiosys':
      return createAmbioSysDialect();
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function shutDown(server: Server, runtime: SandboxRuntime): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A request waiting out the latency has done its work (a customer stored): it gets its answer now, not a
  // dropped connection the client must take for an unknown outcome.
  runtime.answerWaiting();
  // Creates are answered once their lines are in the data file; then those answers are written to the sockets
  // in this turn. Keep-alive connections would hold close() open until the client lets go.
  await runtime.dataFile?.written();
  await new Promise((resolve) => setImmediate(resolve));
  server.closeAllConnections();
  await closed;
  await runtime.dataFile?.close();
}
