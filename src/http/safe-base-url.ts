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
    throw new UsageError(`the base URL is not a valid URL; expected one like ${example}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new UsageError(`the base URL must use https:// (got ${parsed.protocol}//)`);
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
