/**
 * CSV text → records, with csv-parse doing all the parsing. This module adds what csv-parse does not
 * say directly: a broken file turned into one Damage event, naming the physical line where the damaged
 * record starts, after every record before it.
 */
import { type CsvError, type Options, Parser } from 'csv-parse';
import { FileCutShortError } from './file-cut-short.js';
import { MAX_RECORD_CHARS, MAX_RECORD_TEXT } from './limits.js';
import type { Damage } from './types.js';
import { endWritable as end, writeText as write } from './writable.js';

/**
 * The dialect: any line ending, forgiving quotes inside unquoted fields, ragged rows left to the caller. Blank
 * lines come through as blank records: the reader skips them, but counts them as the spreadsheet rows they are.
 */
export function csvParseOptions(delimiter: string): Options {
  return {
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    trim: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  };
}

const LAST_LINE_BREAK = /[\r\n]$/;

/** Records come in batches (those one chunk completed): one async step per chunk, not per record. */
export type CsvEvent = { records: string[][]; rawCsv?: string[] } | { damage: Damage };

const REASONS: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'unclosed quoted field',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text after the closing quote of a field',
  CSV_INVALID_CLOSING_QUOTE: 'text after the closing quote of a field',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field',
  CSV_MAX_RECORD_SIZE: `a record longer than ${MAX_RECORD_TEXT}: an unclosed quote, or a value too long to import`,
};

/**
 * csv-parse's stream, with each record taken as it is pushed instead of through the readable side: no
 * record is lost when a later part of the same chunk fails, and there is no per-record on_record hook
 * (which makes csv-parse build an info object for every record).
 */
class RecordCollector extends Parser {
  private parsed: string[][] = [];
  /**
   * Where the damaged record starts, should the text turn out to be damaged: the line after the last record
   * pushed (csv-parse's line count then stands on that record's last line), past the blank lines skipped
   * since. Read from the parser's own counters: asking csv-parse for each record's raw text instead costs
   * a tenth of its parsing time.
   */
  private lastLine = 0;
  private blanksBefore = 0;
  /**
   * csv-parse counts a CRLF inside a quoted field as two lines (it is one): the CRLFs of the records pushed
   * so far, taken off its count. Only a record that spans lines is searched, so the usual one-line record
   * costs a comparison.
   */
  private crlfsInsideFields = 0;

  constructor(options: Options) {
    super(options);
    expectEveryLength(this);
  }

  override push(record: unknown): boolean {
    // null is the end of the stream.
    if (record !== null) {
      const fields = record as string[];
      this.parsed.push(fields);
      const { lines, empty_lines } = this.info;
      if (lines - this.lastLine > 1 + (empty_lines - this.blanksBefore))
        this.crlfsInsideFields += crlfsIn(fields);
      this.lastLine = lines;
      this.blanksBefore = empty_lines;
    }
    return true;
  }

  nextRecordLine(): number {
    return this.lastLine + 1 + (this.info.empty_lines - this.blanksBefore) - this.crlfsInsideFields;
  }

  /** The records pushed since the last call, or undefined if there are none. */
  takeParsed(): string[][] | undefined {
    if (this.parsed.length === 0) return undefined;
    const records = this.parsed;
    this.parsed = [];
    return records;
  }
}

/**
 * csv-parse builds a CsvError for every record whose field count is not the first record's (a short row, a blank
 * line, every row after a blank first line), relax_column_count or not, only to keep it in its state: a stack
 * trace and a JSON copy of the record and its counters each time, which made a file of short rows or blank lines
 * about twenty times slower to read. Nothing reads that error (the count is checked in csv.ts, and we ask for no
 * per-record info), so the length it expects is made each record's own: the comparison always agrees and no error
 * is built. This reaches into csv-parse's (untyped) internals: csv-records.test.ts fails if they change. (A getter
 * for that length on csv-parse's state made every record three times slower: it changes the state object's shape.)
 */
function expectEveryLength(parser: Parser): void {
  type Api = {
    state: { record: unknown[]; expectedRecordLength: number };
    __onRecord: (push: unknown) => unknown;
  };
  const api = (parser as unknown as { api?: Api }).api;
  // Should a later csv-parse be built otherwise, it is left as it is: slower on such records, but right.
  if (typeof api?.__onRecord !== 'function') return;
  const onRecord = api.__onRecord;
  api.__onRecord = function (this: Api, push: unknown) {
    this.state.expectedRecordLength = this.state.record.length;
    return onRecord.call(this, push);
  };
}

function crlfsIn(fields: readonly string[]): number {
  let count = 0;
  for (const field of fields) {
    for (let at = field.indexOf('\r\n'); at !== -1; at = field.indexOf('\r\n', at + 2)) count++;
  }
  return count;
}

/** Every record of the text, in order; then, if the text is damaged, one damage event and nothing more. */
export async function* readCsvRecords(
  chunks: AsyncIterable<string>,
  delimiter: string,
  decodeDamage: () => Damage | undefined,
): AsyncGenerator<CsvEvent> {
  const parser = new RecordCollector(csvParseOptions(delimiter));
  parser.on('error', () => {
    // Reported through write()/end(); this listener only keeps the error from being "unhandled".
  });

  function* drain(): Generator<CsvEvent> {
    const records = parser.takeParsed();
    if (records) yield { records };
  }
  const damageOf = (error: Error): Damage => ({
    line: parser.nextRecordLine(),
    reason: REASONS[(error as CsvError).code] ?? error.message,
  });

  let endsAtLineBreak = true;
  try {
    for await (const chunk of chunks) {
      const error = await write(parser, chunk);
      endsAtLineBreak = LAST_LINE_BREAK.test(chunk);
      yield* drain();
      if (error) {
        yield { damage: damageOf(error) };
        return;
      }
    }
  } catch (error) {
    if (!(error instanceof FileCutShortError)) throw error;
    // csv-parse keeps the last whole record until it sees what follows its line break (the LF of a CRLF?), and
    // hands it out at its end: the rows before the cut are all reported. Not when the text it has ends inside a
    // line (one too long for the decoder to hold back): what it would hand out is that line, cut short. A quote
    // still open at that end is a record cut after a line break inside its quoted field: cut short too.
    if (endsAtLineBreak) {
      if (await end(parser)) error.endsInsideLine = true;
      yield* drain();
    } else error.endsInsideLine = true;
    throw error;
  }
  const error = await end(parser);
  yield* drain();
  // Text cut short by bad bytes may leave a quote open; the bad bytes are the real story.
  const damage = decodeDamage() ?? (error && damageOf(error));
  if (damage) yield { damage };
}
