/**
 * One row → a target-neutral Customer, or every reason it is not one. zod checks the single-column rules;
 * the rules that read two columns (country code against country name, jurisdiction against tax ID) are
 * plain functions from country.ts and tax.ts. Runs once per row, a million times in the benchmark: the
 * schema is built once, parsing uses safeParse, and valid rows never throw.
 */
import * as z from 'zod';
import type { Address, Customer, Issue, IssueCode, SourceRow, TaxId, TaxIdShape } from '../model.js';
import { markedFormulaStart } from '../report/neutralise.js';
import {
  type AddressColumns,
  ALL_COLUMNS,
  BILLING_ADDRESS,
  COLUMN,
  EXTRA_COLUMNS,
  MAX_TAX_PAIRS,
  SHIP_TO_ADDRESS,
  taxColumns,
} from '../template.js';
import { countriesOfAmbiguousName, countryColumnText, resolveCountry } from './country.js';
import { type CustomData, duplicateKeysWarning, readCustomData } from './custom-data.js';
import { EMAIL_PATTERN } from './email-format.js';
import { spreadsheetCellMessage } from './spreadsheet-cells.js';
import { resolveTaxPair } from './tax.js';
import {
  controlCharacterMessage,
  hasControlCharacter,
  invisibleCharacterMessage,
  looksBlank,
  strayInvisibleMessage,
} from './text.js';

export const MAX_CUSTOMER_ID_LENGTH = 255;

const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['yes', true],
  ['y', true],
  ['1', true],
  ['false', false],
  ['no', false],
  ['n', false],
  ['0', false],
]);

const booleanField = z.string().transform((value, ctx) => {
  const parsed = BOOLEAN_WORDS.get(value.toLowerCase());
  if (parsed === undefined) {
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: `"${value}" is not a yes/no value (use true/false, yes/no, y/n or 1/0, or leave it empty)`,
    });
    return z.NEVER;
  }
  return parsed;
});

/** Custom Data arrives read (readCustomData, before the schema, so that its warnings survive a failed row). */
const customDataField = z.custom<CustomData>().transform((read, ctx) => {
  if ('message' in read) {
    ctx.issues.push({ code: 'custom', input: read.text, message: read.message });
    return z.NEVER;
  }
  return read.object;
});

/**
 * The single-column rules. Keys are template column names, so a zod issue's path is the column at fault.
 * Values arrive trimmed with blanks removed (see present()), hence `.optional()` means "may be empty".
 */
const rowSchema = z.object({
  [COLUMN.name]: z.string({ error: 'is required; every customer needs a name' }),
  [COLUMN.customerId]: z
    .string()
    .max(MAX_CUSTOMER_ID_LENGTH, {
      error: (issue) =>
        // In characters, as zod's limit counts them: an emoji is one character, not two UTF-16 units.
        `is ${[...String(issue.input)].length} characters long; the most the API takes is ${MAX_CUSTOMER_ID_LENGTH}`,
    })
    .optional(),
  // A code that holds a character no one can see is told which (text.ts); the message that quotes it would not.
  [COLUMN.email]: z
    .email({
      pattern: EMAIL_PATTERN,
      error: (issue) =>
        invisibleCharacterMessage(String(issue.input)) ??
        `"${String(issue.input)}" is not a valid email address`,
    })
    .optional(),
  // guid, not uuid: the API takes any 8-4-4-4-12 hex UUID, whatever its version nibble says.
  [COLUMN.businessEntityId]: z
    .guid({
      error: (issue) =>
        invisibleCharacterMessage(String(issue.input)) ??
        `"${String(issue.input)}" is not a UUID (like 3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f); use the business entity’s id from Zenskar`,
    })
    .optional(),
  [COLUMN.customData]: customDataField.optional(),
  [COLUMN.autoCharge]: booleanField.optional(),
  [COLUMN.emailCommunications]: booleanField.optional(),
});

type SchemaInput = z.input<typeof rowSchema>;
/** Every column may be missing: a missing Name is the schema's own "required" error. */
type RowInput = { [K in keyof SchemaInput]: SchemaInput[K] | undefined };

/** Each schema column has exactly one rule, so the column names the code. */
const CODE_OF_COLUMN: Readonly<Record<keyof RowInput, IssueCode>> = {
  [COLUMN.name]: 'required',
  [COLUMN.customerId]: 'too_long',
  [COLUMN.email]: 'invalid_email',
  [COLUMN.businessEntityId]: 'invalid_uuid',
  [COLUMN.customData]: 'invalid_json',
  [COLUMN.autoCharge]: 'invalid_boolean',
  [COLUMN.emailCommunications]: 'invalid_boolean',
};

/** A printable ASCII character other than space: a string that starts and ends with one needs no trim. */
const isInk = (code: number): boolean => code > 32 && code < 127;

/**
 * Empty means absent: a blank cell is the same as a missing column, and so is one that shows nothing (a
 * zero-width space, control characters: see text.ts). This runs some forty times a row, and readers have
 * trimmed most values already, so trim() is called only when an end may be whitespace.
 */
function present(fields: Record<string, string>, column: string): string | undefined {
  const value = fields[column];
  if (value === undefined || looksBlank(value)) return undefined;
  return isInk(value.charCodeAt(0)) && isInk(value.charCodeAt(value.length - 1)) ? value : value.trim();
}

/**
 * The columns whose text is sent as it is, with what lines it may have. The others are left out because
 * their own rule already refuses any control character: Email (the address pattern), Business Entity ID (a
 * UUID), Custom Data (JSON), the yes/no columns, the country codes (two letters) and the tax jurisdictions
 * (a list of six); a Tax ID, whose check ignores spaces, is looked at by tax.ts, with its own code.
 */
const CHECKED_BY_OWN_RULE: ReadonlySet<string> = new Set([
  COLUMN.email,
  COLUMN.businessEntityId,
  COLUMN.customData,
  COLUMN.autoCharge,
  COLUMN.emailCommunications,
  COLUMN.countryCode,
  COLUMN.shipToCountryCode,
  ...Array.from({ length: MAX_TAX_PAIRS }, (_, i) => Object.values(taxColumns(i + 1))).flat(),
]);

/** Address lines and long notes may run over several lines (a quoted CSV cell may hold line breaks). */
const MULTI_LINE_COLUMNS: ReadonlySet<string> = new Set([
  COLUMN.addressLine1,
  COLUMN.addressLine2,
  COLUMN.addressLine3,
  COLUMN.shipToLine1,
  COLUMN.shipToLine2,
  COLUMN.shipToLine3,
  COLUMN.notes,
  COLUMN.invoiceFooter,
]);

/** Text column → whether it may be multi-line. */
const TEXT_COLUMNS: ReadonlyMap<string, boolean> = new Map(
  ALL_COLUMNS.filter((c) => !CHECKED_BY_OWN_RULE.has(c.name)).map((c) => [
    c.name,
    MULTI_LINE_COLUMNS.has(c.name),
  ]),
);

/**
 * The row's cells in one pass, in file column order: a control character in a text column (a NUL in a Name) makes
 * the row invalid; a spreadsheet's mark is warned of (see spreadsheetMarkWarning); what a spreadsheet wrote in
 * place of a value (an error value, a number in scientific notation) goes to `refused`.
 */
function cellIssues(
  fields: Record<string, string>,
  errors: Issue[],
  warnings: Issue[],
  refused: Issue[],
): void {
  for (const column in fields) {
    const cell = fields[column] ?? '';
    if (cell.charCodeAt(0) === 0x27) spreadsheetMarkWarning(column, cell, warnings);
    const notValue = spreadsheetCellMessage(column, cell);
    if (notValue !== undefined)
      refused.push({ field: column, code: codeOfRefusal(column), message: notValue });
    // One test of the cell as read settles nearly every cell; the rest are read as the row reads them.
    if (!hasControlCharacter(cell)) continue;
    const multiLine = TEXT_COLUMNS.get(column);
    const value = multiLine === undefined ? undefined : present(fields, column);
    const message = value === undefined ? undefined : controlCharacterMessage(value, multiLine);
    if (message !== undefined) errors.push({ field: column, code: 'invalid_value', message });
  }
}

/**
 * A Customer ID is a key, as a code is: "ACME-1" with a zero-width space after it is another customer, whom every
 * screen shows as ACME-1 (a second one was created beside the first), so it is refused, the character named. A
 * control character is cellIssues' to report: one error, not two.
 */
function invisibleInCustomerId(id: string | undefined): Issue | undefined {
  if (id === undefined) return undefined;
  const message = strayInvisibleMessage(id);
  if (message === undefined || hasControlCharacter(id)) return undefined;
  return { field: COLUMN.customerId, code: 'invalid_value', message };
}

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/** How a warning names the character a formula mark stands before. */
const FORMULA_STARTS: Readonly<Record<string, string>> = { '\t': 'a tab', '\r': 'a carriage return' };

/**
 * A text value that starts with a spreadsheet's mark (an apostrophe before = + - @, as spreadsheets and reports
 * write it, or before a digit, to keep a number's leading zeros) is sent as written, apostrophe and all, and said
 * so: a report whose zcust_* columns were deleted is a plain file, and created every "+44…" phone as "'+44…"
 * without a word. Not taken off: in a plain file any text can be the value itself (a zcust report takes its own
 * marks off).
 */
function spreadsheetMarkWarning(column: string, value: string, warnings: Issue[]): void {
  if (!TEXT_COLUMNS.has(column)) return;
  const first = markedFormulaStart(value);
  const message =
    first !== undefined
      ? `starts with an apostrophe before ${FORMULA_STARTS[first] ?? `"${first}"`}, the mark a spreadsheet or a report (zcust's too) puts before a value that looks like a formula: it is sent with the apostrophe; remove it from the file if it is not part of the value (a zcust report imported with its zcust_* columns has it taken off)`
      : // Excel's mark for a number kept as text ('01067); not one before a letter, which a name may start with.
        isDigit(value.charCodeAt(1))
        ? 'starts with an apostrophe before a digit, the mark a spreadsheet puts before a number to keep its leading zeros: it is sent with the apostrophe; remove it from the file if it is not part of the value'
        : undefined;
  if (message !== undefined) warnings.push({ field: column, code: 'invalid_value', message });
}

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

/** Copies only the present values, so a Customer has no `key: undefined` noise for targets to trip on. */
function compact<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (value[key] !== undefined) out[key] = value[key];
  }
  return out as T;
}

/** One address: undefined when every field is empty; the country code checked and derived. */
function readAddress(
  fields: Record<string, string>,
  columns: AddressColumns,
  errors: Issue[],
  warnings: Issue[],
): Address | undefined {
  const code = present(fields, columns.countryCode) ?? '';
  // The same text is checked, warned about and sent: an NA that is no country must not be sent as one.
  const country = countryColumnText(present(fields, columns.country) ?? '') ?? '';
  const resolved = resolveCountry(code, country, columns.country);
  if (resolved.issue) errors.push({ ...resolved.issue, field: columns.countryCode });
  else if (code === '' && country !== '' && resolved.countryCode === undefined) {
    // Not an error: the API takes a free-text country. But tax is worked out from the address, so say so.
    const either = countriesOfAmbiguousName(country);
    const what = either
      ? `names more than one country (${either.join(' or ')})`
      : 'is not a country name or code we recognise';
    warnings.push({
      field: columns.country,
      code: 'invalid_country_code',
      message: `"${country}" ${what}, so no Country Code was derived; fill in ${columns.countryCode}`,
    });
  }
  const address = compact<Address>({
    line1: present(fields, columns.line1),
    line2: present(fields, columns.line2),
    line3: present(fields, columns.line3),
    city: present(fields, columns.city),
    state: present(fields, columns.state),
    zipCode: present(fields, columns.zipCode),
    country: country || undefined,
    countryCode: resolved.countryCode,
  });
  for (const _ in address) return address;
  return undefined;
}

/** Built once: taxColumns(n) makes new strings on every call, and this runs for every row. */
const TAX_PAIRS = Array.from({ length: MAX_TAX_PAIRS }, (_, i) => ({ n: i + 1, ...taxColumns(i + 1) }));
type TaxPair = (typeof TAX_PAIRS)[number];

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

const codeOfRefusal = (column: string): IssueCode => REFUSAL_CODE.get(column) ?? 'invalid_value';

/** Each tax column → the other column of its pair. */
const TAX_PAIR_PARTNER: ReadonlyMap<string, string> = new Map(
  TAX_PAIRS.flatMap((pair): [string, string][] => [
    [pair.jurisdiction, pair.id],
    [pair.id, pair.jurisdiction],
  ]),
);

/**
 * A cell refused for what a spreadsheet wrote in it is judged once: the column's own rule would read that text as
 * a value and say more (`"#N/A" is not a two-letter ISO code; did you mean "NA"?`, not an e-mail, not a GSTIN),
 * and so would a Country's warning. A tax pair is judged as one, as resolveTaxPair judges it (`Tax ID "#N/A" has
 * no jurisdiction` said nothing new). The reader's own issues stay, as they always come first.
 */
function judgedOnce(issues: Issue[], refused: readonly Issue[], readerIssues?: readonly Issue[]): Issue[] {
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

const EVERY_GROUP = rowShape();

/**
 * Every pair is checked by the same rules. A platform that takes one free-text tax id gets the first pair's
 * only: the others are checked but not kept, as the warning about their columns says ("it is not imported").
 * Without that, a file whose first pair is empty would send its second pair's number.
 */
function readTaxIds(
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

function readExtras(fields: Record<string, string>): Record<string, string> {
  const extras: Record<string, string> = {};
  for (const column of EXTRA_COLUMNS) {
    const value = present(fields, column.name);
    if (value !== undefined) extras[column.name] = value;
  }
  return extras;
}

/** The Custom Data cell read, and a warning naming the keys it gives twice (the first value of each is kept). */
function readCustomDataColumn(fields: Record<string, string>, warnings: Issue[]): CustomData | undefined {
  const text = present(fields, COLUMN.customData);
  if (text === undefined) return undefined;
  const read = readCustomData(text);
  const message = duplicateKeysWarning(read.duplicateKeys);
  if (message !== undefined) warnings.push({ field: COLUMN.customData, code: 'invalid_json', message });
  return read;
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
  let warnings: Issue[] = [];
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
