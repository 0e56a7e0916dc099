import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient, NOT_SENT } from '../../src/http/client.js';
import { createFakeClock, type FakeClock } from './fake-clock.js';
import { type LoopbackServer, sendJson, startServer } from './loopback-server.js';

let server: LoopbackServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

function clientFor(baseUrl: string, connections = 2): HttpClient {
  client = createHttpClient({ baseUrl, timeoutMs: 5_000, connections, userAgent: 'zcust/test' });
  return client;
}

describe('sending a request', () => {
  it('serialises the body as JSON and parses a JSON answer', async () => {
    server = await startServer((_req, res, body) => sendJson(res, 201, { echoed: JSON.parse(body) }));
    const payload = { name: 'Ada', tags: ['a', 'b'], address: { country: 'GB' } };

    const res = await clientFor(server.origin).send({
      method: 'POST',
      path: '/customers',
      headers: {},
      body: payload,
    });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ echoed: payload });
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('sends the user agent, accept: application/json and the request headers', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, {}));

    await clientFor(server.origin).send({
      method: 'GET',
      path: '/x',
      headers: { 'X-Api-Key': 'k', organisation: 'o' },
    });

    expect(server.requests[0]?.headers).toMatchObject({
      'user-agent': 'zcust/test',
      accept: 'application/json',
      'x-api-key': 'k',
      organisation: 'o',
    });
  });

  it('sends no content-type when there is no body', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, {}));

    await clientFor(server.origin).send({ method: 'GET', path: '/x', headers: {} });

    expect(server.requests[0]?.headers['content-type']).toBeUndefined();
  });

  it.each([
    { base: '', path: '/customers', query: undefined, seen: '/customers' },
    { base: '/v2', path: '/customers', query: undefined, seen: '/v2/customers' },
    { base: '/v2/', path: '/customers', query: undefined, seen: '/v2/customers' },
    {
      base: '/api',
      path: '/customers',
      query: { email: 'a+b@example.com', name: 'x y&z=1' },
      seen: '/api/customers?email=a%2Bb%40example.com&name=x+y%26z%3D1',
    },
  ])(
    'base URL path "$base" + $path + $query reaches the server as $seen',
    async ({ base, path, query, seen }) => {
      server = await startServer((_req, res) => sendJson(res, 200, {}));

      await clientFor(server.origin + base).send({ method: 'GET', path, query, headers: {} });

      expect(server.requests[0]?.url).toBe(seen);
    },
  );
});

describe('reading the response', () => {
  it.each([
    { contentType: 'application/json', sent: '{"id":"c1"}', parsed: { id: 'c1' } },
    { contentType: 'application/json; charset=utf-8', sent: '[1,2]', parsed: [1, 2] },
    { contentType: 'application/problem+json', sent: '{"detail":"bad"}', parsed: { detail: 'bad' } },
    { contentType: 'text/plain', sent: '{"looks":"like json"}', parsed: '{"looks":"like json"}' },
    { contentType: 'text/html', sent: '<h1>Bad gateway</h1>', parsed: '<h1>Bad gateway</h1>' },
    { contentType: 'application/json', sent: '<h1>oops</h1>', parsed: '<h1>oops</h1>' },
    { contentType: 'application/json', sent: '', parsed: '' },
    { contentType: undefined, sent: 'plain', parsed: 'plain' },
  ])('a $contentType body "$sent" comes back as $parsed', async ({ contentType, sent, parsed }) => {
    server = await startServer((_req, res) => {
      res.writeHead(200, contentType ? { 'content-type': contentType } : {}).end(sent);
    });

    const res = await clientFor(server.origin).send({ method: 'GET', path: '/x', headers: {} });

    expect(res.body).toEqual(parsed);
  });

  it('joins a body sent in several pieces, even with a character split between two of them', async () => {
    const text = JSON.stringify({ name: 'Zoë Müller', city: 'Zürich', note: 'x'.repeat(70_000) });
    const bytes = Buffer.from(text);
    const cut = bytes.indexOf(Buffer.from('ë')) + 1; // between the two bytes of "ë"
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(bytes.subarray(0, cut));
      setTimeout(() => res.end(bytes.subarray(cut)), 20);
    });

    const res = await clientFor(server.origin).send({ method: 'GET', path: '/x', headers: {} });

    expect(res.body).toEqual(JSON.parse(text));
  });

  it('drops a UTF-8 byte-order mark before the JSON', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"id":"c1"}')]));
    });

    const res = await clientFor(server.origin).send({ method: 'GET', path: '/x', headers: {} });

    expect(res.body).toEqual({ id: 'c1' });
  });

  it.each([
    [
      'names its charset, utf-16',
      'application/json; charset=utf-16le',
      'utf16le',
      { message: 'bad key [redacted]' },
    ],
    [
      'names its charset, latin1',
      'application/json; charset=ISO-8859-1',
      'latin1',
      { message: 'bad key [redacted]' },
    ],
    ['says nothing of its UTF-16', 'application/json', 'utf16le', { message: 'bad key [redacted]' }],
  ] as const)(
    'reads a body that %s, and takes the key out of it',
    async (_, contentType, encoding, expected) => {
      const key = 'zsk_live_AbCdEfGhIjKlMnOpQrSt';
      server = await startServer((_req, res) => {
        res.writeHead(400, { 'content-type': contentType });
        res.end(Buffer.from(JSON.stringify({ message: `bad key ${key}` }), encoding));
      });

      const res = await clientFor(server.origin).send({
        method: 'GET',
        path: '/x',
        headers: { 'x-api-key': key },
      });

      expect(res.body).toEqual(expected);
    },
  );

  it.each([
    // Read as the charset says, the ASCII of the key became CJK characters, which read back as UTF-16 spell it.
    ['utf-16le'],
    ['utf-16be'],
    ['utf-32le'],
    // Not text encodings: "decoded", the key came out in hex, or base64 of it.
    ['hex'],
    ['base64'],
  ])('takes the key out of a body that names charset %s but is UTF-8', async (charset) => {
    const key = 'zsk_live_AbCdEfGhIjKlMnOpQrSt';
    server = await startServer((_req, res) => {
      res.writeHead(400, { 'content-type': `text/plain; charset=${charset}` });
      res.end(`key ${key} refused`);
    });

    const res = await clientFor(server.origin).send({
      method: 'GET',
      path: '/x',
      headers: { 'x-api-key': key },
    });

    expect(res.body).toBe('key [redacted] refused');
  });

  it('gives header names in lower case, and a header sent twice as both values', async () => {
    server = await startServer((_req, res) => {
      res.setHeader('X-Request-Id', 'r1');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.writeHead(200).end();
    });

    const res = await clientFor(server.origin).send({ method: 'GET', path: '/x', headers: {} });

    expect(res.headers['x-request-id']).toBe('r1');
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
  });

  it('takes the final answer, not an informational 103 sent before it', async () => {
    server = await startServer((_req, res) => {
      res.writeEarlyHints({ link: '</style.css>; rel=preload' }, () => {
        sendJson(res, 201, { id: 'c9' });
      });
    });

    const res = await clientFor(server.origin).send({ method: 'POST', path: '/x', headers: {}, body: {} });

    expect(res).toMatchObject({ status: 201, body: { id: 'c9' } });
  });

  it.each([
    {
      status: 401,
      type: 'application/json',
      body: (key: string) => JSON.stringify({ detail: `bad key ${key}` }),
    },
    {
      status: 422,
      type: 'application/json',
      body: (key: string) => JSON.stringify({ message: `x-api-key=${key}` }),
    },
    { status: 500, type: 'text/plain', body: (key: string) => `upstream said: ${key}` },
    {
      status: 400,
      type: 'application/json',
      body: (key: string) =>
        `{"message":"bad key ${[...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"}`,
    },
    {
      status: 400,
      type: 'application/json',
      body: (key: string) => `{"message":"bad key ${key.replaceAll('/', '\\/')}"}`,
    },
    { status: 502, type: 'text/plain', body: (key: string) => `GET /x?key=${encodeURIComponent(key)}` },
  ])('takes the API key out of a $status answer that echoes it', async ({ status, type, body }) => {
    const key = 'zsk/live/SECRET_0042';
    server = await startServer((_req, res) => res.writeHead(status, { 'content-type': type }).end(body(key)));

    const res = await clientFor(server.origin).send({
      method: 'POST',
      path: '/customers',
      headers: { 'x-api-key': key },
      body: {},
    });

    expect(JSON.stringify(res.body)).not.toContain(key);
    expect(JSON.stringify(res.body)).toContain('[redacted]');
  });

  it.each([
    { label: 'text/plain', type: 'text/plain', end: '}' },
    { label: 'no content type', type: undefined, end: '}' },
    { label: 'labelled JSON but cut short', type: 'application/json', end: '' },
  ])('takes a \\u-escaped API key out of a body not parsed as JSON: $label', async ({ type, end }) => {
    const key = 'zsk_live_8f3a9c2e1b7d4f6a0c5e9b2d';
    const escaped = [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    server = await startServer((_req, res) =>
      res
        .writeHead(422, type ? { 'content-type': type } : {})
        .end(`{"message":"invalid key ${escaped}"${end}`),
    );

    const res = await clientFor(server.origin).send({
      method: 'POST',
      path: '/customers',
      headers: { 'x-api-key': key },
      body: {},
    });

    expect(res.body).toBe(`{"message":"invalid key [redacted]"${end}`);
  });

  it.each([
    ['upper-cased', (key: string) => key.toUpperCase()],
    ['truncated by one character', (key: string) => key.slice(0, -1)],
    ['base64-encoded', (key: string) => Buffer.from(key).toString('base64')],
    ['URL-safe base64-encoded', (key: string) => Buffer.from(key).toString('base64url')],
  ])('takes the API key out of a 401 body and Location that echo it %s', async (_, spell) => {
    const key = 'SuperSecretKey_12345';
    const echoed = spell(key);
    server = await startServer((_req, res) =>
      res
        .writeHead(401, { 'content-type': 'application/json', location: `/login?key=${echoed}` })
        .end(JSON.stringify({ detail: `invalid key ${echoed}` })),
    );

    const res = await clientFor(server.origin).send({
      method: 'POST',
      path: '/customers',
      headers: { 'x-api-key': key },
      body: {},
    });

    expect(JSON.stringify(res), `the answer still holds ${echoed}`).not.toContain(echoed);
    expect(res.body).toEqual({ detail: 'invalid key [redacted]' });
    expect(res.headers.location).toBe('/login?key=[redacted]');
  });

  it.each([400, 404, 409, 429, 500, 503])('a %i is a response, not an exception', async (status) => {
    server = await startServer((_req, res) => sendJson(res, status, { error: 'no' }));

    const res = await clientFor(server.origin).send({ method: 'POST', path: '/x', headers: {}, body: {} });

    expect(res).toMatchObject({ status, body: { error: 'no' } });
  });

  it('returns a redirect as it is instead of following it', async () => {
    server = await startServer((_req, res) => res.writeHead(302, { location: '/elsewhere' }).end());

    const res = await clientFor(server.origin).send({ method: 'POST', path: '/x', headers: {}, body: {} });

    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/elsewhere');
    expect(server.requests.map((r) => r.url)).toEqual(['/x']);
  });

  it('exposes response headers such as Retry-After', async () => {
    server = await startServer((_req, res) => res.writeHead(429, { 'retry-after': '3' }).end());

    const res = await clientFor(server.origin).send({ method: 'GET', path: '/x', headers: {} });

    expect(res.headers['retry-after']).toBe('3');
  });
});

describe('after a 429', () => {
  it('paces further requests, and one whose run stops while it waits is never sent', async () => {
    let answers = 0;
    server = await startServer((_req, res) => {
      answers++;
      if (answers === 4) res.writeHead(429, { 'retry-after': '1' }).end();
      else sendJson(res, 200, {});
    });
    const http = clientFor(server.origin, 4);
    for (let i = 0; i < 4; i++) await http.send({ method: 'GET', path: '/x', headers: {} });
    // Three answers in the last second, then a 429: 2.7 requests a second, starts 370 ms apart.
    const run = new AbortController();
    const first = http.send({ method: 'GET', path: '/first', headers: {}, signal: run.signal });
    const second = http.send({ method: 'GET', path: '/second', headers: {}, signal: run.signal });
    await first;
    run.abort();
    await expect(second).rejects.toMatchObject({ code: NOT_SENT, maybeProcessed: false });
    expect(server.requests.map((r) => r.url)).toEqual(['/x', '/x', '/x', '/x', '/first']);
  });
});

describe('connections', () => {
  it('reuses keep-alive sockets instead of opening one per request', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, {}));
    const http = clientFor(server.origin, 4);

    for (let i = 0; i < 10; i++) await http.send({ method: 'GET', path: `/x${i}`, headers: {} });

    expect(server.requests).toHaveLength(10);
    // Without keep-alive this would be 10; undici may open a second socket while the first is finishing.
    expect(server.sockets()).toBeLessThanOrEqual(2);
  });

  it('runs requests side by side up to the number of connections', async () => {
    const held: (() => void)[] = [];
    server = await startServer((_req, res) => held.push(() => sendJson(res, 200, {})));
    const http = clientFor(server.origin, 3);

    const pending = [1, 2, 3].map((i) => http.send({ method: 'GET', path: `/x${i}`, headers: {} }));
    while (server.requests.length < 3) await new Promise((resolve) => setImmediate(resolve));
    for (const release of held) release();
    await Promise.all(pending);

    expect(server.sockets()).toBe(3);
  });
});

describe('rate', () => {
  it('holds a request back until the rate limiter lets it start', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, {}));
    const clock = createFakeClock();
    client = createHttpClient({
      baseUrl: server.origin,
      timeoutMs: 5_000,
      connections: 2,
      userAgent: 'zcust/test',
      rate: 1,
      clock,
    });

    const first = client.send({ method: 'GET', path: '/first', headers: {} });
    const second = client.send({ method: 'GET', path: '/second', headers: {} });
    await first;
    const seenBeforeTheSecondSecond = server.requests.map((r) => r.url);
    await clock.runUntil(1_000);
    await second;

    expect(seenBeforeTheSecondSecond).toEqual(['/first']);
    expect(server.requests.map((r) => r.url)).toEqual(['/first', '/second']);
  });

  it('a request whose run stops while it waits for its place is not sent, and does not wait the place out', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, {}));
    // The real clock: at one request in 100 s, a wait that ignored the stop would outlast the test.
    client = createHttpClient({
      baseUrl: server.origin,
      timeoutMs: 5_000,
      connections: 2,
      userAgent: 'zcust/test',
      rate: 0.01,
    });
    const run = new AbortController();
    await client.send({ method: 'GET', path: '/first', headers: {}, signal: run.signal });

    const second = client.send({ method: 'GET', path: '/second', headers: {}, signal: run.signal });
    run.abort();

    await expect(second).rejects.toMatchObject({ code: NOT_SENT, maybeProcessed: false });
    expect(server.requests.map((r) => r.url)).toEqual(['/first']);
  });
});

// The engine records a create as being sent in onTurn: called before the wait, a process killed while rows
// waited out --rate left them all "in flight" (64 at --concurrency 64, 12 of them sent).
describe('onTurn', () => {
  const rateClient = (origin: string, rate: number, clock?: FakeClock) =>
    createHttpClient({
      baseUrl: origin,
      timeoutMs: 5_000,
      connections: 2,
      userAgent: 'zcust/test',
      rate,
      ...(clock && { clock }),
    });

  it("is called once the request's --rate turn comes, right before it is sent", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, {}));
    const clock = createFakeClock();
    client = rateClient(server.origin, 1, clock);
    await client.send({ method: 'GET', path: '/first', headers: {} });
    const seen: string[] = [];
    const second = client.send({
      method: 'GET',
      path: '/second',
      headers: {},
      onTurn: () => seen.push(`onTurn after ${server?.requests.length} requests`),
    });
    await clock.runUntil(999);
    expect(seen, 'called while the request still waited for its place').toEqual([]);
    await clock.runUntil(1_000);
    await second;
    expect(seen).toEqual(['onTurn after 1 requests']);
    expect(server.requests.map((r) => r.url)).toEqual(['/first', '/second']);
  });

  it('is not called for a request whose run stops while it waits: nothing is sent', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, {}));
    client = rateClient(server.origin, 0.01);
    const run = new AbortController();
    await client.send({ method: 'GET', path: '/first', headers: {}, signal: run.signal });
    let called = false;
    const second = client.send({
      method: 'GET',
      path: '/second',
      headers: {},
      signal: run.signal,
      onTurn: () => {
        called = true;
      },
    });
    run.abort();
    await expect(second).rejects.toMatchObject({ code: NOT_SENT });
    expect(called, 'onTurn of a request never sent').toBe(false);
  });

  it('stops the request it is called for when it stops the run (a record it could not write)', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, {}));
    const run = new AbortController();
    const sent = clientFor(server.origin).send({
      method: 'POST',
      path: '/customers',
      headers: {},
      body: {},
      signal: run.signal,
      onTurn: () => run.abort(),
    });
    await expect(sent).rejects.toMatchObject({ code: NOT_SENT, maybeProcessed: false });
    expect(server.requests, 'sent though its record failed').toEqual([]);
  });
});
