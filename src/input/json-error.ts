/**
 * Where a JSON text stopped parsing, and what stopped it when no one can see it: a Ctrl-Z after an NDJSON
 * line's object, a tab inside a string, a zero-width space between two values. Quoted as it is, such a line
 * looks valid, and "not valid JSON" alone left nothing to look for.
 */
import { invisibleCharacterMessage, showInvisible } from '../customer/text.js';
import type { ExactJsonParser } from '../util/exact-json.js';
import { ColumnCounter } from './lines.js';

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
export function unseenCharacterMessage(text: string, index: number, column: number): string | undefined {
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

/** unseenCharacterMessage for a whole line, such as an NDJSON row: its column is counted from the line's start. */
export function unseenCharacterInLine(line: string, index: number): string | undefined {
  return unseenCharacterMessage(line, index, new ColumnCounter().columnAfter(line.slice(0, index)));
}
