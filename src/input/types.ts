import type { SourceRow, TargetName } from '../model.js';
import type { MapEntry } from './header-map.js';
import type { NameList } from './name-list.js';

export type InputFormat = 'csv' | 'json' | 'ndjson';

/** --map's entries as given: [header in file, template column]. One header may be given for several columns. */
export type MapEntries = readonly (readonly [header: string, column: string])[];

export interface InputOptions {
  /**
   * Parse large CSV files on a worker thread (default true). Worth it when this thread has CPU work of its
   * own per row (validate); an import waits on the network instead, and the thread would only cost memory.
   */
  parseOnWorker?: boolean;
  /** A file path, or '-' for standard input. */
  path: string;
  /** Overrides the extension; required for '-'. */
  format?: InputFormat;
  /** Node/iconv encoding for files without a byte-order mark (default utf-8), e.g. 'latin1'. */
  encoding?: string;
  /** Overrides delimiter detection (CSV only). */
  delimiter?: string;
  /** "Header In File" -> "Template Column", from the repeatable --map "A=B", in order. */
  map?: MapEntries;
  /**
   * The target the rows are for (default zenskar): some of its API's field names are read only for it
   * (DayZero's one-line `address` string is Address Line 1; Zenskar's `address` is an object).
   */
  target?: TargetName;
  /** Defaults to process.stdin (tests pass their own). */
  stdin?: NodeJS.ReadableStream;
  /**
   * Standard input, or a path that is not a regular file (a pipe, a named pipe): once aborted, the input ends
   * where it is (a pipe may never end by itself).
   */
  stop?: AbortSignal;
}

export interface InputSource {
  format: InputFormat;
  /**
   * The original column headers in original order (what the report echoes after its zcust_* columns).
   * JSON/NDJSON: the template's BASE_COLUMNS then EXTRA_COLUMNS.
   */
  columns: string[];
  /**
   * Headers that match no template column. For JSON/NDJSON this is a getter: the keys seen so far that
   * match nothing, complete once `rows` has been read to the end.
   */
  readonly unmatched: NameList;
  /** Other things worth one warning about the header: duplicate columns, --map entries the file lacks. */
  notes: string[];
  /** CSV: the template columns every row's `fields` carries (the header's matched columns). */
  fieldColumns?: string[];
  /** CSV: how the file was split, for the advice when no column of its header is Name. */
  layout?: CsvLayout;
  /** The file carries zcust_* columns: a report being imported again. */
  isReport: boolean;
  /** One pass only: every record, in file order. */
  rows: AsyncIterable<SourceRow>;
  /** Raw bytes consumed so far (for the progress ETA). */
  bytesRead(): number;
  /**
   * CSV: records parsed from those bytes but not handed out as rows yet. A small file is read and parsed at
   * once: without these, its bytes would say the run is done while most of its rows wait.
   */
  rowsAhead?(): number;
  /** File size when known (not for standard input, or a pipe or device given by its path). */
  totalBytes?: number;
  /**
   * Releases the file when the rows will not be read to the end (reading the rows to the end, or
   * breaking out of the loop, releases it by itself). Do not iterate the rows afterwards.
   */
  close(): void;
  /** A stream's (standard input, a pipe): whether `stop` ended the input before the input itself did. */
  cutShort?(): boolean;
}

/** How a CSV file was read, as far as a header that names no Name column may be its fault. */
export interface CsvLayout {
  delimiter: string;
  /**
   * Where the delimiter came from: --delimiter, an Excel `sep=` line, the header line, or nowhere (the header line
   * holds no candidate: the default).
   */
  delimiterFrom: 'option' | 'sep line' | 'detected' | 'default';
  /**
   * The row, among the first few after the header, that names the Name column as the header should have, and the
   * delimiter it does so at when that is not the one the file was read at.
   */
  headerLikeRow?: { row: number; delimiter?: string };
  /** The header that names Name by itself, and the --map entries that send it elsewhere instead. */
  nameMappedAway?: { header: string; entries: readonly MapEntry[] };
  /** The one header cell that holds Name among other words (`Name, Vorname`), as --map could name it. */
  headerHoldingName?: string;
}

/** The part of an InputSource a format reader provides; open.ts adds the byte accounting. */
export type ReaderPart = Omit<InputSource, 'format' | 'bytesRead' | 'totalBytes' | 'close'> & {
  /** Set when the reader counts the bytes itself (a worker that reads the file). */
  bytesRead?: () => number;
};

/** Where and why a file stops being readable. */
export interface Damage {
  /** Physical line in the file (1-based). */
  line: number;
  reason: string;
}
