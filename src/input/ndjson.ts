/**
 * The NDJSON reader: one JSON object a line. A line that is not JSON is that row's problem, not the
 * file's: reading goes on. The k-th non-blank line is row k + 1, like the CSV row it would be.
 */
import type { SourceRow } from '../model.js';
import { ExactJsonParser, JsonTooDeepError, MAX_ROW_LEVELS, parseJsonRow } from '../util/exact-json.js';
import type { CsvHeaderAdvice } from './csv-header-look.js';
import { damagedFileRow, malformedRow } from './damage.js';
import type { DecodedText } from './decode.js';
import { cutShortRow, cutsARecord } from './file-cut-short.js';
import { whyLineIsNotJson } from './json-error.js';
import type { JsonFieldMapper } from './json-fields.js';
import { JSON_COLUMNS, jsonObjectRow, tooDeepRow } from './json-rows.js';
import { isJsonObject } from './json-shapes.js';
import { MAX_RECORD_CHARS, MAX_RECORD_TEXT } from './limits.js';
import { ndjsonLineEnd, ndjsonLineMistake, ONE_ARRAY } from './ndjson-mistakes.js';

const LINE_BREAK = /\r\n|\r|\n/;

/** The first non-blank line's row, as a CSV file's first row under its header. */
const FIRST_ROW = 2;

/**
 * A line of white space, or of Ctrl-Z, DOS's end-of-file mark, which `copy /a` writes on a line of its own after the
 * last one: decode.ts drops only a file's very last character, so with a line break after it, the line stayed and
 * was a row that is not JSON. A CSV reader skips such a line too (looksBlank).
 */
const BLANK_LINE = /^[\s\x1a]*$/;

/**
 * Text chunks → whole lines. Chunks mostly end at a line break, but a line longer than the decoder holds back
 * comes in pieces: the unfinished end of a chunk waits for the next one. A line past MAX_RECORD_CHARS is not
 * kept (memory stays bounded): it comes out as `overlong` once its end is found.
 */
async function* wholeLines(
  chunks: AsyncIterable<string>,
  damaged: () => boolean,
): AsyncGenerator<string | { overlong: true }> {
  let carry = '';
  let overlong = false;
  for await (const chunk of chunks) {
    let text = carry + chunk;
    carry = '';
    // A CR at the very end may be the first half of a CRLF: it waits with the line it ends.
    const heldCr = text.endsWith('\r');
    if (heldCr) text = text.slice(0, -1);
    const lines = text.split(LINE_BREAK);
    const last = (lines.pop() ?? '') + (heldCr ? '\r' : '');
    for (const line of lines) {
      yield overlong || line.length > MAX_RECORD_CHARS ? { overlong: true } : line;
      overlong = false;
    }
    if (overlong || last.length > MAX_RECORD_CHARS) overlong = true;
    else carry = last;
  }
  // Text stopped by bad bytes ends in the damaged line: that line is the damage, not a row.
  if (damaged()) return;
  if (overlong) yield { overlong: true };
  else if (carry !== '') yield carry.replace(/\r$/, '');
}

/**
 * "line 3 is not valid JSON", saying why when it can (json-error.ts, ndjson-mistakes.ts): read again by the
 * streaming parser, which says where it stopped (JSON.parse's messages do not always say), or that the line ended
 * first: inside a string (its closing quote is missing, or a line break in the string cut the line there), or
 * inside an object (one written over several lines).
 */
function notJsonMessage(content: string, line: number): string {
  const parser = new ExactJsonParser('$', 'as-written', { maxLevels: MAX_ROW_LEVELS });
  const error = parser.write(content);
  const why = error
    ? whyLineIsNotJson(error, parser, content, ndjsonLineMistake)
    : ndjsonLineEnd(content, parser.end());
  return `line ${line} is not valid JSON${why ? `: ${why}` : ''}`;
}

/** A row of the report's JSON columns, every template column empty and zcust_json holding `text`. */
function jsonColumnsHolding(text: string): string[] {
  const raw = JSON_COLUMNS.map(() => '');
  raw[raw.length - 1] = text;
  return raw;
}

/**
 * `onReadAll`: called once every line has been read (not when the text is damaged: the rest is unread).
 * `csvAdvice`: what a first line that reads as a CSV header means (a CSV file named .ndjson).
 */
export async function* readNdjsonRows(
  text: DecodedText,
  mapper: JsonFieldMapper,
  onReadAll: () => void = () => {},
  csvAdvice: CsvHeaderAdvice = () => undefined,
): AsyncGenerator<SourceRow> {
  let line = 0;
  let row = 1;
  try {
    for await (const content of wholeLines(text.chunks, () => text.damage() !== undefined)) {
      line += 1;
      if (typeof content !== 'string') {
        row += 1;
        yield malformedRow(row, `line ${line} is longer than ${MAX_RECORD_TEXT}; it was not read`);
        continue;
      }
      if (BLANK_LINE.test(content)) continue;
      row += 1;
      let parsed: ReturnType<typeof parseJsonRow>;
      try {
        parsed = parseJsonRow(content);
      } catch (error) {
        // Found by counting brackets, before JSON.parse built it (a line of 1.3 million levels took 620 MB).
        if (error instanceof JsonTooDeepError) {
          yield tooDeepRow(row, `line ${line}`);
          continue;
        }
        // The line's text goes to the report's zcust_json cell: corrected there, importing the report reads it
        // (report-json.ts), where an empty row left nothing to fix but a Name the user had to type again.
        // Only the first line is a header: told there, the file's every line need not say it.
        const csv = row === FIRST_ROW ? csvAdvice(content) : undefined;
        const message =
          csv === undefined ? notJsonMessage(content, line) : `line ${line} is not valid JSON: it ${csv}`;
        yield { ...malformedRow(row, message), raw: jsonColumnsHolding(content) };
        continue;
      }
      // `[{"Name":"A"},{"Name":"B"}]` on one line: a JSON array of the rows, not one of them.
      if (Array.isArray(parsed.value) && parsed.value.some(isJsonObject)) {
        yield malformedRow(row, `line ${line} is an array of objects, not an object: ${ONE_ARRAY}`);
        continue;
      }
      yield jsonObjectRow(parsed.value, row, mapper, `line ${line}`, parsed.duplicateKeys);
    }
  } catch (error) {
    if (!cutsARecord(error)) throw error;
    // The line the file's end cut in two: reported, never parsed (it may be JSON, with half its keys).
    yield cutShortRow(row + 1, error);
    throw error;
  }
  const damage = text.damage();
  if (damage) yield damagedFileRow(row + 1, damage);
  else onReadAll();
}
