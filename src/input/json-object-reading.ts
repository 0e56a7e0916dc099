/**
 * One JSON object being read: what it yields (its fields, issues and values of the wrong type), which key gave
 * each column its value, and the rule by which a later key of the object replaces it.
 */
import type { Issue } from '../model.js';
import type { MapEntry } from './header-map.js';

/** What an object says: its template fields, and its values of the wrong type for their keys. */
export interface ObjectFields {
  fields: Record<string, string>;
  issues: Issue[];
  /**
   * The values of the wrong JSON type, so that the report can keep them (its zcust_json column, report-json.ts):
   * a text column's under the column's name, an `address` or `tax_info` under its key as written (tax_info's
   * items at their places in a list, null elsewhere), and so is a value in cents that is no whole number of cents
   * (`credit_limit_cents`: no column holds it as it is). Absent when there are none.
   */
  wrongTypes?: Record<string, unknown>;
}

/**
 * A key that gave a column its value: whether that value was empty (null, blank or showing nothing), which a later
 * key with a value replaces; the --map entries that sent it there, if any, by which it beats a key that matches the
 * column by itself; and the issue its value brought, which goes with it if a later key replaces it.
 */
export interface Given {
  path: string;
  empty: boolean;
  entries: readonly MapEntry[] | undefined;
  wrong?: WrongValue;
}

/** A value of the wrong type: the row's issue, and the value kept under `key` for the report (wrongTypes). */
export interface WrongValue {
  issue: Issue;
  key: string;
  value: unknown;
}

/**
 * Whether a key's value for a column replaces the one an earlier key of the object gave: a value replaces an empty
 * one, and a key --map sends to the column replaces one that matches it by itself (as a CSV file's mapped header
 * wins over a header of that name). Otherwise the first stays.
 */
export const replaces = (next: Given, before: Given): boolean =>
  !next.empty && (before.empty || (next.entries !== undefined && before.entries === undefined));

/** An object being read: what ObjectFields will say, and which key gave each column its value. */
export interface Reading extends ObjectFields {
  givenBy: Map<string, Given>;
  /** The object's row, named in a note the first time its keys are met. */
  row: number | undefined;
  /** Its keys that --map sends away from the column each matches by itself (`own`); mostly none. */
  mappedAway?: { path: string; own: string; entries: readonly MapEntry[] }[];
}
