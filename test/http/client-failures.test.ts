import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient, HttpFailure } from '../../src/http/client.js';
import type { HttpRequest } from '../../src/http/types.js';
import {
  closedPort,
  type LoopbackServer,
  startSelfSignedServer,
  startServer,
  startTcpServer,
} from './loopback-server.js';

let server: LoopbackServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

const SECRET = 'secret-123';
const LOOKUP_EMAIL = 'private.person@example.com';
const createRequest: HttpRequest = {
  method: 'POST',
  path: '/customers',
  query: { email: LOOKUP_EMAIL },
  headers: { 'x-api-key': SECRET },
  body: { name: 'Ada' },
};

async function failureOf(
  baseUrl: string,
  timeoutMs = 5_000,
  request: HttpRequest = createRequest,
): Promise<HttpFailure> {
  client = createHttpClient({ baseUrl, timeoutMs, connections: 1, userAgent: 'zcust/test' });
  const outcome = await client.send(request).then(
    (res) => new Error(`expected no response, got status ${res.status}`),
    (err: unknown) => err,
  );
  if (!(outcome instanceof HttpFailure)) throw outcome;
  return outcome;
}

/** Starts the scenario's server (closed after the test) and returns its origin. */
async function serve(respond: Parameters<typeof startServer>[0]): Promise<string> {
  server = await startServer(respond);
  return server.origin;
}

/** Each way a request can go without a response, and what the engine may assume about it. */
const scenarios = [
  {
    name: 'the server never answers',
    kind: 'timeout',
    maybeProcessed: true,
    reachedServer: true,
    setup: () => serve(() => {}),
  },
  {
    name: 'the server sends headers, then stalls the body',
    kind: 'timeout',
    maybeProcessed: true,
    reachedServer: true,
    setup: () => serve((_req, res) => res.writeHead(200, { 'content-length': '100' }).write('{')),
  },
  {
    name: 'the connection is refused',
    kind: 'network',
    maybeProcessed: false,
    reachedServer: false,
    setup: async () => `http://127.0.0.1:${await closedPort()}`,
  },
  {
    name: 'the TLS handshake fails (https to a plain-http server)',
    kind: 'network',
    maybeProcessed: false,
    reachedServer: false,
    setup: async () => (await serve(() => {})).replace('http:', 'https:'),
  },
  {
    name: 'the server reads the request, then destroys the socket',
    kind: 'network',
    maybeProcessed: true,
    reachedServer: true,
    setup: () => serve((req) => req.socket.destroy()),
  },
  {
    name: 'the server reads the request, then resets the connection',
    kind: 'network',
    maybeProcessed: true,
    reachedServer: true,
    setup: () => serve((req) => req.socket.resetAndDestroy()),
  },
  {
    name: 'the server hangs up halfway through the response body',
    kind: 'network',
    maybeProcessed: true,
    reachedServer: true,
    setup: () =>
      serve((req, res) => {
        res.writeHead(201, { 'content-length': '100' }).write('{"id":', () => req.socket.destroy());
      }),
  },
  {
    // --base-url at an SSH port: undici's parser rejected the banner and the run crashed with exit 70.
    name: 'the port speaks another protocol (an SSH banner)',
    kind: 'network',
    maybeProcessed: true,
    reachedServer: true,
    setup: async () => {
      server = await startTcpServer('SSH-2.0-OpenSSH_9.6\r\n');
      return server.origin;
    },
  },
  {
    // The bytes after the parser's stop travel in its error: here they echo the key.
    name: 'the server answers with a control character in a header value',
    kind: 'network',
    maybeProcessed: true,
    reachedServer: true,
    setup: () => serve((req) => req.socket.end(`HTTP/1.1 422 OK\r\nX-K: abc\x01\r\n\r\nkey ${SECRET}`)),
  },
] as const;

describe('a request without a response', () => {
  it.each(scenarios)('$name: kind $kind, maybeProcessed $maybeProcessed', async (scenario) => {
    const failure = await failureOf(await scenario.setup(), 300);

    expect({ kind: failure.kind, maybeProcessed: failure.maybeProcessed }).toEqual({
      kind: scenario.kind,
      maybeProcessed: scenario.maybeProcessed,
    });
    // The classification claims to know whether the request was written; check it against the server.
    expect(server?.requests.length ?? 0, 'requests the server received').toBe(scenario.reachedServer ? 1 : 0);
  });

  it.each(scenarios)('$name: the message is one line naming method and path', async (scenario) => {
    const failure = await failureOf(await scenario.setup(), 300);

    expect(failure.message).toMatch(/^POST \/customers: [^\n]+$/);
    expect(failure).toMatchObject({ method: 'POST', path: '/customers' });
  });

  it.each(scenarios)('$name: neither the API key nor the looked-up email leaks', async (scenario) => {
    const failure = await failureOf(await scenario.setup(), 300);
    // inspect() walks the cause chain and every property, as a --verbose stack dump would.
    const everything = `${failure.message}\n${failure.stack}\n${inspect(failure, { depth: 10 })}`;

    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(LOOKUP_EMAIL);
  });

  it.each([scenarios[0], scenarios[1]])(
    "$name: a 200 ms timeout fires after 200 ms, not on undici's one-second clock",
    async (scenario) => {
      const baseUrl = await scenario.setup();
      const started = performance.now();
      const failure = await failureOf(baseUrl, 200);
      const waited = performance.now() - started;

      expect(failure.message).toBe(
        'POST /customers: no response within 200 ms; the server may have processed the request',
      );
      expect(waited, 'ms from send to the timeout').toBeGreaterThanOrEqual(195);
      // undici's own timers fired at 1,000-1,500 ms for this: anything under a second is the right clock.
      expect(waited, 'ms from send to the timeout').toBeLessThan(900);
    },
  );

  // A failed lookup said "the server may have processed the request": nothing to a user of a read, and beside
  // a create's words in a row's message it read as another create that may have landed.
  const lookupRequest: HttpRequest = {
    method: 'GET',
    path: '/customers',
    query: { email: LOOKUP_EMAIL },
    headers: {},
  };
  it.each([
    ['the server never answers', 'GET /customers: no response within 300 ms'],
    [
      'the server reads the request, then destroys the socket',
      'GET /customers: the connection broke before the answer came: ',
    ],
    ['the port speaks another protocol (an SSH banner)', 'GET /customers: the answer was not HTTP: '],
  ])('a lookup (GET) when %s says "%s", nothing of processing', async (name, says) => {
    const scenario = scenarios.find((s) => s.name === name);
    if (scenario === undefined) throw new Error(`no scenario "${name}"`);
    const failure = await failureOf(await scenario.setup(), 300, lookupRequest);

    expect(failure.message.startsWith(says), failure.message).toBe(true);
    expect(failure.message).not.toMatch(/processed/);
  });

  // Retried six times a row with OpenSSL's words alone: every request fails alike, and none reached the server.
  it.each([
    {
      what: 'https:// to a plain-http server',
      start: () => startServer(() => {}),
      hint: 'is the URL http://?',
    },
    { what: 'a self-signed certificate', start: startSelfSignedServer, hint: 'NODE_EXTRA_CA_CERTS' },
  ])('a TLS handshake that fails ($what): permanent, saying what to do', async ({ start, hint }) => {
    server = await start();
    const failure = await failureOf(server.origin.replace('http:', 'https:'));

    expect({ permanent: failure.permanent, maybeProcessed: failure.maybeProcessed }).toEqual({
      permanent: true,
      maybeProcessed: false,
    });
    expect(failure.message).toContain(hint);
    expect(server.requests, 'requests the server read').toEqual([]);
  });

  it('a host that does not resolve: network, nothing sent', async () => {
    // .invalid never resolves (RFC 6761); with no DNS at all the code is EAI_AGAIN, which means the same.
    const failure = await failureOf('https://zcust-test.invalid');

    expect({ kind: failure.kind, maybeProcessed: failure.maybeProcessed }).toEqual({
      kind: 'network',
      maybeProcessed: false,
    });
  });
});

describe('errors that are not about the network', () => {
  it('a header value the protocol cannot carry is rejected without an HttpFailure and without its value', async () => {
    server = await startServer(() => {});
    client = createHttpClient({
      baseUrl: server.origin,
      timeoutMs: 1_000,
      connections: 1,
      userAgent: 'zcust/test',
    });

    const error = await client
      .send({ method: 'GET', path: '/x', headers: { 'x-api-key': `${SECRET}\r\nx-injected: 1` } })
      .catch((err: unknown) => err);

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(HttpFailure);
    expect(String(error)).not.toContain(SECRET);
    expect(server.requests).toHaveLength(0);
  });
});
