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
 * Rows are known by keys, not by their row number, so that editing or fixing a file between runs keeps
 * the memory of what was created: the e-mail (case-insensitive) and the Customer ID (in NFC), each on its own line, so
 * that a row matching an earlier one on either is that row (an e-mail added to a row created with only its
 * Customer ID must not create it again); the row's content when it has neither. Keys are stored as SHA-256
 * prefixes: the journal holds no secrets and no personal data in clear.
 *
 * Memory stays flat however large the import: what this run writes is not kept (each row is handled once
 * per run), and what earlier runs wrote is indexed by key hash → offset of the key's last line in the file
 * (12 bytes a key), the line itself being read back from disk when the row comes up. Customer ids are indexed
 * the same way (id hash → offset of a line holding it), and only once a report's row asks about one: an import
 * of anything else never builds that index.
 *
 * The file only grows, and each import reads it whole at start-up. Once it is mostly lines that no longer decide
 * anything (a row's `sending` before its `created`, what --no-resume runs wrote of rows already created), the
 * import that opens it rewrites it with the deciding lines alone, before anything is sent (decidingLines says
 * which, and why every question is answered as before; journal-compaction.ts says when, and swaps the file).
 */
import { hash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readdirSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { customerIdKey } from '../customer/customer-id.js';
import { AbortError, ioReason, UsageError } from '../errors.js';
import type { Customer } from '../model.js';
import { HashRowIndex, hash53 } from '../util/hash-index.js';
import { makeDirectory } from '../util/make-dir.js';
import { moveCommand, shellWord } from '../util/shell-word.js';
import { writeAll } from '../util/write-all.js';
import {
  COMPACT_ABOVE,
  discardUnfinishedCompaction,
  replaceJournal,
  worthCompacting,
} from './journal-compaction.js';
import { acquireRunLock, type RunLock } from './run-lock.js';

export type JournalState =
  /**
   * byFirstKey: the create in flight was recorded under the row's first key (its e-mail, or its Customer ID
   * when it has no e-mail), and no other create of the row is pending under another key: it carried that
   * key's value, so looking that key up settles it.
   */
  /**
   * sentEmail: the fingerprint (emailFingerprint) of the e-mail exactly as the create in flight carried it, in
   * journals that recorded it: the keys know e-mails in any case, the platforms' lookups only exactly.
   */
  | { state: 'sending'; byFirstKey: boolean; sentEmail?: string }
  | { state: 'created'; customerId: string }
  | { state: 'skipped'; customerId: string }
  | { state: 'unknown' };

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

/** The tenant an import writes to: its journal. */
export interface JournalIdentity {
  target: string;
  baseUrl: string;
  /** The tenant: organisation or business id; never a secret. */
  tenant: string;
  /**
   * The credential that alone names the tenant, for a target with no tenant id (AmbioSys's token): it goes into
   * the journal's name through a hash, and is never written. Left out, two tenants on one base URL shared a
   * journal, and the second one's rows were "created by an earlier import" and never sent.
   */
  secretTenant?: string;
}

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
   * that other key, when the record that made the customer known holds another value for it (its key lines are
   * written together, so the other line is read back). Undefined when that record had no such key (an e-mail
   * added since), or the row's keys are both known or both unknown.
   */
  otherKeyChanged(key: string): 'email' | 'external_id' | undefined;
  /** `byContent`: the row has neither e-mail nor Customer ID (known by its content), so it cannot be looked up. */
  /** `sentEmail`: the fingerprint of the e-mail the create carries exactly as written (see emailFingerprint). */
  sending(key: string, row: number, byContent?: boolean, sentEmail?: string): void;
  created(key: string, row: number, customerId: string): void;
  skipped(key: string, row: number, customerId: string): void;
  failed(key: string, row: number): void;
  unknown(key: string, row: number): void;
  close(): void;
  /** How many rows earlier runs left in each state (for "resuming: N rows already done"). */
  readonly resumed: Resumed;
  /** --no-resume, and earlier imports into this tenant left records: this run sends their rows again. */
  readonly ignoredEarlier: boolean;
}

// crypto.hash, one call: 0.6 µs a key against 1.5 µs for createHash().update().digest() (a row has two).
const sha = (text: string, length: number) => hash('sha256', text, 'hex').slice(0, length);

/** Between the keys of one row in a RowKey (a key itself is hex). */
const KEY_SEPARATOR = '+';
/** After a key in a RowKey, the key earlier versions wrote for the same value (see customerIdKeys). */
const OLDER_KEY = '/';

/**
 * The row's identity across runs: its e-mail key and its Customer ID key, joined (either one finds the row),
 * or its content's key when it has neither. The journal's methods take it whole.
 */
export function rowKey(customer: Customer): string {
  const keys: string[] = [];
  if (customer.email) keys.push(sha(`e:${customer.email.toLowerCase()}`, 24));
  if (customer.externalId) keys.push(customerIdKeys(customer.externalId));
  if (keys.length === 0) keys.push(sha(`h:${JSON.stringify(customer)}`, 24));
  return keys.join(KEY_SEPARATOR);
}

/**
 * A Customer ID's key, of its NFC form (customer-id.ts). Versions before keyed the value as written: for a value
 * that is not NFC, that key follows, to be asked too and never written, or upgrading zcust would send again a row
 * an earlier version created from a decomposed file. A value already NFC (nearly all) costs nothing more.
 */
function customerIdKeys(id: string): string {
  const key = customerIdKey(id);
  const current = sha(`x:${key}`, 24);
  return key === id ? current : `${current}${OLDER_KEY}${sha(`x:${id}`, 24)}`;
}

/** One key of a RowKey: the key it is written under, and the older key asked too, if any. */
function ownAndOlder(key: string): [own: string, older: string | undefined] {
  const at = key.indexOf(OLDER_KEY);
  return at === -1 ? [key, undefined] : [key.slice(0, at), key.slice(at + 1)];
}

/**
 * The e-mail exactly as written (case and all), hashed: what a `sending` line keeps of it, so that the next run
 * can tell whether a lookup by the row's e-mail, which the platforms match exactly, asked for what was sent.
 */
export const emailFingerprint = (email: string): string => sha(`E:${email}`, 12);
/** Before an `s` line's e-mail fingerprint (the line's fourth field; `h` there marks a row known by content). */
const SENT_EMAIL = '=';

/** Which of a row's keys rowKey puts first (a `sending` state's byFirstKey speaks of it). */
export const firstKeyOf = (customer: Customer): 'email' | 'external_id' =>
  customer.email ? 'email' : 'external_id';

/**
 * rowKey for each row of one file in turn. A row with neither e-mail nor Customer ID is known by its content,
 * and identical ones by their content and how many came before: three identical rows are three customers, as
 * a run never interrupted makes them, not one customer reported three times. (Which of them is which is told
 * by their order, the one thing that tells them apart.)
 */
export function createRowKeys(): (customer: Customer) => string {
  const earlierTwins = new HashRowIndex();
  return (customer) => {
    if (customer.email || customer.externalId) return rowKey(customer);
    const content = JSON.stringify(customer);
    const first = sha(`h:${content}`, 24);
    const earlier = earlierTwins.get(keyHash(first)) ?? 0;
    earlierTwins.set(keyHash(first), earlier + 1);
    // The first keeps the key rowKey gives it, so a journal written before goes on matching it.
    return earlier === 0 ? first : sha(`h:${earlier}:${content}`, 24);
  };
}

/** 52 bits of the (already uniformly random) SHA-256 key, as a safe integer for the index. */
const keyHash = (key: string) => Number.parseInt(key.slice(0, 13), 16);

/**
 * The tenant's journal. (`tenant:` keeps these names apart from those of the journals per input file that
 * earlier versions kept, which are not read.)
 */
export const journalPath = (stateDir: string, id: JournalIdentity): string => {
  const named = ['tenant:', id.target, id.baseUrl, id.tenant];
  // (Journals of targets with a tenant id keep the names they had before secretTenant.)
  if (id.secretTenant !== undefined) named.push(id.secretTenant);
  return join(stateDir, `${sha(JSON.stringify(named), 20)}.journal`);
};

/**
 * Lines: `s KEY ROW`, `c KEY ROW ID`, `k KEY ROW ID`, `f KEY ROW`, `u KEY ROW`, for a row's first key; the
 * same with a leading `+` (`+c KEY ROW ID`) for its second, so that each row is counted once on resume.
 * `s KEY ROW h`: a row known by its content (neither e-mail nor Customer ID), for the resume message only.
 */
const BY_CONTENT = 'h';
function stateOf(line: string): JournalState | undefined {
  const id = line.split(' ')[3];
  switch (opOf(line)) {
    case 's':
      return { state: 'sending', byFirstKey: false };
    case 'c':
      return id ? { state: 'created', customerId: idFromField(id) } : undefined;
    case 'k':
      return id ? { state: 'skipped', customerId: idFromField(id) } : undefined;
    case 'u':
      return { state: 'unknown' };
    default:
      // `f`: failed means "certainly not created": the next run may send it again.
      return undefined;
  }
}

/**
 * A customer id as one field of a line: whitespace, NUL and % percent-encoded, so that a resumed run reports
 * the id the platform gave ("with space", not "withspace").
 */
const idField = (id: string) => id.replace(/[\s\0%]/gu, (c) => encodeURIComponent(c));

function idFromField(field: string): string {
  try {
    return decodeURIComponent(field);
  } catch {
    return field; // written before ids were encoded, with a % of its own
  }
}

/** A line's operation (its first word without the `+` of a row's second key). */
function opOf(line: string): string {
  const space = line.indexOf(' ');
  const word = space === -1 ? line : line.slice(0, space);
  return word.startsWith(KEY_SEPARATOR) ? word.slice(1) : word;
}

const CHUNK = 1 << 16;
/** A journal's first line: this, then its identity as JSON. */
const HEADER = '# zcust journal v1 ';

/**
 * Every complete line of the file (of its first `end` bytes) with its byte offset; a torn last line (no
 * newline) is left out.
 */
function* linesOf(fd: number, end = Number.POSITIVE_INFINITY): Generator<{ line: string; offset: number }> {
  const buffer = Buffer.alloc(CHUNK);
  let carry = Buffer.alloc(0);
  let carryOffset = 0;
  let position = 0;
  for (;;) {
    const n = readSync(fd, buffer, 0, Math.min(CHUNK, end - position), position);
    if (n === 0) return;
    position += n;
    const data = carry.length ? Buffer.concat([carry, buffer.subarray(0, n)]) : buffer.subarray(0, n);
    let start = 0;
    for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
      yield { line: data.toString('utf8', start, nl), offset: carryOffset + start };
      start = nl + 1;
    }
    carryOffset += start;
    carry = Buffer.from(data.subarray(start));
  }
}

function readLineAt(fd: number, offset: number): string {
  const buffer = Buffer.alloc(512);
  const n = readSync(fd, buffer, 0, buffer.length, offset);
  const end = buffer.indexOf(10);
  return buffer.toString('utf8', 0, end === -1 || end > n ? n : end);
}

/** The line that ends just before `offset` (where a line starts), or undefined at the start of the file. */
function readLineBefore(fd: number, offset: number): string | undefined {
  if (offset === 0) return undefined;
  const length = Math.min(512, offset);
  const buffer = Buffer.alloc(length);
  readSync(fd, buffer, 0, length, offset - length);
  // The last byte is the newline that ends the line wanted.
  const start = buffer.lastIndexOf(10, length - 2) + 1;
  return buffer.toString('utf8', start, length - 1);
}

/**
 * Whether `second` is the line written with `first` for the other key of the same row: the same operation,
 * row and id, with the `+` of a second key.
 */
function sameRecord(first: string, second: string): boolean {
  if (first.startsWith(KEY_SEPARATOR) || !second.startsWith(KEY_SEPARATOR)) return false;
  const [op, , ...rest] = first.split(' ');
  const [secondOp, , ...secondRest] = second.split(' ');
  return secondOp === `${KEY_SEPARATOR}${op}` && secondRest.join(' ') === rest.join(' ');
}

const keyOfLine = (line: string) => line.split(' ', 2)[1];

/**
 * Customer id hash → offset (+1) of a created or skipped line holding that id, for the lines earlier runs
 * wrote (the file's first `end` bytes). One slot per customer, not per key.
 */
function indexCustomers(fd: number, end: number): HashRowIndex {
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

/**
 * Cuts off a line torn by a kill (the file does not end in a newline), which would otherwise glue itself to
 * this run's first record. Returns the length left.
 */
function cutTornLine(fd: number): number {
  let end = fstatSync(fd).size;
  const size = end;
  const buffer = Buffer.alloc(CHUNK);
  while (end > 0) {
    const start = Math.max(0, end - CHUNK);
    readSync(fd, buffer, 0, end - start, start);
    const newline = buffer.subarray(0, end - start).lastIndexOf(10);
    if (newline !== -1) {
      end = start + newline + 1;
      break;
    }
    end = start;
  }
  if (end < size) ftruncateSync(fd, end);
  return end;
}

/** Whether a journal of `length` bytes holds a line after its header: records of earlier runs. */
function hasRecords(fd: number, length: number): boolean {
  const buffer = Buffer.alloc(Math.min(length, CHUNK));
  readSync(fd, buffer, 0, buffer.length, 0);
  const endOfHeader = buffer.indexOf(10);
  // A header longer than a chunk is not one zcust wrote: taken as holding records, so the warning is not lost.
  return endOfHeader === -1 || endOfHeader + 1 < length;
}

/** `c` or `k` (`+c`, `+k`): the customer exists, with this id. */
function isDone(line: string): boolean {
  const op = opOf(line);
  return op === 'c' || op === 'k';
}

const noneResumed = (): Resumed => ({ created: 0, skipped: 0, inFlight: 0, inFlightKeyless: 0, unknown: 0 });

/** What earlier runs left in a journal, read at start-up. */
interface EarlierRuns {
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
function readEarlierRuns(fd: number, length: number): EarlierRuns {
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

/**
 * The lines compaction keeps, in their order, each without its newline: those every answer of the journal reads.
 * - A key's deciding line (`lastLine`): get, customerIds, otherKeyChanged and the resume counts read nothing
 *   else of it, older key forms included (each is a key of its own).
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
function compactIfWorthIt(fd: number, path: string, earlier: EarlierRuns, above: number): number | undefined {
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

export interface JournalOptions {
  /** --no-resume: what earlier runs recorded is not consulted. */
  fresh: boolean;
  /** Compact the journal when it is larger than this many bytes (and mostly superseded); COMPACT_ABOVE by default. */
  compactAbove?: number;
  /**
   * A record could not be written (a full disk). The run must stop: without its journal it can no longer
   * promise that a re-run creates nothing twice. Records after it are still attempted. Without this, the
   * failure is thrown.
   */
  onWriteFailure?: (message: string) => void;
}

const NAMED_BY_CREDENTIAL = '(named by its credential)';

/**
 * A tenant named by its token has no journal yet, but the state folder holds one of the same target and base URL
 * written with another token (or by an earlier zcust, whatever the token): the token was rotated (the same
 * tenant, whose creates that journal holds) or is another tenant's. AmbioSys cannot look customers up, so a wrong
 * guess creates every customer twice, or none; until the user says which, nothing is sent.
 */
function refuseOtherTokensJournals(stateDir: string, identity: JournalIdentity, path: string): void {
  if (existsSync(path)) return;
  refuseOtherTokensJournalsIn(stateDir, 'the state folder', identity, path);
}

/**
 * refuseOtherTokensJournals for the journals in `folder` (`where` names it in the message): also run on folders an
 * earlier zcust kept journals in (stranded-journals.ts), where a rotated token's journal is as likely.
 */
export function refuseOtherTokensJournalsIn(
  folder: string,
  where: string,
  identity: JournalIdentity,
  path: string,
): void {
  const others = journalsOf(folder, identity.target, identity.baseUrl);
  if (others.length === 0) return;
  const listed = others
    .map(
      ({ file, unnamed }) =>
        `${file} (${unnamed ? "an earlier zcust's, whatever its token" : "another token's"})`,
    )
    .join('; ');
  throw new UsageError(
    `this token has no journal of ${identity.target} at ${identity.baseUrl} yet, but ${where} holds ${others.length === 1 ? 'one' : 'others'}: ${listed}. The target cannot look customers up, so zcust cannot tell whether this token's tenant is theirs: if it is (the token an earlier zcust used, or one this token replaced), move ${others.length === 1 ? `that journal (${moveCommand(dirname(path), others[0]?.file ?? '', path)})` : `that one to ${shellWord(path)} (mkdir -p ${shellWord(dirname(path))} first)`}; if this token's tenant is new here, start its journal with --no-resume (every row is sent); then import again. Do not rename or remove another tenant's journal: its next import would create every customer again`,
  );
}

/** What a journal's header line says of whose it is (as written: older zcusts wrote what they wrote). */
interface JournalHeader {
  target?: unknown;
  baseUrl?: unknown;
  tenant?: unknown;
}

/** The journals in `folder` with records, each with its header: [] for a folder that cannot be read. */
export function journalsIn(folder: string): Array<{ file: string; header: JournalHeader }> {
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith('.journal'));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const file = join(folder, name);
    const header = headerOf(file);
    return header === undefined ? [] : [{ file, header }];
  });
}

/**
 * The journals in `stateDir`, with records, of tenants named by a credential (or by none: an earlier zcust's) at
 * this target and base URL.
 */
function journalsOf(
  stateDir: string,
  target: string,
  baseUrl: string,
): Array<{ file: string; unnamed: boolean }> {
  return journalsIn(stateDir).flatMap(({ file, header }) => {
    if (header.target !== target || header.baseUrl !== baseUrl) return [];
    if (header.tenant !== '' && header.tenant !== NAMED_BY_CREDENTIAL) return [];
    return [{ file, unnamed: header.tenant === '' }];
  });
}

/** A journal's identity, from its header line, when it has records after it; else undefined. */
export function headerOf(file: string): JournalHeader | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const line = readLineAt(fd, 0);
    // Records follow the header's line break, or there are none to lose.
    if (!line.startsWith(HEADER) || Buffer.byteLength(line) + 1 >= fstatSync(fd).size) return undefined;
    const json = JSON.parse(line.slice(HEADER.length));
    return typeof json === 'object' && json !== null ? json : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const withoutSecret = ({ secretTenant, ...identity }: JournalIdentity) =>
  secretTenant === undefined ? identity : { ...identity, tenant: NAMED_BY_CREDENTIAL };

export function openJournal(stateDir: string, identity: JournalIdentity, opts: JournalOptions): Journal {
  const path = journalPath(stateDir, identity);
  if (identity.secretTenant !== undefined && !opts.fresh) refuseOtherTokensJournals(stateDir, identity, path);
  // Nothing has been sent yet: a state directory that cannot be used is the user's setting to fix (exit 2).
  const cannotUse = (error: unknown) =>
    new UsageError(
      `cannot keep the resume journal in "${stateDir}": ${ioReason(error)} (set --state-dir or ZCUST_STATE_DIR)`,
      { cause: error },
    );
  let fd: number;
  let lock: RunLock;
  try {
    makeDirectory(stateDir);
  } catch (error) {
    throw cannotUse(error);
  }
  // Before the journal is opened: a run must not cut the "torn" last line another run is writing. One import
  // into a tenant at a time: two at once could both create a customer that both files hold.
  try {
    const tenant = identity.tenant === '' ? '' : `, tenant ${identity.tenant}`;
    lock = acquireRunLock(
      `${path}.lock`,
      `an import into the same tenant (${identity.target} at ${identity.baseUrl}${tenant}), whose resume journal this import shares`,
    );
  } catch (error) {
    throw error instanceof UsageError ? error : cannotUse(error);
  }
  try {
    // Never emptied, even with --no-resume: a run refused after this point (a report it cannot write) must not
    // have wiped what earlier runs created, and a later run without the flag still knows it.
    fd = openSync(path, 'a+');
  } catch (error) {
    lock.release();
    throw cannotUse(error);
  }
  /** What earlier runs wrote, when they are consulted. */
  let earlier: EarlierRuns | undefined;
  let ignoredEarlier = false;
  try {
    discardUnfinishedCompaction(path);
    const length = cutTornLine(fd);
    ignoredEarlier = opts.fresh && length > 0 && hasRecords(fd, length);
    const above = opts.compactAbove ?? COMPACT_ABOVE;
    if (length === 0) {
      writeAll(
        fd,
        `${HEADER}${JSON.stringify({ ...withoutSecret(identity), opened_at: new Date().toISOString() })}\n`,
      );
    } else if (!opts.fresh) {
      // --no-resume: what earlier runs recorded is not consulted (it stays in the file, for the runs after), nor
      // read: the next run that reads it compacts it if it pays.
      earlier = readEarlierRuns(fd, length);
      const compacted = compactIfWorthIt(fd, path, earlier, above);
      if (compacted !== undefined) {
        fd = compacted;
        earlier = readEarlierRuns(fd, fstatSync(fd).size);
      }
    }
  } catch (error) {
    // Nothing sent yet: give the journal and its lock back, and say what is wrong with the state directory.
    closeSync(fd);
    lock.release();
    throw cannotUse(error);
  }
  /** One line per key of the row (`rest` after the key), in one write: a kill cannot keep one without the other. */
  const append = (op: string, rowKeys: string, rest: string) => {
    const lines = rowKeys
      .split(KEY_SEPARATOR)
      .map((key, i) => `${i === 0 ? '' : KEY_SEPARATOR}${op} ${ownAndOlder(key)[0]} ${rest}\n`);
    try {
      writeAll(fd, lines.join(''));
    } catch (error) {
      // Without its journal, a run can no longer promise that a re-run will not create a customer twice.
      const message = `cannot write the resume journal ${path}: ${ioReason(error)}`;
      if (!opts.onWriteFailure) throw new AbortError(message, { cause: error });
      opts.onWriteFailure(message);
    }
  };
  const lastLine = earlier?.lastLine ?? new HashRowIndex();
  /** How much of the file earlier runs wrote, when they are consulted (this run's lines come after). */
  const earlierLength = earlier?.length ?? 0;
  const recordAt = (key: string) => {
    const at = lastLine.get(keyHash(key));
    if (at === undefined) return undefined;
    const line = readLineAt(fd, at - 1);
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
  /** Built when a report's row first asks: see knowsCustomer. */
  let byCustomer: HashRowIndex | undefined;
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
        const sameRecord =
          second?.line.startsWith(KEY_SEPARATOR) === true &&
          second.offset === first.offset + Buffer.byteLength(first.line) + 1;
        const field = first.line.split(' ')[3];
        const sentEmail = field?.startsWith(SENT_EMAIL) ? field.slice(SENT_EMAIL.length) : undefined;
        return {
          state: 'sending',
          byFirstKey: second?.state === undefined || sameRecord,
          ...(sentEmail && { sentEmail }),
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
      if (earlierLength === 0) return false;
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
        const next = readLineAt(fd, byEmail.offset + Buffer.byteLength(byEmail.line) + 1);
        const held = keyOfLine(next);
        const [own, older] = ownAndOlder(customerId);
        return sameRecord(byEmail.line, next) && held !== own && held !== older ? 'external_id' : undefined;
      }
      // The customer's e-mail, if its record had one, is the line right before its Customer ID's (a `+` line).
      if (!byCustomerId?.line.startsWith(KEY_SEPARATOR)) return undefined;
      const before = readLineBefore(fd, byCustomerId.offset);
      return before !== undefined && sameRecord(before, byCustomerId.line) && keyOfLine(before) !== email
        ? 'email'
        : undefined;
    },
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
    close: () => {
      closeSync(fd);
      lock.release();
    },
  };
}
