/**
 * The in-file duplicate check: a second row with the same email (any case) or the same Customer ID as an
 * earlier row is a `duplicate_in_file`. Only hashes are kept, never the strings, so a million rows stay
 * small in memory. A false duplicate would need two different keys with the same 53-bit hash: about a
 * 6e-5 chance across a million rows (n²/2 / 2^53), far below the chance of a real duplicate.
 */
import type { Customer, Issue } from '../model.js';
import { HashRowIndex, hash53 } from '../util/hash-index.js';

/** Duplicates are whole-row problems (the contract's "(row)"), so their issues carry no field. */
export interface Deduper {
  /** The duplicate issue when an earlier row had this customer's email or Customer ID; otherwise records it. */
  check(row: number, customer: Customer): Issue | undefined;
}

export function createDeduper(): Deduper {
  // One table per key kind: an email that happens to equal some Customer ID is not a duplicate.
  const byEmail = new HashRowIndex();
  const byCustomerId = new HashRowIndex();

  return {
    check(row, customer) {
      const emailHash = customer.email ? hash53(customer.email.toLowerCase()) : undefined;
      const idHash = customer.externalId ? hash53(customer.externalId) : undefined;

      const emailRow = emailHash === undefined ? undefined : byEmail.get(emailHash);
      if (emailRow !== undefined) {
        return {
          code: 'duplicate_in_file',
          message: `same email as row ${emailRow} (${customer.email})`,
        };
      }
      const idRow = idHash === undefined ? undefined : byCustomerId.get(idHash);
      if (idRow !== undefined) {
        return {
          code: 'duplicate_in_file',
          message: `same Customer ID as row ${idRow} (${customer.externalId})`,
        };
      }
      // A duplicate row records nothing: later rows are compared with the row that will actually be imported.
      if (emailHash !== undefined) byEmail.add(emailHash, row);
      if (idHash !== undefined) byCustomerId.add(idHash, row);
      return undefined;
    },
  };
}
