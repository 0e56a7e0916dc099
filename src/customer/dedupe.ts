/**
 * The in-file duplicate check: a second row with the same email (any case) or the same Customer ID as an
 * earlier row is a `duplicate_in_file`. Only hashes are kept, never the strings, so a million rows stay
 * small in memory. A false duplicate would need two different keys with the same 53-bit hash: about a
 * 6e-5 chance across a million rows (n²/2 / 2^53), far below the chance of a real duplicate.
 */
import type { Customer, Issue } from '../model.js';
import { HashRowIndex, hash53 } from '../util/hash-index.js';

/** What a row is known by: its e-mail and its Customer ID, as given (an invalid row's too). */
export type RowKeys = Pick<Customer, 'email' | 'externalId'>;

/** Duplicates are whole-row problems (the contract's "(row)"), so their issues carry no field. */
export interface Deduper {
  /** The duplicate issue when an earlier row had this email or Customer ID; otherwise records them. */
  check(row: number, keys: RowKeys): Issue | undefined;
}

export function createDeduper(): Deduper {
  // One table per key kind: an email that happens to equal some Customer ID is not a duplicate.
  const byEmail = new HashRowIndex();
  const byCustomerId = new HashRowIndex();

  return {
    check(row, keys) {
      const emailHash = keys.email ? hash53(keys.email.toLowerCase()) : undefined;
      const idHash = keys.externalId ? hash53(keys.externalId) : undefined;

      const emailRow = emailHash === undefined ? undefined : byEmail.get(emailHash);
      if (emailRow !== undefined) {
        return {
          code: 'duplicate_in_file',
          message: `same email as row ${emailRow} (${keys.email})`,
        };
      }
      const idRow = idHash === undefined ? undefined : byCustomerId.get(idHash);
      if (idRow !== undefined) {
        return {
          code: 'duplicate_in_file',
          message: `same Customer ID as row ${idRow} (${keys.externalId})`,
        };
      }
      // A duplicate row records nothing: later rows are compared with the row that will actually be imported.
      if (emailHash !== undefined) byEmail.add(emailHash, row);
      if (idHash !== undefined) byCustomerId.add(idHash, row);
      return undefined;
    },
  };
}
