/**
 * The in-file duplicate check: a second row with the same email (any case) or the same Customer ID (in any
 * Unicode normalisation form: see customer-id.ts) as an earlier row is a `duplicate_in_file`. Only hashes are kept, never the strings, so a million rows stay
 * small in memory. A false duplicate would need two different keys with the same 53-bit hash: about a
 * 6e-5 chance across a million rows (n²/2 / 2^53), far below the chance of a real duplicate.
 */
import type { Customer, Issue } from '../model.js';
import { HashRowIndex, hash53 } from '../util/hash-index.js';
import { customerIdKey } from './customer-id.js';
import { isSpreadsheetArtefact } from './spreadsheet-cells.js';

/** What a row is known by: its e-mail and its Customer ID, as given (an invalid row's too). */
export type RowKeys = Pick<Customer, 'email' | 'externalId'>;

/** Duplicates are whole-row problems (the contract's "(row)"), so their issues carry no field. */
export interface Deduper {
  /**
   * The duplicate issue when an earlier row had this email or Customer ID. Either way, each key no earlier
   * row had is recorded under this row.
   */
  check(row: number, keys: RowKeys): Issue | undefined;
}

/**
 * Whether a row's e-mail or Customer ID tells it apart: not when it is empty, nor when it is what a spreadsheet
 * wrote in place of the value (`#N/A`, `1.23457E+11`), which the row is invalid for, and which unrelated customers
 * share: the second of two rows whose lookups failed was reported a duplicate of the first.
 */
const isKey = (value: string | undefined): value is string =>
  value !== undefined && value !== '' && !isSpreadsheetArtefact(value);

export function createDeduper(): Deduper {
  // One table per key kind: an email that happens to equal some Customer ID is not a duplicate.
  const byEmail = new HashRowIndex();
  const byCustomerId = new HashRowIndex();

  /** The earlier row with this key; a key not seen before is recorded under `row` (so each key costs one slot). */
  const firstRowOf = (index: HashRowIndex, hash: number, row: number): number | undefined => {
    const earlier = index.get(hash);
    if (earlier === undefined) index.add(hash, row);
    return earlier;
  };

  return {
    check(row, keys) {
      // Both keys are looked at whatever the outcome: a row that repeats one key still brings its other one
      // (fixed and imported, it would be that customer), so a later row with that other key is a duplicate too.
      const emailRow = isKey(keys.email)
        ? firstRowOf(byEmail, hash53(keys.email.toLowerCase()), row)
        : undefined;
      const idRow = isKey(keys.externalId)
        ? firstRowOf(byCustomerId, hash53(customerIdKey(keys.externalId)), row)
        : undefined;
      // The value quoted is this row's: the earlier row's spelling is not kept (only its hash), and may differ
      // (`Ana@Acme.example` there, `ana@acme.example` here), so it is never said to be the earlier row's. Nor is
      // it said how the two differ ("ignoring case" of two rows spelt alike): that is not known either.
      if (emailRow !== undefined) {
        return {
          code: 'duplicate_in_file',
          message: `same email as row ${emailRow} (this row has ${keys.email})`,
        };
      }
      if (idRow !== undefined) {
        return {
          code: 'duplicate_in_file',
          message: `same Customer ID as row ${idRow} (this row has ${keys.externalId})`,
        };
      }
      return undefined;
    },
  };
}
