/**
 * Why an NDJSON line is not JSON, for what only a line can get wrong: objects written over several lines (jq '.[]',
 * JSON.stringify(…, 2), a .json file of them given --format ndjson, as zcust once advised) made each of their lines
 * a row that was "not valid JSON", none saying why; and a comma after a line's object, as between an array's.
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
  }
  // A closing bracket first on its line: the line took nothing the bracket could close.
  if (beforeLast === undefined && last !== undefined && CLOSING.has(last.token))
    return `"${last.value}" at character ${column} closes nothing the line opened, as the last line of an object over several lines does: ${ONE_A_LINE}`;
  return undefined;
}

/** What is wrong with a line that ended before its value did (`error`: the parser's, at the line's end). */
export function ndjsonLineEnd(line: string, error: Error | undefined): string | undefined {
  if (endsInsideString(error))
    return 'it ends inside a string: add its closing double quote, or write a line break in it as \\n';
  if (!endsInsideObjectOrList(error) || !line.trimStart().startsWith('{')) return undefined;
  return line.trim() === '{'
    ? `it opens an object over several lines: ${ONE_A_LINE}`
    : `it ends inside its object: close it; if the object goes on over several lines, ${ONE_A_LINE}`;
}
