/**
 * The checks on a base URL the user gave, made where it would be used (requireConnection): each message names
 * where it was given, and none echoes a key it holds.
 */
import { UsageError } from '../errors.js';
import { secretsOf } from '../http/redact.js';
import { assertSafeBaseUrl } from '../http/safe-base-url.js';
import type { TargetName } from '../model.js';
import { DEFAULT_BASE_URLS } from './defaults.js';

/**
 * The base URL's checks (assertSafeBaseUrl), their messages saying where it was set: "the base URL is not a
 * valid URL" left the user to guess among --base-url, ZCUST_BASE_URL and the profile. `key`: where the target's
 * API key is given, for a URL with credentials in it.
 */
export function checkBaseUrl(
  url: string,
  source: string,
  target: TargetName,
  key: { env: string; flag: string },
): void {
  try {
    assertSafeBaseUrl(url, { example: DEFAULT_BASE_URLS[target], keyFrom: `${key.env} or ${key.flag}` });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const message = error.message.startsWith('the base URL ')
      ? `${source} ${error.message.slice('the base URL '.length)}`
      : `${source}: ${error.message}`;
    throw new UsageError(message, { cause: error });
  }
}

/**
 * A base URL with the API key in its path (`https://proxy.example/zsk_live_…/`) would carry it into every
 * message that names the URL, the --json summary, the reports and the resume journal's header: refused, as
 * credentials in its user part are, without echoing it. Any run of the key the answers' redaction would take
 * out counts, in any case or encoding.
 */
export function refuseKeyInBaseUrl(
  url: string,
  apiKey: string,
  source: string,
  key: { env: string; flag: string },
): void {
  const secrets = secretsOf({ 'x-api-key': apiKey });
  // A server decodes `%5F` as `_`: the key spelled with characters encoded that need not be is the key.
  if (secrets.find(url).length === 0 && secrets.find(percentDecoded(url)).length === 0) return;
  throw new UsageError(
    `${source} holds the API key (or part of it): give the base URL without it, and the key with ${key.env} or ${key.flag}`,
  );
}

/** Every run of percent-escapes that decodes as UTF-8, decoded; a malformed one stays as written. */
function percentDecoded(url: string): string {
  return url.replace(/(?:%[0-9a-f]{2})+/gi, (escapes) => {
    try {
      return decodeURIComponent(escapes);
    } catch {
      return escapes;
    }
  });
}

/** A blank base URL where the platform's own would otherwise be taken: one message for its three sources. */
export function emptyBaseUrl(source: string, target: TargetName): UsageError {
  const own = DEFAULT_BASE_URLS[target];
  const fromProfile = source.startsWith('"baseUrl"');
  const leaveOut =
    source === '--base-url' ? 'leave the flag out' : fromProfile ? 'remove the key' : 'unset it';
  return new UsageError(
    `${source} is empty${fromProfile ? '' : ' (an unset variable?)'}: give the base URL${own ? `, or ${leaveOut} for ${target}'s own (${own})` : ''}`,
  );
}
