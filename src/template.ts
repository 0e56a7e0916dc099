/**
 * THE customer template: columns, their aliases, the example row and each target's extra columns.
 * sample-csv, header matching and the report's column order all read this file; no column name is
 * spelled anywhere else.
 */
import { TARGET_NAMES, type TargetName } from './model.js';

export interface TemplateColumn {
  /** The header as the template writes it. */
  name: string;
  /** Other headers accepted for it: the APIs' own field names and common spellings. */
  aliases: readonly string[];
  /** The John Doe example value. */
  example: string;
  /** Which targets send this column; absent means every target can use it (subject to the target's mapping). */
  targets?: readonly TargetName[];
  /**
   * Headers that stand for this column only when importing into the given target: one API's field name that
   * another API spells for something else (DayZero's `address` is one free-text string, Zenskar's an object).
   */
  targetAliases?: Partial<Readonly<Record<TargetName, readonly string[]>>>;
  /**
   * Target-only headers whose value is this column's amount in cents, the API's own unit (DayZero's
   * `credit_limit_cents`): the readers turn the whole number of cents into the amount (100050 → 1000.50).
   */
  targetCentsAliases?: Partial<Readonly<Record<TargetName, readonly string[]>>>;
}

const col = (
  name: string,
  example: string,
  aliases: string[] = [],
  targets?: TargetName[],
): TemplateColumn => (targets ? { name, example, aliases, targets } : { name, example, aliases });

export const COLUMN = {
  name: 'Name',
  customerId: 'Customer ID',
  email: 'Email',
  phone: 'Phone',
  addressLine1: 'Address Line 1',
  addressLine2: 'Address Line 2',
  addressLine3: 'Address Line 3',
  city: 'City',
  state: 'State',
  zipCode: 'Zip Code',
  country: 'Country',
  countryCode: 'Country Code',
  shipToLine1: 'Ship To Address Line 1',
  shipToLine2: 'Ship To Address Line 2',
  shipToLine3: 'Ship To Address Line 3',
  shipToCity: 'Ship To City',
  shipToState: 'Ship To State',
  shipToZipCode: 'Ship To Zip Code',
  shipToCountry: 'Ship To Country',
  shipToCountryCode: 'Ship To Country Code',
  taxJurisdiction: 'Tax Jurisdiction',
  taxId: 'Tax ID',
  businessEntityId: 'Business Entity ID',
  customData: 'Custom Data',
  autoCharge: 'Auto Charge',
  emailCommunications: 'Email Communications',
  website: 'Website',
  notes: 'Notes',
  creditLimit: 'Credit Limit',
  status: 'Status',
  category: 'Category',
  invoiceFooter: 'Invoice Footer',
  paymentTermId: 'Payment Term ID',
  legalName: 'Legal Name',
  contactOrigin: 'Contact Origin',
} as const;

export const EXAMPLE_NAME = 'John Doe';
export const EXAMPLE_EMAIL = 'john.doe@example.com';

/**
 * The Zenskar template, in the order sample-csv writes it. Aliases are the APIs' field names and the usual
 * spellings of the same thing (`Postal Code`), each listed in the README; not a word that often means something
 * else in an export: a CRM's `Region` is a sales region (EMEA), which sent as the State would be taxed as one.
 */
export const BASE_COLUMNS: readonly TemplateColumn[] = [
  col(COLUMN.name, EXAMPLE_NAME, ['customer_name', 'Customer Name', 'Company Name']),
  col(COLUMN.customerId, 'CUST-0001', ['external_id', 'External ID']),
  col(COLUMN.email, EXAMPLE_EMAIL, ['Email Address', 'E-mail']),
  col(COLUMN.phone, '+1-555-0100', ['phone_number', 'Phone Number']),
  {
    ...col(COLUMN.addressLine1, '123 Main Street', ['line1', 'address.line1', 'Address 1', 'Street']),
    // DayZero's one-line address: sent back as the address columns joined, so its text survives the round trip.
    // Zenskar's `address` is an object, read as its parts (address.line1, …), so for it `address` is no column.
    targetAliases: { dayzero: ['address'] },
  },
  col(COLUMN.addressLine2, 'Suite 400', ['line2', 'address.line2', 'Address 2']),
  col(COLUMN.addressLine3, '', ['line3', 'address.line3', 'Address 3']),
  col(COLUMN.city, 'San Francisco', ['address.city']),
  col(COLUMN.state, 'CA', ['address.state', 'Province', 'State/Province']),
  col(COLUMN.zipCode, '94105', ['zipCode', 'zip', 'address.zipCode', 'Postal Code', 'Postcode']),
  col(COLUMN.country, 'United States', ['address.country', 'Country Name']),
  col(COLUMN.countryCode, 'US', ['country_code', 'address.country_code']),
  col(COLUMN.shipToLine1, '456 Delivery Street', ['ship_to_address.line1', 'Shipping Address Line 1']),
  col(COLUMN.shipToLine2, '', ['ship_to_address.line2', 'Shipping Address Line 2']),
  col(COLUMN.shipToLine3, '', ['ship_to_address.line3', 'Shipping Address Line 3']),
  col(COLUMN.shipToCity, 'Oakland', ['ship_to_address.city', 'Shipping City']),
  col(COLUMN.shipToState, 'CA', ['ship_to_address.state', 'Shipping State']),
  col(COLUMN.shipToZipCode, '94601', ['ship_to_address.zipCode', 'Shipping Zip Code']),
  col(COLUMN.shipToCountry, 'United States', ['ship_to_address.country', 'Shipping Country']),
  col(COLUMN.shipToCountryCode, 'US', ['ship_to_address.country_code', 'Shipping Country Code']),
  // "Tax Jurisdiction 1"/"Tax ID 1": a file that numbers every pair (2–9 are numbered) numbers the first too.
  col(COLUMN.taxJurisdiction, 'USA', ['tax_jurisdiction', `${COLUMN.taxJurisdiction} 1`]),
  col(COLUMN.taxId, '12-3456789', ['tax_id', 'Tax Number', 'VAT Number', 'GSTIN', `${COLUMN.taxId} 1`]),
  col(COLUMN.businessEntityId, '', ['business_entity_id']),
  col(COLUMN.customData, '{"industry":"Technology"}', ['custom_data']),
  col(COLUMN.autoCharge, 'true', ['auto_charge_enabled', 'Auto Charge Invoices']),
  col(COLUMN.emailCommunications, 'true', ['communications_enabled', 'Communications Enabled']),
];

/** Columns only some targets read; sample-csv --target T appends T's. */
export const EXTRA_COLUMNS: readonly TemplateColumn[] = [
  col(COLUMN.website, 'https://example.com', [], ['dayzero']),
  col(COLUMN.notes, 'Met at the 2026 trade fair', [], ['dayzero']),
  {
    // DayZero's own field, an integer of cents: what a DayZero export holds.
    ...col(COLUMN.creditLimit, '1000.00', [], ['dayzero']),
    targetCentsAliases: { dayzero: ['credit_limit_cents'] },
  },
  col(COLUMN.status, 'active', [], ['dayzero']),
  col(COLUMN.category, 'Retail', [], ['dayzero']),
  col(COLUMN.invoiceFooter, 'Thank you for your business', ['invoice_footer'], ['dayzero']),
  col(COLUMN.paymentTermId, '', ['default_payment_term_id', 'payment_term_id'], ['dayzero']),
  col(COLUMN.legalName, 'John Doe LLC', ['legal_name'], ['ambiosys']),
  col(COLUMN.contactOrigin, 'WEB_FORM', ['contact_origin'], ['ambiosys']),
];

/** Further tax pairs: "Tax Jurisdiction 2"/"Tax ID 2", … up to this many. */
export const MAX_TAX_PAIRS = 9;

export function taxColumns(n: number): { jurisdiction: string; id: string } {
  return n === 1
    ? { jurisdiction: COLUMN.taxJurisdiction, id: COLUMN.taxId }
    : { jurisdiction: `${COLUMN.taxJurisdiction} ${n}`, id: `${COLUMN.taxId} ${n}` };
}

const EXTRA_TAX_COLUMNS: readonly TemplateColumn[] = Array.from({ length: MAX_TAX_PAIRS - 1 }, (_, i) => {
  const { jurisdiction, id } = taxColumns(i + 2);
  return [col(jurisdiction, ''), col(id, '')];
}).flat();

/** The columns sample-csv writes for a target: the base template plus that target's extras. */
export function templateColumns(target: TargetName = 'zenskar'): TemplateColumn[] {
  return [...BASE_COLUMNS, ...EXTRA_COLUMNS.filter((c) => c.targets?.includes(target))];
}

/** Every column any input may carry, for header matching. */
export const ALL_COLUMNS: readonly TemplateColumn[] = [
  ...BASE_COLUMNS,
  ...EXTRA_TAX_COLUMNS,
  ...EXTRA_COLUMNS,
];

/** Whether the chosen target reads a column (so a file carrying others can be warned about). */
export function isColumnUsedBy(column: string, target: TargetName): boolean {
  const found = ALL_COLUMNS.find((c) => c.name === column);
  return found !== undefined && (found.targets === undefined || found.targets.includes(target));
}

/**
 * What a header comparison ignores: white space, `_`, `-`, `.`, and what Unicode says to render as nothing
 * (Default_Ignorable_Code_Point: zero-width spaces and joiners, the soft hyphen, bidi marks, U+2060, U+FEFF,
 * variation selectors). One rule for all of them (`\s` took U+FEFF alone before): an export's "Email" with a
 * U+200B after it looked like Email and matched nothing, and no --map could name it. Not the format characters
 * (\p{Cf}): they hold signs that show (U+0600 ARABIC NUMBER SIGN) and leave out fillers that do not (U+3164).
 */
const IGNORED_IN_HEADERS = /[\s_.\-\p{Default_Ignorable_Code_Point}]+/gu;

/** Headers compare case-insensitively, ignoring IGNORED_IN_HEADERS. */
export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(IGNORED_IN_HEADERS, '');
}

/** An address's columns, by the API's names of its parts. */
export interface AddressColumns {
  line1: string;
  line2: string;
  line3: string;
  city: string;
  state: string;
  zipCode: string;
  country: string;
  countryCode: string;
}

export const BILLING_ADDRESS: AddressColumns = {
  line1: COLUMN.addressLine1,
  line2: COLUMN.addressLine2,
  line3: COLUMN.addressLine3,
  city: COLUMN.city,
  state: COLUMN.state,
  zipCode: COLUMN.zipCode,
  country: COLUMN.country,
  countryCode: COLUMN.countryCode,
};

export const SHIP_TO_ADDRESS: AddressColumns = {
  line1: COLUMN.shipToLine1,
  line2: COLUMN.shipToLine2,
  line3: COLUMN.shipToLine3,
  city: COLUMN.shipToCity,
  state: COLUMN.shipToState,
  zipCode: COLUMN.shipToZipCode,
  country: COLUMN.shipToCountry,
  countryCode: COLUMN.shipToCountryCode,
};

/** The API's two address objects, by their keys, and their columns. */
const ADDRESS_OBJECTS: ReadonlyMap<string, AddressColumns> = new Map([
  ['address', BILLING_ADDRESS],
  ['ship_to_address', SHIP_TO_ADDRESS],
]);

/** The headers a target reads as `column` in a flat file: its name, its aliases and the target's own. */
function flatHeadersOf(column: string, target: TargetName): string[] {
  const c = ALL_COLUMNS.find((each) => each.name === column);
  if (c === undefined) return [];
  // Dotted aliases are paths into an object already (address.line1), not headers a file writes flat.
  return [c.name, ...c.aliases, ...(c.targetAliases?.[target] ?? [])].filter((name) => !name.includes('.'));
}

/**
 * Each address object's parts by the flat headers of its columns (address.Province, ship_to_address.Postal Code):
 * exports nest the headers they would write flat. A ship-to part also answers to the ship-to column's own
 * (ship_to_address.Shipping City), which in the billing address would be another address's part.
 */
function addressPartHeaders(target: TargetName): [path: string, column: string][] {
  const parts = Object.keys(BILLING_ADDRESS) as (keyof AddressColumns)[];
  return [...ADDRESS_OBJECTS].flatMap(([key, columns]) =>
    parts.flatMap((part) =>
      [...flatHeadersOf(BILLING_ADDRESS[part], target), ...flatHeadersOf(columns[part], target)].map(
        (name): [string, string] => [`${key}.${name}`, columns[part]],
      ),
    ),
  );
}

/**
 * Each target's headers: its own aliases first (they name its API's fields), then every column's names and aliases,
 * then the address objects' parts by their flat headers. The first to claim a header keeps it, so the API's names
 * win; template.test checks that no address part loses its header to another column so.
 */
const HEADER_INDEX: Readonly<Record<TargetName, ReadonlyMap<string, string>>> = (() => {
  const indexFor = (target: TargetName): ReadonlyMap<string, string> => {
    const index = new Map<string, string>();
    const add = (key: string, column: string) => {
      const k = normalizeHeader(key);
      if (!index.has(k)) index.set(k, column);
    };
    for (const c of ALL_COLUMNS) {
      for (const key of [...(c.targetAliases?.[target] ?? []), ...(c.targetCentsAliases?.[target] ?? [])])
        add(key, c.name);
    }
    for (const c of ALL_COLUMNS) for (const key of [c.name, ...c.aliases]) add(key, c.name);
    for (const [path, column] of addressPartHeaders(target)) add(path, column);
    return index;
  };
  return Object.fromEntries(TARGET_NAMES.map((t) => [t, indexFor(t)])) as Record<
    TargetName,
    ReadonlyMap<string, string>
  >;
})();

/** The template column a header stands for when importing into `target`, or undefined if it matches none. */
export function matchHeader(header: string, target: TargetName = 'zenskar'): string | undefined {
  return HEADER_INDEX[target].get(normalizeHeader(header));
}

/** A target's headers whose values are in cents (targetCentsAliases), normalised. */
const centsHeadersOf = (target: TargetName): ReadonlySet<string> =>
  new Set(ALL_COLUMNS.flatMap((c) => c.targetCentsAliases?.[target] ?? []).map(normalizeHeader));
const CENTS_HEADERS = Object.fromEntries(TARGET_NAMES.map((t) => [t, centsHeadersOf(t)])) as Record<
  TargetName,
  ReadonlySet<string>
>;

/** Whether a header's values are its column's amount in cents when importing into `target` (see matchHeader). */
export function isCentsHeader(header: string, target: TargetName = 'zenskar'): boolean {
  return CENTS_HEADERS[target].has(normalizeHeader(header));
}

/** The example row's values, in templateColumns(target) order. */
export function exampleRow(target: TargetName = 'zenskar'): string[] {
  return templateColumns(target).map((c) => c.example);
}
