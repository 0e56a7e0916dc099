/**
 * The JSON reader: a top-level array of objects, streamed element by element with @streamparser/json
 * (never JSON.parse of the whole file), integers kept exact (exact-json.ts). Element i is row i + 2, like
 * the CSV row it would be.
 */
import type { SourceRow } from '../model.js';
import { ExactJsonParser, MAX_ROW_LEVELS } from '../util/exact-json.js';
import { damagedFileRow, malformedRow } from './damage.js';
import type { DecodedText } from './decode.js';
import type { JsonFieldMapper } from './json-fields.js';
import { jsonObjectRow, tooDeepRow } from './json-rows.js';
import { LineCounter } from './lines.js';
import type { Damage } from './types.js';

/** The tokenizer names the byte offset within the chunk it was given: "at chunk position "13"". */
function chunkPosition(error: Error): number | undefined {
  const match = /chunk position "(\d+)"/.exec(error.message);
  return match ? Number(match[1]) : undefined;
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
  let lastContentLine = 1;
  let nextRow = 2;
  let started = false;

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
  // A bad character is placed by the tokenizer's offset in the chunk, a token out of place (a missing or
  // trailing comma) by where that token began; a document that just stops, at its last line.
  const damageAt = (error: Error, chunk: string, ended: boolean): Damage => {
    if (ended) return { line: lastContentLine, reason: 'the JSON ends before the array is closed' };
    const bytes = Buffer.from(chunk);
    const position = chunkPosition(error) ?? Math.max(0, parser.lastTokenOffset - bytesBefore);
    return { line: lines.lineAfter(bytes.subarray(0, position).toString()), reason: 'not valid JSON' };
  };

  for await (const chunk of text.chunks) {
    if (!started) {
      const start = chunk.trimStart();
      const first = start[0];
      if (first !== undefined && first !== '[') {
        // zcust's JSON report, `{"summary":…,"rows":[…]}`, is the likeliest such file, given as a retry.
        const report = /^\{\s*"summary"\s*:/.test(start)
          ? ": it is a zcust JSON report, which cannot be imported again; import the run's CSV report (--report x.report.csv writes one)"
          : '';
        yield malformedRow(
          nextRow,
          `the file does not hold a JSON array (it starts with "${first}")${report}; nothing was read`,
        );
        return;
      }
      started = first !== undefined;
    }
    const error = parser.write(chunk);
    yield* drain();
    if (error) {
      yield damagedFileRow(nextRow, damageAt(error, chunk, false));
      return;
    }
    if (chunk.trim() !== '') lastContentLine = lines.lineAfter(chunk.trimEnd());
    lines.feed(chunk);
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
  const error = parser.end();
  yield* drain();
  if (error) yield damagedFileRow(nextRow, damageAt(error, '', true));
}
