/**
 * What a file is, decided from its name and its first bytes: the format, the text encoding and the
 * CSV delimiter. Pure functions; the readers call them with what they have peeked at.
 */
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { UsageError } from '../errors.js';
import { csvParseOptions } from './csv-records.js';
import type { InputFormat } from './types.js';

const FORMAT_BY_EXTENSION: Readonly<Record<string, InputFormat>> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.tsv': 'csv',
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
};

export function formatFromPath(file: string): InputFormat | undefined {
  return FORMAT_BY_EXTENSION[path.extname(file).toLowerCase()];
}

/**
 * The format to read: --format wins, then the extension; standard input has no extension to go by. Undefined for a
 * file whose extension names none: unknownFormat says so, once its first bytes have had their say (a workbook is
 * better told as one than as an extension to change).
 */
export function resolveFormat(file: string, format: InputFormat | undefined): InputFormat | undefined {
  if (format !== undefined) return format;
  if (file === '-') throw new UsageError('reading standard input (-) needs --format csv, json or ndjson');
  return formatFromPath(file);
}

export function unknownFormat(file: string): UsageError {
  return new UsageError(
    `cannot tell the format of ${file} from its extension; name it .csv, .json or .ndjson, or pass --format`,
  );
}

const startsWith = (head: Uint8Array, bytes: readonly number[]): boolean =>
  bytes.every((byte, i) => head[i] === byte);

/**
 * Files a spreadsheet saves that are not text, by their first bytes (the names say what to call them). Read as
 * text, an .xlsx was "name it .csv", then, renamed, "try --encoding latin1", and with that one header line of
 * binary and no rows, exit 0.
 */
const WORKBOOK_SIGNATURES: readonly { bytes: readonly number[]; what: string }[] = [
  // A zip's local file header, the end of an empty zip, a spanned zip's marker: .xlsx, .ods and .numbers are zips.
  ...[
    [0x50, 0x4b, 0x03, 0x04],
    [0x50, 0x4b, 0x05, 0x06],
    [0x50, 0x4b, 0x07, 0x08],
  ].map((bytes) => ({ bytes, what: 'an Excel workbook (or another zip file)' })),
  // OLE2 compound file: .xls, as Excel 97-2003 saved it (Word's .doc too).
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: 'an Excel 97-2003 workbook (.xls, or another Office 97-2003 file)',
  },
];

/** Bytes looked at to know a workbook: the longest signature. */
export const WORKBOOK_PEEK_BYTES = Math.max(...WORKBOOK_SIGNATURES.map((s) => s.bytes.length));

/**
 * Why a file that starts with `head` cannot be read, whatever its name, --format or --encoding, when it is a
 * workbook; undefined otherwise. `name`: the file as the user named it, or standard input.
 */
export function workbookReason(head: Uint8Array, name: string): string | undefined {
  const found = WORKBOOK_SIGNATURES.find((signature) => startsWith(head, signature.bytes));
  return (
    found &&
    `${name} is ${found.what}, not CSV, JSON or NDJSON: open it in Excel and save it as "CSV UTF-8 (Comma delimited)"`
  );
}

/** Byte-order marks, longest first; the encoding names are iconv-lite's. */
const BOMS: readonly { bytes: readonly number[]; encoding: string }[] = [
  // UTF-32LE's mark starts with UTF-16LE's: looked for first, or the file is read as UTF-16 with a NUL
  // character beside each character.
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

/** Bytes looked at to tell the encoding at least: any BOM, or enough of the header to see UTF-16 without one. */
export const ENCODING_PEEK_BYTES = 64;

export function detectBom(head: Uint8Array): { encoding: string; length: number } | undefined {
  const bom = BOMS.find((b) => startsWith(head, b.bytes));
  return bom && { encoding: bom.encoding, length: bom.bytes.length };
}

/** A byte that ends a line in ASCII-compatible text, and in UTF-16 either way round (beside a NUL). */
const isLineBreakByte = (byte: number | undefined): boolean => byte === 0x0a || byte === 0x0d;
/** A two-byte unit of a blank line's bytes, in UTF-8 or UTF-16 either way round. */
const isBlankByte = (byte: number | undefined): boolean =>
  byte === 0 || byte === 0x20 || isLineBreakByte(byte);

/**
 * The bytes of the first non-blank line, as far as `head` holds it. Blank lines are skipped two bytes at a
 * time, so that UTF-16's alignment is kept; the line ends at the first CR or LF byte, which in UTF-16 is half
 * of a line break either way round (the other half is a NUL).
 */
function firstLineBytes(head: Uint8Array): Uint8Array {
  let start = 0;
  while (start + 1 < head.length && isBlankByte(head[start]) && isBlankByte(head[start + 1])) start += 2;
  let end = start;
  while (end < head.length && !isLineBreakByte(head[end])) end++;
  return head.subarray(start, end);
}

/**
 * UTF-16 without a byte-order mark, told by the NUL bytes of its first line (the header): each ASCII character
 * (most of a header) is a NUL and its byte, the NUL second in UTF-16LE and first in UTF-16BE, while UTF-8 text
 * has no NUL at all. At least half of the line's two-byte units must have their NUL on one side, and none on
 * the other. Only that line decides: a UTF-8 header is never refused for what rows further on hold (a cell
 * pasted from a UTF-16 tool). The names are --encoding's.
 */
export function utf16WithoutBom(head: Uint8Array): 'utf16le' | 'utf16be' | undefined {
  const line = firstLineBytes(head);
  const units = Math.floor(line.length / 2);
  if (units < 2) return undefined;
  let nulFirst = 0;
  let nulSecond = 0;
  for (let i = 0; i < units * 2; i += 2) {
    if (line[i] === 0) nulFirst++;
    if (line[i + 1] === 0) nulSecond++;
  }
  if (nulFirst === 0 && nulSecond * 2 >= units) return 'utf16le';
  if (nulSecond === 0 && nulFirst * 2 >= units) return 'utf16be';
  return undefined;
}

/** Candidates in order of preference when all else ties. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * What a header cell names, as far as choosing the delimiter goes: the Name column (directly or through --map),
 * another column zcust reads, a name it does not know, or nothing at all (an empty cell).
 */
export type CellMeaning = 'name' | 'column' | 'unknown' | 'blank';

/** The header line split at one candidate, as far as telling the right split goes. */
interface Split {
  delimiter: string;
  /** How often the candidate occurs outside quotes. */
  count: number;
  /** How often it is followed by a space there: a cell that starts with one (`Name, Vorname`). */
  spaced: number;
  findsName: boolean;
  /** Cells that open a bracket they do not close, or close one they did not open. */
  cutBrackets: number;
  named: number;
  unknown: number;
}

/**
 * The candidate the header line is split at. A header cell may hold another candidate: `Name;Email;Address (Street,
 * City, Postcode, Country)` has more commas than semicolons. So, in turn: the split that cuts fewer brackets in two
 * (the address cell); the candidate that occurs most often outside quotes; then, between candidates as frequent,
 * the one less often followed by a space; the split that finds the Name column (`meaningOf` says what a cell names,
 * --map included), the one whose cells name more columns, the one with fewer cells naming nothing zcust knows, when
 * any does; `preferred` (TAB for a .tsv file); the order of DELIMITERS. A candidate that does not occur leaves the
 * line one cell.
 *
 * What a split's cells name comes after frequency, not before: `Name, Vorname;E-Mail;Telefon` split at its one
 * comma has a cell "Name", and taken for the Name column it imported every row silently with a cut-off name and
 * no e-mail. Read at the semicolons, a header that names no Name is said aloud, and nothing is sent. With two
 * columns, `Name, Vorname;E-Mail`, comma and semicolon are as frequent: a comma followed by a space is prose, as in
 * the cell's own words, where exports write a delimiter with nothing after it.
 */
export function detectDelimiter(
  headerLine: string,
  preferred = ',',
  meaningOf: (cell: string) => CellMeaning = () => 'unknown',
): string {
  const counts = delimiterCounts(headerLine);
  const splits = DELIMITERS.map((d) => splitAt(headerLine, d, counts.get(d) ?? NONE, meaningOf));
  let best =
    splits.find((split) => split.delimiter === preferred) ?? splitAt(headerLine, preferred, NONE, meaningOf);
  for (const split of splits) if (beats(split, best)) best = split;
  return best.delimiter;
}

/** How often a candidate occurs outside quotes, and how often a space follows it there. */
interface Occurrences {
  count: number;
  spaced: number;
}
const NONE: Occurrences = { count: 0, spaced: 0 };

/** How often each candidate occurs in `line` outside quotes (and is followed by a space). */
function delimiterCounts(line: string): Map<string, Occurrences> {
  const counts = new Map<string, Occurrences>(DELIMITERS.map((d) => [d, { count: 0, spaced: 0 }]));
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"') quoted = !quoted;
    const found = quoted ? undefined : counts.get(ch);
    if (found === undefined) continue;
    found.count++;
    if (line[i + 1] === ' ') found.spaced++;
  }
  return counts;
}

/**
 * Whether `line` holds any candidate outside quotes. When the header line holds none (a title above the header,
 * a file of one column), the delimiter is only the default, and the advice must not say it was detected.
 */
export function holdsDelimiter(line: string): boolean {
  return [...delimiterCounts(line).values()].some(({ count }) => count > 0);
}

function splitAt(
  headerLine: string,
  delimiter: string,
  { count, spaced }: Occurrences,
  meaningOf: (cell: string) => CellMeaning,
): Split {
  const split: Split = { delimiter, count, spaced, findsName: false, cutBrackets: 0, named: 0, unknown: 0 };
  for (const cell of count > 0 ? headerCells(headerLine, delimiter) : [headerLine]) {
    const meaning = meaningOf(cell);
    if (meaning === 'name') split.findsName = true;
    if (meaning === 'name' || meaning === 'column') split.named++;
    if (meaning === 'unknown') split.unknown++;
    if (cutsBrackets(cell)) split.cutBrackets++;
  }
  return split;
}

/** Whether `split` is a better reading of the header line than `other` (see detectDelimiter). */
function beats(split: Split, other: Split): boolean {
  if (split.cutBrackets !== other.cutBrackets) return split.cutBrackets < other.cutBrackets;
  if (split.count !== other.count) return split.count > other.count;
  if (split.spaced !== other.spaced) return split.spaced < other.spaced;
  if (split.findsName !== other.findsName) return split.findsName;
  if (split.named !== other.named) return split.named > other.named;
  // Among splits naming no column, fewer unknown cells would only mean fewer cells.
  return split.named > 0 && split.unknown < other.unknown;
}

const BRACKETS = ['()', '[]', '{}'] as const;

/** Whether a cell holds more of one side of a bracket pair than of the other: a split went through brackets. */
function cutsBrackets(cell: string): boolean {
  return BRACKETS.some(([open, close]) => cell.split(open!).length !== cell.split(close!).length);
}

/** The header line's cells split at `delimiter` as the reader will split them; none if it cannot be read so. */
const headerCells = (headerLine: string, delimiter: string): string[] =>
  firstRecordsOf(headerLine, delimiter, 1)[0] ?? [];

/** The first `count` records of `text` split at `delimiter` as the reader splits them; none when it cannot be read so (an unclosed quote). */
export function firstRecordsOf(text: string, delimiter: string, count: number): string[][] {
  try {
    return parse(text, { ...csvParseOptions(delimiter), to: count }) as string[][];
  } catch {
    return [];
  }
}

/**
 * The delimiter named by Excel's `sep=;` line, when the file starts with one (after blank lines: firstLine skips
 * them, and the row count leaves the sep= line out): Excel reads it as "split on this" and shows the next line
 * as the header, and so does zcust. Undefined for any other first line.
 */
export function excelSeparator(firstLineOfFile: string): string | undefined {
  return /^sep=(.)$/i.exec(firstLineOfFile)?.[1];
}

/** The delimiter a file's name promises: TAB for .tsv, else comma. */
export function preferredDelimiter(name: string): string {
  return name.toLowerCase().endsWith('.tsv') ? '\t' : ',';
}

/**
 * The first non-blank line of `text`, up to a line break outside quotes (a header may quote a newline);
 * undefined when `text` does not hold all of it yet.
 */
export function firstLine(text: string): string | undefined {
  const start = /^\s*/.exec(text)?.[0].length ?? 0;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) return text.slice(start, i);
  }
  return undefined;
}

/** Delimiters by name, for a shell where `;` or `|` would need quoting. */
const DELIMITER_NAMES: ReadonlyMap<string, string> = new Map([
  ['\\t', '\t'],
  ['tab', '\t'],
  ['comma', ','],
  ['semicolon', ';'],
  ['pipe', '|'],
]);

/** How a file split at `delimiter` reads: "comma-separated", "tab-separated", `separated by ":"`. */
export function separatedBy(delimiter: string): string {
  const name = [...DELIMITER_NAMES].find(([named, d]) => d === delimiter && /^[a-z]+$/.test(named))?.[0];
  return name === undefined ? `separated by ${JSON.stringify(delimiter)}` : `${name}-separated`;
}

/** --delimiter as users type it: one character (`;`, `|`), `\t`, or a name (tab, comma, semicolon, pipe). */
export function parseDelimiterOption(value: string): string {
  const delimiter = DELIMITER_NAMES.get(value.toLowerCase()) ?? value;
  // One character: "semicolon" typed for ";" must not split on the word.
  if ([...delimiter].length !== 1 || /["\r\n]/.test(delimiter)) {
    throw new UsageError(
      `--delimiter ${JSON.stringify(value)} cannot separate fields; use one character such as , ; | or tab`,
    );
  }
  return delimiter;
}
