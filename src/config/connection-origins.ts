/**
 * Where the base URL and the timeout came from, in the words the credentials' origins use ("the base URL came
 * from ZCUST_BASE_URL"), for the advice of a run that stops over either: "Check --base-url" sent a user who had
 * given none looking for a flag, when the URL was a stale variable or a profile's.
 */
import type { TargetName } from '../model.js';
import { DEFAULT_BASE_URLS } from './defaults.js';

/** `from`: the setting that gave it (settingOrigins.baseUrl); undefined for the platform's own. */
export function describeBaseUrlOrigin(target: TargetName, from: string | undefined): string {
  if (from !== undefined) return `the base URL came from ${from}`;
  const own = DEFAULT_BASE_URLS[target];
  return `the base URL is ${target}'s own${own === undefined ? '' : ` (${own})`}, none was given`;
}

/** `from`: the setting that gave it (settingOrigins.timeout); undefined for zcust's default. */
export function describeTimeoutOrigin(timeoutMs: number, from: string | undefined): string {
  return from === undefined
    ? `the timeout is the default ${timeoutMs} ms`
    : `the timeout (${timeoutMs} ms) came from ${from}`;
}
