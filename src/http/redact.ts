/**
 * Credentials a server echoes back (a 401 that quotes the key it refused, a 422 that repeats the request's
 * headers) must not travel on into messages, reports and logs. The client takes them out of every answer
 * before anything reads it.
 */

/** Request headers whose values are credentials. */
const SECRET_HEADERS: ReadonlySet<string> = new Set(['x-api-key', 'authorization']);

/**
 * Shorter values are not taken out: a real key or token is much longer, and replacing a short one would
 * also hit ordinary text (an e-mail a lookup must match).
 */
const MIN_SECRET_LENGTH = 8;

const REDACTED = '[redacted]';

/** The secret values among request headers: each value, and the token of "Bearer <token>". */
export function secretsOf(headers: Record<string, string>): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!SECRET_HEADERS.has(name.toLowerCase())) continue;
    secrets.push(value);
    const token = /^\S+\s+(\S+)$/.exec(value)?.[1];
    if (token !== undefined) secrets.push(token);
  }
  // As a JSON string would hold them too ("/" as "\/", a quote as \"), so a JSON body cannot hide one.
  // URL-encoded too, as a redirect's Location or an echoed query string would carry them.
  const encoded = secrets.flatMap((s) => [
    JSON.stringify(s).slice(1, -1).replaceAll('/', '\\/'),
    encodeURIComponent(s),
  ]);
  // Longest first, so that "Bearer <token>" goes whole before its token alone is looked for.
  return [...new Set([...secrets, ...encoded])]
    .filter((s) => s.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
}

/** Response headers with the secrets taken out of their values (a Location that carries a key, say). */
export function redactHeaders<T extends Record<string, string | string[] | undefined>>(
  headers: T,
  secrets: readonly string[],
): T {
  // Copied only when a value holds a secret: this runs for every answer, and almost none do.
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

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/**
 * Strings inside a parsed JSON body, with the secrets taken out: for a body that spelt a secret with \u
 * escapes, which only decoding reveals.
 */
export function redactDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)]));
  }
  return value;
}
