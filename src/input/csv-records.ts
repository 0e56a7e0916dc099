/**
 * CSV text → records, with csv-parse doing all the parsing. This module adds what csv-parse does not
 * say directly: a broken file turned into one Damage event, naming the physical line where the damaged
 * record starts, after every record before it.
 */
import { type CsvError, type Options, Parser } from 'csv-parse';
import { countLineBreaks, leadingLineBreaks } from './lines.js';
import type { Damage } from './types.js';
import { endWritable as end, writeText as write } from './writable.js';

/** A record longer than this is taken for an unclosed quote swallowing the file (keeps memory bounded). */
export const MAX_RECORD_CHARS = 1_000_000;

/** The dialect: any line ending, forgiving quotes inside unquoted fields, ragged rows left to the caller. */
export function csvParseOptions(delimiter: string): Options {
  return {
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    trim: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
  };
}

/** Records come in batches (those one chunk completed): one async step per chunk, not per record. */
export type CsvEvent = { records: string[][]; rawCsv?: string[] } | { damage: Damage };

const REASONS: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'unclosed quoted field',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text after the closing quote of a field',
  CSV_INVALID_CLOSING_QUOTE: 'text after the closing quote of a field',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field',
  CSV_MAX_RECORD_SIZE: `a record longer than ${MAX_RECORD_CHARS.toLocaleString('en')} characters, probably an unclosed quote`,
};

/**
 * csv-parse's stream, with each record taken as it is pushed instead of through the readable side: no
 * record is lost when a later part of the same chunk fails, and there is no per-record on_record hook
 * (which makes csv-parse build an info object, and decode the raw text a second time, for every record).
 */
class RecordCollector extends Parser {
  readonly parsed: Array<{ record: string[]; raw: string }> = [];

  override push(chunk: unknown): boolean {
    // With `raw`, each record arrives as { record, raw }; null is the end of the stream.
    if (chunk !== null) this.parsed.push(chunk as { record: string[]; raw: string });
    return true;
  }
}

/** Line breaks in one record's raw text: nearly always just the one that ends it. */
function recordLineBreaks(raw: string): number {
  const last = raw.length - 1;
  if (raw.indexOf('\n') === last) {
    const cr = raw.indexOf('\r');
    if (cr === -1 || cr === last - 1) return 1;
  }
  return countLineBreaks(raw);
}

/** Every record of the text, in order; then, if the text is damaged, one damage event and nothing more. */
export async function* readCsvRecords(
  chunks: AsyncIterable<string>,
  delimiter: string,
  decodeDamage: () => Damage | undefined,
): AsyncGenerator<CsvEvent> {
  const parser = new RecordCollector({ ...csvParseOptions(delimiter), raw: true });
  const { parsed } = parser;
  parser.on('error', () => {
    // Reported through write()/end(); this listener only keeps the error from being "unhandled".
  });

  // Each record's raw text holds the blank lines before it and its own line breaks, so adding them up
  // gives the physical line where a damaged record starts without a second pass over the file.
  let linesBefore = 0;
  function* drain(): Generator<CsvEvent> {
    if (parsed.length === 0) return;
    const records = new Array<string[]>(parsed.length);
    for (let i = 0; i < parsed.length; i++) {
      const { record, raw } = parsed[i]!;
      linesBefore += recordLineBreaks(raw);
      records[i] = record;
    }
    parsed.length = 0;
    yield { records };
  }
  const damageOf = (error: Error): Damage => {
    const csvError = error as CsvError & { raw?: string };
    return {
      line: linesBefore + 1 + leadingLineBreaks(csvError.raw ?? ''),
      reason: REASONS[csvError.code] ?? csvError.message,
    };
  };

  for await (const chunk of chunks) {
    const error = await write(parser, chunk);
    yield* drain();
    if (error) {
      yield { damage: damageOf(error) };
      return;
    }
  }
  const error = await end(parser);
  yield* drain();
  // Text cut short by bad bytes may leave a quote open; the bad bytes are the real story.
  const damage = decodeDamage() ?? (error && damageOf(error));
  if (damage) yield { damage };
}
