/** Why a cell a spreadsheet wrote an error value in gets one issue, not one from each rule that reads it. */
import type { Issue } from '../model.js';
import { TAX_PAIR_PARTNER } from './tax-pairs.js';

/**
 * A cell refused for what a spreadsheet wrote in it is judged once: the column's own rule would read that text as
 * a value and say more (`"#N/A" is not a two-letter ISO code: did you mean "NA"?`, not an e-mail, not a GSTIN),
 * and so would a Country's warning. A tax pair is judged as one, as resolveTaxPair judges it (`Tax ID "#N/A" has
 * no jurisdiction` said nothing new). The reader's own issues stay, as they always come first.
 */
export function judgedOnce(
  issues: Issue[],
  refused: readonly Issue[],
  readerIssues?: readonly Issue[],
): Issue[] {
  const columns = new Set<string | undefined>();
  for (const { field } of refused) columns.add(field).add(TAX_PAIR_PARTNER.get(field ?? ''));
  return issues.filter(
    (issue) =>
      issue.field === undefined ||
      !columns.has(issue.field) ||
      refused.includes(issue) ||
      readerIssues?.includes(issue) === true,
  );
}
