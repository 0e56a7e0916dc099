/**
 * Credentials a server echoes back (a 401 that quotes the key it refused, a 422 that repeats the request's
 * headers) must not travel on into messages, reports and logs. The client takes them out of every answer
 * before anything reads it: in any case, JSON-escaped, URL-encoded or base64-encoded, whole or a long enough
 * part of one (the rule is in secret-spellings.ts).
 */
import { createSecretFinder, type SecretFinder } from './secret-runs.js';
import { secretSpellings } from './secret-spellings.js';

export type Secrets = SecretFinder;

const REDACTED = '[redacted]';

/** The secrets among request headers (x-api-key, authorization), ready to be looked for in answers. */
export function secretsOf(headers: Record<string, string>): Secrets {
  return createSecretFinder(secretSpellings(headers));
}

/** The secrets among credentials as they were given (a key from the command line or the environment). */
export function secretsAmong(credentials: readonly string[]): Secrets {
  return createSecretFinder(credentials.flatMap((key) => secretSpellings({ 'x-api-key': key })));
}

/** Response headers with the secrets taken out of their values (a Location that carries a key, say). */
export function redactHeaders<T extends Record<string, string | string[] | undefined>>(
  headers: T,
  secrets: Secrets,
): T {
  // Looked at all at once, and copied only when a value holds a secret: this runs for every answer, and
  // almost none do. A line break is in no header value and no secret, so no run spans two values.
  let values = '';
  for (const value of Object.values(headers)) {
    if (value !== undefined) values += `${typeof value === 'string' ? value : value.join('\n')}\n`;
  }
  if (secrets.find(values).length === 0) return headers;
  let out: Record<string, string | string[] | undefined> | undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const redacted = Array.isArray(value)
      ? value.map((v) => redactSecrets(v, secrets))
      : redactSecrets(value, secrets);
    if (Array.isArray(redacted) ? redacted.some((v, i) => v !== value[i]) : redacted !== value) {
      out ??= { ...headers };
      out[name] = redacted;
    }
  }
  return (out ?? headers) as T;
}

export function redactSecrets(text: string, secrets: Secrets): string {
  const runs = secrets.find(text);
  if (runs.length === 0) return text;
  let out = '';
  let from = 0;
  for (const [start, end] of runs) {
    out += text.slice(from, start) + REDACTED;
    from = end;
  }
  return out + text.slice(from);
}

/**
 * Strings inside a parsed JSON body, keys too, with the secrets taken out: for a body that spelt a secret
 * with \u escapes, which only decoding reveals.
 */
export function redactDeep(value: unknown, secrets: Secrets): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [redactSecrets(k, secrets), redactDeep(v, secrets)]),
    );
  }
  return value;
}

/**
 * A body that held `\u` escapes, which may spell a secret the text check could not see. A parsed JSON body
 * has them decoded already; a text body (text/plain, no content type, or JSON too broken to parse) is decoded
 * here to look, and given back decoded, with the secret taken out, only when it spelt one.
 */
export function redactEscaped(body: unknown, secrets: Secrets): unknown {
  if (typeof body !== 'string') return redactDeep(body, secrets);
  const decoded = body.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
  const redacted = redactSecrets(decoded, secrets);
  return redacted === decoded ? body : redacted;
}
