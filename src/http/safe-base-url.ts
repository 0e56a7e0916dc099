import { BlockList, isIP } from 'node:net';
import { UsageError } from '../errors.js';

/** Loopback never leaves the machine, so plain http there (the sandbox) exposes no credentials. */
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/**
 * Exact loopback names and addresses only. `localhost.` (a fully qualified name) is resolved through DNS, not
 * the hosts file (`getaddrinfo ENOTFOUND localhost.`), so it may name another machine: credentials over plain
 * http there would leave this one. (The URL parser already drops a dot after an IPv4 address.)
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  const family = isIP(host);
  // BlockList also matches IPv4-mapped IPv6 such as ::ffff:127.0.0.1 against the IPv4 subnet.
  return family !== 0 && loopback.check(host, family === 6 ? 'ipv6' : 'ipv4');
}

/** What the messages suggest instead of a base URL that cannot be used. */
export interface BaseUrlAdvice {
  /** The target's own base URL (a DayZero user shown Zenskar's would send there). */
  example?: string;
  /** Where the API key is given instead of in the URL ("ZENSKAR_API_KEY or --api-key"). */
  keyFrom?: string;
}

/**
 * The base URL every request of a run goes to, checked before any credential is attached to a request.
 * Messages never echo the whole URL: a user may have pasted one with a key in it.
 */
export function assertSafeBaseUrl(url: string, advice: BaseUrlAdvice = {}): URL {
  const { example = 'https://api.example.com', keyFrom = 'its flag or variable' } = advice;
  const passTheKey = `pass the API key with ${keyFrom}`;
  const schemeWritten = writesAScheme(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw (
      (schemeWritten ? undefined : schemeMissing(url, example, passTheKey)) ??
      new UsageError(`the base URL is not a valid URL; expected one like ${example}`)
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    // Only a scheme the user wrote as one is named: without `://` the parser's "scheme" is whatever stands
    // before the first colon, a user name or the key in `key:x-oauth-basic@host`.
    throw schemeWritten
      ? new UsageError(`the base URL must use https:// (got ${parsed.protocol}//)`)
      : (schemeMissing(url, example, passTheKey) ??
          new UsageError(`the base URL has no scheme; expected one like ${example}`));
  }
  if (parsed.username || parsed.password) {
    throw new UsageError(`the base URL must not contain credentials; ${passTheKey}`);
  }
  if (parsed.search || parsed.hash) {
    throw new UsageError('the base URL must not have a query string or #fragment');
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw new UsageError(
      `refusing to send credentials over plain http to ${parsed.hostname}; use https:// ` +
        '(plain http is allowed only for loopback addresses such as the sandbox)',
    );
  }
  return parsed;
}

/**
 * Whether `url` starts with a scheme and `://`, as the URL parser reads it: tabs and line breaks anywhere, and
 * control characters and spaces before it, are no part of it.
 */
function writesAScheme(url: string): boolean {
  const read = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  return /^[a-z][a-z\d+.-]*:\/\//i.test(read);
}

/**
 * `localhost:4010` or `api.zenskar.com`: a URL written without its scheme, which the URL parser takes for a
 * scheme `localhost:` ("must use https:// (got localhost://)", advice that led to a TLS error against the
 * sandbox) or refuses. The message shows the URL as it should be written, its host only (a path may hold a key),
 * over http for this machine (the sandbox) and https elsewhere. One with credentials (`user:secret@host`) says
 * they do not belong in it; undefined for text that is neither host-like nor holds credentials ("not a url").
 */
function schemeMissing(url: string, example: string, passTheKey: string): UsageError | undefined {
  const written = asItShouldBeWritten(url);
  const credentials = url.includes('@') ? `; credentials do not belong in it: ${passTheKey}` : '';
  if (written === undefined && credentials === '') return undefined;
  const fix = written === undefined ? `; expected one like ${example}` : `: write it ${written}`;
  return new UsageError(`the base URL has no scheme${fix}${credentials}`);
}

/** `url`, which has no scheme, as it should be written, its host alone; undefined where that is not known. */
function asItShouldBeWritten(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(`https://${url}`);
  } catch {
    return undefined;
  }
  // A host without a dot is a word ("not a url" fails above; "sandbox" may be a name in /etc/hosts) unless a
  // port says it is a server. An `@` after the host makes what precedes it no user part but a host, which may be
  // the user's secret (`key/x@host`): nothing is shown.
  const hostLike = parsed.hostname.includes('.') || parsed.port !== '' || isLoopbackHost(parsed.hostname);
  if (!hostLike || `${parsed.pathname}${parsed.search}${parsed.hash}`.includes('@')) return undefined;
  const scheme = isLoopbackHost(parsed.hostname) ? 'http' : 'https';
  return `${scheme}://${parsed.host}${parsed.pathname === '/' ? '' : '/…'}`;
}
