/**
 * The import journal: an append-only record, per tenant (target, base URL and tenant id), of what zcust did to
 * each row, so that a re-run (even after kill -9) never creates a customer twice and never loses a row. Per
 * tenant, not per input file: a customer exists in the tenant whatever file it came from, so a copy of the file,
 * a report saved under another name, or next month's export holding the same customers creates none of them
 * again (a journal per file did: Zenskar refuses a second e-mail, not a second Customer ID).
 *
 * Before a create goes out its row is recorded as "sending"; after the answer, as created / skipped / failed /
 * unknown. Each record is one short line written whole (writeAll) on an O_APPEND descriptor: once that
 * returns, the line is in the kernel's page cache and survives the process being killed at any instant
 * (only a machine crash could lose it, and fsync per row would cost more than the whole request).
 * A torn last line is ignored on load.
 *
 * Rows are known by their keys (row-keys.ts), not by their row number. Memory stays flat however large the import:
 * what this run writes is not kept (each row is handled once per run), and what earlier runs wrote is indexed by
 * key hash → offset (earlier-runs.ts), each line read back from disk when its row comes up (journal-file.ts; what
 * a line says: journal-lines.ts).
 *
 * The file only grows, and each import reads it whole at start-up. Once it is mostly lines that no longer decide
 * anything (a row's `sending` before its `created`, what --no-resume runs wrote of rows already created), the
 * import that opens it rewrites it with the deciding lines alone, before anything is sent (deciding-lines.ts says
 * which, and why every question is answered as before; journal-compaction.ts says when, and swaps the file).
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { AbortError, ioReason, UsageError } from '../errors.js';
import { HashRowIndex, hash53 } from '../util/hash-index.js';
import { makeDirectory } from '../util/make-dir.js';
import { writeAll } from '../util/write-all.js';
import { compactIfWorthIt } from './deciding-lines.js';
import {
  type EarlierRuns,
  indexCustomers,
  noneResumed,
  type Resumed,
  readEarlierRuns,
} from './earlier-runs.js';
import { COMPACT_ABOVE, discardUnfinishedCompaction } from './journal-compaction.js';
import { cutTornLine, hasRecords, readLineAt, readLineBefore } from './journal-file.js';
import { type JournalIdentity, journalPath, withoutSecret } from './journal-identity.js';
import {
  BY_CONTENT,
  HEADER,
  idField,
  isDone,
  type JournalState,
  keyOfLine,
  type OtherKey,
  rowOfLine,
  SENT_EMAIL,
  sameRecord,
  stateOf,
  TOLD_OF_OTHER_KEY,
  type ToldNote,
  toldOfOtherKey,
} from './journal-lines.js';
import { watchJournal } from './journal-on-disk.js';
import { restoreJournal } from './journal-restore.js';
import { refuseOtherTokensJournals } from './other-tokens-journals.js';
import { bothKeysKey, isKeyOf, KEY_SEPARATOR, keyHash, ownAndOlder } from './row-keys.js';
import { acquireRunLock, type HeldLock } from './run-lock.js';

export interface Journal {
  readonly path: string;
  /**
   * What earlier imports into this tenant left for this row (a rowKey: found by any of its keys); this run's own
   * records are not consulted.
   */
  get(key: string): JournalState | undefined;
  /**
   * The customers earlier imports created or skipped under this row's keys, each once, in key order (e-mail,
   * then Customer ID): two when its e-mail is one customer's and its Customer ID another's.
   */
  customerIds(key: string): string[];
  /**
   * Whether an earlier import into this tenant created this customer, or found it there (a lookup,
   * --skip-existing): a report's row that says so, whose keys the journal does not know, is that customer with
   * keys changed since (a spreadsheet re-saved 123456789012345678 as 1.23457E+17), not a customer to create.
   */
  knowsCustomer(customerId: string): boolean;
  /**
   * Of a row with both keys (e-mail and Customer ID), one of them an earlier customer's and the other unknown:
   * that other key, and whether the record that made the customer known holds another value for it or none (a
   * key added to the row since): its key lines are written together, so the other line is read back. Undefined
   * when that record holds the row's value, or the row's keys are both known or both unknown.
   */
  otherKeyChanged(key: string): OtherKey | undefined;
  /**
   * Whether an earlier import told this row (both its keys) that its other key is not customer `customerId`'s, the
   * customer having `customerHas` (otherKeyChanged's), and noted so with toldOtherKey.
   */
  toldOtherKeyBefore(key: string, customerId: string, customerHas: ToldNote['customerHas']): boolean;
  /**
   * Notes that these rows (each by both its keys) were told so: the next import does not tell them again. A row's
   * keys are not recorded as the customer's: the platform's customer lacks one, or holds another. Written only
   * once the user can read the warning (see held-notes.ts).
   */
  toldOtherKey(notes: readonly ToldNote[]): void;
  /** `byContent`: the row has neither e-mail nor Customer ID (known by its content), so it cannot be looked up. */
  /** `sentEmail`: the fingerprint of the e-mail the create carries exactly as written (see emailFingerprint). */
  sending(key: string, row: number, byContent?: boolean, sentEmail?: string): void;
  created(key: string, row: number, customerId: string): void;
  skipped(key: string, row: number, customerId: string): void;
  failed(key: string, row: number): void;
  unknown(key: string, row: number): void;
  /**
   * Whether the journal is still on disk, whole (see journal-on-disk.ts): looked at once in a while as records
   * are written or read back, and by this at the end of a run. One removed is written again; either way the run
   * must stop.
   */
  checkOnDisk(): void;
  /**
   * Looks at the journal on disk once more (records may have been written since checkOnDisk: the held notes),
   * then closes it. Also done when the process exits without it (process.exit: a second Ctrl-C), so that records
   * written since the last look into a journal removed are not left in a file no name reaches.
   */
  close(): void;
  /** How many rows earlier runs left in each state (for "resuming: N rows already done"). */
  readonly resumed: Resumed;
  /** --no-resume, and earlier imports into this tenant left records: this run sends their rows again. */
  readonly ignoredEarlier: boolean;
}

export interface JournalOptions {
  /** --no-resume: what earlier runs recorded is not consulted. */
  fresh: boolean;
  /** Compact the journal when it is larger than this many bytes (and mostly superseded); COMPACT_ABOVE by default. */
  compactAbove?: number;
  /**
   * The run must stop: a record could not be written (a full disk), or the journal on disk was removed (even
   * once written again whole: whatever removed it may do so again), replaced, cut short or written over
   * (journal-on-disk.ts). Without its journal a run can no longer promise that a re-run creates nothing twice.
   * Records after it are still attempted. Without this, the reason is thrown.
   */
  stopRun?: (message: string) => void;
}

export function openJournal(stateDir: string, identity: JournalIdentity, opts: JournalOptions): Journal {
  const path = journalPath(stateDir, identity);
  if (identity.secretTenant !== undefined && !opts.fresh) refuseOtherTokensJournals(stateDir, identity, path);
  // Nothing has been sent yet: a state directory or journal that cannot be used is the user's setting to fix (exit 2).
  const cannot = (what: string, error: unknown) =>
    new UsageError(`cannot ${what}: ${ioReason(error)} (set --state-dir or ZCUST_STATE_DIR)`, {
      cause: error,
    });
  const cannotUse = (error: unknown) => cannot(`keep the resume journal in "${stateDir}"`, error);
  /** The journal's own file, when it cannot be opened (a directory made at its name): not its folder. */
  const cannotUseFile = (error: unknown) => cannot(`keep the resume journal "${path}"`, error);
  const tenant = identity.tenant === '' ? '' : `, tenant ${identity.tenant}`;
  // Before the journal is opened: a run must not cut the "torn" last line another run is writing. One import
  // into a tenant at a time: two at once could both create a customer that both files hold.
  const takeLock = () => {
    makeDirectory(stateDir);
    return acquireRunLock(
      `${path}.lock`,
      `running an import into the same tenant (${identity.target} at ${identity.baseUrl}${tenant}), whose resume journal this import shares`,
    );
  };
  let fd: number;
  let lock: HeldLock;
  try {
    lock = takeLock();
  } catch (error) {
    throw error instanceof UsageError ? error : cannotUse(error);
  }
  try {
    // Never emptied, even with --no-resume: a run refused after this point (a report it cannot write) must not
    // have wiped what earlier runs created, and a later run without the flag still knows it.
    fd = openSync(path, 'a+');
  } catch (error) {
    lock.release();
    throw cannotUseFile(error);
  }
  /** What earlier runs wrote, when they are consulted. */
  let earlier: EarlierRuns | undefined;
  let ignoredEarlier = false;
  /** What start-up does, said when it fails: the folder may be at fault as well as the file. */
  let doing = `remove what an unfinished compaction left beside the resume journal "${path}"`;
  try {
    discardUnfinishedCompaction(path);
    doing = `read the resume journal "${path}"`;
    const length = cutTornLine(fd);
    ignoredEarlier = opts.fresh && length > 0 && hasRecords(fd, length);
    const above = opts.compactAbove ?? COMPACT_ABOVE;
    if (length === 0) {
      doing = `write the first line of the resume journal "${path}"`;
      writeAll(
        fd,
        `${HEADER}${JSON.stringify({ ...withoutSecret(identity), opened_at: new Date().toISOString() })}\n`,
      );
    } else if (!opts.fresh) {
      // --no-resume: what earlier runs recorded is not consulted (it stays in the file, for the runs after), nor
      // read: the next run that reads it compacts it if it pays.
      earlier = readEarlierRuns(fd, length);
      doing = `compact the resume journal "${path}"`;
      const compacted = compactIfWorthIt(fd, path, earlier, above);
      if (compacted !== undefined) {
        fd = compacted;
        doing = `read the compacted resume journal "${path}"`;
        earlier = readEarlierRuns(fd, fstatSync(fd).size);
      }
    }
  } catch (error) {
    // Nothing sent yet: give the journal and its lock back, and say what failed.
    closeSync(fd);
    lock.release();
    throw cannot(doing, error);
  }
  // Without its journal, a run can no longer promise that a re-run will not create a customer twice.
  const cannotKeep = (message: string, cause?: unknown) => {
    if (!opts.stopRun) throw new AbortError(message, { cause });
    opts.stopRun(message);
  };
  /**
   * The file was cut short: the lines earlier runs wrote are gone, and other lines may sit at their offsets now.
   * The run stops; the rows it reports after the stop are answered for as if nothing was recorded of them.
   */
  let earlierGone = false;
  const onDisk = watchJournal(path, fstatSync(fd).size, {
    fd: () => fd,
    relock: () => {
      // Only the journal moved away: the lock is still this run's, and taking it again would let another in.
      if (lock.stillHeld()) return;
      // The lock removed with the folder (or replaced) is this run's no longer: the one it holds from now on.
      lock.release();
      lock = takeLock();
    },
    restore: () => {
      const restored = restoreJournal(fd, path);
      // The same bytes at the same offsets: what the run has indexed still points at the same lines.
      closeSync(fd);
      fd = restored;
    },
    stopRun: (message, linesGone) => {
      earlierGone ||= linesGone === true;
      cannotKeep(message);
    },
  });
  /** Lines already built, in one write. */
  const write = (lines: string) => {
    const bytes = Buffer.from(lines, 'utf8');
    try {
      writeAll(fd, bytes);
    } catch (error) {
      cannotKeep(`cannot write the resume journal ${path}: ${ioReason(error)}`, error);
      return;
    }
    onDisk.wrote(bytes.length);
  };
  /** One line per key of the row (`rest` after the key). */
  const linesFor = (op: string, rowKeys: string, rest: string) =>
    rowKeys
      .split(KEY_SEPARATOR)
      .map((key, i) => `${i === 0 ? '' : KEY_SEPARATOR}${op} ${ownAndOlder(key)[0]} ${rest}\n`)
      .join('');
  /** A row's lines, in one write: a kill cannot keep one without the other. */
  const append = (op: string, rowKeys: string, rest: string) => write(linesFor(op, rowKeys, rest));
  const lastLine = earlier?.lastLine ?? new HashRowIndex();
  /** How much of the file earlier runs wrote, when they are consulted (this run's lines come after). */
  const earlierLength = earlier?.length ?? 0;
  const recordAt = (key: string) => {
    onDisk.reading();
    const at = earlierGone ? undefined : lastLine.get(keyHash(key));
    if (at === undefined) return undefined;
    const line = readLineAt(fd, at - 1);
    const held = keyOfLine(line);
    if (held !== key) {
      // Another key of the same 52-bit hash (the index keeps no more): this one has no record of its own.
      if (held !== undefined && keyHash(held) === keyHash(key)) return undefined;
      // Not the line indexed here (nothing, or part of another): the file was cut short or written over since
      // it was read. Answered "never recorded", the row would be sent again: the run stops first, and the row,
      // with earlierGone, is answered for as after the stop.
      onDisk.misread();
      return undefined;
    }
    return { line, offset: at - 1, state: stateOf(line) };
  };
  /** The record of one key of a row: under its own key, or, unless that says the customer exists, its older one's. */
  const recordOf = (key: string) => {
    const [own, older] = ownAndOlder(key);
    const record = recordAt(own);
    if (older === undefined || (record !== undefined && isDone(record.line))) return record;
    const earlier = recordAt(older);
    return earlier !== undefined && isDone(earlier.line) ? earlier : (record ?? earlier);
  };
  /** Where the line after a record's starts. */
  const endOf = (record: { line: string; offset: number }) =>
    record.offset + Buffer.byteLength(record.line) + 1;
  /** The key of the line written with a record's (its row's second key), if it had one. */
  const pairedKey = (record: { line: string; offset: number }) => {
    const next = readLineAt(fd, endOf(record));
    return sameRecord(record.line, next) ? keyOfLine(next) : undefined;
  };
  /** Built when a report's row first asks: see knowsCustomer. */
  let byCustomer: HashRowIndex | undefined;
  let closed = false;
  function close() {
    if (closed) return;
    closed = true;
    process.off('exit', closeAtExit);
    try {
      onDisk.check();
    } finally {
      closeSync(fd);
      lock.release();
    }
  }
  // process.exit skips close(): a journal removed is written again here, or what this run wrote since the last
  // look stays in a file no name reaches. Before the locks are let go (run-lock.ts), so that the lock it may
  // take again is released with this one. Nothing can be told by then, nor thrown.
  const closeAtExit = () => {
    try {
      close();
    } catch {}
  };
  process.prependListener('exit', closeAtExit);
  return {
    path,
    resumed: earlier?.resumed ?? noneResumed(),
    ignoredEarlier,
    get(rowKeys) {
      // A row created under either key was created; otherwise what the first key that has a record says.
      const records = rowKeys.split(KEY_SEPARATOR).map(recordOf);
      let found: JournalState | undefined;
      for (const record of records) {
        const state = record?.state;
        if (state?.state === 'created' || state?.state === 'skipped') return state;
        found ??= state;
      }
      const [first, second] = records;
      if (first?.state?.state === 'sending') {
        // A row has at most two keys. The second's last line must be the same record's (the line written
        // with the first's, right after it), or settled; else another create is pending under it alone.
        const pairedWithFirst =
          second?.line.startsWith(KEY_SEPARATOR) === true && second.offset === endOf(first);
        const field = first.line.split(' ')[3];
        const sentEmail = field?.startsWith(SENT_EMAIL) ? field.slice(SENT_EMAIL.length) : undefined;
        // Of a row with both keys, the first is its e-mail: did that create carry this Customer ID too?
        const [, customerId] = rowKeys.split(KEY_SEPARATOR);
        const customerIdSent = pairedKey(first);
        const withoutCustomerId = customerId !== undefined && !isKeyOf(customerId, customerIdSent);
        const byFirstKey = second?.state === undefined || pairedWithFirst;
        return {
          state: 'sending',
          byFirstKey,
          ...(sentEmail && { sentEmail }),
          ...(withoutCustomerId && { withoutCustomerId }),
          ...(customerIdSent && { customerIdSent }),
          ...(!byFirstKey && second && { otherCreateRow: rowOfLine(second.line) }),
        };
      }
      return found;
    },
    customerIds(rowKeys) {
      const ids: string[] = [];
      for (const key of rowKeys.split(KEY_SEPARATOR)) {
        const state = recordOf(key)?.state;
        if ((state?.state === 'created' || state?.state === 'skipped') && !ids.includes(state.customerId))
          ids.push(state.customerId);
      }
      return ids;
    },
    knowsCustomer(customerId) {
      if (earlierLength === 0 || earlierGone) return false;
      byCustomer ??= indexCustomers(fd, earlierLength);
      const at = byCustomer.get(hash53(customerId));
      if (at === undefined) return false;
      // Read back: two ids of one hash must not make a customer known.
      const state = stateOf(readLineAt(fd, at - 1));
      return (state?.state === 'created' || state?.state === 'skipped') && state.customerId === customerId;
    },
    otherKeyChanged(rowKeys) {
      const [email, customerId] = rowKeys.split(KEY_SEPARATOR);
      if (email === undefined || customerId === undefined) return undefined;
      const byEmail = recordOf(email);
      const byCustomerId = recordOf(customerId);
      const emailKnown = byEmail !== undefined && isDone(byEmail.line);
      if (emailKnown === (byCustomerId !== undefined && isDone(byCustomerId.line))) return undefined;
      if (byEmail && emailKnown) {
        // The customer's Customer ID, if its record had one, is the line right after its e-mail's.
        const held = pairedKey(byEmail);
        if (held === undefined) return { key: 'external_id', customerHas: 'none' };
        return isKeyOf(customerId, held) ? undefined : { key: 'external_id', customerHas: 'another' };
      }
      // The customer's e-mail, if its record had one, is the line right before its Customer ID's (a `+` line).
      if (!byCustomerId?.line.startsWith(KEY_SEPARATOR)) return { key: 'email', customerHas: 'none' };
      const before = readLineBefore(fd, byCustomerId.offset);
      if (before === undefined || !sameRecord(before, byCustomerId.line)) return undefined;
      return keyOfLine(before) === email ? undefined : { key: 'email', customerHas: 'another' };
    },
    toldOtherKeyBefore(rowKeys, customerId, customerHas) {
      const note = recordAt(bothKeysKey(rowKeys));
      const told = note && toldOfOtherKey(note.line);
      return told?.customerId === customerId && told.customerHas === customerHas;
    },
    toldOtherKey: (notes) =>
      write(
        notes
          .map((n) =>
            linesFor(
              TOLD_OF_OTHER_KEY[n.customerHas],
              bothKeysKey(n.key),
              `${n.row} ${idField(n.customerId)}`,
            ),
          )
          .join(''),
      ),
    sending: (key, row, byContent, sentEmail) =>
      append(
        's',
        key,
        byContent ? `${row} ${BY_CONTENT}` : sentEmail ? `${row} ${SENT_EMAIL}${sentEmail}` : `${row}`,
      ),
    created: (key, row, id) => append('c', key, `${row} ${idField(id)}`),
    skipped: (key, row, id) => append('k', key, `${row} ${idField(id)}`),
    failed: (key, row) => append('f', key, `${row}`),
    unknown: (key, row) => append('u', key, `${row}`),
    checkOnDisk: () => onDisk.check(),
    close,
  };
}
