/**
 * The JSON reader: a top-level array of objects, streamed element by element with @streamparser/json
 * (never JSON.parse of the whole file), integers kept exact (exact-json.ts). Element i is row i + 2, like
 * the CSV row it would be.
 */
import { showInvisible } from '../customer/text.js';
import type { SourceRow } from '../model.js';
import { ExactJsonParser, MAX_ROW_LEVELS } from '../util/exact-json.js';
import { damagedFileRow, malformedRow } from './damage.js';
import type { DecodedText } from './decode.js';
import { errorIndex, unseenCharacterMessage } from './json-error.js';
import type { JsonFieldMapper } from './json-fields.js';
import { jsonObjectRow, tooDeepRow } from './json-rows.js';
import { ColumnCounter, LineCounter } from './lines.js';
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

/** `onEmpty`: called once the file has turned out to hold nothing but whitespace (see NO_JSON_ARRAY). */
export async function* readJsonRows(
  text: DecodedText,
  mapper: JsonFieldMapper,
  onEmpty: () => void = () => {},
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
  // Damage at a character of the chunk, named when no one can see it.
  const damageAt = (chunk: string, index: number): Damage => {
    const before = chunk.slice(0, index);
    const unseen = unseenCharacterMessage(chunk, index, columns.columnAfter(before));
    return {
      line: lines.lineAfter(before),
      reason: unseen ? `not valid JSON: it ${unseen}` : 'not valid JSON',
    };
  };
  // -1, or where the chunk holds what may not follow the array, whose end it holds or an earlier one held.
  const strayInChunk = (chunk: string): number => {
    if (afterArray) return strayAfterArray(chunk, 0);
    const error = parser.write(chunk);
    if (!error) return -1;
    const index = errorIndex(error, parser, chunk, bytesBefore);
    if (!parser.valueEnded) return index;
    afterArray = true;
    return strayAfterArray(chunk, index);
  };

  for await (const chunk of text.chunks) {
    if (!started) {
      const start = chunk.trimStart();
      const first = start[0];
      if (first !== undefined && first !== '[') {
        // zcust's JSON report, `{"summary":…,"rows":[…]}`, is the likeliest such file, given as a retry; after it,
        // jq -c's or mongoexport's object a line saved as .json, and an API's list under a key (Stripe, Airtable).
        const report = /^\{\s*"summary"\s*:/.test(start)
          ? ": it is a zcust JSON report, which cannot be imported again; import the run's CSV report (--report x.report.csv writes one)"
          : first === '{'
            ? `: one object a line (jq -c, mongoexport) reads with --format ndjson; customers in a list under a key (Stripe's "data", Airtable's "records") need that list taken out first, e.g. jq '.data' export.json > customers.json`
            : '';
        yield malformedRow(
          nextRow,
          `the file does not hold a JSON array (it starts with "${showInvisible(first)}")${report}; nothing was read`,
        );
        return;
      }
      started = first !== undefined;
    }
    const stray = strayInChunk(chunk);
    yield* drain();
    if (stray !== -1) {
      yield damagedFileRow(nextRow, damageAt(chunk, stray));
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
  if (afterArray) return;
  const error = parser.end();
  yield* drain();
  // A document that just stops is placed at its last line.
  if (error)
    yield damagedFileRow(nextRow, {
      line: lastContentLine,
      reason: 'the JSON ends before the array is closed',
    });
}
