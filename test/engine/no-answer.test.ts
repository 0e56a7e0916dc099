import { describe, expect, it } from 'vitest';
import { neverReachedServer, noAnswerIssue } from '../../src/engine/no-answer.js';
import { HttpFailure, toHttpFailure } from '../../src/http/failure.js';

const REQUEST = { method: 'POST', path: '/customers', timeoutMs: 10_000 };

/** undici's errors as it raises them, and what the engine must make of each. */
const CASES = [
  { error: { code: 'ECONNREFUSED', syscall: 'connect' }, reached: false, code: 'network_error' },
  { error: { code: 'ENOTFOUND', syscall: 'getaddrinfo' }, reached: false, code: 'network_error' },
  { error: { code: 'UND_ERR_CONNECT_TIMEOUT' }, reached: false, code: 'timeout' },
  { error: { code: 'UND_ERR_HEADERS_TIMEOUT' }, reached: true, code: 'timeout' },
  { error: { code: 'UND_ERR_SOCKET', message: 'other side closed' }, reached: true, code: 'network_error' },
  { error: { code: 'ECONNRESET', syscall: 'read' }, reached: true, code: 'network_error' },
] as const;

describe('a request that got no answer', () => {
  it.each(CASES)('$error.code: reached a server = $reached, row code $code', ({ error, reached, code }) => {
    const failure = toHttpFailure(error, REQUEST);
    expect(failure).toBeInstanceOf(HttpFailure);
    expect(neverReachedServer(failure as HttpFailure)).toBe(!reached);
    expect(noAnswerIssue(failure as HttpFailure)).toEqual({
      code,
      message: (failure as HttpFailure).message,
    });
  });
});
