/**
 * Everything decided about a row before any request: reader problems, the example row, a report's
 * earlier verdict, validation (common + target rules), in-file duplicates. Pure apart from the deduper's memory.
 */
import { createDeduper } from '../customer/dedupe.js';
import { isSkippedExample } from '../customer/example.js';
import { rowShape } from '../customer/row-shape.js';
import { draftCustomer, validateRow } from '../customer/schema.js';
import type { Customer, Issue, Outcome, SourceRow } from '../model.js';
import type { Target } from '../targets/target.js';
import { outcomeOf } from './events.js';

export type Prepared =
  /**
   * `doneEarlier`: a report's row an earlier run created or skipped, as the customer that run sent (its values
   * as given when they no longer pass a check: `invalidNow` says which).
   */
  | { kind: 'done'; outcome: Outcome; doneEarlier?: Customer; invalidNow?: Issue[] }
  /** `outcomeUnknown`: the report this row comes from said an earlier create of it may have landed. */
  | { kind: 'send'; customer: Customer; warnings: Issue[]; outcomeUnknown?: boolean };

export interface PrepareOptions {
  target: Target;
  includeExample: boolean;
  /** The template columns every row's fields are limited to (a CSV header's), when known. */
  fieldColumns?: readonly string[];
}

/**
 * A report row an earlier run created, or skipped because the customer exists. One it skipped as the example
 * is not: it is checked again, so it stays `example_row` (or is imported with --include-example).
 */
const doneEarlier = (previous: NonNullable<SourceRow['previous']>) =>
  previous.status === 'created' || (previous.status === 'skipped' && previous.errorCode !== 'example_row');

/**
 * A column the reader already found wrong (a JSON object where text belongs) is judged once: the text that
 * stands in for its value would only draw more errors on that column (not an email, not an amount).
 */
function judgedOnce(errors: Issue[], readerIssues: readonly Issue[] | undefined): Issue[] {
  const judged = new Set(readerIssues?.map((issue) => issue.field).filter((field) => field !== undefined));
  if (judged.size === 0) return errors;
  return errors.filter(
    (issue) => readerIssues?.includes(issue) || issue.field === undefined || !judged.has(issue.field),
  );
}

export function createPreparer(opts: PrepareOptions): (row: SourceRow) => Prepared {
  const deduper = createDeduper();
  const shape = rowShape(opts.fieldColumns);
  return (row) => {
    // (The example row is the example whatever a report says of it: imported only with --include-example.)
    if (row.previous && doneEarlier(row.previous) && !isSkippedExample(row, opts.includeExample)) {
      const note: Issue = {
        code: 'already_exists',
        message: `${row.previous.status} by an earlier run (per the report); not sent again`,
      };
      const { customer, errors } = validateRow(row, shape, opts.target.taxIds);
      const subject = customer ?? draftCustomer(row);
      errors.push(...opts.target.validate(subject));
      // Still checked for in-file duplicates: a second line of the same row (a report edited, or joined with
      // itself) is a duplicate, never a second customer.
      const duplicate = deduper.check(row.row, subject);
      if (duplicate) return { kind: 'done', outcome: outcomeOf(row, 'duplicate', [duplicate]) };
      const id = row.previous.customerId || undefined;
      // As the report said it: a skipped row's reason is its error code; a created row has none.
      return {
        kind: 'done',
        outcome:
          row.previous.status === 'skipped'
            ? outcomeOf(row, 'skipped', [note], [], id)
            : outcomeOf(row, 'created', [], [note], id),
        doneEarlier: subject,
        ...(customer && errors.length === 0 ? {} : { invalidNow: errors }),
      };
    }
    // A damaged file's last row holds no values, and a header repeated among the rows none of a customer: checking
    // their columns would only add noise (`Email: "Email" is not a valid email address`, a second repeat a
    // duplicate of the first).
    if (row.notACustomer || row.issues?.some((i) => i.code === 'malformed_input')) {
      return { kind: 'done', outcome: outcomeOf(row, 'invalid', row.issues) };
    }
    if (isSkippedExample(row, opts.includeExample)) {
      const issue: Issue = {
        code: 'example_row',
        message:
          "this is the template's example row (John Doe); it is not imported (use --include-example to import it)",
      };
      return { kind: 'done', outcome: outcomeOf(row, 'skipped', [issue]) };
    }
    const { customer, errors, warnings } = validateRow(row, shape, opts.target.taxIds);
    // An invalid row's values as given stand in for the customer: the target's rules are checked on them too,
    // and its keys count for duplicates (once fixed and imported, it would be the same customer as a later row
    // with its email or Customer ID). An invalid duplicate is reported invalid, with both reasons.
    const subject = customer ?? draftCustomer(row);
    errors.push(...opts.target.validate(subject));
    const duplicate = deduper.check(row.row, subject);
    if (!customer || errors.length > 0) {
      if (duplicate) errors.push(duplicate);
      return { kind: 'done', outcome: outcomeOf(row, 'invalid', judgedOnce(errors, row.issues), warnings) };
    }
    if (duplicate) return { kind: 'done', outcome: outcomeOf(row, 'duplicate', [duplicate], warnings) };
    return row.previous?.errorCode === 'unknown_outcome'
      ? { kind: 'send', customer, warnings, outcomeUnknown: true }
      : { kind: 'send', customer, warnings };
  };
}
