/**
 * The template's tax columns as pairs (Tax Jurisdiction and Tax ID, then the numbered ones), built once, and a
 * row's pairs read: each judged by tax.ts, and kept or not as the target takes tax ids.
 */
import type { Issue, TaxId, TaxIdShape } from '../model.js';
import { MAX_TAX_PAIRS, taxColumns } from '../template.js';
import { present } from './present-value.js';
import { resolveTaxPair } from './tax.js';

/** Built once: taxColumns(n) makes new strings on every call, and this runs for every row. */
export const TAX_PAIRS = Array.from({ length: MAX_TAX_PAIRS }, (_, i) => ({
  n: i + 1,
  ...taxColumns(i + 1),
}));
export type TaxPair = (typeof TAX_PAIRS)[number];

/** Each tax column → the other column of its pair. */
export const TAX_PAIR_PARTNER: ReadonlyMap<string, string> = new Map(
  TAX_PAIRS.flatMap((pair): [string, string][] => [
    [pair.jurisdiction, pair.id],
    [pair.id, pair.jurisdiction],
  ]),
);

/**
 * Every pair is checked by the same rules. A platform that takes one free-text tax id gets the first pair's
 * only: the others are checked but not kept, as the warning about their columns says ("it is not imported").
 * Without that, a file whose first pair is empty would send its second pair's number.
 */
export function readTaxIds(
  fields: Record<string, string>,
  pairs: readonly TaxPair[],
  errors: Issue[],
  taxIdShape: TaxIdShape,
): TaxId[] {
  const taxIds: TaxId[] = [];
  const oneFreeText = taxIdShape === 'one-free-text';
  for (const pair of pairs) {
    const jurisdiction = present(fields, pair.jurisdiction);
    const id = present(fields, pair.id);
    if (jurisdiction === undefined && id === undefined) continue;
    const resolved = resolveTaxPair(pair.n, jurisdiction ?? '', id ?? '', oneFreeText);
    if (resolved.taxId && (!oneFreeText || pair.n === 1)) taxIds.push(resolved.taxId);
    for (const issue of resolved.issues) errors.push(issue);
  }
  return taxIds;
}
