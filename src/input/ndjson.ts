/**
 * The NDJSON reader: one JSON object a line. A line that is not JSON is that row's problem, not the
 * file's: reading goes on. The k-th non-blank line is row k + 1, like the CSV row it would be.
 */
import type { SourceRow } from '../model.js';
import { parseJsonExact } from '../util/exact-json.js';
import { damagedFileRow, malformedRow } from './damage.js';
import type { DecodedText } from './decode.js';
import type { JsonFieldMapper } from './json-fields.js';
import { jsonObjectRow } from './json-rows.js';

const LINE_BREAK = /\r\n|\r|\n/;

/** `text.chunks` must be whole lines (decodeText with wholeLines), so a chunk never splits a line. */
export async function* readNdjsonRows(text: DecodedText, mapper: JsonFieldMapper): AsyncGenerator<SourceRow> {
  let line = 0;
  let row = 1;
  for await (const chunk of text.chunks) {
    const lines = chunk.split(LINE_BREAK);
    if (lines.at(-1) === '') lines.pop(); // the text after the chunk's final line break
    for (const content of lines) {
      line += 1;
      if (content.trim() === '') continue;
      row += 1;
      let value: unknown;
      try {
        value = parseJsonExact(content);
      } catch {
        yield malformedRow(row, `line ${line} is not valid JSON`);
        continue;
      }
      yield jsonObjectRow(value, row, mapper, `line ${line}`);
    }
  }
  const damage = text.damage();
  if (damage) yield damagedFileRow(row + 1, damage);
}
