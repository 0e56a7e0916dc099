/** Why a file's header is read once for the groups of columns it can fill: a row need not look up the rest. */
import { type AddressColumns, BILLING_ADDRESS, EXTRA_COLUMNS, SHIP_TO_ADDRESS } from '../template.js';
import { TAX_PAIRS, type TaxPair } from './tax-pairs.js';

/**
 * Which groups of columns a file can fill at all, worked out once from its header: a row of a file without
 * ship-to or extra tax columns need not look each of them up (some fifty lookups a row otherwise).
 */
export interface RowShape {
  billing: boolean;
  shipTo: boolean;
  taxPairs: readonly TaxPair[];
  extras: boolean;
}

const anyOf = (columns: ReadonlySet<string>, group: AddressColumns): boolean =>
  Object.values(group).some((column) => columns.has(column));

/** The shape of rows whose `fields` can only hold `columns`; every group when the columns are not known (JSON). */
export function rowShape(columns?: readonly string[]): RowShape {
  if (!columns) return { billing: true, shipTo: true, taxPairs: TAX_PAIRS, extras: true };
  const set = new Set(columns);
  return {
    billing: anyOf(set, BILLING_ADDRESS),
    shipTo: anyOf(set, SHIP_TO_ADDRESS),
    taxPairs: TAX_PAIRS.filter((pair) => set.has(pair.jurisdiction) || set.has(pair.id)),
    extras: EXTRA_COLUMNS.some((column) => set.has(column.name)),
  };
}
