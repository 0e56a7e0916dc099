import { afterEach, describe, expect, it } from 'vitest';
import type { TargetName } from '../../src/model.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import type { SandboxRuntime } from '../../src/sandbox/runtime.js';
import { later } from '../../src/sandbox/server.js';
import { AUTH, CREATE_PATH, call, customerBody } from './client.js';

const running: Sandbox[] = [];
async function start(options: SandboxOptions): Promise<Sandbox> {
  const sandbox = await startSandbox({ port: 0, ...options });
  running.push(sandbox);
  return sandbox;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((sandbox) => sandbox.close()));
});

const create = (sandbox: Sandbox, n: number) =>
  call(sandbox, 'POST', CREATE_PATH[sandbox.target], {
    body: customerBody(sandbox.target, n),
    headers: AUTH[sandbox.target],
  });

describe('sandbox faults: failRate', () => {
  it.each([
    ['zenskar', { error_code: 'SERVICE_UNAVAILABLE', message: expect.any(String) }],
    ['dayzero', { detail: 'Service unavailable' }],
    ['ambiosys', { success: false, message: expect.any(String) }],
  ] as [TargetName, object][])(
    'failRate 1 answers %s creates 503 in its own shape and stores nothing',
    async (target, body) => {
      const sandbox = await start({ target, failRate: 1 });
      expect(await create(sandbox, 1)).toMatchObject({ status: 503, body });
      expect(sandbox.customers()).toHaveLength(0);
      expect(sandbox.stats().injected.failures).toBe(1);
    },
  );

  it('the same seed fails the same request indices; another seed fails others', async () => {
    const failedIndices = async (seed: number) => {
      const sandbox = await start({ failRate: 0.5, seed });
      const failed: number[] = [];
      for (let n = 0; n < 40; n += 1) if ((await create(sandbox, n)).status === 503) failed.push(n);
      return failed;
    };
    const first = await failedIndices(7);
    const again = await failedIndices(7);
    const other = await failedIndices(8);
    expect(first.length, 'a fail rate of 0.5 should fail some requests but not all').toBeGreaterThan(0);
    expect(first.length).toBeLessThan(40);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });
});

describe('sandbox faults: rateLimit', () => {
  it('rateLimit 2 answers the third request in the window 429 with Retry-After: 1 and does nothing', async () => {
    const sandbox = await start({ rateLimit: 2 });
    const answers = [await create(sandbox, 1), await create(sandbox, 2), await create(sandbox, 3)];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
    expect(answers[2]?.headers['retry-after']).toBe('1');
    expect(answers[2]?.body).toMatchObject({ error_code: 'TOO_MANY_REQUESTS' });
    expect(sandbox.customers()).toHaveLength(2);
    expect(sandbox.stats().injected.rateLimited).toBe(1);
  });
});

describe('sandbox faults: dropRate', () => {
  it.each(['zenskar', 'dayzero', 'ambiosys'] as TargetName[])(
    'dropRate 1 on %s stores the customer but the client gets a socket error, no answer',
    async (target) => {
      const sandbox = await start({ target, dropRate: 1 });
      await expect(create(sandbox, 1)).rejects.toThrow(/other side closed|socket|ECONNRESET/i);
      expect(sandbox.customers()).toHaveLength(1);
      expect(sandbox.stats().injected.dropped).toBe(1);
    },
  );

  it('drops only creates that succeeded: a rejected create is still answered', async () => {
    const sandbox = await start({ dropRate: 1 });
    const answer = await call(sandbox, 'POST', '/customers', { body: { email: 'x' }, headers: AUTH.zenskar });
    expect(answer.status).toBe(422);
    expect(sandbox.stats().injected.dropped).toBe(0);
  });
});

describe('sandbox faults: latency', () => {
  it('a delayed answer is still the right answer', async () => {
    const sandbox = await start({ latencyMs: 20 });
    expect((await create(sandbox, 1)).status).toBe(200);
  });

  it('never answers before the latency has passed, even when the event loop is behind', async () => {
    const runtime = { settings: { latencyMs: 20 }, waiting: new Map() } as unknown as SandboxRuntime;
    // A turn of the event loop that has already run for 10 ms: timers are counted from its start.
    const turnStart = performance.now();
    while (performance.now() - turnStart < 10) {}
    const arrivedAt = performance.now();
    const answeredAt = await new Promise<number>((resolve) =>
      later(runtime, arrivedAt, () => resolve(performance.now())),
    );
    expect(answeredAt - arrivedAt).toBeGreaterThanOrEqual(20);
  });

  it.each(['zenskar', 'dayzero', 'ambiosys'] as TargetName[])(
    'close() answers %s creates held back by the latency at once, rather than drop them once stored',
    async (target) => {
      const sandbox = await start({ target, latencyMs: 60_000 });
      const pending = create(sandbox, 1).catch((error: Error) => error);
      while (sandbox.stats().requests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const closing = Date.now();
      await sandbox.close();
      const answer = await pending;
      expect(answer, 'the stored customer got a dropped connection').not.toBeInstanceOf(Error);
      expect((answer as { status: number }).status).toBe(target === 'dayzero' ? 201 : 200);
      expect(sandbox.customers()).toHaveLength(1);
      expect(Date.now() - closing, 'close() waited out the latency').toBeLessThan(10_000);
    },
  );
});

describe('sandbox options', () => {
  it.each([
    ['failRate above 1', { failRate: 1.5 }],
    ['dropRate below 0', { dropRate: -0.1 }],
    ['a negative latency', { latencyMs: -5 }],
    ['a fractional rate limit', { rateLimit: 2.5 }],
    ['an unknown target', { target: 'stripe' as TargetName }],
    ['a seed of 2^32, which the 32-bit PRNG would read as 0', { seed: 2 ** 32 }],
    ['a negative seed', { seed: -1 }],
  ])('startSandbox refuses %s', async (_case, options) => {
    await expect(startSandbox(options)).rejects.toThrow(RangeError);
  });
});
