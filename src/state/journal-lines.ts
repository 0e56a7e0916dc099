/**
 * The journal's line format: what each record line says (its operation, key, row and customer id), how a row's
 * two key lines go together, and the header line that opens the file. openJournal, the index of earlier runs
 * (earlier-runs.ts) and compaction (deciding-lines.ts) all go through these, so that what a line means is written
 * down once.
 */
import { KEY_SEPARATOR } from './row-keys.js';

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
  /**
   * withoutCustomerId: the row has a Customer ID now, and the create in flight, recorded under its e-mail, did not
   * carry it (none, or another: its record has no line for this one). A lookup of the row's Customer ID that
   * finds nothing does not rule that create out.
   */
  /**
   * customerIdSent: the key of the Customer ID the create in flight carried with the row's first key (its
   * record's second line), if it carried one: a platform that keeps no Customer ID (DayZero) cannot tell, once
   * a lookup finds the customer, which one the create carried; the journal can.
   */
  /**
   * otherCreateRow: the create in flight under the row's e-mail is not the only one pending (byFirstKey false):
   * another, not with this e-mail, is under its Customer ID alone (in flight or of unknown outcome), made from
   * this row of its run (Customer IDs swapped between two rows since a kill). A platform that cannot look up
   * Customer IDs (DayZero) can settle the first create by e-mail, never the second.
   */
  | {
      state: 'sending';
      byFirstKey: boolean;
      sentEmail?: string;
      withoutCustomerId?: true;
      customerIdSent?: string;
      otherCreateRow?: number;
    }
  | { state: 'created'; customerId: string }
  | { state: 'skipped'; customerId: string }
  | { state: 'unknown' };

/** Before an `s` line's e-mail fingerprint (the line's fourth field; `h` there marks a row known by content). */
export const SENT_EMAIL = '=';

/**
 * Lines: `s KEY ROW`, `c KEY ROW ID`, `k KEY ROW ID`, `f KEY ROW`, `u KEY ROW`, for a row's first key; the
 * same with a leading `+` (`+c KEY ROW ID`) for its second, so that each row is counted once on resume.
 * `s KEY ROW h`: a row known by its content (neither e-mail nor Customer ID), for the resume message only.
 * `w KEY ROW ID` and `d KEY ROW ID`: a note, under both of a row's keys together (bothKeysKey), that the row was told
 * customer ID lacks one of them, or holds another value (see TOLD_OF_OTHER_KEY); no row's state.
 */
export const BY_CONTENT = 'h';
export function stateOf(line: string): JournalState | undefined {
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
      // `f`: failed means "certainly not created": the next run may send it again. `w`, `d`: notes, not states.
      return undefined;
  }
}

/**
 * The operation of a note that a row was told its other key is not its customer's, by what the customer has: `w`,
 * none (a key added to the row since the customer was created or found without it), the one note versions before
 * wrote; `d`, another value (Beta's Customer ID on Alpha's e-mail). Versions before read no `d`: they give that
 * warning on every import, as they did.
 */
export const TOLD_OF_OTHER_KEY: Readonly<Record<OtherKey['customerHas'], string>> = {
  none: 'w',
  another: 'd',
};

/** That a row was told its other key is not customer `customerId`'s (see TOLD_OF_OTHER_KEY). */
export interface ToldNote {
  /** The row's RowKey, of both its keys: the note is under the two together (bothKeysKey). */
  key: string;
  row: number;
  customerId: string;
  customerHas: OtherKey['customerHas'];
}

/** Of a line, the note of TOLD_OF_OTHER_KEY it is (what the customer has, and who); undefined for any other line. */
export function toldOfOtherKey(line: string): Pick<ToldNote, 'customerId' | 'customerHas'> | undefined {
  const id = line.split(' ')[3];
  const op = opOf(line);
  const customerHas =
    op === TOLD_OF_OTHER_KEY.none ? 'none' : op === TOLD_OF_OTHER_KEY.another ? 'another' : undefined;
  return customerHas && id ? { customerHas, customerId: idFromField(id) } : undefined;
}

/**
 * A customer id as one field of a line: whitespace, NUL and % percent-encoded, so that a resumed run reports
 * the id the platform gave ("with space", not "withspace").
 */
export const idField = (id: string) => id.replace(/[\s\0%]/gu, (c) => encodeURIComponent(c));

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

/** A journal's first line: this, then its identity as JSON. */
export const HEADER = '# zcust journal v1 ';

/**
 * Whether `second` is the line written with `first` for the other key of the same row: the same operation,
 * row and id, with the `+` of a second key.
 */
export function sameRecord(first: string, second: string): boolean {
  if (first.startsWith(KEY_SEPARATOR) || !second.startsWith(KEY_SEPARATOR)) return false;
  const [op, , ...rest] = first.split(' ');
  const [secondOp, , ...secondRest] = second.split(' ');
  return secondOp === `${KEY_SEPARATOR}${op}` && secondRest.join(' ') === rest.join(' ');
}

export const keyOfLine = (line: string) => line.split(' ', 2)[1];

/** The row a line was written for, as its run numbered it. */
export const rowOfLine = (line: string) => Number(line.split(' ', 3)[2]);

/**
 * A row's other key against the customer it is by its one key (in the journal, or found by a lookup): the customer
 * holds `another` value, or `none` (created before the row had that key, or found holding none).
 */
export type OtherKey = { key: 'email' | 'external_id'; customerHas: 'another' | 'none' };

/** `c` or `k` (`+c`, `+k`): the customer exists, with this id. */
export function isDone(line: string): boolean {
  const op = opOf(line);
  return op === 'c' || op === 'k';
}
