/**
 * The JSON reader: a top-level array of objects, streamed element by element with @streamparser/json
 * (never JSON.parse of the whole file), integers kept exact (exact-json.ts). Element i is row i + 2, like
 * the CSV row it would be.
 */
import type { SourceRow } from '../model.js';
import { ExactJsonParser, MAX_ROW_LEVELS } from '../util/exact-json.js';
import { damagedFileRow } from './damage.js';
import type { DecodedText } from './decode.js';
import { errorIndex, whyNotJson } from './json-error.js';
import type { JsonFieldMapper } from './json-fields.js';
import { endsInsideString } from './json-mistakes.js';
import { jsonObjectRow, tooDeepRow } from './json-rows.js';
import { ColumnCounter, LineCounter } from './lines.js';
import { readUntil } from './text-head.js';
import type { Damage } from './types.js';

/**
 * What may follow the array: JSON's white space, and Ctrl-Z, DOS's end-of-file mark, which `copy /a` writes after
 * the last line (decode.ts drops one only when it is the file's very last character: with a line break after it,
 * every customer was read and the file was still said to be damaged). Inside the array it is what it is.
 */
const NOT_AFTER_ARRAY = /[^ \t\r\n\x1a]/g;

/** The index of the first character of `text` from `from` that may not follow the array, or -1. */
function strayAfterArray(text: string, from: number): number {
  NOT_AFTER_ARRAY.lastIndex = from;
  return NOT_AFTER_ARRAY.exec(text)?.index ?? -1;
}

/**
 * Noted for a file with nothing in it but whitespace: that is no array, which a JSON input is, and an empty CSV
 * file is warned about likewise. `[]` is an array of no rows.
 */
export const NO_JSON_ARRAY = 'the file holds no JSON array (it is empty or blank): there is nothing to read';

/**
 * `text` starts with the array's `[`, or holds nothing but whitespace: openInput refused any other start
 * (json-start.ts). `onEmpty`: called once the file has turned out to hold nothing but whitespace (see NO_JSON_ARRAY);
 * `onReadAll`: once every element has been read, the array whole.
 */
export async function* readJsonRows(
  text: DecodedText,
  mapper: JsonFieldMapper,
  onEmpty: () => void = () => {},
  onReadAll: () => void = () => {},
): AsyncGenerator<SourceRow> {
  // maxLevels: an element nested deeper is skipped while it streams, not built (20 million `[` took 4.7 GB).
  const parser = new ExactJsonParser('$.*', 'as-written', { firstKeyWins: true, maxLevels: MAX_ROW_LEVELS });
  const lines = new LineCounter();
  const columns = new ColumnCounter();
  let lastContentLine = 1;
  let nextRow = 2;
  let started = false;
  // The array has closed: the text left is checked here, not by the parser (see NOT_AFTER_ARRAY).
  let afterArray = false;

  // Taken after each write (even a failed one): every element complete before the damage is yielded.
  function* drain(): Generator<SourceRow> {
    for (const { value, key, duplicateKeys, tooDeep } of parser.take()) {
      const index = key as number;
      nextRow = index + 3;
      const where = `array item ${index + 1}`;
      yield tooDeep
        ? tooDeepRow(index + 2, where)
        : jsonObjectRow(value, index + 2, mapper, where, duplicateKeys);
    }
  }
  let bytesBefore = 0; // of the stream, before the chunk being parsed
  // Damage at a character of `text` (the chunk, and what was read ahead of it), saying why when it can: the
  // parser's `error` names a mistake (json-error.ts); past the array, only a character no one sees is named.
  const damageAt = (text: string, index: number, error: Error | undefined): Damage => {
    const before = text.slice(0, index);
    const why = whyNotJson(error, parser, text, index, columns.columnAfter(before));
    return { line: lines.lineAfter(before), reason: why ? `not valid JSON: ${why}` : 'not valid JSON' };
  };
  // Where the chunk holds what may not follow the array, whose end it holds or an earlier one held, or what the
  // parser would not take (`error`); undefined if neither.
  const strayInChunk = (chunk: string): { index: number; error?: Error } | undefined => {
    const stray = (from: number) => {
      const index = strayAfterArray(chunk, from);
      return index === -1 ? undefined : { index };
    };
    if (afterArray) return stray(0);
    const error = parser.write(chunk);
    if (!error) return undefined;
    const index = errorIndex(error, parser, chunk, bytesBefore);
    if (!parser.valueEnded) return { index, error };
    afterArray = true;
    return stray(index);
  };

  // Iterated by hand as well: past a mistake, a few characters are read ahead (`NaN` cut between two chunks).
  const chunks = text.chunks[Symbol.asyncIterator]();
  for await (const chunk of { [Symbol.asyncIterator]: () => chunks }) {
    if (!started) started = chunk.trimStart() !== '';
    const stray = strayInChunk(chunk);
    yield* drain();
    if (stray !== undefined) {
      const ahead = await readAhead(chunks, chunk.slice(stray.index));
      yield damagedFileRow(nextRow, damageAt(chunk.slice(0, stray.index) + ahead, stray.index, stray.error));
      return;
    }
    if (chunk.trim() !== '') lastContentLine = lines.lineAfter(chunk.trimEnd());
    lines.feed(chunk);
    columns.feed(chunk);
    bytesBefore += Buffer.byteLength(chunk);
  }
  const decodeDamage = text.damage();
  if (decodeDamage) {
    yield damagedFileRow(nextRow, decodeDamage);
    return;
  }
  if (!started) {
    onEmpty();
    return;
  }
  if (afterArray) {
    onReadAll();
    return;
  }
  const error = parser.end();
  yield* drain();
  // A document that just stops is placed at its last line.
  if (error)
    yield damagedFileRow(nextRow, {
      line: lastContentLine,
      reason: endsInsideString(error)
        ? 'the JSON ends inside a string: its closing double quote is missing, or the file was cut short'
        : 'the JSON ends before the array is closed',
    });
  else onReadAll();
}

/** Characters read past a mistake, for json-mistakes.ts to tell it by: `-Infinity`, `Customer ID:`. */
const AHEAD_CHARS = 64;

/** `text`, and the chunks after it until it holds AHEAD_CHARS (or the input ends). */
async function readAhead(chunks: AsyncIterator<string>, text: string): Promise<string> {
  if (text.length >= AHEAD_CHARS) return text;
  let ahead = text;
  await readUntil(chunks, (chunk) => {
    ahead += chunk;
    return ahead.length >= AHEAD_CHARS;
  });
  return ahead;
}
