/**
 * A request that got no HTTP answer (HttpFailure), as the engine sees it. Creates and lookups both ask the
 * same two questions of it, so they get the same answers: what the row is told, and whether the failure
 * counts towards the "server not there" stop.
 */
import type { HttpFailure } from '../http/failure.js';
import type { Issue } from '../model.js';

/** The row's issue: `timeout` for any time limit (connect or answer), `network_error` for the rest. */
export function noAnswerIssue(failure: HttpFailure): Issue {
  return { code: failure.kind === 'timeout' ? 'timeout' : 'network_error', message: failure.message };
}

/**
 * Nothing reached a server: refused, no route, no name, a TLS handshake that failed, or no connection within
 * --timeout. Only these count towards the "server not there" stop; a connection that broke after the request
 * was written means a server was there.
 */
export function neverReachedServer(failure: HttpFailure): boolean {
  return !failure.maybeProcessed;
}
