/**
 * Turning undici's transport errors into the one question the engine must answer before retrying a create:
 * could the server have processed the request?
 *
 * How undici 7 reports them (lib/dispatcher/client.js, client-h1.js):
 * - While connecting, the connector's own error is passed through untouched: system errors from the
 *   `connect` / `getaddrinfo` syscalls (ECONNREFUSED, ENOTFOUND, EAI_AGAIN, EHOSTUNREACH, ...), TLS handshake
 *   and certificate errors (ERR_TLS_*, ERR_SSL_*, CERT_*, SELF_SIGNED_*, UNABLE_TO_*), and
 *   UND_ERR_CONNECT_TIMEOUT. No request byte has been written yet.
 * - Once the socket is up, the request is written and then: the peer closing it raises SocketError
 *   (UND_ERR_SOCKET, "other side closed" / "closed"); a reset or a broken pipe surfaces as the socket's raw
 *   ECONNRESET / EPIPE (syscall read/write); UND_ERR_HEADERS_TIMEOUT and UND_ERR_BODY_TIMEOUT are armed only
 *   after the request was written. The server may have acted on it.
 * - An answer that is not HTTP (an SSH or SMTP banner, a header with a control character) fails in undici's
 *   parser with HTTPParserError, whose `code` is left undefined (llhttp's numeric error has no name there).
 *   The request was written by then, and whatever answered broke the protocol: see NOT_HTTP.
 * Anything not recognised as "before the write" counts as maybe processed: a wrong "yes" costs one lookup,
 * a wrong "no" creates a customer twice.
 */

export type HttpFailureKind = 'timeout' | 'network';

export interface HttpFailureDetails {
  kind: HttpFailureKind;
  /** True when the request may have reached the server: re-sending a create must look the customer up first. */
  maybeProcessed: boolean;
  /**
   * A certificate or protocol failure of the TLS handshake (see tlsProblem): every request to this server would
   * fail alike, so none is retried, and the run stops at the first.
   */
  permanent?: boolean;
  method: string;
  /** URL path without the query (lookup queries carry emails). */
  path: string;
  /** undici's or the system's error code, e.g. ECONNREFUSED, UND_ERR_SOCKET. */
  code: string | undefined;
  cause: unknown;
}

/** The code of a request that was never sent: its run stopped while it waited for its turn. */
export const NOT_SENT = 'ZCUST_NOT_SENT';

/** A request that got no HTTP response. Its message names method, path and cause, never a header value. */
export class HttpFailure extends Error {
  override name = 'HttpFailure';
  readonly kind: HttpFailureKind;
  readonly maybeProcessed: boolean;
  readonly permanent: boolean;
  readonly method: string;
  readonly path: string;
  readonly code: string | undefined;

  constructor(message: string, details: HttpFailureDetails) {
    super(message, { cause: details.cause });
    this.kind = details.kind;
    this.maybeProcessed = details.maybeProcessed;
    this.permanent = details.permanent ?? false;
    this.method = details.method;
    this.path = details.path;
    this.code = details.code;
  }
}

/**
 * The code of a request whose answer was not HTTP. It may have been processed (an HTTP server that sent one
 * bad header), but it is no HTTP answer either: a port that always speaks another protocol is a wrong
 * --base-url, and counts towards the "server not there" stop like a refused connection.
 */
export const NOT_HTTP = 'ZCUST_NOT_HTTP';

const WRITTEN_TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const CONNECT_TIMEOUT = 'UND_ERR_CONNECT_TIMEOUT';
const BEFORE_WRITE_SYSCALLS = new Set(['connect', 'getaddrinfo']);
const BEFORE_WRITE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
]);
/** Node's TLS errors and OpenSSL's certificate verification codes (tls.checkServerIdentity, X509_V_ERR_*). */
const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_)|CERT|^UNABLE_TO_|^INVALID_(CA|PURPOSE)$|^PATH_LENGTH_EXCEEDED$|^HOSTNAME_MISMATCH$/;
/**
 * What to do about a TLS failure the same handshake would repeat, by its code: the user's next step, since
 * OpenSSL's words ("wrong version number") do not say it. A handshake that timed out is not among them: it
 * may pass on the next try.
 */
const NOT_TLS = 'the server does not speak TLS on this port: is the URL http://?';
const ADD_CA = 'NODE_EXTRA_CA_CERTS=FILE (a PEM file) adds a CA that Node trusts';
const TLS_PROBLEMS: Record<string, string> = {
  ERR_SSL_WRONG_VERSION_NUMBER: NOT_TLS,
  ERR_SSL_PACKET_LENGTH_TOO_LONG: NOT_TLS,
  DEPTH_ZERO_SELF_SIGNED_CERT: `the server's certificate is self-signed, which Node does not trust: ${ADD_CA}`,
  SELF_SIGNED_CERT_IN_CHAIN: `the server's certificate comes from a self-signed CA Node does not trust (a private CA, or a proxy that inspects TLS): ${ADD_CA}`,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: `the server's certificate comes from a CA Node does not trust (a private CA, or a proxy that inspects TLS): ${ADD_CA}`,
  UNABLE_TO_GET_ISSUER_CERT: `the server's certificate comes from a CA Node does not trust: ${ADD_CA}`,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: `the server's certificate cannot be traced to a CA Node trusts (the server may leave out its intermediate certificate): ${ADD_CA}`,
  CERT_UNTRUSTED: `the server's certificate is not trusted: ${ADD_CA}`,
  // A CA added cannot make an expired certificate valid: the server's must be renewed.
  CERT_HAS_EXPIRED:
    "the server's certificate has expired (or this machine's clock is wrong): the server's owner must renew it",
  CERT_NOT_YET_VALID: "the server's certificate is not valid yet: is this machine's clock right?",
  ERR_TLS_CERT_ALTNAME_INVALID:
    "the server's certificate is for another host name: check the base URL's host",
};
const TLS_TRANSIENT = new Set(['ERR_TLS_HANDSHAKE_TIMEOUT']);

/** Whether a failure before the write is TLS's, one the same handshake would repeat (see TLS_PROBLEMS). */
const isPermanentTls = (code: string) => TLS_CODE.test(code) && !TLS_TRANSIENT.has(code);

/** Mistakes in how the client was called or used: retrying cannot help, so they are not HttpFailures. */
const CALLER_ERRORS = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  syscall?: unknown;
  message?: unknown;
  /** OpenSSL's short reason ("wrong version number"); its message is a multi-line internal dump. */
  reason?: unknown;
}

function field(err: unknown, key: keyof ErrorLike): string | undefined {
  const value = typeof err === 'object' && err !== null ? (err as ErrorLike)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function failedBeforeWrite(code: string | undefined, syscall: string | undefined): boolean {
  if (syscall !== undefined && BEFORE_WRITE_SYSCALLS.has(syscall)) return true;
  return code !== undefined && (BEFORE_WRITE_CODES.has(code) || TLS_CODE.test(code));
}

export interface FailedRequest {
  method: string;
  path: string;
  timeoutMs: number;
}

/**
 * A request that changes nothing (a lookup's GET): "the server may have processed it" means nothing to a user
 * there, and read beside a create's words it took a failed lookup for another create that may have landed.
 */
const readsOnly = (req: FailedRequest) => req.method === 'GET';

/** The HttpFailure for a transport error; errors that are not about the network are returned unchanged. */
export function toHttpFailure(err: unknown, req: FailedRequest): unknown {
  if (field(err, 'name') === 'HTTPParserError') return notHttp(err, req);
  const code = field(err, 'code');
  if (code === undefined || CALLER_ERRORS.has(code)) return err;
  const where = `${req.method} ${req.path}`;
  const said = field(err, 'reason') ?? field(err, 'message')?.split('\n')[0]?.trim();
  const cause = `${said || 'unknown error'} (${code})`;
  const details = { method: req.method, path: req.path, code, cause: err };
  const reads = readsOnly(req);

  if (WRITTEN_TIMEOUTS.has(code)) {
    return new HttpFailure(
      `${where}: no response within ${req.timeoutMs} ms${reads ? '' : '; the server may have processed the request'}`,
      { ...details, kind: 'timeout', maybeProcessed: true },
    );
  }
  if (code === CONNECT_TIMEOUT) {
    return new HttpFailure(`${where}: could not connect within ${req.timeoutMs} ms; nothing was sent`, {
      ...details,
      kind: 'timeout',
      maybeProcessed: false,
    });
  }
  if (isPermanentTls(code)) {
    const hint = TLS_PROBLEMS[code];
    return new HttpFailure(
      `${where}: the TLS handshake failed, so nothing was sent (not retried: every request would fail alike): ${cause}${hint ? `; ${hint}` : ''}`,
      { ...details, kind: 'network', maybeProcessed: false, permanent: true },
    );
  }
  if (failedBeforeWrite(code, field(err, 'syscall'))) {
    return new HttpFailure(`${where}: could not reach the server, nothing was sent: ${cause}`, {
      ...details,
      kind: 'network',
      maybeProcessed: false,
    });
  }
  return new HttpFailure(
    reads
      ? `${where}: the connection broke before the answer came: ${cause}`
      : `${where}: the connection broke after the request was sent, so it may have been processed: ${cause}`,
    { ...details, kind: 'network', maybeProcessed: true },
  );
}

function notHttp(err: unknown, req: FailedRequest): HttpFailure {
  // llhttp's reason is one of its fixed strings ("Expected HTTP/, RTSP/ or ICE/"). The error itself is not
  // kept as the cause: its `data` holds the raw bytes that followed, which may echo the request's key.
  const said = field(err, 'message')?.split('\n')[0]?.trim() || 'the answer was not HTTP';
  const after = readsOnly(req) ? '' : ', after the request was sent, so it may have been processed';
  return new HttpFailure(`${req.method} ${req.path}: the answer was not HTTP${after}: ${said}`, {
    method: req.method,
    path: req.path,
    code: NOT_HTTP,
    cause: undefined,
    kind: 'network',
    maybeProcessed: true,
  });
}
