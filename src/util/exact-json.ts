/**
 * JSON with numbers kept as written. JSON.parse turns the 20-digit ID 12345678901234567890 into
 * 12345678901234567000, 1.2345678901234567890 into 1.2345678901234567 and 1e400 into Infinity (null once
 * written out), without a word, and prints 1.10 as 1.1. Here such a number becomes a JsonNumberText, which
 * keeps its text (for a file's rows, every number does: see JsonNumbers): a JSON or NDJSON file's Customer ID
 * keeps every digit, and Custom Data can name the number it could not send. Built on @streamparser/json's Tokenizer, whose parseNumber is
 * there to be overridden for numbers a JavaScript number cannot represent.
 */
import {
  type ParsedElementInfo,
  type ParsedTokenInfo,
  Tokenizer,
  TokenParser,
  TokenType,
} from '@streamparser/json';
import { DuplicateKeyWatch, type KeyPath } from './json-duplicate-keys.js';
import { textNestsDeeperThan } from './json-nesting.js';

/** A JSON number that a JavaScript number would change: its text, as written. */
export class JsonNumberText {
  constructor(readonly text: string) {}
}

/** Up to 15 digits, without an exponent: any double gives them back, so such text needs no closer look. */
const SHORT_PLAIN = /^-?[\d.]{1,15}$/;
/**
 * More than 15 digits in a row, or an exponent: only a document with one of these can hold a number JSON.parse
 * changes (strings may match too; they only cost the closer look).
 */
const MAYBE_INEXACT = /\d{16}|\d[eE]/;
const JSON_NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** A decimal's value as `sign digits e exponent`, without leading or trailing zeros: 1.50 and 15e-1 agree. */
function canonicalDecimal(text: string): string {
  const match = JSON_NUMBER.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  if (digits === '') return '0';
  const significant = digits.replace(/0+$/, '');
  const scale = Number(exponent) - fraction.length + (digits.length - significant.length);
  return `${sign}${significant}e${scale}`;
}

/** Whether `value`, parsed from `text`, is the number the text says (a double may hold only a neighbour). */
function holdsExactly(text: string, value: number): boolean {
  if (SHORT_PLAIN.test(text)) return true;
  return Number.isFinite(value) && canonicalDecimal(String(value)) === canonicalDecimal(text);
}

/**
 * What becomes of numbers: `exact` keeps a JavaScript number where it holds the number written (1.10 is 1.1);
 * `as-written` keeps every number's text (1.10, -0 and 1e2 stay so): a file's values, which are text to the
 * template, are what the file says.
 */
export type JsonNumbers = 'exact' | 'as-written';

/**
 * The tokenizer decodes a string's bytes with a TextDecoder, which by default takes a U+FEFF at the start of each
 * decode() for a byte-order mark and drops it; and it decodes each \uXXXX escape, and each run of non-ASCII
 * characters, on its own. So every U+FEFF inside a string or key was lost (`"ACME\ufeff-1"` read `ACME-1`,
 * raw EF BB BF alike), in a JSON array and in the NDJSON lines read here, where JSON.parse and the CSV reader keep
 * it, and the checks refuse it.
 * @streamparser/json (0.0.26) has no option for it: its decoder is replaced by one that keeps the character
 * (`ignoreBOM`, which means "do not treat a BOM specially"). A file's own leading BOM never reaches it: decode.ts
 * drops it, and the tokenizer's BOM state skips one in the bytes it is given. Once per parser, not per value.
 */
function keepEveryFeff(tokenizer: Tokenizer): void {
  const strings = (tokenizer as unknown as { bufferedString?: { decoder?: unknown } }).bufferedString;
  // Loud, not lossy: a version that moved the decoder fails every JSON test here rather than drop U+FEFF again.
  if (!(strings?.decoder instanceof TextDecoder))
    throw new Error('@streamparser/json no longer decodes strings where exact-json.ts keeps their U+FEFF');
  strings.decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
}

class ExactNumberTokenizer extends Tokenizer {
  constructor(private readonly numbers: JsonNumbers) {
    super();
    keepEveryFeff(this);
  }

  protected override parseNumber(text: string): number {
    if (this.numbers === 'exact') {
      const value = Number(text);
      if (holdsExactly(text, value)) return value;
    }
    // The library's type says number; jsonValueText and stringifyExact write a JsonNumberText as its text.
    return new JsonNumberText(text) as unknown as number;
  }
}

/** A value the parser completed: `duplicateKeys` are the paths in it of keys given again (their first value kept). */
export interface ParsedValue {
  value: unknown;
  key: ParsedElementInfo['key'];
  duplicateKeys: KeyPath[];
  /**
   * It nested deeper than the parser's `maxLevels`: what lay deeper was skipped unread (an empty object or array
   * stands in for it), so the value is not what the text says.
   */
  tooDeep: boolean;
}

/**
 * How deep the JSON zcust reads may nest objects and arrays (`{}` is one level): Custom Data, and every value of
 * a JSON or NDJSON row (the row's own object is one more level: MAX_ROW_LEVELS). A customer's values need two
 * (tax_info, a list of objects); custom data is a handful of fields. Deeper is a mistake or an attack: JSON.parse
 * and the streaming parser build every level (a file of 20 million `[` took 4.7 GB and aborted), and thousands
 * of levels overflow the stack of JSON.stringify.
 */
export const MAX_JSON_LEVELS = 32;

/** A row's object, and MAX_JSON_LEVELS below each of its keys. */
export const MAX_ROW_LEVELS = MAX_JSON_LEVELS + 1;

/**
 * A JSON text nested deeper than its reader takes, found before it was parsed. A RangeError, as the stack
 * overflow that deep nesting used to end in: callers that catch that catch this.
 */
export class JsonTooDeepError extends RangeError {
  constructor(readonly levels: number) {
    super(`JSON nests objects or arrays more than ${levels} levels deep`);
    this.name = 'JsonTooDeepError';
  }
}

/**
 * A streaming parser wired as @streamparser/json's own JSONParser is, with the exact tokenizer. Values that
 * match `path` (`$` or `$.*`) wait in `take()`; the first error is kept, and after it the parser takes nothing
 * more. With `firstKeyWins`, a key given twice in one object keeps its first value and is listed. With
 * `maxLevels`, an object or array that would nest a value deeper is read as empty: the tokens inside it are
 * counted, not parsed, so that 20 million `[` cost no memory, and the value is marked `tooDeep`.
 */
export class ExactJsonParser {
  private readonly tokenizer: ExactNumberTokenizer;
  private readonly parser: TokenParser;
  private values: ParsedValue[] = [];
  private failure: Error | undefined;
  /** The last token read, and the one before it: a token the parser rejects is placed and told by them. */
  private last: ParsedTokenInfo | undefined;
  private beforeLast: ParsedTokenInfo | undefined;

  constructor(
    path: '$' | '$.*',
    numbers: JsonNumbers,
    { firstKeyWins = false, maxLevels = Number.POSITIVE_INFINITY } = {},
  ) {
    this.tokenizer = new ExactNumberTokenizer(numbers);
    // keepStack false: an element handed out is dropped from its array, so a huge array never sits in memory.
    this.parser = new TokenParser({ paths: [path], keepStack: false });
    const watch = firstKeyWins ? new DuplicateKeyWatch() : undefined;
    const pathDepth = path === '$' ? 0 : 1;
    const take = (token: ParsedTokenInfo) => this.parser.write(watch ? watch.token(token) : token);
    // Objects and arrays open in the stream. While `skipFrom` is set, the one that opened at that count is
    // being skipped: the tokens inside it are counted (its brackets, so that its end is found), never parsed.
    // Its own brackets do go to the parser, which holds an empty object or array in that place: the parser's
    // state stays sound, and a closing bracket of the wrong kind is still an error.
    let open = 0;
    let skipFrom: number | undefined;
    let tooDeep = false;
    this.tokenizer.onToken = (token) => {
      this.beforeLast = this.last;
      this.last = token;
      const type = token.token;
      if (type === TokenType.LEFT_BRACE || type === TokenType.LEFT_BRACKET) {
        open++;
        if (skipFrom !== undefined) return;
        if (open - pathDepth > maxLevels) {
          skipFrom = open;
          tooDeep = true;
        }
      } else if (type === TokenType.RIGHT_BRACE || type === TokenType.RIGHT_BRACKET) {
        open--;
        if (skipFrom !== undefined) {
          if (open >= skipFrom) return;
          skipFrom = undefined;
        }
      } else if (skipFrom !== undefined) {
        return;
      }
      take(token);
    };
    this.tokenizer.onEnd = () => {
      if (!this.parser.isEnded) this.parser.end();
    };
    this.parser.onError = this.tokenizer.error.bind(this.tokenizer);
    this.parser.onEnd = () => {
      if (!this.tokenizer.isEnded) this.tokenizer.end();
    };
    // An element's own value is complete when it is handed out; only its parent keeps changing.
    this.parser.onValue = ({ value, key }) => {
      this.values.push({ value, key, duplicateKeys: watch?.takeDuplicates(value, pathDepth) ?? [], tooDeep });
      tooDeep = false;
    };
  }

  /** Feeds text; returns the error that stopped the parse, if any (now or earlier). */
  write(text: string): Error | undefined {
    return this.guard(() => this.tokenizer.write(text));
  }

  /** Ends the document; returns the error if it was not complete. */
  end(): Error | undefined {
    // A closed top-level object or array ends the parse by itself; only a bare number needs telling.
    if (this.tokenizer.isEnded) return this.failure;
    return this.guard(() => this.tokenizer.end());
  }

  /**
   * The byte offset in the stream of the last token read. When the token parser (not the tokenizer) fails,
   * this is the token it would not take: a missing comma, a stray colon, a trailing comma.
   */
  get lastTokenOffset(): number {
    return this.last?.offset ?? 0;
  }

  /**
   * The last token read and the one before it. When the token parser failed, `last` is the token it would not
   * take, and `beforeLast` tells why: a comma before "]", a 0 before another number (`007`).
   */
  get recentTokens(): { last?: ParsedTokenInfo; beforeLast?: ParsedTokenInfo } {
    return { last: this.last, beforeLast: this.beforeLast };
  }

  /**
   * Until end() is called: whether the top-level value is complete. After it only white space may follow, and
   * anything else is an error at that character (the file reader allows a DOS end-of-file mark there: see json.ts).
   */
  get valueEnded(): boolean {
    return this.tokenizer.isEnded;
  }

  /** The values completed since the last call, in document order. */
  take(): ParsedValue[] {
    const values = this.values;
    this.values = [];
    return values;
  }

  private guard(step: () => void): Error | undefined {
    if (this.failure) return this.failure;
    try {
      step();
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
    }
    return this.failure;
  }
}

/** One whole JSON document, as JSON.parse reads it but with numbers kept (see JsonNumbers). Throws if it is not JSON. */
export function parseJsonExact(text: string, numbers: JsonNumbers = 'exact'): unknown {
  const value = JSON.parse(text) as unknown;
  // Most documents hold no number JSON.parse could have changed: they are read once, by the fast parser.
  if (numbers === 'exact' ? !MAYBE_INEXACT.test(text) : !holdsNumber(value)) return value;
  const parser = new ExactJsonParser('$', numbers);
  const error = parser.write(text) ?? parser.end();
  if (error) throw error;
  return parser.take()[0]?.value;
}

/** A key's closing quote and its colon: in valid JSON, no string but a key is followed by a colon. */
const KEY_TOKEN = /"(?:[^"\\]|\\.)*"\s*:/g;

/** How many colons a text holds: at least one a key, so as many as the keys read means no key came twice. */
function countColons(text: string): number {
  let colons = 0;
  for (let at = text.indexOf(':'); at !== -1; at = text.indexOf(':', at + 1)) colons++;
  return colons;
}

/** Whether the text writes more keys than JSON.parse kept (`keys`): then some key was given twice. */
function repeatsAKey(text: string, keys: number): boolean {
  // Most texts have no colon inside a string, so the count of colons settles it without the slower pattern.
  if (countColons(text) === keys) return false;
  return (text.match(KEY_TOKEN)?.length ?? 0) !== keys;
}

/**
 * One JSON document with its numbers kept (see JsonNumbers), and a key given twice in one object kept at its
 * first value and listed (JSON.parse keeps the last, without a word). JSON.parse reads it first; the slower
 * exact parser only when a number may have changed, or the text writes more keys than JSON.parse kept.
 * Throws JsonTooDeepError, before parsing, if it nests more than `maxLevels` deep; JSON.parse's error if it is
 * not JSON.
 */
export function parseJsonFirstKeyWins(
  text: string,
  numbers: JsonNumbers,
  maxLevels: number,
): { value: unknown; duplicateKeys: KeyPath[] } {
  if (textNestsDeeperThan(text, maxLevels)) throw new JsonTooDeepError(maxLevels);
  const value = JSON.parse(text) as unknown;
  const counts = countNumbersAndKeys(value);
  const numbersKept = numbers === 'exact' ? !MAYBE_INEXACT.test(text) : counts.numbers === 0;
  if (numbersKept && !repeatsAKey(text, counts.keys)) return { value, duplicateKeys: [] };
  const parser = new ExactJsonParser('$', numbers, { firstKeyWins: true });
  const error = parser.write(text) ?? parser.end();
  if (error) throw error;
  const [parsed] = parser.take();
  return { value: parsed?.value, duplicateKeys: parsed?.duplicateKeys ?? [] };
}

/**
 * One JSON document that is a row of input (an NDJSON line): every number as written, the first of a key kept.
 * Throws JsonTooDeepError past MAX_ROW_LEVELS.
 */
export const parseJsonRow = (text: string) => parseJsonFirstKeyWins(text, 'as-written', MAX_ROW_LEVELS);

/** JSON text for a value of parseJsonExact: a JsonNumberText is written as the number it was, as written. */
export function stringifyExact(value: unknown): string {
  return firstInexactNumber(value) === undefined ? JSON.stringify(value) : writeExact(value);
}

function writeExact(value: unknown): string {
  if (value instanceof JsonNumberText) return value.text;
  if (Array.isArray(value)) return `[${value.map(writeExact).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value).map(([key, v]) => `${JSON.stringify(key)}:${writeExact(v)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The first number in a parsed value that a JavaScript number would have changed (see JsonNumberText).
 * Walks with its own stack, not recursion: a value nested thousands of levels deep must not overflow.
 */
export function firstInexactNumber(value: unknown): JsonNumberText | undefined {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next instanceof JsonNumberText) return next;
    if (typeof next === 'object' && next !== null) pending.push(...Object.values(next).reverse());
  }
  return undefined;
}

/** The smallest double with all its digits (2^-1022, about 2.2e-308): closer to 0, a double keeps fewer, then none. */
const SMALLEST_FULL_DOUBLE = 2 ** -1022;

/** Why a JavaScript number would change a number: beyond a double's range either way, or more digits than it keeps. */
export type NumberLoss = 'too-large' | 'too-small' | 'digits';

export function numberLoss(number: JsonNumberText): NumberLoss {
  const size = Math.abs(Number(number.text));
  if (!Number.isFinite(size)) return 'too-large';
  // A mantissa of zeros is 0 at any exponent, which a double holds; any other digit that small is lost.
  const mantissa = number.text.split(/[eE]/)[0] ?? '';
  if (size < SMALLEST_FULL_DOUBLE && /[1-9]/.test(mantissa)) return 'too-small';
  return 'digits';
}

function holdsNumber(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'number') return true;
    if (typeof next === 'object' && next !== null) pending.push(...Object.values(next));
  }
  return false;
}

/** The numbers in a value of JSON.parse, and the keys of its objects, all levels together. */
function countNumbersAndKeys(value: unknown): { numbers: number; keys: number } {
  const counts = { numbers: 0, keys: 0 };
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'number') counts.numbers++;
    else if (typeof next === 'object' && next !== null) {
      const members = Object.values(next);
      if (!Array.isArray(next)) counts.keys += members.length;
      pending.push(...members);
    }
  }
  return counts;
}
