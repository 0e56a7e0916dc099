/**
 * Why an NDJSON line is not JSON, for what only a line can get wrong: objects written over several lines (jq '.[]',
 * JSON.stringify(…, 2), a .json file of them given --format ndjson, as zcust once advised) made each of their lines
 * a row that was "not valid JSON", none saying why; a comma after a line's object, as between an array's; and the
 * lines of a JSON array (a .json file named .ndjson, an export's `[` first line and `]` last one).
 */
import { TokenType } from '@streamparser/json';
import {
  endsInsideObjectOrList,
  endsInsideString,
  type JsonStop,
  jsonMistake,
  stoppedAfterValue,
} from './json-mistakes.js';

const ONE_A_LINE = 'NDJSON needs one object a line (jq -c writes them so)';
/** A JSON array holding the rows is what --format json reads, whatever the file's name says. */
export const ONE_ARRAY = 'if the file is one JSON array, read it with --format json';

const CLOSING: ReadonlySet<TokenType> = new Set([TokenType.RIGHT_BRACE, TokenType.RIGHT_BRACKET]);

/** What went wrong in a line where the parser stopped, and what to do; undefined for a mistake no one names. */
export function ndjsonLineMistake(stop: JsonStop): string | undefined {
  const mistake = jsonMistake(stop);
  if (mistake !== undefined) return mistake;
  const { error, text, index, column, last, beforeLast } = stop;
  if (stoppedAfterValue(error)) {
    // `"Name": "A",` is a whole value, a string, and then a colon: a key, outside any object.
    if (text[index] === ':' && last?.token === TokenType.STRING)
      return `it starts with a key outside any object, as a line of an object over several lines does: ${ONE_A_LINE}`;
    if (text[index] === ',') {
      const what = last?.token === TokenType.RIGHT_BRACE ? 'object' : 'value';
      return `a comma after the ${what} at character ${column}: remove it; an NDJSON line holds its object alone`;
    }
    // `{"Name":"B"}]`: a JSON array's last element on the line that closes the array.
    if (text[index] === ']' && last?.token === TokenType.RIGHT_BRACE)
      return `"]" at character ${column} closes a list the line did not open, as the last line of a JSON array does: ${ONE_ARRAY}`;
  }
  // A closing bracket first on its line: the line took nothing the bracket could close. Unindented, a `]` ends
  // a JSON array written over several lines (JSON.stringify(rows, null, 2) indents every list inside it).
  if (beforeLast === undefined && last?.token === TokenType.RIGHT_BRACKET && column === 1)
    return `"]" at character 1 closes nothing the line opened, as the last line of a JSON array does: ${ONE_ARRAY}`;
  if (beforeLast === undefined && last !== undefined && CLOSING.has(last.token))
    return `"${last.value}" at character ${column} closes nothing the line opened, as the last line of an object over several lines does: ${ONE_A_LINE}`;
  return undefined;
}

/** What is wrong with a line that ended before its value did (`error`: the parser's, at the line's end). */
export function ndjsonLineEnd(line: string, error: Error | undefined): string | undefined {
  if (endsInsideString(error))
    return 'it ends inside a string: add its closing double quote, or write a line break in it as \\n';
  if (!endsInsideObjectOrList(error)) return undefined;
  // `[` or `[{"Name":"A"},`: the first line of a JSON array written over several lines.
  if (line.trimStart().startsWith('['))
    return `it opens a list it does not close, as the first line of a JSON array does: ${ONE_ARRAY}`;
  if (!line.trimStart().startsWith('{')) return undefined;
  return line.trim() === '{'
    ? `it opens an object over several lines: ${ONE_A_LINE}`
    : `it ends inside its object: close it; if the object goes on over several lines, ${ONE_A_LINE}`;
}
