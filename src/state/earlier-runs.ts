/**
 * What earlier runs left in a tenant's journal, read once at start-up. Memory stays flat however large the import:
 * what earlier runs wrote is indexed by key hash → offset of the key's last line in the file (12 bytes a key), the
 * line itself being read back from disk when the row comes up (journal.ts does not keep what this run writes:
 * each row is handled once per run). Customer ids are indexed the same way (id hash → offset of a line holding
 * it), and only once a report's row asks about one: an import of anything else never builds that index.
 */
import { HashRowIndex, hash53 } from '../util/hash-index.js';
import { linesOf } from './journal-file.js';
import { BY_CONTENT, isDone, keyOfLine, stateOf } from './journal-lines.js';
import { KEY_SEPARATOR, keyHash } from './row-keys.js';

/** How many rows earlier runs left in each state. */
export interface Resumed {
  created: number;
  skipped: number;
  inFlight: number;
  /**
   * Of `inFlight`, the rows with neither e-mail nor Customer ID, which no lookup can settle (each ends
   * unknown_outcome). Journals written before this was recorded count such rows as keyed ones.
   */
  inFlightKeyless: number;
  unknown: number;
}

/**
 * Customer id hash → offset (+1) of a created or skipped line holding that id, for the lines earlier runs
 * wrote (the file's first `end` bytes). One slot per customer, not per key.
 */
export function indexCustomers(fd: number, end: number): HashRowIndex {
  const byCustomer = new HashRowIndex();
  for (const { line, offset } of linesOf(fd, end)) {
    // A second key's line holds the id of the line before it.
    if (line.startsWith(KEY_SEPARATOR)) continue;
    const state = stateOf(line);
    if (state?.state !== 'created' && state?.state !== 'skipped') continue;
    const hash = hash53(state.customerId);
    if (byCustomer.get(hash) === undefined) byCustomer.add(hash, offset + 1);
  }
  return byCustomer;
}

export const noneResumed = (): Resumed => ({
  created: 0,
  skipped: 0,
  inFlight: 0,
  inFlightKeyless: 0,
  unknown: 0,
});

/** What earlier runs left in a journal, read at start-up. */
export interface EarlierRuns {
  /**
   * Key hash → offset (+1, since 0 means "absent" in the index) of the line that decides the key: its last, or
   * its last created or skipped line.
   */
  lastLine: HashRowIndex;
  resumed: Resumed;
  /**
   * The bytes of those lines, of the header and of any line that is not a record: compaction keeps at least
   * these (and also the lines written with them, and each customer id's first line: see decidingLines).
   */
  decidingBytes: number;
  /** The journal's length when read (this run's lines come after). */
  length: number;
}

/**
 * Indexes each key's last line and counts the rows earlier runs left in each state. A key's last created or
 * skipped line outranks any later line that is not: after a --no-resume run re-sent a created row and was
 * told "already exists" (an `f`), or stopped while sending it again, the customer still exists.
 */
export function readEarlierRuns(fd: number, length: number): EarlierRuns {
  const lastLine = new HashRowIndex();
  const resumed = noneResumed();
  const done = new HashRowIndex();
  for (const { line, offset } of linesOf(fd, length)) {
    const key = keyOfLine(line);
    if (!key || line.startsWith('#')) continue;
    const hash = keyHash(key);
    if (isDone(line)) done.set(hash, 1);
    else if (done.get(hash) !== undefined) continue;
    lastLine.set(hash, offset + 1);
  }
  // Second pass: count each key's final state (the line the index points at), and measure the lines that decide.
  let decidingBytes = 0;
  /** Where the line before starts, when it decides (its length is known once the next line starts). */
  let deciding: number | undefined;
  for (const { line, offset } of linesOf(fd, length)) {
    if (deciding !== undefined) decidingBytes += offset - deciding;
    deciding = undefined;
    const key = keyOfLine(line);
    if (!key || line.startsWith('#')) {
      deciding = offset; // the header, or not a record: kept as it is
      continue;
    }
    if (lastLine.get(keyHash(key)) !== offset + 1) continue;
    deciding = offset;
    if (line.startsWith(KEY_SEPARATOR)) continue;
    const s = stateOf(line);
    if (s?.state === 'created') resumed.created++;
    else if (s?.state === 'skipped') resumed.skipped++;
    else if (s?.state === 'sending') {
      resumed.inFlight++;
      if (line.split(' ')[3] === BY_CONTENT) resumed.inFlightKeyless++;
    } else if (s?.state === 'unknown') resumed.unknown++;
  }
  if (deciding !== undefined) decidingBytes += length - deciding;
  return { lastLine, resumed, decidingBytes, length };
}
