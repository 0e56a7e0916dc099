/**
 * zcust connects directly (undici's Pool), never through a proxy: the proxy variables curl and others read are
 * ignored. Nothing said so, and a user behind a proxy saw only "getaddrinfo ENOTFOUND api.zenskar.com". Not said
 * on every run (most machines that set them reach the platform directly too): only when the server cannot be
 * reached.
 */
import { isLoopbackHost } from './safe-base-url.js';

const PROXY_VARIABLES = new Set(['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY']);

/**
 * The hint for a server at `baseUrl` that cannot be reached, when `env` sets a proxy variable (in either case);
 * none for a server on this machine, which no proxy stands in front of.
 */
export function ignoredProxyHint(env: NodeJS.ProcessEnv, baseUrl: string): string | undefined {
  if (isLoopbackHost(new URL(baseUrl).hostname)) return undefined;
  // Read by name as set, not looked up: Windows would find HTTPS_PROXY under https_proxy too, and name it twice.
  const set = Object.entries(env)
    .filter(([name, value]) => PROXY_VARIABLES.has(name.toUpperCase()) && value?.trim())
    .map(([name]) => name);
  if (set.length === 0) return undefined;
  const named = set.length === 1 ? `${set[0]} is` : `${set.slice(0, -1).join(', ')} and ${set.at(-1)} are`;
  return `${named} set, but zcust does not use proxy variables: it connects directly`;
}
