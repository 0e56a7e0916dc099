/**
 * Which lines of a journal a compaction keeps, and the rewrite of an open journal with them: every question the
 * journal answers must be answered as before from those lines alone. When a rewrite pays, and the crash-safe swap
 * of the file, are journal-compaction.ts's.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { type HashRowIndex, hash53 } from '../util/hash-index.js';
import { type EarlierRuns, indexCustomers } from './earlier-runs.js';
import { replaceJournal, worthCompacting } from './journal-compaction.js';
import { linesOf } from './journal-file.js';
import { keyOfLine, stateOf } from './journal-lines.js';
import { KEY_SEPARATOR, keyHash } from './row-keys.js';

/**
 * The lines compaction keeps, in their order, each without its newline: those every answer of the journal reads.
 * - A key's deciding line (`lastLine`): get, customerIds, otherKeyChanged, toldOtherKeyBefore (its note's
 *   key) and the resume counts read nothing else of it, older key forms included (each is a key of its own).
 * - Each customer id's first created or skipped line (`firstOfCustomer`, as indexCustomers finds it): knowsCustomer
 *   reads that one, and a customer created twice (a --no-resume run on AmbioSys) is known by both ids.
 * - The header, and any line that is not a record (kept as it is: the loader skips it, and compaction does not
 *   guess).
 * - With a line kept, every line of its record (a row's second-key `+` lines, written with it): get tells a
 *   create in flight under both keys by its two lines being next to each other, and otherKeyChanged reads the
 *   line next to a customer's. Whole records kept, two lines are next to each other after compaction exactly when
 *   they were before: a `+` line's neighbour before it is always its own record's line.
 */
function* decidingLines(
  fd: number,
  length: number,
  lastLine: HashRowIndex,
  firstOfCustomer: HashRowIndex,
): Generator<string> {
  const decides = (line: string, offset: number) => {
    const key = keyOfLine(line);
    if (!key || line.startsWith('#') || lastLine.get(keyHash(key)) === offset + 1) return true;
    if (line.startsWith(KEY_SEPARATOR)) return false;
    const state = stateOf(line);
    return (
      (state?.state === 'created' || state?.state === 'skipped') &&
      firstOfCustomer.get(hash53(state.customerId)) === offset + 1
    );
  };
  let record: string[] = [];
  let kept = false;
  for (const { line, offset } of linesOf(fd, length)) {
    if (!line.startsWith(KEY_SEPARATOR)) {
      if (kept) yield* record;
      record = [];
      kept = false;
    }
    record.push(line);
    kept ||= decides(line, offset);
  }
  if (kept) yield* record;
}

/**
 * Rewrites the journal (open as `fd`, its earlier runs read) with its deciding lines alone when that pays (see
 * journal-compaction.ts). Returns the descriptor of the new journal, or undefined when it is left as it was.
 */
export function compactIfWorthIt(
  fd: number,
  path: string,
  earlier: EarlierRuns,
  above: number,
): number | undefined {
  const { length, lastLine } = earlier;
  // decidingBytes is a lower bound of what is kept: most journals are ruled out with no further read, and the
  // rewrite gives up if what it keeps comes to half after all.
  if (!worthCompacting(length, earlier.decidingBytes, above)) return undefined;
  const kept = decidingLines(fd, length, lastLine, indexCustomers(fd, length));
  if (!replaceJournal(path, length, kept, fstatSync(fd).mode & 0o777)) return undefined;
  // Opened before the old one is closed: if it cannot be, the caller closes the old one and stops.
  const compacted = openSync(path, 'a+');
  closeSync(fd);
  return compacted;
}
