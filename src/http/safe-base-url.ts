import { BlockList, isIP } from 'node:net';
import { UsageError } from '../errors.js';

/** Loopback never leaves the machine, so plain http there (the sandbox) exposes no credentials. */
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (host === 'localhost') return true;
  const family = isIP(host);
  // BlockList also matches IPv4-mapped IPv6 such as ::ffff:127.0.0.1 against the IPv4 subnet.
  return family !== 0 && loopback.check(host, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The base URL every request of a run goes to, checked before any credential is attached to a request.
 * Messages never echo the whole URL: a user may have pasted one with a key in it. `example`: the target's own
 * base URL, which a message shows (a DayZero user shown Zenskar's would send there).
 */
export function assertSafeBaseUrl(url: string, example = 'https://api.example.com'): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw (
      schemeMissing(url) ?? new UsageError(`the base URL is not a valid URL; expected one like ${example}`)
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw schemeMissing(url) ?? new UsageError(`the base URL must use https:// (got ${parsed.protocol}//)`);
  }
  if (parsed.username || parsed.password) {
    throw new UsageError(
      'the base URL must not contain credentials; pass the API key with its flag or variable',
    );
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
 * `localhost:4010` or `api.zenskar.com`: a URL written without its scheme, which the URL parser takes for a
 * scheme `localhost:` ("must use https:// (got localhost://)", advice that led to a TLS error against the
 * sandbox) or refuses. The message shows the URL as it should be written, its host only (a path may hold a key),
 * over http for this machine (the sandbox) and https elsewhere.
 */
function schemeMissing(url: string): UsageError | undefined {
  if (url.includes('://')) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(`https://${url}`);
  } catch {
    return undefined;
  }
  // A host without a dot is a word ("not a url" fails above; "sandbox" may be a name in /etc/hosts) unless a
  // port says it is a server; credentials in it are refused with their own message once the scheme is there.
  const hostLike = parsed.hostname.includes('.') || parsed.port !== '' || isLoopbackHost(parsed.hostname);
  if (!hostLike || parsed.username || parsed.password) return undefined;
  const scheme = isLoopbackHost(parsed.hostname) ? 'http' : 'https';
  return new UsageError(
    `the base URL has no scheme: write it ${scheme}://${parsed.host}${parsed.pathname === '/' ? '' : '/…'}`,
  );
}
