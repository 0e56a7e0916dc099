/**
 * Which of the keys zcust knows rows by (e-mail, Customer ID) a platform keeps on its customers: those its create
 * sends. Only those can be looked for, held by a customer or edited there; a key the platform does not keep is
 * known to zcust's journal alone, and a message must not send the user looking for it in the platform.
 */
import { COLUMN } from '../template.js';
import type { LookupKey } from './target.js';

/** The template column each key is read from. */
export const KEY_COLUMNS: Readonly<Record<LookupKey, string>> = {
  email: COLUMN.email,
  external_id: COLUMN.customerId,
};

/** The keys rows are known by, in the contract's order. */
export const KEYS: readonly LookupKey[] = ['email', 'external_id'];

/** The keys a target keeps, from the columns it sends (see Target.usesColumn), in the contract's order. */
export const keysSent = (usesColumn: (column: string) => boolean): readonly LookupKey[] =>
  KEYS.filter((key) => usesColumn(KEY_COLUMNS[key]));
