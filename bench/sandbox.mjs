// Benchmark: how many creates per second the zenskar sandbox sustains (zero latency, no faults).
// The server (`zcust sandbox`) runs in a child process; autocannon POSTs a unique email per request for DURATION
// seconds. It reports and asserts nothing. Run with `npm run bench:sandbox` (builds dist/ first).
import autocannon from 'autocannon';
import { SANDBOX_ENV, startSandboxProcess } from './lib.mjs';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 48);
const PIPELINING = 1;

const server = await startSandboxProcess();
const { url } = server;

let sequence = 0;
const result = await autocannon({
  url,
  connections: CONNECTIONS,
  pipelining: PIPELINING,
  duration: DURATION_S,
  requests: [
    {
      method: 'POST',
      path: '/customers',
      headers: {
        'content-type': 'application/json',
        'x-api-key': SANDBOX_ENV.ZENSKAR_API_KEY,
        organisation: SANDBOX_ENV.ZENSKAR_ORGANISATION,
      },
      // A fresh email every time, or every create after the first would be a duplicate.
      setupRequest: (req) => {
        sequence += 1;
        return {
          ...req,
          body: JSON.stringify({
            customer_name: `Bench Customer ${sequence}`,
            email: `bench-${sequence}@example.com`,
            external_id: `BENCH-${sequence}`,
            address: { line1: '1 Main St', city: 'Springfield', country_code: 'US' },
          }),
        };
      },
    },
  ],
});

const stats = await server.stats();
await server.stop();

const seconds = result.duration;
console.log(
  `zenskar sandbox, ${CONNECTIONS} connections, ${seconds.toFixed(1)} s, server in a child process`,
);
console.log(`creates/s        ${(result['2xx'] / seconds).toFixed(0)}   (${result['2xx']} answered 2xx)`);
console.log(`non-2xx          ${result.non2xx}   errors ${result.errors}   timeouts ${result.timeouts}`);
console.log(`latency p50/p99  ${result.latency.p50} ms / ${result.latency.p99} ms`);
console.log(
  `server counted   ${stats.creates} creates, ${stats.duplicates} duplicates, ${stats.customers} stored`,
);
