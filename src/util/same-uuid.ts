/**
 * A UUID's hex digits mean the same in either case (RFC 9562: compared case-insensitively, written lower case), so
 * `…B001` and `…b001` name one tenant: compared as one, and filed under one journal.
 */

/** The one spelling of a UUID that tells it apart from others: lower case. */
export const uuidKey = (uuid: string): string => uuid.toLowerCase();

/** Whether `given` names the tenant `expected` is; false when either is missing. */
export const sameUuid = (given: string | undefined, expected: string | undefined): boolean =>
  given !== undefined && expected !== undefined && uuidKey(given) === uuidKey(expected);
