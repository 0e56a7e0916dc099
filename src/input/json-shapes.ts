/**
 * The JSON types an object's keys must have, and the row's issue when one does not. The Zenskar API's nested
 * `address` and `ship_to_address` are objects (DayZero's `address` string is a column of its own, read only
 * for that target: template.ts) and `tax_info` a list of objects (or one object); a template
 * column is text (a number or true/false is written as the text it is), except Custom Data, which may be an
 * object. A value of another type is never read as something else: dropped, the row would be imported without
 * it; turned into its JSON text, `{"first":"Ann"}` would become a customer's name. A value of a right type is
 * handed to the validator as the text a CSV cell would hold (jsonValueText).
 */
import { looksBlank } from '../customer/text.js';
import type { Issue } from '../model.js';
import { ALL_COLUMNS, COLUMN, MAX_TAX_PAIRS, matchHeader, normalizeHeader, taxColumns } from '../template.js';
import { JsonNumberText, stringifyExact } from '../util/exact-json.js';

/** A JSON value's type in words: "a string", "an array", "null". */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof JsonNumberText) return 'a number';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** An object or an array: what no text column can hold. */
const isStructured = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !(value instanceof JsonNumberText);

/** Blank: JSON null, or a string that shows nothing (looksBlank), which is an empty cell in any shape. */
export const isBlankJson = (value: unknown): boolean =>
  value === null || (typeof value === 'string' && looksBlank(value));

/**
 * Values are strings for the validator: JSON's own types written the way a CSV would hold them. The readers
 * hand numbers over as JsonNumberText (exact-json.ts, `as-written`): a Customer ID 1.10 stays 1.10.
 */
export function jsonValueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (value instanceof JsonNumberText) return value.text;
  return stringifyExact(value);
}

/** A JSON object: not an array, and not a number kept as its text. */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumberText);

/**
 * A template column's value of a type that is not text; undefined when it is text, a number, true/false or
 * null. `path` is the key as the object spells it (`customer_name`, `address.city`).
 */
export function notTextIssue(column: string, path: string, value: unknown): Issue | undefined {
  // Custom Data is the one column whose value is JSON itself.
  if (!isStructured(value) || column === COLUMN.customData) return undefined;
  return {
    field: column,
    code: 'invalid_value',
    message: `the key "${path}" is ${describeJsonValue(value)}, not text (a string, a number or true/false)`,
  };
}

/** The API's nested objects, by the first part of the template's dotted aliases (`address.city`), normalised. */
const NESTED_OBJECT_KEYS: ReadonlySet<string> = new Set(
  ALL_COLUMNS.flatMap((c) => c.aliases)
    .filter((alias) => alias.includes('.'))
    .map((alias) => normalizeHeader(alias.split('.')[0] ?? '')),
);

/** `address` / `ship_to_address` in any spelling the template accepts for a key. */
export const isNestedObjectKey = (path: string): boolean => NESTED_OBJECT_KEYS.has(normalizeHeader(path));

export const isTaxInfoKey = (path: string): boolean => normalizeHeader(path) === 'taxinfo';

const ADDRESS_EXAMPLE = '{"line1":"…","city":"…","country_code":"…"}';
const TAX_INFO_ITEM_EXAMPLE = '{"country_code":"IN","tax_id":"…"}';

/** A row-wide issue: the key stands for several columns, none of which it filled. */
const wrongShape = (message: string): Issue => ({ code: 'invalid_value', message });

export const addressNotObject = (path: string, value: unknown): Issue => {
  // A one-line address (DayZero's shape, read as such with that target) has a place here too: the first line.
  const line1 = typeof value === 'string' ? matchHeader(`${path}.line1`) : undefined;
  const hint =
    line1 === undefined ? '' : ` (a one-line address goes in {"line1":"…"}, or under the key "${line1}")`;
  return wrongShape(
    `the key "${path}" is ${describeJsonValue(value)}, not an object like ${ADDRESS_EXAMPLE}; nothing of it was read${hint}`,
  );
};

export const taxInfoNotList = (path: string, value: unknown): Issue =>
  wrongShape(
    `the key "${path}" is ${describeJsonValue(value)}, not a list of objects like [${TAX_INFO_ITEM_EXAMPLE}]; nothing of it was read`,
  );

export const taxInfoItemNotObject = (path: string, index: number, value: unknown): Issue =>
  wrongShape(
    `${path}[${index}] is ${describeJsonValue(value)}, not an object like ${TAX_INFO_ITEM_EXAMPLE}; it was not read`,
  );

/** The tax numbers past the template's pairs, which no column could hold. */
export const taxInfoTooLong = (path: string, count: number): Issue => {
  const past =
    count === MAX_TAX_PAIRS + 1
      ? `${path}[${MAX_TAX_PAIRS}] was`
      : `${path}[${MAX_TAX_PAIRS}] to ${path}[${count - 1}] were`;
  return wrongShape(
    `the key "${path}" holds ${count} tax numbers, and zcust takes at most ${MAX_TAX_PAIRS} a customer (${COLUMN.taxId} to ${taxColumns(MAX_TAX_PAIRS).id}): ${past} not read`,
  );
};
