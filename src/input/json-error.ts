/**
 * Where a JSON text stopped parsing, and why: a mistake a hand edit or an export makes (json-mistakes.ts), or a
 * character no one can see, such as a Ctrl-Z after an NDJSON line's object, a tab inside a string, a zero-width
 * space between two values. Quoted as it is, such a line looks valid, and "not valid JSON" alone left nothing to
 * look for.
 */
import { invisibleCharacterMessage, showInvisible } from '../customer/text.js';
import { ExactJsonParser } from '../util/exact-json.js';
import { type JsonStop, jsonMistake } from './json-mistakes.js';
import { ColumnCounter, characterCount } from './lines.js';

/** The tokenizer names the byte offset within the chunk it was given: "at chunk position "13"". */
function chunkPosition(error: Error): number | undefined {
  const match = /chunk position "(\d+)"/.exec(error.message);
  return match ? Number(match[1]) : undefined;
}

/**
 * The index in `chunk` of the character `parser` stopped at: a bad character by the tokenizer's offset, a token
 * out of place (a missing or trailing comma) by where that token began. `bytesBefore`: of the stream, before
 * `chunk`.
 */
export function errorIndex(
  error: Error,
  parser: ExactJsonParser,
  chunk: string,
  bytesBefore: number,
): number {
  const position = chunkPosition(error) ?? Math.max(0, parser.lastTokenOffset - bytesBefore);
  return Buffer.from(chunk).subarray(0, position).toString().length;
}

/**
 * Past this column the character is named by its code point alone: invisibleCharacterMessage counts the characters
 * of the text it is given, and a one-line JSON file of a gigabyte is not to be copied for that.
 */
const NAMED_IN_FULL_UP_TO = 1_000_000;

/**
 * "holds a control character (U+001A) at character 13: remove it", as a CSV value's message names it, when the
 * character at `index` of `text` is one no one sees and `column` its place in its line; undefined otherwise.
 */
function unseenCharacterMessage(text: string, index: number, column: number): string | undefined {
  const code = text.codePointAt(index);
  if (code === undefined) return undefined;
  const character = String.fromCodePoint(code);
  if (invisibleCharacterMessage(character) === undefined) return undefined;
  if (column > NAMED_IN_FULL_UP_TO)
    return `holds ${showInvisible(character)} at character ${column}: remove it`;
  // invisibleCharacterMessage names the first such character of a value: the one the parser stopped at is the
  // one that counts (a tab before it was white space, a zero-width space inside a string was text), so it alone is
  // given, at its place.
  return invisibleCharacterMessage(' '.repeat(column - 1) + character);
}

/**
 * Why the parse stopped at `index` of `text` (`column`: its place in its line), said after "not valid JSON: ", or
 * undefined. `error`: what `parser` said, if it stopped there (past a JSON array's end, the reader stops at text
 * the parser never saw). A mistake comes first: a line break inside a string is one no one sees too, but "remove
 * it" was the wrong advice for a string left open.
 */
export function whyNotJson(
  error: Error | undefined,
  parser: ExactJsonParser,
  text: string,
  index: number,
  column: number,
  mistakeOf: (stop: JsonStop) => string | undefined = jsonMistake,
): string | undefined {
  const mistake = error && mistakeOf({ error, text, index, column, ...parser.recentTokens });
  if (mistake !== undefined) return mistake;
  const unseen = unseenCharacterMessage(text, index, column);
  return unseen && `it ${unseen}`;
}

/**
 * whyNotJson for a whole line, such as an NDJSON row: where it stopped, counted from the line's start. `mistakeOf`:
 * the mistakes to tell, a line's own among them (ndjson-mistakes.ts).
 */
export function whyLineIsNotJson(
  error: Error,
  parser: ExactJsonParser,
  line: string,
  mistakeOf: (stop: JsonStop) => string | undefined,
): string | undefined {
  const index = errorIndex(error, parser, line, 0);
  const column = new ColumnCounter().columnAfter(line.slice(0, index));
  return whyNotJson(error, parser, line, index, column, mistakeOf);
}

/**
 * whyNotJson for a value that holds JSON (a Custom Data cell): where it stopped, counted in characters from the
 * value's start, as a value's other messages count, though a cell may hold line breaks. Undefined when the text
 * ends before it stops, or for a mistake no one names.
 */
export function whyValueIsNotJson(text: string): string | undefined {
  const parser = new ExactJsonParser('$', 'exact');
  const error = parser.write(text);
  if (error === undefined) return undefined;
  const index = errorIndex(error, parser, text, 0);
  return whyNotJson(error, parser, text, index, characterCount(text.slice(0, index)) + 1);
}
