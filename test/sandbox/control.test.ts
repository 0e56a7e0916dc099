import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { AUTH, call } from './client.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, recordRequests: true });
});
afterEach(() => sandbox.close());

const create = (body: unknown, headers: Record<string, string> = AUTH.zenskar) =>
  call(sandbox, 'POST', '/customers', { body, headers });

/** One of each kind of request the counters tell apart. */
async function oneOfEach() {
  await create({ customer_name: 'A', email: 'a@example.com' });
  await create({ customer_name: 'A again', email: 'A@example.com' });
  await create({ customer_name: 'Bad', email: 'not-an-email' });
  await create({ customer_name: 'No auth' }, {});
  await call(sandbox, 'GET', '/customers?email=a@example.com', { headers: AUTH.zenskar });
}

describe('sandbox control: GET /__stats', () => {
  it('counts requests, creates, duplicates, rejections, auth failures, lookups and customers (no auth needed)', async () => {
    await oneOfEach();
    const answer = await call(sandbox, 'GET', '/__stats');
    expect(answer).toEqual(
      expect.objectContaining({
        status: 200,
        body: {
          requests: 5,
          creates: 1,
          duplicates: 1,
          validationRejections: 1,
          authFailures: 1,
          lookups: 1,
          customers: 1,
          injected: { failures: 0, rateLimited: 0, dropped: 0 },
        },
      }),
    );
    expect(sandbox.stats()).toEqual(answer.body);
  });

  it('is not itself counted, rate limited or failed', async () => {
    const faulty = await startSandbox({ port: 0, failRate: 1, rateLimit: 1 });
    try {
      for (let n = 0; n < 3; n += 1) expect((await call(faulty, 'GET', '/__stats')).status).toBe(200);
      expect(faulty.stats().requests).toBe(0);
    } finally {
      await faulty.close();
    }
  });
});

describe('sandbox control: POST /__reset', () => {
  it('empties customers and counters, so an email can be created again', async () => {
    await oneOfEach();
    const answer = await call(sandbox, 'POST', '/__reset');
    expect(answer.status).toBe(200);
    expect(sandbox.customers()).toEqual([]);
    expect(sandbox.stats()).toMatchObject({ requests: 0, creates: 0, customers: 0 });
    expect((await create({ customer_name: 'A', email: 'a@example.com' })).status).toBe(200);
  });

  it('answers 405 to GET', async () => {
    expect((await call(sandbox, 'GET', '/__reset')).status).toBe(405);
  });
});

describe('sandbox recording', () => {
  it('keeps method, path, body and headers, with the secrets redacted', async () => {
    await create({ customer_name: 'A' });
    const [recorded] = sandbox.requests();
    expect(recorded).toMatchObject({ method: 'POST', path: '/customers', body: { customer_name: 'A' } });
    expect(recorded?.headers['x-api-key']).toBe('[redacted]');
    expect(recorded?.headers.organisation).toBe(AUTH.zenskar.organisation);
    expect(JSON.stringify(sandbox.requests())).not.toContain(AUTH.zenskar['x-api-key']);
  });

  it('keeps the query string of lookups', async () => {
    await call(sandbox, 'GET', '/customers?email__in=a@example.com', { headers: AUTH.zenskar });
    expect(sandbox.requests()[0]?.path).toBe('/customers?email__in=a@example.com');
  });

  it('records nothing unless asked to', async () => {
    const quiet = await startSandbox({ port: 0 });
    try {
      await call(quiet, 'POST', '/customers', { body: { customer_name: 'A' }, headers: AUTH.zenskar });
      expect(quiet.requests()).toEqual([]);
    } finally {
      await quiet.close();
    }
  });
});

describe('sandbox: errors of its own, in each platform shape', () => {
  const FASTAPI = (detail: string) => ({ detail });
  const AMBIOSYS = (message: string) => ({ success: false, message });
  const shapes = {
    zenskar: FASTAPI,
    dayzero: FASTAPI,
    ambiosys: AMBIOSYS,
  } as const;
  const tooLarge = 'x'.repeat(1024 * 1024 + 1);
  // 1 MiB is bytes: 400,000 characters of three bytes each are 1.2 MB.
  const tooLargeInBytes = '東'.repeat(400_000);

  it.each(
    (['zenskar', 'dayzero', 'ambiosys'] as const).flatMap((target) => [
      [target, 'a body over 1 MiB', 413, 'POST', '/anything', tooLarge, 'Request body too large'],
      [
        target,
        'a body over 1 MiB in fewer characters',
        413,
        'POST',
        '/anything',
        tooLargeInBytes,
        'Request body too large',
      ],
      [target, 'an unknown control path', 404, 'GET', '/__nope', undefined, undefined],
      [target, 'GET /__reset', 405, 'GET', '/__reset', undefined, undefined],
    ]) as [
      keyof typeof shapes,
      string,
      number,
      'GET' | 'POST',
      string,
      string | undefined,
      string | undefined,
    ][],
  )(
    '%s answers %s with %i in its own error shape',
    async (target, _case, status, method, path, body, message) => {
      const own = await startSandbox({ port: 0, target });
      try {
        const answer = await call(own, method, path, body === undefined ? {} : { body });
        expect(answer.status).toBe(status);
        const shape = shapes[target](message ?? expect.any(String));
        expect(answer.body, `not ${target}'s error shape`).toEqual(shape);
      } finally {
        await own.close();
      }
    },
  );
});
