/** What no request may do to the sandbox: take it down, whatever its body, whatever bug it meets. */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDayZeroDialect } from '../../src/sandbox/dialects/dayzero.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { SandboxRuntime } from '../../src/sandbox/runtime.js';
import { createSandboxHandler, MAX_BODY_DEPTH } from '../../src/sandbox/server.js';
import type { Dialect } from '../../src/sandbox/types.js';
import { sandboxPerTest } from '../support/sandbox.js';
import { AUTH, CREATE_PATH, call, customerBody } from './client.js';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const startSandbox = sandboxPerTest();

describe('a body nested deeper than the sandbox takes', () => {
  // Ten thousand levels ran JSON.stringify out of stack: no answer, and the sandbox process gone.
  it.each([
    [
      'zenskar',
      `{"customer_name":"D","custom_data":{"x":${nested(10_000)}}}`,
      { detail: 'There was an error parsing the body' },
    ],
    [
      'dayzero',
      `{"name":"D","email":"d@example.com","address":${nested(10_000)}}`,
      { detail: 'There was an error parsing the body' },
    ],
    [
      'ambiosys',
      `{"name":"D","notes":${nested(10_000)}}`,
      { success: false, message: 'There was an error parsing the body' },
    ],
  ] as const)('is answered 400 in the %s shape, and the sandbox serves on', async (target, body, answer) => {
    const sandbox = await startSandbox({ target });
    const refused = await call(sandbox, 'POST', CREATE_PATH[target], { body, headers: AUTH[target] });
    expect(refused, 'the deep body').toEqual(expect.objectContaining({ status: 400, body: answer }));
    const next = await call(sandbox, 'POST', CREATE_PATH[target], {
      body: customerBody(target, 1),
      headers: AUTH[target],
    });
    expect(next.status, 'the create after it').toBeLessThan(300);
  });

  it(`is taken up to ${MAX_BODY_DEPTH} levels, kept in the data file and loaded back from it`, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'zcust-deep-'));
    const dataFile = join(folder, 'customers.ndjson');
    try {
      // The two levels of the customer object and custom_data, and the rest in one value.
      const body = `{"customer_name":"D","custom_data":{"x":${nested(MAX_BODY_DEPTH - 2)}}}`;
      const first = await startSandbox({ dataFile });
      const created = await call(first, 'POST', '/customers', { body, headers: AUTH.zenskar });
      expect(created.status, JSON.stringify(created.body).slice(0, 200)).toBe(200);
      await first.close();
      expect(readFileSync(dataFile, 'utf8')).toContain(nested(MAX_BODY_DEPTH - 2));
      const second: Sandbox = await startSandbox({ dataFile });
      expect(second.dataFile?.loaded, 'customers loaded back').toBe(1);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the last guard of a request', () => {
  const boom = () => {
    throw new RangeError('Maximum call stack size exceeded');
  };
  /** DayZero's error shape, with routes that meet a bug. */
  function buggyDialect(): Dialect {
    return {
      ...createDayZeroDialect(),
      routes: new Map([
        ['/throws', { POST: boom }],
        // A BigInt is what JSON.stringify cannot write: the bug then strikes only as the answer is sent.
        ['/unwritable', { POST: () => ({ status: 200, body: { n: 1n } }) }],
      ]),
      authenticate: () => undefined,
      reset: boom,
    };
  }

  const servers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((close) => close()));
  });

  async function serve(latencyMs: number) {
    const failures: string[] = [];
    const runtime = new SandboxRuntime(
      buggyDialect(),
      { latencyMs, failRate: 0, rateLimit: 0, dropRate: 0, seed: 1 },
      undefined,
      false,
    );
    const server = createServer(
      createSandboxHandler(runtime, (request, error) => failures.push(`${request}: ${error.message}`)),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { sandbox: { url } as Sandbox, failures };
  }

  it.each([
    ['a handler that throws', '/throws', 0],
    ['an answer that cannot be written', '/unwritable', 0],
    ['an answer that cannot be written once --latency is over', '/unwritable', 5],
    ['a control request that throws (a reset)', '/__reset', 0],
  ])('answers %s 500 in the platform shape, tells it once, and serves on', async (_, path, latencyMs) => {
    const { sandbox, failures } = await serve(latencyMs);
    const answer = await call(sandbox, 'POST', `${path}?email=a@example.com`, { body: '{}' });
    expect(answer, 'the failed request').toEqual(
      expect.objectContaining({ status: 500, body: { detail: 'Internal Server Error' } }),
    );
    expect(failures, 'what the sandbox was told (the path without its query)').toEqual([
      expect.stringMatching(new RegExp(`^POST ${path}: `)),
    ]);
    expect((await call(sandbox, 'GET', '/__stats')).status, 'a request after it').toBe(200);
  });
});
