/**
 * A JSON input is an array of objects. One that starts with anything else (jq -c's or mongoexport's object a line
 * saved as .json, an API's list under a key, zcust's own JSON report) is refused by its first character, before any
 * row is read or anything sent: a usage error (exit 2, no report), as a workbook is. It was one malformed_input row
 * and exit 1, a file zcust could not read told as a row that was wrong. A CSV file named .json is told by a first
 * line that reads as a CSV header, and advised --format csv (csv-header-look.ts), where it was told only that a JSON
 * input is an array.
 */
import { showInvisible } from '../customer/text.js';
import { UsageError } from '../errors.js';
import type { CsvHeaderAdvice } from './csv-header-look.js';
import type { DecodedText } from './decode.js';
import { jqCommand } from './jq-command.js';
import { MAX_RECORD_CHARS, MAX_RECORD_TEXT } from './limits.js';
import { prepend, readUntil } from './text-head.js';

/** Characters looked at from an object's `{`: enough to know zcust's report (REPORT_START). */
const START_CHARS = 32;

/** Characters looked at for a CSV header: a header longer than this is not told apart (64 Ki, a few thousand columns). */
const CSV_HEADER_CHARS = 64 * 1024;

const REPORT_START = /^\{\s*"summary"\s*:/;

const AN_ARRAY = 'a JSON input is an array of objects, [{…},{…}]';

/** The advice for a list under a key; `file`: the input's path, undefined for standard input (jq-command.ts). */
function listUnderAKey(file: string | undefined): string {
  const { command, output } = jqCommand('list', file);
  return `customers in a list under a key (Stripe's "data", Airtable's "records") need that list taken out first, e.g. ${command}, then run zcust on ${output}`;
}

/** The advice for objects written over several lines, with `file` as for listUnderAKey. */
export function objectsOverLines(file: string | undefined): string {
  const array = jqCommand('array', file).command;
  const lines = jqCommand('lines', file).command;
  return `objects written over several lines (as jq '.[]' writes them) are neither a JSON array nor NDJSON's one object a line: make them an array, ${array}, or one a line, ${lines}, then run zcust on the file made`;
}

/**
 * The text from an object's `{` goes on over several lines: its first line ends before the object can have closed
 * (`{` alone, as jq '.[]' and JSON.stringify(…, 2) write it, or a key and a comma). Told from its first START_CHARS
 * characters, however much came in the first piece read (a file's or a pipe's alike): a first line longer than
 * that is taken for one object a line.
 */
function objectOverLines(start: string): boolean {
  const lineEnd = start.search(/[\r\n]/);
  return lineEnd !== -1 && !start.slice(0, lineEnd).trimEnd().endsWith('}');
}

/**
 * Whether `start` (the text from its first character that is not white space; `piece` the part just read) says
 * enough. A pipe that sends `[` and a row need not send more; an object is read on to tell zcust's report; any other
 * start up to its line's end, to tell a CSV header (a text refused either way: waiting costs nothing but its time).
 */
function told(start: string, piece: string): boolean {
  if (start.startsWith('[')) return true;
  if (start.startsWith('{')) return start.length >= START_CHARS;
  return /[\r\n]/.test(piece) || start.length >= CSV_HEADER_CHARS;
}

/** The first line of `start`, as far as it holds it. */
export const firstLineOf = (start: string): string => start.split(/[\r\n]/, 1)[0] ?? '';

/** Why a text starting with `start` (its first character not white space, and not `[`) is no JSON input. */
function notAnArray(
  name: string,
  start: string,
  path: string | undefined,
  csvAdvice: CsvHeaderAdvice,
): string {
  const first = String.fromCodePoint(start.codePointAt(0) ?? 0);
  // zcust's JSON report is the likeliest such file, given as a retry; after it, jq -c's or mongoexport's object a
  // line saved as .json, and an API's list under a key (Stripe, Airtable).
  // Objects over several lines are no NDJSON either: --format ndjson read each of their lines as a row, none JSON.
  // A CSV file's header is told only where no object starts (`{Id},Name` is taken for one).
  const csv = first === '{' ? undefined : csvAdvice(firstLineOf(start));
  const what = REPORT_START.test(start)
    ? "it is a zcust JSON report, which cannot be imported again; import the run's CSV report (--report x.report.csv writes one)"
    : csv !== undefined
      ? `its first line ${csv}`
      : first !== '{'
        ? AN_ARRAY
        : objectOverLines(start.slice(0, START_CHARS))
          ? `${objectsOverLines(path)}; ${listUnderAKey(path)}`
          : `one object a line (jq -c, mongoexport) reads with --format ndjson; ${listUnderAKey(path)}`;
  return `${name} does not hold a JSON array (it starts with "${showInvisible(first)}"): ${what}`;
}

/**
 * The text, handed on from its start once its first character that is not white space is `[` (or it has none: an
 * empty file, warned about by the reader). `name`: the input, as the user named it; `path`: its path, when it is a
 * file; `csvAdvice`: what a first line that reads as a CSV header means. White space is looked through up to MAX_RECORD_CHARS, what a reader holds at most: `yes ' '` piped in would
 * otherwise be held until memory ran out.
 */
export async function refuseJsonNotArray(
  text: DecodedText,
  name: string,
  path?: string,
  csvAdvice: CsvHeaderAdvice = () => undefined,
): Promise<DecodedText> {
  const chunks = text.chunks[Symbol.asyncIterator]();
  let blank = 0;
  let start = '';
  const head = await readUntil(chunks, (chunk) => {
    const piece = start === '' ? chunk.trimStart() : chunk;
    if (start === '') blank += chunk.length - piece.length;
    start += piece;
    return (start !== '' && told(start, piece)) || blank > MAX_RECORD_CHARS;
  });
  if (blank > MAX_RECORD_CHARS)
    throw new UsageError(`${name} holds only white space in its first ${MAX_RECORD_TEXT}: ${AN_ARRAY}`);
  if (start !== '' && !start.startsWith('[')) throw new UsageError(notAnArray(name, start, path, csvAdvice));
  return { chunks: prepend(head, chunks), damage: text.damage };
}
