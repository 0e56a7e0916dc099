import type { IncomingHttpHeaders } from 'node:http';
import type { TargetName } from '../model.js';
import type { DataFileSummary } from './data-file.js';

export interface SandboxOptions {
  /** Which platform to imitate (default `zenskar`). */
  target?: TargetName;
  /** 0 (the default) picks a free port. The sandbox only ever binds 127.0.0.1. */
  port?: number;
  /** Every API answer (faults included) is delayed this long. */
  latencyMs?: number;
  /** Probability 0..1 that a request gets 503 without being handled. */
  failRate?: number;
  /** Requests allowed per one-second window; beyond that 429 with `Retry-After: 1`. */
  rateLimit?: number;
  /** Probability 0..1 that a create that succeeded is answered by closing the connection instead. */
  dropRate?: number;
  /**
   * Seed of the fault PRNG, 0 to 4294967295 (its state is 32 bits): the same seed and request order give the
   * same faults. Random when absent.
   */
  seed?: number;
  /** NDJSON file that keeps the stored customers across restarts; one sandbox at a time uses it. */
  dataFile?: string;
  /** Told, once, when the data file can no longer be written (the sandbox goes on without it). */
  onDataFileBroken?: (message: string) => void;
  /**
   * Told of an exception no request handler caught (a bug), which was answered 500: `request` is its method
   * and path. The sandbox serves on.
   */
  onRequestFailed?: (request: string, error: Error) => void;
  /** Keep every API request (secrets redacted) for `requests()`. */
  recordRequests?: boolean;
}

export interface SandboxStats {
  requests: number;
  creates: number;
  /** Creates rejected because the email already exists. */
  duplicates: number;
  validationRejections: number;
  authFailures: number;
  lookups: number;
  /** Customers stored now, including those loaded from the data file. */
  customers: number;
  injected: { failures: number; rateLimited: number; dropped: number };
}

export interface RecordedRequest {
  method: string;
  /** Path with its query string, as sent. */
  path: string;
  /** Request headers with `x-api-key` and `authorization` replaced by `[redacted]`. */
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the body was JSON, the raw text otherwise (`''` for none). */
  body: unknown;
}

export interface SandboxCredentials {
  apiKey: string;
  organisation?: string;
  businessId?: string;
}

export interface Sandbox {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:43117`. */
  url: string;
  target: TargetName;
  credentials: SandboxCredentials;
  /** The fault PRNG's seed (the one given, or the random one chosen), to reproduce a run. */
  seed: number;
  stats(): SandboxStats;
  requests(): RecordedRequest[];
  /** Stored customers in creation order, in the platform's response shape. */
  customers(): unknown[];
  /** What the start found in the data file; undefined without one. */
  dataFile?: DataFileSummary;
  /** Customers stored in memory only: created since the data file could no longer be written. */
  unsaved(): number;
  /**
   * Stops listening, answers at once the requests waiting out the latency (their work is done), then closes
   * every connection and the data file.
   */
  close(): Promise<void>;
}

/** One API request as a dialect sees it (the body unparsed: each dialect words a JSON error its own way). */
export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a request did, so the server can count it without dialects touching the counters. */
export type ReplyOutcome = 'created' | 'duplicate' | 'invalid' | 'unauthorized' | 'lookup';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  outcome?: ReplyOutcome;
  /** Set on a successful create: what the data file records. */
  stored?: unknown;
}

export type RouteHandler = (request: ApiRequest) => Reply;

/** One platform's wire dialect with its own state. */
export interface Dialect {
  target: TargetName;
  credentials: SandboxCredentials;
  /** Path → method → handler. A known path with another method gets `methodNotAllowed`. */
  routes: ReadonlyMap<string, Readonly<Partial<Record<string, RouteHandler>>>>;
  /** undefined when the request carries this platform's valid credentials. */
  authenticate(request: ApiRequest): Reply | undefined;
  notFound(): Reply;
  methodNotAllowed(): Reply;
  /** Any other error the server itself answers (413, 500) in the platform's error shape. */
  error(status: number, message: string): Reply;
  unavailable(): Reply;
  rateLimited(): Reply;
  /** Take back a customer read from the data file, rebuilding the indexes; false for one it cannot use. */
  restore(customer: unknown): boolean;
  customers(): unknown[];
  customerCount(): number;
  reset(): void;
}
