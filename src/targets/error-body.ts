/**
 * Reading the platforms' error bodies. Each platform words its errors in a different field (FastAPI `detail`,
 * `message`, the AWS gateway's `Message`, `error`, `error_code`), so every adapter asks here for "the API's
 * own words" instead of guessing field names itself.
 */
import { shortened } from '../util/whole-characters.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-blank string, trimmed; anything else is undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** An identifier as a string: APIs send UUID strings (Zenskar, DayZero) or integers (AmbioSys). */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return text(value);
}

/**
 * A FastAPI validation list as one line: `email: value is not a valid email address; name: field required`.
 * The leading `body` of each `loc` is dropped because it names where FastAPI looked, not the field.
 */
export function describeValidationErrors(detail: readonly unknown[]): string {
  return detail
    .map((item) => {
      if (!isRecord(item)) return text(item);
      const msg = text(item.msg) ?? text(item.message);
      const loc = Array.isArray(item.loc) ? item.loc.map(String) : [];
      const path = (loc[0] === 'body' ? loc.slice(1) : loc).join('.');
      if (msg === undefined) return path === '' ? undefined : path;
      return path === '' ? msg : `${path}: ${msg}`;
    })
    .filter((part): part is string => part !== undefined)
    .join('; ');
}

/** Longest piece of a plain-text body worth quoting: enough for a proxy's one-liner, not a whole page. */
const MAX_TEXT_BODY = 200;

/**
 * Longest JSON error worth quoting: a validation list of a few dozen fields, not what a broken server can send
 * (100,000 characters overflowed a spreadsheet's cell, 32,767; 40 MB made each report 200 MB).
 */
const MAX_JSON_MESSAGE = 1000;

/**
 * The API's own explanation of an error, from whichever field carries it; undefined when the body says
 * nothing useful (empty, or an HTML error page from a proxy).
 */
export function errorMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return plainTextMessage(body);
  const message = jsonMessage(body);
  return message === undefined ? undefined : shortened(message, MAX_JSON_MESSAGE);
}

function jsonMessage(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const { detail } = body;
  if (Array.isArray(detail)) {
    const described = describeValidationErrors(detail);
    if (described !== '') return described;
  }
  return (
    text(detail) ??
    text(body.message) ??
    text(body.Message) ??
    text(body.error) ??
    (isRecord(body.error) ? (text(body.error.message) ?? text(body.error.detail)) : undefined) ??
    text(body.error_description) ??
    text(body.error_code)
  );
}

function plainTextMessage(body: string): string | undefined {
  const oneLine = body.replace(/\s+/g, ' ').trim();
  if (oneLine === '' || oneLine.startsWith('<')) return undefined;
  return shortened(oneLine, MAX_TEXT_BODY);
}

/**
 * Whether an error message says the email is already taken ("Customer with this email already exists",
 * "email already registered", "duplicate email"). Messages about other duplicates (external_id) do not count.
 */
export function saysEmailExists(message: string | undefined): boolean {
  if (message === undefined) return false;
  return /e-?mail/i.test(message) && /already|exists?\b|duplicate|taken|in use|registered/i.test(message);
}
