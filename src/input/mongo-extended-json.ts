/**
 * MongoDB's extended JSON, as mongoexport writes it: a value plain JSON has no type for is an object of one key,
 * `{"$oid":"5f1d…"}`, `{"$numberLong":"123"}`, `{"$date":"2024-01-01T00:00:00Z"}`. Where text belongs, such a
 * wrapper stands for the text it holds, as written (a Customer ID exported from `_id`); it was "an object, not
 * text", with nothing to do but export again. Wrappers of types with no text of their own (`$binary`,
 * `$regularExpression`, …) stay objects, and are refused as any object where text belongs is.
 */
import { JsonNumberText } from '../util/exact-json.js';
import { isJsonObject } from './json-shapes.js';

/** Wrappers whose one value is the text: an ObjectId's hex, a number's digits as mongoexport wrote them. */
const TEXT_WRAPPERS: ReadonlySet<string> = new Set([
  '$oid',
  '$numberInt',
  '$numberLong',
  '$numberDouble',
  '$numberDecimal',
]);

const INTEGER = /^-?\d+$/;

/** The one key of `value` and what it holds, when `value` is an object of one key. */
function onlyMember(value: unknown): [string, unknown] | undefined {
  if (!isJsonObject(value)) return undefined;
  const members = Object.entries(value);
  return members.length === 1 ? members[0] : undefined;
}

/**
 * A date's text: relaxed mode's ISO text as written; canonical mode's milliseconds since 1970
 * (`{"$numberLong":"…"}`, or the number itself, as mongoexport 4.0 and older wrote it) as ISO text. Undefined for a
 * date JavaScript cannot hold (beyond ±275,000 years).
 */
function dateText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const [key, long] = onlyMember(value) ?? [];
  const millis = key === '$numberLong' ? long : value;
  const text =
    typeof millis === 'string' ? millis : millis instanceof JsonNumberText ? millis.text : undefined;
  if (text === undefined || !INTEGER.test(text)) return undefined;
  const date = new Date(Number(text));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The text an extended-JSON wrapper holds, or `value` itself when it is none (or one with no text). */
export function unwrapExtendedJson(value: unknown): unknown {
  const [key, inner] = onlyMember(value) ?? [];
  if (key === undefined) return value;
  if (TEXT_WRAPPERS.has(key)) return typeof inner === 'string' ? inner : value;
  if (key === '$date') return dateText(inner) ?? value;
  return value;
}
