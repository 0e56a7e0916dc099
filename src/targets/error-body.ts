/**
 * Reading the platforms' error bodies. Each platform words its errors in a different field (FastAPI `detail`,
 * `message`, the AWS gateway's `Message`, `error`, `error_code`, a list or object of `errors`), so every adapter
 * asks here for "the API's own words" instead of guessing field names itself.
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

/** One field error: the field it names ('' when none) and its words, if it has any. */
interface FieldError {
  field: string;
  words: string | undefined;
}

/**
 * A list of field errors as one line: `email: value is not a valid email address; name: field required`. FastAPI
 * names the field by `loc`, whose leading `body` is dropped because it names where FastAPI looked, not the field;
 * express-validator and others by `path`, `field` or `param`.
 */
export function describeValidationErrors(detail: readonly unknown[]): string {
  return oneLine(detail.map((item) => fieldErrorOf(item)));
}

/**
 * The errors that have words, each after its field; the fields alone only when none has any (`{"errors":
 * {"name": {"value": ""}}}` says which field at least). A field beside another's words added nothing but noise.
 */
function oneLine(errors: readonly FieldError[]): string {
  const worded = errors.filter((error) => error.words !== undefined);
  if (worded.length === 0)
    return errors
      .map((error) => error.field)
      .filter((field) => field !== '')
      .join('; ');
  return worded.map(({ field, words }) => (field === '' ? words : `${field}: ${words}`)).join('; ');
}

/** An item of an `errors` member or a `detail` list, under `field` when an object of field → error(s) names it. */
function fieldErrorOf(item: unknown, field?: string): FieldError {
  if (!isRecord(item)) return { field: field ?? '', words: wordsOf(item) };
  return {
    field: field ?? fieldOf(item),
    words: wordsOf(item.msg) ?? wordsOf(item.message) ?? wordsOf(item.detail),
  };
}

/**
 * The errors under `field` in an object of field → error(s), its nesting followed: a list in a list (`{"email":
 * [["has already been taken"]]}`), an object of sub-fields (`{"address": {"city": ["can't be blank"]}}`, Rails'
 * nested attributes: `address.city`). An object with words of its own, or naming its field, is one error.
 */
function fieldErrorsUnder(field: string, value: unknown): FieldError[] {
  if (Array.isArray(value)) return value.flatMap((item) => fieldErrorsUnder(field, item));
  const error = fieldErrorOf(value, isRecord(value) && fieldOf(value) !== '' ? undefined : field);
  if (!isRecord(value) || error.words !== undefined || fieldOf(value) !== '') return [error];
  const nested = Object.entries(value).filter(([, v]) => typeof v === 'object' && v !== null);
  if (nested.length === 0) return [error];
  return nested.flatMap(([key, v]) => fieldErrorsUnder(`${field}.${key}`, v));
}

/** Words as text, a number or a boolean too (`"msg": 123`): what the API said, in whatever type it said it. */
function wordsOf(value: unknown): string | undefined {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : text(value);
}

/** The field an error item names, dotted (`address.city`), or '' when it names none. */
function fieldOf(item: Record<string, unknown>): string {
  if (Array.isArray(item.loc)) {
    const loc = item.loc.map(String);
    return (loc[0] === 'body' ? loc.slice(1) : loc).join('.');
  }
  const named = item.path ?? item.field ?? item.param;
  return Array.isArray(named) ? named.map(String).join('.') : (idText(named) ?? '');
}

/**
 * An `errors` member as one line: a list of field errors, or an object of field → error(s), each a message
 * (Rails, Laravel: `{"email": ["has already been taken"]}`) or an object with one (express-validator's
 * `errors.mapped()`: `{"name": {"msg": "Invalid value", "param": "name", …}}`). Empty when it holds neither.
 */
function describeErrors(errors: unknown): string {
  if (Array.isArray(errors)) return describeValidationErrors(errors);
  if (!isRecord(errors)) return '';
  return oneLine(
    Object.entries(errors).flatMap(([field, fieldErrors]) => fieldErrorsUnder(field, fieldErrors)),
  );
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
  const headline = headlineOf(body);
  const errors = describeErrors(body.errors);
  if (errors === '') return headline;
  // `{"message": "Validation failed", "errors": [...]}`: the headline alone hid which field was refused.
  return headline === undefined || errors.includes(headline) ? errors : `${headline}: ${errors}`;
}

/** The message a body gives in one of the fields platforms use for it. */
function headlineOf(body: Record<string, unknown>): string | undefined {
  const { detail } = body;
  if (Array.isArray(detail)) {
    const described = describeValidationErrors(detail);
    if (described !== '') return described;
  }
  return (
    text(detail) ??
    // `{"detail": {"code": "EMAIL_EXISTS", "message": "…"}}`: FastAPI passes an HTTPException's object through.
    (isRecord(detail) ? (text(detail.message) ?? text(detail.msg) ?? text(detail.detail)) : undefined) ??
    text(body.message) ??
    // NestJS's default: `{"statusCode": 400, "message": ["email must be an email", …], "error": "Bad Request"}`.
    (Array.isArray(body.message) ? describeValidationErrors(body.message) || undefined : undefined) ??
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
 * "email already registered", "duplicate email"). Messages about other duplicates (external_id) do not count, nor
 * an e-mail's state ("Invoice email has already been sent"): "already" alone says nothing is taken.
 */
export function saysEmailExists(message: string | undefined): boolean {
  if (message === undefined) return false;
  return (
    /e-?mail/i.test(message) &&
    /exists?\b|duplicate|taken|in use|registered/i.test(message) &&
    // "Email domain does not exist", "Email is not registered": the opposite, not a customer already there.
    !SAYS_IT_IS_NOT.test(message)
  );
}

const SAYS_IT_IS_NOT = /(?:\bnot|n't|\bnever)\s+(?:been\s+|yet\s+)?(?:exists?|registered|in use|taken)\b/i;

/** Something there before the request: "already exists", "exists already", "is already registered". */
const SOMETHING_ALREADY_THERE = /\balready\s+(?:exists?|registered)\b|\bexists?\s+already\b/i;

/** FastAPI's words for a 409 raised without any (HTTPException(409)): no more than no message. */
const STATUS_PHRASE_ALONE = /^conflict\.?$/i;

/**
 * Whether a conflict's message says the customer is already there ("Customer already exists", "Duplicate
 * customer", an e-mail taken) rather than a state the request cannot change: DayZero's 409 means either
 * ("duplicate or state conflict"). A bare "already", "e-mail" or "taken" is no duplicate: "Payment term pt_30 has
 * already been archived", "Invoice emails cannot be sent to a blocked customer", "Category Enterprise is taken over
 * by another business" are states, once filed as a duplicate e-mail.
 */
export function saysAlreadyThere(message: string): boolean {
  return (
    saysEmailExists(message) ||
    /duplicate/i.test(message) ||
    SOMETHING_ALREADY_THERE.test(message) ||
    STATUS_PHRASE_ALONE.test(message)
  );
}
