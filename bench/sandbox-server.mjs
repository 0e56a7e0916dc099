// The benchmark's server half: a zero-latency sandbox in its own process, so the load generator and the
// server do not share one event loop. Prints one JSON line ({url, credentials}) when ready; stops on SIGTERM.
import { startSandbox } from '../dist/sandbox/index.js';

const target = process.argv[2] ?? 'zenskar';
const sandbox = await startSandbox({ target, port: 0 });
process.stdout.write(`${JSON.stringify({ url: sandbox.url, credentials: sandbox.credentials })}\n`);

const stop = async () => {
  await sandbox.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
