/**
 * The entry point of the input side: openInput() works out the format and encoding, reads just enough to
 * know the header, and hands back a streaming source of SourceRows.
 */
import { resolve } from 'node:path';
import { InputReadError, UsageError } from '../errors.js';
import { type ByteSource, CHUNK_BYTES, openFileBytes, peekBytes, streamBytes } from './bytes.js';
import { openCsv } from './csv.js';
import { type CsvHeaderAdvice, csvHeaderAdvice } from './csv-header-look.js';
import { type DecodedText, decodeText } from './decode.js';
import {
  parseDelimiterOption,
  resolveFormat,
  unknownFormat,
  WORKBOOK_PEEK_BYTES,
  workbookReason,
} from './detect.js';
import { checkEncodingOption } from './encoding-option.js';
import { type HeaderMap, resolveMap } from './header-map.js';
import { NO_JSON_ARRAY, readJsonRows } from './json.js';
import { JsonFieldMapper } from './json-fields.js';
import { JSON_COLUMNS } from './json-rows.js';
import { refuseJsonNotArray } from './json-start.js';
import { readNdjsonRows } from './ndjson.js';
import type { InputFormat, InputOptions, InputSource, ReaderPart } from './types.js';

export type { InputFormat, InputOptions, InputSource } from './types.js';

const DEFAULT_ENCODING = 'utf-8';
/** Paths the system gives a process's own streams and descriptors: /dev/stdin, /dev/fd/N, /proc/self/fd/N. */
const SYSTEM_PATH = /^\/(?:dev|proc)\//;

export async function openInput(options: InputOptions): Promise<InputSource> {
  // Every option is checked before the file is touched: a usage error costs nothing. (Only an extension that names
  // no format waits for the file's first bytes: see resolveFormat.)
  const named = resolveFormat(options.path, options.format);
  checkEncodingOption(options.encoding);
  const encoding = options.encoding ?? DEFAULT_ENCODING;
  const delimiter = options.delimiter === undefined ? undefined : parseDelimiterOption(options.delimiter);
  const map = resolveMap(options.map, options.target);

  const name = options.path === '-' ? 'standard input' : options.path;
  const source: ByteSource =
    options.path === '-'
      ? streamBytes(options.stdin ?? process.stdin, options.stop)
      : await openFileBytes(
          options.path,
          options.parseOnWorker === false ? CHUNK_BYTES.mainThread : CHUNK_BYTES.worker,
          options.stop,
        );
  if (named === undefined && source.totalBytes === undefined) {
    // A pipe or a device (its size unknown: a stream), whose first bytes would be spent on the workbook check: as
    // standard input, it needs --format at once, and a named pipe is not waited for only to be refused.
    source.close();
    throw new UsageError(
      `cannot tell the format of ${options.path} from its extension, and it is no file to rename (a pipe or a device); pass --format csv, json or ndjson`,
    );
  }

  // A file a command may name (renamed to the format it holds, or read by the jq it is advised): a pipe's path
  // names no file to rename, nor does a path under /dev or /proc, which names the file this run was given only
  // while it runs (/dev/stdin redirected from a file is a regular file, and pasted it is the terminal).
  const regularFile =
    options.path !== '-' && source.totalBytes !== undefined && !SYSTEM_PATH.test(resolve(options.path))
      ? options.path
      : undefined;
  let format: InputFormat;
  let part: ReaderPart;
  try {
    const bytes = await refuseWorkbook(source.bytes, name);
    if (named === undefined) throw unknownFormat(options.path);
    format = named;
    const text = decodeText(bytes, {
      encoding,
      wholeLines: format !== 'json',
      ...(source.stillBeingWritten ? { stillBeingWritten: source.stillBeingWritten } : {}),
    });
    part =
      format === 'csv'
        ? await openCsv(text, {
            name,
            ...(regularFile === undefined ? {} : { path: regularFile }),
            map,
            delimiter,
            threaded: options.parseOnWorker !== false && isLarge(source.totalBytes),
            ...(source.lendFd === undefined ? {} : { file: { lend: source.lendFd, encoding } }),
          })
        : await openJsonLike(format, text, {
            name,
            ...(regularFile === undefined ? {} : { path: regularFile }),
            map,
            csvAdvice: csvHeaderAdvice(map, regularFile),
            cutShort: () => source.cutShort?.() === true,
          });
  } catch (error) {
    source.close();
    // Nothing has been sent while the header is read: an input that cannot be read is the user's to fix.
    if (error instanceof InputReadError) throw new UsageError(error.message, { cause: error });
    throw error;
  }

  return {
    format,
    columns: part.columns,
    // A getter, not a copy: for JSON the list grows while the rows are read.
    get unmatched() {
      return part.unmatched;
    },
    get notes() {
      return part.notes;
    },
    ...(part.fieldColumns ? { fieldColumns: part.fieldColumns } : {}),
    ...(part.layout ? { layout: part.layout } : {}),
    isReport: part.isReport,
    rows: part.rows,
    bytesRead: part.bytesRead ?? source.bytesRead,
    ...(part.rowsAhead ? { rowsAhead: part.rowsAhead } : {}),
    totalBytes: source.totalBytes,
    close: source.close,
    ...(source.cutShort ? { cutShort: source.cutShort } : {}),
  };
}

/** The bytes to read, once their first ones show they are not a workbook (a usage error, whatever the name). */
async function refuseWorkbook(bytes: AsyncIterable<Buffer>, name: string): Promise<AsyncIterable<Buffer>> {
  const peeked = await peekBytes(bytes, WORKBOOK_PEEK_BYTES);
  const workbook = workbookReason(peeked.head, name);
  if (workbook !== undefined) throw new UsageError(workbook);
  return peeked.bytes;
}

/**
 * `name`: the input, as the user named it; `path`: its path, when it is a file (not standard input). `csvAdvice`:
 * what a first line that reads as a CSV header means (a CSV file named .json or .ndjson). `cutShort`: a stop ended
 * the input (a pipe) before it ended, so what it holds is not known.
 */
async function openJsonLike(
  format: 'json' | 'ndjson',
  text: DecodedText,
  {
    name,
    path,
    map,
    csvAdvice,
    cutShort,
  }: { name: string; path?: string; map: HeaderMap; csvAdvice: CsvHeaderAdvice; cutShort: () => boolean },
): Promise<ReaderPart> {
  // A JSON text that is no array is refused here, before anything is sent, as a workbook is (json-start.ts).
  const json = format === 'json' ? await refuseJsonNotArray(text, name, path, csvAdvice) : text;
  const mapper = new JsonFieldMapper(map);
  // An empty NDJSON file is lines of no rows; an empty JSON file is not the array it must be. A pipe Ctrl-C
  // stopped before it sent anything is neither: it was said to be empty beside "read no further".
  let empty = false;
  const onEmpty = () => {
    empty = !cutShort();
  };
  // Which --map keys no object has is known once every object is read; a stopped pipe's rest is unknown.
  let readAll = false;
  const onReadAll = () => {
    readAll = !cutShort();
  };
  return {
    columns: [...JSON_COLUMNS],
    get unmatched() {
      return mapper.unmatched;
    },
    // Getters: a JSON file's keys, and whether it holds anything, are known only as it is read.
    get notes() {
      if (empty) return [...mapper.notes, NO_JSON_ARRAY];
      return readAll ? [...mapper.notes, ...mapper.mapKeysMissing()] : mapper.notes;
    },
    isReport: false,
    rows:
      format === 'json'
        ? readJsonRows(json, mapper, onEmpty, onReadAll)
        : readNdjsonRows(text, mapper, onReadAll, csvAdvice),
  };
}

/** Above this size a worker thread's start-up (tens of ms) is repaid; standard input may be any size. */
const THREADED_FROM_BYTES = 4 * 1024 * 1024;

function isLarge(totalBytes: number | undefined): boolean {
  return totalBytes === undefined || totalBytes >= THREADED_FROM_BYTES;
}
