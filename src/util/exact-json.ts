/**
 * JSON with integers kept exact. JSON.parse turns the 20-digit ID 12345678901234567890 into
 * 12345678901234567000 without a word; here an integer that a JavaScript number cannot hold becomes a
 * BigInt, so a JSON or NDJSON file's Customer ID keeps every digit, and Custom Data can name the number it
 * could not send. Built on @streamparser/json's Tokenizer, whose parseNumber is there to be overridden for
 * numbers a JavaScript number cannot represent.
 */
import { type ParsedElementInfo, Tokenizer, TokenParser } from '@streamparser/json';

const INTEGER = /^-?\d+$/;
/** Every integer of 15 digits or fewer is exact as a number: text without a run of 16 needs no second look. */
const LONG_DIGITS = /\d{16}/;

class ExactIntegerTokenizer extends Tokenizer {
  protected override parseNumber(text: string): number {
    const value = Number(text);
    if (Number.isSafeInteger(value) || !INTEGER.test(text)) return value;
    // The library's type says number; a BigInt is what jsonValueText and stringifyExact write out digit by digit.
    return BigInt(text) as unknown as number;
  }
}

/**
 * A streaming parser wired as @streamparser/json's own JSONParser is, with the exact tokenizer. Values that
 * match `paths` wait in `take()`; the first error is kept, and after it the parser takes nothing more.
 */
export class ExactJsonParser {
  private readonly tokenizer = new ExactIntegerTokenizer();
  private readonly parser: TokenParser;
  private values: Array<{ value: unknown; key: ParsedElementInfo['key'] }> = [];
  private failure: Error | undefined;
  /** Where in the stream (bytes) the last token began: a token the parser rejects is placed by it. */
  private lastTokenAt = 0;

  constructor(paths: string[]) {
    // keepStack false: an element handed out is dropped from its array, so a huge array never sits in memory.
    this.parser = new TokenParser({ paths, keepStack: false });
    this.tokenizer.onToken = (token) => {
      this.lastTokenAt = token.offset;
      this.parser.write(token);
    };
    this.tokenizer.onEnd = () => {
      if (!this.parser.isEnded) this.parser.end();
    };
    this.parser.onError = this.tokenizer.error.bind(this.tokenizer);
    this.parser.onEnd = () => {
      if (!this.tokenizer.isEnded) this.tokenizer.end();
    };
    // An element's own value is complete when it is handed out; only its parent keeps changing.
    this.parser.onValue = ({ value, key }) => this.values.push({ value, key });
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
    return this.lastTokenAt;
  }

  /** The values completed since the last call, in document order. */
  take(): Array<{ value: unknown; key: ParsedElementInfo['key'] }> {
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

/** One whole JSON document, as JSON.parse reads it but with integers kept exact. Throws if it is not JSON. */
export function parseJsonExact(text: string): unknown {
  const value = JSON.parse(text) as unknown;
  // Most documents hold no integer JSON.parse could have rounded: they are read once, by the fast parser.
  if (!LONG_DIGITS.test(text)) return value;
  const parser = new ExactJsonParser(['$']);
  const error = parser.write(text) ?? parser.end();
  if (error) throw error;
  return parser.take()[0]?.value;
}

/** JSON text for a value of parseJsonExact: a BigInt is written as the JSON number it was, every digit kept. */
export function stringifyExact(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    // JSON.stringify refuses BigInts (a TypeError); parsed JSON can hold nothing else it refuses.
    if (!(error instanceof TypeError)) throw error;
    return writeExact(value);
  }
}

function writeExact(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(writeExact).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value).map(([key, v]) => `${JSON.stringify(key)}:${writeExact(v)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The first integer in a parsed value that JSON.parse would have rounded (a BigInt of parseJsonExact).
 * Walks with its own stack, not recursion: a value nested thousands of levels deep must not overflow.
 */
export function firstInexactInteger(value: unknown): bigint | undefined {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'bigint') return next;
    if (typeof next === 'object' && next !== null) pending.push(...Object.values(next).reverse());
  }
  return undefined;
}

/** Whether a parsed value nests objects or arrays more than `levels` deep (`{}` is one level). */
export function nestsDeeperThan(value: unknown, levels: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: next, depth } = pending.pop() as { value: unknown; depth: number };
    if (typeof next !== 'object' || next === null) continue;
    if (depth + 1 > levels) return true;
    for (const item of Object.values(next)) pending.push({ value: item, depth: depth + 1 });
  }
  return false;
}
