/** Small helpers every dialect shares: reading headers, JSON bodies and the `limit` query parameter. */
import type { IncomingHttpHeaders } from 'node:http';

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

/** The token of `Authorization: Bearer <token>`; undefined for anything else. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(headers, 'authorization') ?? '');
  return match?.[1];
}

/**
 * Whether FastAPI would read the body as JSON: no content type, `application/json` (with or without
 * parameters such as `charset`), or any `application/...+json`. Otherwise it hands the model the raw bytes,
 * which fail its validation: `text/plain` is not JSON, however the body looks.
 */
export function sentAsJson(headers: IncomingHttpHeaders): boolean {
  const type = headers['content-type'];
  // What zcust and curl's -H send: one comparison on the create path.
  if (type === undefined || type === '' || type === 'application/json') return true;
  const essence = type.split(';', 1)[0]!.trim().toLowerCase();
  return essence === 'application/json' || (essence.startsWith('application/') && essence.endsWith('+json'));
}

/**
 * The first query parameter the sandbox does not implement, or one with a value other than the one it
 * implements: answered as an error, since ignoring a filter would answer with the whole tenant.
 */
export function unsupportedParam(
  query: URLSearchParams,
  supported: ReadonlySet<string>,
  onlyValues: Readonly<Record<string, RegExp>> = {},
): string | undefined {
  for (const [name, value] of query) {
    if (!supported.has(name)) return name;
    const only = onlyValues[name];
    if (only !== undefined && !only.test(value)) return `${name}=${value}`;
  }
  return undefined;
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(body: string): JsonBody {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type LimitParam =
  | { ok: true; limit: number }
  | { ok: false; problem: 'not_integer' | 'too_small' | 'too_large' };

/** `limit` from the query: absent means the platform's default; 1..max otherwise. */
export function parseLimit(query: URLSearchParams, fallback: number, max: number): LimitParam {
  const raw = query.get('limit');
  if (raw === null) return { ok: true, limit: fallback };
  if (!/^-?\d+$/.test(raw.trim())) return { ok: false, problem: 'not_integer' };
  const limit = Number(raw);
  if (limit < 1) return { ok: false, problem: 'too_small' };
  if (limit > max) return { ok: false, problem: 'too_large' };
  return { ok: true, limit };
}

/** Values of a comma-separated filter such as `email__in=a@x.com,b@x.com`, blanks dropped. */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
