/**
 * The outcomes every platform shares: rejected credentials, rate limits, server errors, unexpected statuses.
 * Adapters handle their own success and error bodies first and fall through to these, so the retry rules
 * (which statuses are safe to re-send) live in one place.
 */
import { parseRetryAfter } from '../http/retry-policy.js';
import type { HttpResponse } from '../http/types.js';
import { COLUMN } from '../template.js';
import { errorMessage } from './error-body.js';
import type { CreateResult, LookupResult, NotCreated } from './target.js';

/** A response header, whatever case the server or the client used for its name. */
export function headerValue(res: HttpResponse, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(res.headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** `words (HTTP 502): the API's words`, or without the colon part when the body said nothing. */
function withStatus(words: string, res: HttpResponse): string {
  const api = errorMessage(res.body);
  return api === undefined ? `${words} (HTTP ${res.status})` : `${words} (HTTP ${res.status}): ${api}`;
}

export function rejected(message: string): NotCreated {
  return { kind: 'failed', issue: { code: 'rejected', message } };
}

export function duplicateEmail(message: string): NotCreated {
  return { kind: 'failed', issue: { field: COLUMN.email, code: 'duplicate_email', message } };
}

/** A refusal we cannot explain better: the API's words if it gave any, else the bare status. */
export function rejectedWithStatus(res: HttpResponse): NotCreated {
  return rejected(errorMessage(res.body) ?? `the API answered HTTP ${res.status}`);
}

/** Any status the platform does not document for this call (418, 999…). */
export function unexpectedStatus(res: HttpResponse): NotCreated {
  return rejected(withStatus('the API answered an unexpected status', res));
}

/** Said without the settings that give a base URL: the engine's stopTheRun adds the one this run's came from. */
export const CHECK_BASE_URL = 'check the base URL';

/**
 * The answers no row causes, which stop the run at once: credentials refused (401/403, `credentials` naming
 * them), a redirect (see redirected), or nothing taking customers at this address (`notHere`: see
 * noCustomersEndpoint). Creates and lookups alike ask this first.
 */
export function stopsTheRun(
  res: HttpResponse,
  credentials: string,
  notHere: (res: HttpResponse) => NotCreated | undefined,
): NotCreated | undefined {
  return isUnauthorized(res) ? abortUnauthorized(res, credentials) : (redirected(res) ?? notHere(res));
}

/**
 * A redirect is never followed (it could carry the credentials elsewhere), so it is never about one row: every
 * row would get it (an http:// base URL sent on to https://, a path moved), each `rejected` after its own
 * request. The run stops at the first, saying where it pointed and which setting to check.
 */
function redirected(res: HttpResponse): NotCreated | undefined {
  if (res.status < 300 || res.status > 399) return undefined;
  const location = headerValue(res, 'location');
  const to = location === undefined ? '' : ` to ${location}`;
  return {
    kind: 'abort',
    issue: {
      code: 'rejected',
      message: `the API answered a redirect (HTTP ${res.status})${to}, which zcust does not follow; ${CHECK_BASE_URL}`,
    },
  };
}

/**
 * A 404 or 405 from the customers collection is never about one row: nothing takes customers at this base URL
 * (a path mistyped, a proxy's page). Every row would get the same answer, each `rejected` like a data problem,
 * one request per row of the file: the run stops at the first, saying which setting to check.
 */
export function noCustomersEndpoint(res: HttpResponse, label: string): NotCreated | undefined {
  if (res.status !== 404 && res.status !== 405) return undefined;
  const api = errorMessage(res.body);
  const answer = api === undefined ? `HTTP ${res.status}` : `HTTP ${res.status}: ${api}`;
  return {
    kind: 'abort',
    issue: {
      code: 'rejected',
      message: `${label} has no customers endpoint at this address (${answer}); ${CHECK_BASE_URL}`,
    },
  };
}

/**
 * A create answered with any 2xx: the platforms document 200 or 201, but a 202 or 204 says the customer was taken
 * too. With an id it is created; without one it is looked up (missingCustomerId), never sent again.
 */
export function isSuccess(res: HttpResponse): boolean {
  return res.status >= 200 && res.status <= 299;
}

/**
 * A success status whose body carries no id (an HTML page from a proxy, JSON without its content type, a 202 of
 * a platform that saves later): the platform took the create, so it is never sent again. The engine looks it up
 * (found: created, with its id); not found, or where it cannot look, the row ends unknown_outcome and the next
 * run does not send it blindly either.
 */
export function missingCustomerId(res: HttpResponse): CreateResult {
  return {
    kind: 'accepted',
    status: res.status,
    issue: {
      code: 'unknown_outcome',
      message: `the API answered ${res.status} without a customer id that zcust could read`,
    },
  };
}

/** 401/403: `credentials` names what was refused, e.g. "the API key or organisation". */
export function abortUnauthorized(res: HttpResponse, credentials: string): NotCreated {
  return {
    kind: 'abort',
    issue: { code: 'unauthorized', message: withStatus(`${credentials} was rejected`, res) },
  };
}

export function isUnauthorized(res: HttpResponse): boolean {
  return res.status === 401 || res.status === 403;
}

/**
 * 408, 429 and 5xx. A 408, 429 or 503 means the request was turned away before any work, so re-sending cannot
 * create a twin; a 500/502/504 may come after the customer was written, so the engine must look the row up first.
 */
export function transientFailure(res: HttpResponse): NotCreated | undefined {
  // Dates are measured from now: the response has only just arrived.
  const retryAfterMs = parseRetryAfter(headerValue(res, 'retry-after'), Date.now());
  const after = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (res.status === 429) {
    return {
      kind: 'retry',
      safe: true,
      ...after,
      issue: { code: 'rate_limited', message: withStatus('the API is limiting the request rate', res) },
    };
  }
  if (res.status === 503) {
    return {
      kind: 'retry',
      safe: true,
      ...after,
      issue: { code: 'server_error', message: withStatus('the API is unavailable', res) },
    };
  }
  // The server did not get the whole request in the time it waits (RFC 9110 §15.5.9), so it acted on none of it.
  if (res.status === 408) {
    return {
      kind: 'retry',
      safe: true,
      ...after,
      issue: {
        code: 'timeout',
        message: withStatus('the API timed out waiting for the request, so it was not taken', res),
      },
    };
  }
  if (res.status >= 500 && res.status <= 599) {
    return {
      kind: 'retry',
      safe: false,
      ...after,
      issue: { code: 'server_error', message: withStatus('the API had a server error', res) },
    };
  }
  return undefined;
}

/**
 * A lookup that did not answer with a list. Lookups are GETs and create nothing, so every transient failure
 * is safe to repeat.
 */
export function lookupFailure(
  res: HttpResponse,
  credentials: string,
  notHere: (res: HttpResponse) => NotCreated | undefined,
): LookupResult {
  const stop = stopsTheRun(res, credentials, notHere);
  if (stop !== undefined) return { kind: 'error', result: stop };
  const transient = transientFailure(res);
  if (transient !== undefined) {
    return { kind: 'error', result: transient.kind === 'retry' ? { ...transient, safe: true } : transient };
  }
  if (isSuccess(res)) {
    // No refusal (the contract's `rejected` is a 4xx): the platform answered, but not with what it documents.
    return {
      kind: 'error',
      result: {
        kind: 'failed',
        issue: {
          code: 'server_error',
          message: `the customer lookup answered ${res.status} without a customer list`,
        },
      },
    };
  }
  return { kind: 'error', result: rejected(withStatus('the customer lookup failed', res)) };
}
