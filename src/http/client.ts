// undici's index loads the whole library: 60 ms, most of the time before an import's first create went out.
// A create needs only the Pool (18 ms), a plain CommonJS file of the pinned undici 7 that every end-to-end
// test goes through; answers are collected by ResponseCollector through the Pool's own dispatch().
import Pool from 'undici/lib/dispatcher/pool.js';
import { createAdaptiveRate } from './adaptive-rate.js';
import { HttpFailure, NOT_SENT, toHttpFailure } from './failure.js';
import { type Clock, createRateLimiter } from './rate-limiter.js';
import { redactEscaped, redactHeaders, redactSecrets, type Secrets, secretsOf } from './redact.js';
import { waitForTurn } from './request-turn.js';
import { type CollectedResponse, ResponseCollector } from './response-collector.js';
import { assertSafeBaseUrl } from './safe-base-url.js';
import type { HttpRequest, HttpResponse } from './types.js';

export { HttpFailure, type HttpFailureKind, NOT_SENT } from './failure.js';
export { assertSafeBaseUrl } from './safe-base-url.js';

export interface HttpClientOptions {
  baseUrl: string;
  /** Per request: to connect, then to the response headers, then between body chunks. */
  timeoutMs: number;
  /** Keep-alive sockets to hold open: the run's concurrency, so no request waits for a socket. */
  connections: number;
  userAgent: string;
  /** Requests per second at most, across every request of the run. */
  rate?: number;
  /** Time for the rate limiter; tests pass a simulated one. */
  clock?: Clock;
}

export interface HttpClient {
  /**
   * One attempt, no retries: the engine decides, because re-sending a create whose outcome is unknown needs a
   * lookup first. Any HTTP status is a response; only a missing response throws (HttpFailure).
   */
  send(req: HttpRequest): Promise<HttpResponse>;
  /** Waits for requests in flight, then closes the sockets. */
  close(): Promise<void>;
}

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

function parseBody(text: string, contentType: string | string[] | undefined): unknown {
  const type = Array.isArray(contentType) ? contentType[0] : contentType;
  if (text === '' || !type || !JSON_CONTENT_TYPE.test(type)) return text;
  try {
    return JSON.parse(text);
  } catch {
    // A server that mislabels an HTML error page as JSON: keep what it said so the report can show it.
    return text;
  }
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const base = assertSafeBaseUrl(opts.baseUrl);
  // "https://host/v2/" and "https://host/v2" both prefix "/customers" as "/v2/customers".
  const basePath = base.pathname.replace(/\/+$/, '');
  const pool = new Pool(base.origin, {
    connections: opts.connections,
    connect: { timeout: opts.timeoutMs },
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
  });
  const limiter = opts.rate === undefined ? undefined : createRateLimiter(opts.rate, opts.clock);
  // A run sends the same credentials with every request: their secret forms are worked out once.
  let known: { credentials: string; secrets: Secrets } | undefined;
  const secretsFor = (headers: Record<string, string>): Secrets => {
    const credentials = `${headers['x-api-key'] ?? ''}\n${headers.authorization ?? ''}`;
    if (known?.credentials !== credentials) known = { credentials, secrets: secretsOf(headers) };
    return known.secrets;
  };
  // Slower after 429s, whatever --rate says: see adaptive-rate.ts.
  const pace = createAdaptiveRate(opts.clock);

  return {
    async send(req) {
      const path = basePath + req.path;
      const pathAndQuery = req.query ? `${path}?${new URLSearchParams(req.query)}` : path;
      const hasBody = req.body !== undefined;
      const headers = {
        'user-agent': opts.userAgent,
        accept: 'application/json',
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        ...lowerCaseKeys(req.headers),
      };
      // A run that stops ends these waits at once: the request is then not sent (below).
      await waitForTurn(pace, limiter, req.signal);
      if (!req.signal?.aborted) req.onTurn?.();
      if (req.signal?.aborted) {
        throw new HttpFailure(
          `${req.method} ${path}: not sent, the run stopped while it waited for its turn`,
          {
            kind: 'network',
            maybeProcessed: false,
            method: req.method,
            path,
            code: NOT_SENT,
            cause: undefined,
          },
        );
      }
      try {
        // The whole body is always read: an unread body would keep its socket out of the keep-alive pool.
        const res = await new Promise<CollectedResponse>((resolve, reject) => {
          pool.dispatch(
            {
              method: req.method,
              path: pathAndQuery,
              headers,
              body: hasBody ? JSON.stringify(req.body) : undefined,
            },
            new ResponseCollector(resolve, reject, opts.timeoutMs),
          );
        });
        pace.answered(res.status === 429);
        const secrets = secretsFor(headers);
        // A body whose charset hid a secret it holds is shown as UTF-8, with the secret taken out.
        const shown =
          res.utf8Text !== undefined && secrets.find(res.utf8Text).length > 0 ? res.utf8Text : res.text;
        const text = redactSecrets(shown, secrets);
        const body = parseBody(text, res.headers['content-type']);
        return {
          status: res.status,
          headers: redactHeaders(res.headers, secrets),
          // Only a body with \u escapes can hide a secret from the text check: decoded, it is looked at again,
          // parsed as JSON or not.
          body: !secrets.empty && text.includes('\\u') ? redactEscaped(body, secrets) : body,
        };
      } catch (err) {
        throw toHttpFailure(err, { method: req.method, path, timeoutMs: opts.timeoutMs });
      }
    },
    close: () => pool.close(),
  };
}
