/**
 * The Custom Data column: one JSON object, sent as the API's custom_data. A key given twice in it
 * ({"tier":"gold","tier":"silver"}) keeps its first value and is named in a warning, as it is in a JSON or
 * NDJSON input (json-duplicate-keys.ts): JSON.parse alone would keep the last without a word, so the same
 * customer would be imported differently from a CSV cell than from a JSON file.
 */

import { whyValueIsNotJson } from '../input/json-error.js';
import {
  firstInexactNumber,
  JsonTooDeepError,
  MAX_JSON_LEVELS,
  type NumberLoss,
  numberLoss,
  parseJsonFirstKeyWins,
} from '../util/exact-json.js';
import { formatKeyPath, type KeyPath } from '../util/json-duplicate-keys.js';
import { controlCharacterMessage, hasControlCharacter, quoted } from './text.js';

/** At most this many keys given twice are named in a cell's warning; a cell may hold thousands. */
const MAX_NAMED_DUPLICATES = 10;

/** Why the API would not get a number of custom data as written: "holds the number 1e400, which …". */
const NUMBER_LOSS: Readonly<Record<NumberLoss, string>> = {
  'too-large': 'is out of range: a JSON number is at most about 1.8e308, either side of 0',
  'too-small': 'is out of range: a JSON number closer to 0 than about 2.2e-308 loses its digits',
  digits: 'a JSON number cannot carry as written (it keeps about 15 digits)',
};

/** What a Custom Data cell holds: the object, or why it is none; and the keys it gives twice (first kept). */
export type CustomData = ({ object: Record<string, unknown> } | { message: string }) & {
  /** The cell as written, for the error's input. */
  text: string;
  duplicateKeys: readonly KeyPath[];
};

/** Why a JSON value is not an object, in words: "a JSON array", "JSON null". */
function describeJson(value: unknown): string {
  if (value === null) return 'JSON null';
  if (Array.isArray(value)) return 'a JSON array';
  return `a JSON ${typeof value}`;
}

/** Reads one non-empty Custom Data cell; never throws. */
export function readCustomData(text: string): CustomData {
  let parsed: { value: unknown; duplicateKeys: KeyPath[] };
  try {
    // Custom data is a handful of fields: deeper nesting is refused before it is built (a cell of 8 MiB of `[`
    // is 4 million arrays).
    parsed = parseJsonFirstKeyWins(text, 'exact', MAX_JSON_LEVELS);
  } catch (error) {
    return { text, duplicateKeys: [], message: notJsonMessage(text, error) };
  }
  const { value, duplicateKeys } = parsed;
  const message = unsendableMessage(text, value);
  return message === undefined
    ? { text, duplicateKeys, object: value as Record<string, unknown> }
    : { text, duplicateKeys, message };
}

/**
 * Why a cell is not JSON: the mistake, told as a JSON file's is (json-mistakes.ts), where it is one a hand edit or
 * a spreadsheet makes (`{“tier”:“gold”}` got JavaScript's "Expected property name or '}' in JSON at position 1"),
 * else JSON.parse's words.
 */
function notJsonMessage(text: string, error: unknown): string {
  if (error instanceof JsonTooDeepError) {
    return `nests objects or arrays more than ${MAX_JSON_LEVELS} levels deep, where custom data is a few fields, like {"industry":"Retail"}`;
  }
  const why = whyValueIsNotJson(text);
  return why === undefined
    ? `is not valid JSON (${(error as Error).message}): write an object like {"industry":"Retail"}`
    : `is not valid JSON: ${why}`;
}

/** Why a parsed value (of `text`) cannot be sent as custom data, or undefined when it can. */
function unsendableMessage(text: string, value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `is ${describeJson(value)}, not a JSON object: write an object like {"industry":"Retail"}`;
  }
  // The API reads JSON numbers as doubles: 12345678901234567890 would be stored as 12345678901234567000.
  const inexact = firstInexactNumber(value);
  if (inexact !== undefined) {
    return `holds the number ${inexact.text}, which ${NUMBER_LOSS[numberLoss(inexact)]}, so write it in quotes, as text ("${inexact.text}")`;
  }
  return controlCharacterInTexts(text, value as Record<string, unknown>);
}

/** A key or a string value of a parsed JSON value, and where it is. */
interface JsonText {
  text: string;
  path: KeyPath;
  isKey: boolean;
}

/** Each key and string value of a parsed JSON value, in the order the text writes them (nesting is bounded). */
function* textsOf(value: unknown, path: KeyPath = []): Generator<JsonText> {
  if (typeof value === 'string') yield { text: value, path, isKey: false };
  else if (Array.isArray(value))
    for (const [i, member] of value.entries()) yield* textsOf(member, [...path, i]);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, member] of Object.entries(value)) {
      yield { text: key, path: [...path, key], isKey: true };
      yield* textsOf(member, [...path, key]);
    }
  }
}

/**
 * Why a key or string value cannot be sent, by the multi-line text columns' rule (text.ts), or undefined: custom
 * data is text a customer's record shows, and a Windows-1252 file read as Latin-1 put U+0080 for each € into
 * it, where the text columns refused the same file. Only text with a control character, or an escape that may
 * write one (`\u0080`, `\b`), is walked: most cells have neither.
 */
function controlCharacterInTexts(text: string, object: Record<string, unknown>): string | undefined {
  if (!hasControlCharacter(text) && !text.includes('\\')) return undefined;
  for (const { text: inner, path, isKey } of textsOf(object)) {
    const message = controlCharacterMessage(inner, true);
    if (message !== undefined) {
      return `${isKey ? 'the key' : 'the value of'} ${quoted(formatKeyPath(path))} ${message}`;
    }
  }
  return undefined;
}

/**
 * The warning for keys given twice, or undefined when there are none. Each key path is named once, however
 * often it repeats (a key given three times is two repeats), and only the first few of a cell that holds many.
 */
export function duplicateKeysWarning(duplicateKeys: readonly KeyPath[]): string | undefined {
  const paths = [...new Set(duplicateKeys.map(formatKeyPath))];
  if (paths.length === 0) return undefined;
  const named = paths
    .slice(0, MAX_NAMED_DUPLICATES)
    .map((path) => `"${path}"`)
    .join(', ');
  const more = paths.length > MAX_NAMED_DUPLICATES ? ` and ${paths.length - MAX_NAMED_DUPLICATES} more` : '';
  return paths.length === 1
    ? `the key ${named} is given twice in one object: the first wins, the second is ignored`
    : `the keys ${named}${more} are each given twice in one object: the first of each wins, the second is ignored`;
}
