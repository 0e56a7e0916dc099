/**
 * The longest record a reader takes: a CSV record, an NDJSON line. Far above any customer (a 1 MB notes cell
 * is fine), yet it bounds memory when a file is not what it seems: an unclosed quote that would swallow the
 * rest of a CSV, or a binary file read as NDJSON. Records pass through the parsing worker, whose heap is
 * capped (csv-threaded.ts), so this stays well under that cap.
 */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;

/** "8,388,608 characters": the limit as messages name it. */
export const MAX_RECORD_TEXT = `${MAX_RECORD_CHARS.toLocaleString('en')} characters`;
