/** `zcust sandbox` as its own process: what only signals and a second process can show. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/index.js';
import { type RunResult, type SandboxEnded, startZcustSandbox, tempDir } from '../support/zcust.js';

const HEADERS = {
  'x-api-key': SANDBOX_CREDENTIALS.zenskar.apiKey,
  organisation: SANDBOX_CREDENTIALS.zenskar.organisation ?? '',
  'content-type': 'application/json',
};

const createAt = (url: string, n: number) =>
  request(`${url}/customers`, {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify({ customer_name: `C${n}`, email: `c${n}@example.com` }),
  });

describe('zcust sandbox (process)', () => {
  it('refuses a second sandbox on the same --data file with exit 2 naming it, so no e-mail lands twice', async () => {
    const cwd = tempDir();
    const first = await startZcustSandbox(['--data', 'customers.ndjson'], { cwd });
    try {
      const second = await startZcustSandbox(['--data', './customers.ndjson'], { cwd }).then(
        async (running) => (await running.stop()).stderr,
        (error: SandboxEnded) => error.result,
      );
      if (typeof second === 'string') expect.fail(`a second sandbox started on the file: ${second}`);
      expect(second.code, second.stderr).toBe(2);
      expect(second.stderr).toContain(
        `--data ./customers.ndjson: another zcust (process ${first.pid}) is running a sandbox on this data file`,
      );
      await (await createAt(first.url, 1)).body.dump();
    } finally {
      await first.stop();
    }
    const lines = readFileSync(join(cwd, 'customers.ndjson'), 'utf8').trim().split('\n');
    expect(lines, 'the customer was written twice').toHaveLength(1);
  });

  it.each(['SIGTERM', 'SIGHUP'] as const)(
    'on %s, answers a create still waiting out --latency rather than drop it once stored',
    async (signal) => {
      const sandbox = await startZcustSandbox(['--latency', '60000']);
      let stopped: RunResult | undefined;
      try {
        const answer = createAt(sandbox.url, 1);
        // The create has arrived (and is stored) once the stats count it.
        for (;;) {
          const stats = await request(`${sandbox.url}/__stats`).then((r) => r.body.json());
          if ((stats as { requests: number }).requests === 1) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        stopped = await sandbox.stop(signal);
        const response = await answer;
        await response.body.dump();
        expect(response.statusCode, 'the stored create was not answered').toBe(200);
      } finally {
        stopped ??= await sandbox.stop('SIGKILL');
      }
      expect(stopped.code).toBe(0);
      expect(stopped.stderr).toMatch(/1 created, .* 1 customers stored;/);
    },
  );
});
