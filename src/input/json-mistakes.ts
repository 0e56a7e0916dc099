/**
 * Why a JSON text is not JSON, for the mistakes that hand edits and exports make: a comma after the last element,
 * a number with a leading zero, single or curly quotes, a key without quotes, a comment, NaN or undefined, a missing comma,
 * a line break inside a string. "Not valid JSON" at a line left the user to find which; each is told from the
 * parser's words, the tokens it read last and the text where it stopped, and said with what to do.
 */
import { type ParsedTokenInfo, TokenType } from '@streamparser/json';
import { JsonNumberText } from '../util/exact-json.js';

/** Where and how a parse stopped. */
export interface JsonStop {
  /** The parser's own words. */
  error: Error;
  /**
   * Text holding the place it stopped, at `index`: the character it would not take, or where the token began that
   * it would not take. Followed by a few more characters where the input has them.
   */
  text: string;
  index: number;
  /** The place in its line (from 1) of the character at `index`. */
  column: number;
  /** The last token read (the one the parser refused, when it refused one) and the one before it. */
  last?: ParsedTokenInfo;
  beforeLast?: ParsedTokenInfo;
}

/** The tokenizer's words for a character it would not take: `Unexpected "'" at chunk position "2" … in state S`. */
const UNEXPECTED_CHARACTER = /^Unexpected ".*" at chunk position .* in state (\w+)$/s;
/** The token parser's words for a token out of place: `Unexpected RIGHT_BRACKET ("]") in state VALUE`. */
const UNEXPECTED_TOKEN = /^Unexpected \w+ \(.*\) in state (\w+)$/s;
/** The tokenizer's words for a text that ends inside a string: `… middle of a token (state: STRING_DEFAULT) …`. */
const ENDED_IN_STRING = /ended in the middle of a token \(state: STRING_/;
/** The token parser's words for a text that ends inside an object or a list: `Parser ended in mid-parsing …`. */
const ENDED_INSIDE_VALUE = /^Parser ended in mid-parsing/;

/** Tokens that start a value: one right after a value, with no comma between, is what a missing comma looks like. */
const VALUE_STARTS: ReadonlySet<TokenType> = new Set([
  TokenType.LEFT_BRACE,
  TokenType.LEFT_BRACKET,
  TokenType.STRING,
  TokenType.NUMBER,
  TokenType.TRUE,
  TokenType.FALSE,
  TokenType.NULL,
]);

/** Words JavaScript writes where JSON has no value for them, and what to write instead. */
const NOT_JSON_VALUES: ReadonlyMap<string, string> = new Map([
  ['NaN', 'write null, or put it in double quotes'],
  ['Infinity', 'write null, or put it in double quotes'],
  ['undefined', 'write null, or leave the key out'],
]);

/** Typographic quotes, which autocorrect writes where a straight one was typed: “ ” „ ‟ and ‘ ’ ‚ ‛. */
const CURLY_QUOTES: ReadonlySet<string> = new Set(['“', '”', '„', '‟', '‘', '’', '‚', '‛']);
/** A short string from a curly quote to the next quote, curly or straight: the `“tier”` of `{“tier”:“gold”}`. */
const CURLY_QUOTED = /^[“”„‟‘’‚‛]([^“”„‟‘’‚‛"'\r\n]{0,40})[“”„‟‘’‚‛"]/;

/** The string that starts with a curly quote at `column`, and what JSON needs instead. */
function curlyQuotesMistake(ahead: string, column: number): string {
  const quoted = CURLY_QUOTED.exec(ahead);
  const [shown, straight] = quoted ? [quoted[0], `"${quoted[1]}"`] : [ahead[0], '"'];
  return `a string in curly quotes (${shown}) at character ${column}, as autocorrect writes them: use straight double quotes (${straight})`;
}

const WORD = /^[A-Za-z_$][\w$]*/;
/** A bare word that a colon follows on its line, as a key written without quotes is (`Customer ID:` too). */
const UNQUOTED_KEY = /^[A-Za-z_$][^"'{}[\],:\r\n]*:/;

/** Whether a parse stopped because the text ended inside a string. */
export const endsInsideString = (error: Error | undefined): boolean =>
  error !== undefined && ENDED_IN_STRING.test(error.message);

/** Whether a parse stopped at a character after a whole value: an NDJSON line's object, then more. */
export const stoppedAfterValue = (error: Error): boolean =>
  UNEXPECTED_CHARACTER.exec(error.message)?.[1] === 'ENDED';

/** Whether a parse stopped because the text ended inside an object or a list. */
export const endsInsideObjectOrList = (error: Error | undefined): boolean =>
  error !== undefined && ENDED_INSIDE_VALUE.test(error.message);

/** What went wrong and what to do, for the mistakes this file knows; undefined for any other. */
export function jsonMistake(stop: JsonStop): string | undefined {
  const character = UNEXPECTED_CHARACTER.exec(stop.error.message);
  if (character) return characterMistake(stop, character[1] ?? '');
  const token = UNEXPECTED_TOKEN.exec(stop.error.message);
  return token ? tokenMistake(stop, token[1] ?? '') : undefined;
}

/** A character the tokenizer would not take. `state`: the tokenizer's, as it names it. */
function characterMistake({ text, index, column, last }: JsonStop, state: string): string | undefined {
  const ahead = text.slice(index);
  const character = ahead[0];
  if ((character === '\n' || character === '\r') && state.startsWith('STRING'))
    return `a line break inside a string at character ${column}: close the string before it, or write the break as \\n`;
  if (character === "'") return `a string in single quotes at character ${column}: use double quotes`;
  if (character !== undefined && CURLY_QUOTES.has(character)) return curlyQuotesMistake(ahead, column);
  if (ahead.startsWith('//') || ahead.startsWith('/*'))
    return `a comment at character ${column}: JSON has none, so remove it`;
  const word = WORD.exec(ahead)?.[0];
  if (word === undefined) return undefined;
  const instead = NOT_JSON_VALUES.get(word);
  if (instead !== undefined) {
    // -Infinity stops at its I, the minus already taken as a number's start.
    const minus = state === 'NUMBER_AFTER_INITIAL_MINUS' ? 1 : 0;
    return `${'-'.repeat(minus)}${word} at character ${column - minus} is no JSON value: ${instead}`;
  }
  // Where a key may stand: first in an object, or after a comma with a colon to follow (in a list, a bare word
  // after a comma is no key; after a colon it is a value: `"note": Call at 10:30`).
  if (last?.token === TokenType.LEFT_BRACE || (last?.token === TokenType.COMMA && UNQUOTED_KEY.test(ahead)))
    return `a key name without quotes at character ${column}: put key names in double quotes`;
  return undefined;
}

/** A token the token parser would not take (`last`). `state`: the parser's, as it names it. */
function tokenMistake(
  { text, index, column, last, beforeLast }: JsonStop,
  state: string,
): string | undefined {
  if (last === undefined) return undefined;
  if (
    beforeLast?.token === TokenType.COMMA &&
    (last.token === TokenType.RIGHT_BRACKET || last.token === TokenType.RIGHT_BRACE)
  ) {
    const what = last.token === TokenType.RIGHT_BRACKET ? 'element' : 'value';
    return `"${last.value}" at character ${column} follows a comma: remove the comma after the last ${what}`;
  }
  const zero = leadingZero(beforeLast, last);
  if (zero !== undefined) {
    // The tokenizer read `007` as 0, then 0, then 7; the digits after the refused one are still text.
    const number = zero + (/^[\d.eE+-]*/.exec(text.slice(index))?.[0] ?? '');
    return `a number with a leading zero at character ${column - zero.length}: put it in double quotes ("${number}") to keep its zeros`;
  }
  if (state === 'COMMA' && VALUE_STARTS.has(last.token))
    return `a comma missing before character ${column}: put a comma between the two values`;
  return undefined;
}

/** `0` or `-0`, when `before` is that number and `number` a number right after it: `007`'s first two tokens. */
function leadingZero(before: ParsedTokenInfo | undefined, number: ParsedTokenInfo): string | undefined {
  if (before?.token !== TokenType.NUMBER || number.token !== TokenType.NUMBER) return undefined;
  const value: unknown = before.value;
  const written = value instanceof JsonNumberText ? value.text : Object.is(value, -0) ? '-0' : String(value);
  if (written !== '0' && written !== '-0') return undefined;
  return number.offset === before.offset + written.length ? written : undefined;
}
