/**
 * What each platform's customer ids look like, for an id the user types (a report's row settled by hand): the id
 * in the form the platform returns it, so that one customer is one id whoever spelt it, or nothing when it cannot
 * be an id of that platform. Taken as typed, an upper-case UUID or `not-an-id` was journaled for good.
 */
import * as z from 'zod';

export interface CustomerIdShape {
  /** What the platform's ids look like ("UUIDs (…)"), for the message that refuses one that does not. */
  looks: string;
  /** `id` as the platform returns it; undefined when no id of the platform looks so. */
  normal(id: string): string | undefined;
}

// guid, not uuid: any 8-4-4-4-12 hex digits, whatever its version nibble says, as tenant-uuid.ts takes them.
const UUID = z.guid();

/** Zenskar's and DayZero's `id` ("Customer UUID"), which they return in lower case. */
export const uuidIds: CustomerIdShape = {
  looks: 'UUIDs (8-4-4-4-12 hex digits, as 3f2b9c1e-7a4d-4e8b-9c2f-1a2b3c4d5e6f)',
  normal: (id) => (UUID.safeParse(id).success ? id.toLowerCase() : undefined),
};

/** AmbioSys's integer `customer_id`, which zcust reads as its digits: 007 is the 7 it returns. */
export const integerIds: CustomerIdShape = {
  looks: 'whole numbers (as 123)',
  normal: (id) => (/^[0-9]+$/.test(id) ? BigInt(id).toString() : undefined),
};
