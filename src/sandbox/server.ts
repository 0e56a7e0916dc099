/**
 * The request path: control endpoints (`/__stats`, `/__reset`) bypass everything; API requests go through
 * the faults in a fixed order (rate limit, then failure, then the dialect, then the drop) so that a seed
 * reproduces a run. Kept lean on purpose: the sandbox must sustain thousands of creates per second.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { textNestsDeeperThan } from '../util/json-nesting.js';
import type { SandboxRuntime } from './runtime.js';
import { countOutcome } from './stats.js';
import type { ApiRequest, RecordedRequest, Reply, SandboxOptions } from './types.js';

const MAX_BODY_BYTES = 1024 * 1024;
/**
 * A customer nests a handful of levels; FastAPI, behind Zenskar and DayZero, answers 400 to a body its JSON
 * parser gives up on (Python's runs out of recursion at about a thousand). Well below where this process's
 * stack would run out (several thousand).
 */
export const MAX_BODY_DEPTH = 512;
/** FastAPI's words for a body it could not parse for any reason but bad JSON. */
const UNPARSEABLE_BODY = 'There was an error parsing the body';
const REDACTED_HEADERS = new Set(['x-api-key', 'authorization']);

type RequestFailed = NonNullable<SandboxOptions['onRequestFailed']>;

/** Runs a piece of a request's work, now or later, so that what it throws is answered, not fatal. */
type Guard = (work: () => void) => () => void;

export function createSandboxHandler(runtime: SandboxRuntime, onFailed: RequestFailed = () => {}) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const arrivedAt = performance.now();
    // One request's bug must not end the sandbox for every client, nor its exception reach the user as a stack
    // trace: whatever a request's work throws, at once or after its latency, is answered 500 and told.
    const guard: Guard = (work) => () => {
      try {
        work();
      } catch (error) {
        answerFailure(runtime, req, res, error, onFailed);
      }
    };
    // Bytes, not characters: 1 MiB of CJK text is a third as many characters.
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on(
      'end',
      guard(() => {
        if (bytes > MAX_BODY_BYTES) {
          send(res, runtime.dialect.error(413, 'Request body too large'));
          return;
        }
        const body = Buffer.concat(chunks, bytes).toString('utf8');
        // Refused before anything reads it, as an oversized body is: its depth is what would break them.
        if (textNestsDeeperThan(body, MAX_BODY_DEPTH)) {
          send(res, runtime.dialect.error(400, UNPARSEABLE_BODY));
          return;
        }
        const url = req.url ?? '/';
        const path = pathOf(url);
        const query = new URLSearchParams(url.slice(path.length + 1));
        const request: ApiRequest = { method: req.method ?? 'GET', path, query, headers: req.headers, body };
        if (path.startsWith('/__')) {
          control(runtime, request, res).catch((error) => answerFailure(runtime, req, res, error, onFailed));
        } else api(runtime, request, req, res, arrivedAt, guard);
      }),
    );
  };
}

/** The last guard: a 500 in the platform's shape (or, once an answer has begun, a closed connection). */
function answerFailure(
  runtime: SandboxRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  onFailed: RequestFailed,
): void {
  onFailed(`${req.method ?? 'GET'} ${pathOf(req.url ?? '/')}`, asError(error));
  if (res.headersSent) res.destroy();
  else send(res, runtime.dialect.error(500, 'Internal Server Error'));
}

/** A URL's path, without its query string (which may hold customers' e-mails). */
function pathOf(url: string): string {
  const mark = url.indexOf('?');
  return mark === -1 ? url : url.slice(0, mark);
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

function api(
  runtime: SandboxRuntime,
  request: ApiRequest,
  req: IncomingMessage,
  res: ServerResponse,
  arrivedAt: number,
  guard: Guard,
): void {
  runtime.counters.requests += 1;
  runtime.recorded?.push(record(request, req.url ?? request.path));
  later(runtime, arrivedAt, guard(decide(runtime, request, req, res, guard)));
}

/** Does the work now (so state changes in request order) and returns how to answer once the latency is over. */
function decide(
  runtime: SandboxRuntime,
  request: ApiRequest,
  req: IncomingMessage,
  res: ServerResponse,
  guard: Guard,
) {
  const { counters, faults, dialect } = runtime;
  if (faults.rateLimited(Date.now())) {
    counters.injected.rateLimited += 1;
    return () => send(res, { ...dialect.rateLimited(), headers: { 'retry-after': '1' } });
  }
  if (faults.fails()) {
    counters.injected.failures += 1;
    return () => send(res, dialect.unavailable());
  }
  const reply = handle(runtime, request);
  countOutcome(counters, reply.outcome);
  // With --data, a create is answered once its line is in the file: an answer is a promise the customer
  // outlives a kill of the sandbox.
  const written = reply.stored === undefined ? undefined : runtime.dataFile?.append(reply.stored);
  if (reply.outcome === 'created' && faults.drops()) {
    counters.injected.dropped += 1;
    // The customer exists; the client never learns it. The hardest case for an importer.
    return () => req.socket.destroy();
  }
  if (written) return () => void written.then(guard(() => send(res, reply)));
  return () => send(res, reply);
}

function handle(runtime: SandboxRuntime, request: ApiRequest): Reply {
  const { dialect } = runtime;
  const methods = dialect.routes.get(request.path);
  if (methods === undefined) return dialect.notFound();
  const handler = methods[request.method];
  if (handler === undefined) {
    return { ...dialect.methodNotAllowed(), headers: { allow: Object.keys(methods).join(', ') } };
  }
  return dialect.authenticate(request) ?? handler(request);
}

async function control(runtime: SandboxRuntime, request: ApiRequest, res: ServerResponse): Promise<void> {
  const routes: Record<string, { method: string; run: () => Promise<unknown> | unknown }> = {
    '/__stats': { method: 'GET', run: () => runtime.stats() },
    '/__reset': {
      method: 'POST',
      run: async () => {
        await runtime.reset();
        return runtime.stats();
      },
    },
  };
  const route = routes[request.path];
  // Not the platform's own routes, but answered in its shape: a client reads every error the same way.
  if (route === undefined) {
    send(res, runtime.dialect.notFound());
    return;
  }
  if (route.method !== request.method) {
    send(res, { ...runtime.dialect.methodNotAllowed(), headers: { allow: route.method } });
    return;
  }
  send(res, { status: 200, body: await route.run() });
}

/**
 * Runs `action` once the injected latency has passed since the request arrived (at once without one), never
 * sooner: "--latency 20" is a floor the benchmark's ideal rate counts on.
 *
 * setTimeout counts from the event loop's clock, which lags real time by what the current turn has already
 * spent, so under load a timer fires up to a millisecond or so early; the rest is waited out turn by turn of
 * the event loop. Answers come at 20.0–21.5 ms for "--latency 20" (p10–p90, 1,400 answers a second). Arming
 * the timer at the due time, not a millisecond before it, leaves less to wait out that way: 20% less CPU.
 */
export function later(runtime: SandboxRuntime, arrivedAt: number, action: () => void): void {
  const delay = runtime.settings.latencyMs;
  // Once stopping, an answer does not wait: its connection is about to close.
  if (delay <= 0 || runtime.closing) {
    action();
    return;
  }
  const due = arrivedAt + delay;
  const { waiting } = runtime;
  const whenDue = () => {
    // Answered already by a stop.
    if (!waiting.has(action)) return;
    if (performance.now() >= due) {
      waiting.delete(action);
      action();
    } else setImmediate(whenDue);
  };
  waiting.set(action, setTimeout(whenDue, Math.max(0, due - performance.now())));
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...reply.headers,
  });
  res.end(text);
}

function record(request: ApiRequest, path: string): RecordedRequest {
  const headers: RecordedRequest['headers'] = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = REDACTED_HEADERS.has(name) ? '[redacted]' : value;
  }
  let body: unknown = request.body;
  try {
    if (request.body !== '') body = JSON.parse(request.body);
  } catch {
    // Not JSON: keep the text, it is what the client sent.
  }
  return { method: request.method, path, headers, body };
}
