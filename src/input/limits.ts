/**
 * The longest record a reader takes: a CSV record, an NDJSON line. Far above any customer (a 1 MB notes cell
 * is fine), yet it bounds memory when a file is not what it seems: an unclosed quote that would swallow the
 * rest of a CSV, or a binary file read as NDJSON. Records pass through the parsing worker, whose heap is
 * capped (csv-threaded.ts), so this stays well under that cap.
 */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;

/**
 * The limit as messages name it. csv-parse counts a record's UTF-8 bytes, the NDJSON reader a line's
 * characters: "8 MiB" is true of both (a line of 8 Mi characters is at least 8 MiB).
 */
export const MAX_RECORD_TEXT = '8 MiB';
