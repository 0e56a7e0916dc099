/**
 * The code an issue of a column carries: the one rule of each column the schema checks names it, and a cell
 * refused for what a spreadsheet wrote in it takes its column's code. Not in schema.ts: the cell checks
 * (cell-issues.ts), which schema.ts imports, need these codes too.
 */
import type { IssueCode } from '../model.js';
import { COLUMN } from '../template.js';
import { TAX_PAIRS } from './tax-pairs.js';

/** The columns of the row schema (schema.ts), each checked by a rule of its own. */
type SchemaColumn = (typeof COLUMN)[
  | 'name'
  | 'customerId'
  | 'email'
  | 'businessEntityId'
  | 'customData'
  | 'autoCharge'
  | 'emailCommunications'];

/** Each schema column has exactly one rule, so the column names the code. */
export const CODE_OF_COLUMN: Readonly<Record<SchemaColumn, IssueCode>> = {
  [COLUMN.name]: 'required',
  [COLUMN.customerId]: 'too_long',
  [COLUMN.email]: 'invalid_email',
  [COLUMN.businessEntityId]: 'invalid_uuid',
  [COLUMN.customData]: 'invalid_json',
  [COLUMN.autoCharge]: 'invalid_boolean',
  [COLUMN.emailCommunications]: 'invalid_boolean',
};

/**
 * The code a cell is refused with whatever its rules (it holds a spreadsheet's error value): its column's own code,
 * or `invalid_value` for text, a Customer ID's too (its `too_long` is about its length).
 */
const REFUSAL_CODE: ReadonlyMap<string, IssueCode> = new Map<string, IssueCode>([
  ...(Object.entries(CODE_OF_COLUMN) as [string, IssueCode][]),
  [COLUMN.customerId, 'invalid_value'],
  [COLUMN.countryCode, 'invalid_country_code'],
  [COLUMN.shipToCountryCode, 'invalid_country_code'],
  ...TAX_PAIRS.flatMap((pair): [string, IssueCode][] => [
    [pair.jurisdiction, 'invalid_tax_jurisdiction'],
    [pair.id, 'invalid_tax_id'],
  ]),
]);

export const codeOfRefusal = (column: string): IssueCode => REFUSAL_CODE.get(column) ?? 'invalid_value';
