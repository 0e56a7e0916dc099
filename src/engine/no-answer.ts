/**
 * A request that got no HTTP answer (HttpFailure), as the engine sees it. Creates and lookups both ask the
 * same two questions of it, so they get the same answers: what the row is told, and whether the failure
 * counts towards the "server not there" stop.
 */
import { type HttpFailure, NOT_HTTP } from '../http/failure.js';
import type { Issue } from '../model.js';

/** The row's issue: `timeout` for any time limit (connect or answer), `network_error` for the rest. */
export function noAnswerIssue(failure: HttpFailure): Issue {
  return { code: failure.kind === 'timeout' ? 'timeout' : 'network_error', message: failure.message };
}

/**
 * No HTTP server was reached: refused, no route, no name, a TLS handshake that failed, no connection within
 * --timeout, or an answer that was not HTTP (a --base-url at an SSH port). Only these count towards the "server
 * not there" stop; a connection that broke after the request was written means a server was there. An answer
 * that was not HTTP came after the request was written, so it still leaves a create's outcome unknown.
 */
export function neverReachedServer(failure: HttpFailure): boolean {
  return !failure.maybeProcessed || failure.code === NOT_HTTP;
}
