/**
 * How the values of a lookup before sending are split into requests. A batched lookup (Zenskar's `__in`
 * filters) sends its values as one comma-separated query parameter, so a batch is bounded twice: by the number of
 * values the target takes in one request, and by the length of that list in the URL.
 */

/**
 * Most characters a batch's value list may take in the URL, percent-encoded as the HTTP client sends it. Common
 * front servers refuse longer request lines: nginx at 8 KB by default (414), Apache at 8,190 bytes, Node's own
 * http at 16 KB for the request line and headers together (431). 4 KB of list leaves the other half for the
 * path, the page size, a cursor and the rest of the request line. 50 Customer IDs of 60 Cyrillic letters (each
 * "%D0%96" once encoded) made a request line of ~19 KB, and every row failed with HTTP 431. One value longer than
 * this still goes, alone: it cannot be split.
 */
export const MAX_LOOKUP_LIST_CHARS = 4_096;

/** What a comma between two values costs in the URL ("%2C"). */
const SEPARATOR_CHARS = encodedLength(',');

/** A value's length in a query string, encoded as URLSearchParams (which the HTTP client uses) encodes it. */
function encodedLength(value: string): number {
  return new URLSearchParams({ v: value }).toString().length - 'v='.length;
}

/**
 * Values in lookups of at most `max` values each, and of at most `maxChars` characters of encoded list (see
 * MAX_LOOKUP_LIST_CHARS), in the order given. A value holding a comma (a Customer ID like "ACME,EU") would be
 * split by the list into two that match nothing: it is looked up alone, after the others.
 */
export function lookupBatches(
  values: readonly string[],
  max: number,
  maxChars: number = MAX_LOOKUP_LIST_CHARS,
): string[][] {
  const batches: string[][] = [];
  let batch: string[] = [];
  let chars = 0;
  for (const value of values) {
    if (value.includes(',')) continue;
    const length = encodedLength(value);
    if (batch.length > 0 && (batch.length >= max || chars + SEPARATOR_CHARS + length > maxChars)) {
      batches.push(batch);
      batch = [];
    }
    chars = batch.length === 0 ? length : chars + SEPARATOR_CHARS + length;
    batch.push(value);
  }
  if (batch.length > 0) batches.push(batch);
  for (const value of values) if (value.includes(',')) batches.push([value]);
  return batches;
}
