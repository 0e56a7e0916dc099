/**
 * One row → a target-neutral Customer, or every reason it is not one. zod checks the single-column rules;
 * the rules that read two columns (country code against country name, jurisdiction against tax ID) are
 * plain functions from country.ts and tax.ts. Runs once per row, a million times in the benchmark: the
 * schema is built once, parsing uses safeParse, and valid rows never throw.
 */
import { z } from 'zod';
import type { Address, Customer, Issue, IssueCode, SourceRow, TaxId } from '../model.js';
import { COLUMN, EXTRA_COLUMNS, MAX_TAX_PAIRS, taxColumns } from '../template.js';
import {
  firstInexactNumber,
  type NumberLoss,
  nestsDeeperThan,
  numberLoss,
  parseJsonExact,
} from '../util/exact-json.js';
import { countryColumnText, resolveCountry } from './country.js';
import { EMAIL_PATTERN } from './email-format.js';
import { resolveTaxPair } from './tax.js';

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

/** Why a JSON value is not an object, in words: "a JSON array", "JSON null". */
function describeJson(value: unknown): string {
  if (value === null) return 'JSON null';
  if (Array.isArray(value)) return 'a JSON array';
  return `a JSON ${typeof value}`;
}

/**
 * Custom data is a handful of fields; nesting deeper than this is a mistake (or an attack), and thousands of
 * levels would overflow the stack of JSON.stringify when the request body is built.
 */
const MAX_CUSTOM_DATA_LEVELS = 32;

/** Why the API would not get a number of custom data as written: "holds the number 1e400, which …". */
const NUMBER_LOSS: Readonly<Record<NumberLoss, string>> = {
  'too-large': 'is out of range: a JSON number is at most about 1.8e308, either side of 0',
  'too-small': 'is out of range: a JSON number closer to 0 than about 2.2e-308 loses its digits',
  digits: 'a JSON number cannot carry as written (it keeps about 15 digits)',
};

const jsonObjectField = z.string().transform((text, ctx) => {
  let parsed: unknown;
  try {
    parsed = parseJsonExact(text);
  } catch (error) {
    ctx.issues.push({
      code: 'custom',
      input: text,
      message: `is not valid JSON (${(error as Error).message}); write an object like {"industry":"Retail"}`,
    });
    return z.NEVER;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    ctx.issues.push({
      code: 'custom',
      input: text,
      message: `is ${describeJson(parsed)}, not a JSON object; write an object like {"industry":"Retail"}`,
    });
    return z.NEVER;
  }
  if (nestsDeeperThan(parsed, MAX_CUSTOM_DATA_LEVELS)) {
    ctx.issues.push({
      code: 'custom',
      input: text,
      message: `nests objects or arrays more than ${MAX_CUSTOM_DATA_LEVELS} levels deep; custom data is a few fields, like {"industry":"Retail"}`,
    });
    return z.NEVER;
  }
  // The API reads JSON numbers as doubles: 12345678901234567890 would be stored as 12345678901234567000.
  const inexact = firstInexactNumber(parsed);
  if (inexact !== undefined) {
    ctx.issues.push({
      code: 'custom',
      input: text,
      message: `holds the number ${inexact.text}, which ${NUMBER_LOSS[numberLoss(inexact)]}; write it in quotes, as text ("${inexact.text}")`,
    });
    return z.NEVER;
  }
  return parsed as Record<string, unknown>;
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
  [COLUMN.email]: z
    .email({
      pattern: EMAIL_PATTERN,
      error: (issue) => `"${String(issue.input)}" is not a valid email address`,
    })
    .optional(),
  // guid, not uuid: the API takes any 8-4-4-4-12 hex UUID, whatever its version nibble says.
  [COLUMN.businessEntityId]: z
    .guid({
      error: (issue) =>
        `"${String(issue.input)}" is not a UUID (like 3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f); use the business entity’s id from Zenskar`,
    })
    .optional(),
  [COLUMN.customData]: jsonObjectField.optional(),
  [COLUMN.autoCharge]: booleanField.optional(),
  [COLUMN.emailCommunications]: booleanField.optional(),
});

type RowInput = { [K in keyof z.input<typeof rowSchema>]: string | undefined };

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
 * Empty means absent: a blank cell is the same as a missing column. This runs some forty times a row, and
 * readers have trimmed most values already, so trim() is called only when an end may be whitespace.
 */
function present(fields: Record<string, string>, column: string): string | undefined {
  const value = fields[column];
  if (value === undefined || value === '') return undefined;
  if (isInk(value.charCodeAt(0)) && isInk(value.charCodeAt(value.length - 1))) return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
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

interface AddressColumns {
  line1: string;
  line2: string;
  line3: string;
  city: string;
  state: string;
  zipCode: string;
  country: string;
  countryCode: string;
}

const BILLING: AddressColumns = {
  line1: COLUMN.addressLine1,
  line2: COLUMN.addressLine2,
  line3: COLUMN.addressLine3,
  city: COLUMN.city,
  state: COLUMN.state,
  zipCode: COLUMN.zipCode,
  country: COLUMN.country,
  countryCode: COLUMN.countryCode,
};

const SHIP_TO: AddressColumns = {
  line1: COLUMN.shipToLine1,
  line2: COLUMN.shipToLine2,
  line3: COLUMN.shipToLine3,
  city: COLUMN.shipToCity,
  state: COLUMN.shipToState,
  zipCode: COLUMN.shipToZipCode,
  country: COLUMN.shipToCountry,
  countryCode: COLUMN.shipToCountryCode,
};

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
    warnings.push({
      field: columns.country,
      code: 'invalid_country_code',
      message: `"${country}" is not a country name or code we recognise, so no Country Code was derived; fill in ${columns.countryCode}`,
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
    billing: anyOf(set, BILLING),
    shipTo: anyOf(set, SHIP_TO),
    taxPairs: TAX_PAIRS.filter((pair) => set.has(pair.jurisdiction) || set.has(pair.id)),
    extras: EXTRA_COLUMNS.some((column) => set.has(column.name)),
  };
}

const EVERY_GROUP = rowShape();

function readTaxIds(fields: Record<string, string>, pairs: readonly TaxPair[], errors: Issue[]): TaxId[] {
  const taxIds: TaxId[] = [];
  for (const pair of pairs) {
    const jurisdiction = present(fields, pair.jurisdiction);
    const id = present(fields, pair.id);
    if (jurisdiction === undefined && id === undefined) continue;
    const resolved = resolveTaxPair(pair.n, jurisdiction ?? '', id ?? '');
    if (resolved.taxId) taxIds.push(resolved.taxId);
    for (const issue of resolved.issues) errors.push(issue);
  }
  return taxIds;
}

/**
 * An invalid row's values as given, unchecked, so that the target's own rules (DayZero's credit limit and
 * status, say) can still be applied to it: every error of a row is reported at once, not one run at a time.
 */
export function draftCustomer(row: SourceRow): Customer {
  const { fields } = row;
  return compact<Customer>({
    name: present(fields, COLUMN.name) ?? '',
    email: present(fields, COLUMN.email),
    externalId: present(fields, COLUMN.customerId),
    taxIds: [],
    extras: readExtras(fields),
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

/**
 * Applies every rule of the contract's Validation table to one row and collects all failures (not just
 * the first). `customer` is set only when there are no errors. The reader's own issues (too many fields,
 * a broken record) come first.
 */
export function validateRow(
  row: SourceRow,
  shape: RowShape = EVERY_GROUP,
): { customer?: Customer; errors: Issue[]; warnings: Issue[] } {
  const { fields } = row;
  const errors: Issue[] = row.issues ? [...row.issues] : [];
  const warnings: Issue[] = [];

  const input: RowInput = {
    [COLUMN.name]: present(fields, COLUMN.name),
    [COLUMN.customerId]: present(fields, COLUMN.customerId),
    [COLUMN.email]: present(fields, COLUMN.email),
    [COLUMN.businessEntityId]: present(fields, COLUMN.businessEntityId),
    [COLUMN.customData]: present(fields, COLUMN.customData),
    [COLUMN.autoCharge]: present(fields, COLUMN.autoCharge),
    [COLUMN.emailCommunications]: present(fields, COLUMN.emailCommunications),
  };
  const parsed = rowSchema.safeParse(input);
  if (!parsed.success) errors.push(...zodIssues(parsed.error.issues));

  const address = shape.billing ? readAddress(fields, BILLING, errors, warnings) : undefined;
  const shipTo = shape.shipTo ? readAddress(fields, SHIP_TO, errors, warnings) : undefined;
  const taxIds = readTaxIds(fields, shape.taxPairs, errors);

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
