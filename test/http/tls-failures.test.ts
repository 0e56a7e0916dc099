/**
 * A TLS handshake that fails is no network hiccup: the same certificate or the same port without TLS fails
 * every request alike, and none reached the platform. Such a failure is permanent (never retried) and says
 * what to do, which OpenSSL's words ("wrong version number") do not. Real handshakes: client-failures.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { HttpFailure, toHttpFailure } from '../../src/http/failure.js';

const REQUEST = { method: 'POST', path: '/customers', timeoutMs: 1000 };

const failureOf = (error: object): HttpFailure => {
  const failure = toHttpFailure(error, REQUEST);
  if (!(failure instanceof HttpFailure)) throw new Error(`not an HttpFailure: ${String(failure)}`);
  return failure;
};

describe('a TLS handshake that fails, by its code: permanent, nothing sent, and what to do', () => {
  it.each([
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'the server does not speak TLS on this port: is the URL http://?'],
    ['ERR_SSL_PACKET_LENGTH_TOO_LONG', 'the server does not speak TLS on this port: is the URL http://?'],
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      "the server's certificate is self-signed, which Node does not trust: NODE_EXTRA_CA_CERTS",
    ],
    [
      'SELF_SIGNED_CERT_IN_CHAIN',
      'self-signed CA Node does not trust (a private CA, or a proxy that inspects TLS): NODE_EXTRA_CA_CERTS',
    ],
    [
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'a CA Node does not trust (a private CA, or a proxy that inspects TLS): NODE_EXTRA_CA_CERTS',
    ],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'cannot be traced to a CA Node trusts'],
    ['CERT_HAS_EXPIRED', "the server's certificate has expired (or this machine's clock is wrong)"],
    ['CERT_NOT_YET_VALID', "the server's certificate is not valid yet: is this machine's clock right?"],
    ['ERR_TLS_CERT_ALTNAME_INVALID', "the server's certificate is for another host name"],
  ])('%s', (code, hint) => {
    const failure = failureOf({ code, reason: 'what OpenSSL said' });
    expect({ permanent: failure.permanent, maybeProcessed: failure.maybeProcessed }).toEqual({
      permanent: true,
      maybeProcessed: false,
    });
    expect(failure.message).toMatch(
      new RegExp(
        `^POST /customers: the TLS handshake failed, so nothing was sent \\(not retried: every request would fail alike\\): what OpenSSL said \\(${code}\\); `,
      ),
    );
    expect(failure.message).toContain(hint);
  });

  it.each([
    ['a TLS handshake that timed out (it may pass next time)', { code: 'ERR_TLS_HANDSHAKE_TIMEOUT' }],
    ['a refused connection', { code: 'ECONNREFUSED', syscall: 'connect' }],
    ['a name that does not resolve', { code: 'ENOTFOUND', syscall: 'getaddrinfo' }],
    ['a connection reset after the request', { code: 'ECONNRESET', syscall: 'read' }],
  ])('%s stays worth retrying', (_, error) => {
    expect(failureOf(error).permanent).toBe(false);
  });
});
