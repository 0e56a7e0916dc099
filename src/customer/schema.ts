/**
 * One row → a target-neutral Customer, or every reason it is not one. zod checks the single-column rules;
 * the rules that read two columns (country code against country name, jurisdiction against tax ID) are
 * plain functions from country.ts and tax.ts. Runs once per row, a million times in the benchmark: the
 * schema is built once, parsing uses safeParse, and valid rows never throw. The row's other readings are
 * each in a file of their own: a value as present (present-value.ts), each cell's text (cell-issues.ts), an
 * address (address.ts), the tax pairs (tax-pairs.ts), the extras (extras.ts), an issue judged once
 * (judged-once.ts), the columns a header can fill (row-shape.ts) and the code of each column (issue-codes.ts).
 */
import * as z from 'zod';
import type { Customer, Issue, SourceRow, TaxIdShape } from '../model.js';
import { BILLING_ADDRESS, COLUMN, SHIP_TO_ADDRESS } from '../template.js';
import { readAddress } from './address.js';
import { booleanField } from './boolean-field.js';
import { cellIssues, invisibleInCustomerId } from './cell-issues.js';
import { compact } from './compact.js';
import { customDataField, readCustomDataColumn } from './custom-data-column.js';
import { emailField } from './email-field.js';
import { readExtras } from './extras.js';
import { CODE_OF_COLUMN } from './issue-codes.js';
import { judgedOnce } from './judged-once.js';
import { misleadingCharacterMessage } from './misleading-characters.js';
import { present } from './present-value.js';
import { type RowShape, rowShape } from './row-shape.js';
import { spreadsheetCellMessage } from './spreadsheet-cells.js';
import { readTaxIds } from './tax-pairs.js';

export const MAX_CUSTOMER_ID_LENGTH = 255;

/**
 * The single-column rules. Keys are template column names, so a zod issue's path is the column at fault.
 * Values arrive trimmed with blanks removed (see present-value.ts), hence `.optional()` means "may be empty".
 */
const rowSchema = z.object({
  [COLUMN.name]: z.string({ error: 'is required: every customer needs a name' }),
  [COLUMN.customerId]: z
    .string()
    .max(MAX_CUSTOMER_ID_LENGTH, {
      error: (issue) =>
        // In characters, as zod's limit counts them: an emoji is one character, not two UTF-16 units.
        `is ${[...String(issue.input)].length} characters long, and the most the API takes is ${MAX_CUSTOMER_ID_LENGTH}`,
    })
    .optional(),
  [COLUMN.email]: emailField.optional(),
  // guid, not uuid: the API takes any 8-4-4-4-12 hex UUID, whatever its version nibble says. A character no one
  // can see, or one outside ASCII, is named (misleading-characters.ts): the message that quotes it would not show it.
  [COLUMN.businessEntityId]: z
    .guid({
      error: (issue) =>
        misleadingCharacterMessage(String(issue.input)) ??
        `"${String(issue.input)}" is not a UUID (like 3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f): use the business entity’s id from Zenskar`,
    })
    .optional(),
  [COLUMN.customData]: customDataField.optional(),
  [COLUMN.autoCharge]: booleanField.optional(),
  [COLUMN.emailCommunications]: booleanField.optional(),
});

type SchemaInput = z.input<typeof rowSchema>;
/** Every column may be missing: a missing Name is the schema's own "required" error. */
type RowInput = { [K in keyof SchemaInput]: SchemaInput[K] | undefined };

function zodIssues(issues: readonly z.core.$ZodIssue[]): Issue[] {
  return issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    return {
      field,
      code: CODE_OF_COLUMN[field as keyof RowInput] ?? 'invalid_value',
      message: issue.message,
    };
  });
}

const EVERY_GROUP = rowShape();

/**
 * An invalid row's values as given, unchecked, so that the target's own rules (DayZero's credit limit and
 * status, say) can still be applied to it: every error of a row is reported at once, not one run at a time.
 * An extra column refused for what a spreadsheet wrote in it is left out, judged once (see judgedOnce): not
 * again by the target (`"#VALUE!" is not an amount`). The keys stay, for the duplicate check, which passes
 * such values over itself, and so that DayZero does not say an e-mail of `#N/A` is missing.
 */
export function draftCustomer(row: SourceRow): Customer {
  const { fields } = row;
  const extras = readExtras(fields);
  for (const column in extras) {
    if (spreadsheetCellMessage(column, extras[column] ?? '') !== undefined) delete extras[column];
  }
  return compact<Customer>({
    name: present(fields, COLUMN.name) ?? '',
    email: present(fields, COLUMN.email),
    externalId: present(fields, COLUMN.customerId),
    taxIds: [],
    extras,
  });
}

/**
 * Applies every rule of the contract's Validation table to one row and collects all failures (not just
 * the first). `customer` is set only when there are no errors. The reader's own issues (too many fields,
 * a broken record) come first. `taxIdShape` is the one thing of the target's that the common rules read:
 * whether a Tax ID needs its jurisdiction.
 */
export function validateRow(
  row: SourceRow,
  shape: RowShape = EVERY_GROUP,
  taxIdShape: TaxIdShape = 'by-jurisdiction',
): { customer?: Customer; errors: Issue[]; warnings: Issue[] } {
  const { fields } = row;
  let errors: Issue[] = row.issues ? [...row.issues] : [];
  let warnings: Issue[] = row.warnings ? [...row.warnings] : [];
  const refused: Issue[] = [];

  const customData = readCustomDataColumn(fields, warnings);
  const input: RowInput = {
    [COLUMN.name]: present(fields, COLUMN.name),
    [COLUMN.customerId]: present(fields, COLUMN.customerId),
    [COLUMN.email]: present(fields, COLUMN.email),
    [COLUMN.businessEntityId]: present(fields, COLUMN.businessEntityId),
    [COLUMN.customData]: customData,
    [COLUMN.autoCharge]: present(fields, COLUMN.autoCharge),
    [COLUMN.emailCommunications]: present(fields, COLUMN.emailCommunications),
  };
  const parsed = rowSchema.safeParse(input);
  if (!parsed.success) errors.push(...zodIssues(parsed.error.issues));
  cellIssues(fields, errors, warnings, refused);
  const hiddenInId = invisibleInCustomerId(input[COLUMN.customerId]);
  if (hiddenInId !== undefined) errors.push(hiddenInId);

  const address = shape.billing ? readAddress(fields, BILLING_ADDRESS, errors, warnings) : undefined;
  const shipTo = shape.shipTo ? readAddress(fields, SHIP_TO_ADDRESS, errors, warnings) : undefined;
  const taxIds = readTaxIds(fields, shape.taxPairs, errors, taxIdShape);
  if (refused.length > 0) {
    errors = judgedOnce([...errors, ...refused], refused, row.issues);
    warnings = judgedOnce(warnings, refused);
  }

  if (errors.length > 0 || !parsed.success) return { errors, warnings };
  const data = parsed.data;
  const customer = compact<Customer>({
    name: data[COLUMN.name],
    externalId: data[COLUMN.customerId],
    email: data[COLUMN.email],
    phone: present(fields, COLUMN.phone),
    address,
    shipTo,
    taxIds,
    businessEntityId: data[COLUMN.businessEntityId],
    customData: data[COLUMN.customData],
    autoCharge: data[COLUMN.autoCharge],
    communications: data[COLUMN.emailCommunications],
    extras: shape.extras ? readExtras(fields) : {},
  });
  return { customer, errors, warnings };
}
