/**
 * The shapes every stage of the pipeline shares:
 * file → reader (SourceRow) → validator (Customer | Issue[]) → engine → Outcome → report writers.
 */

export type TargetName = 'zenskar' | 'dayzero' | 'ambiosys';
export const TARGET_NAMES: readonly TargetName[] = ['zenskar', 'dayzero', 'ambiosys'];

/** One input record as the reader saw it. */
export interface SourceRow {
  /** Spreadsheet row number: the header is row 1, so the first data record is row 2 (JSON: index + 2). */
  row: number;
  /** Values keyed by template column name (after header matching and --map); only matched columns. */
  fields: Record<string, string>;
  /** The record's original values, in the original column order (what the report echoes back). */
  raw: string[];
  /**
   * `raw` rendered as the CSV report's cells (csvCellsAfterComma), done by the CSV reader's worker thread
   * for large files so that this thread does not have to. Absent otherwise.
   */
  rawCsv?: string;
  /** Problems the reader found with the record itself (too many fields, a broken file). */
  issues?: Issue[];
  /** What the reader read otherwise than written, said on the row: an Excel text formula as its text. */
  warnings?: Issue[];
  /**
   * The reader found the record holds no customer (it repeats the header): it is reported with the reader's issues
   * alone, its cells left unchecked.
   */
  notACustomer?: true;
  /**
   * Set when the input is a zcust report being imported again: what the earlier run said of this row.
   * Rows that were `created` or `skipped` are skipped again; the rest are retried.
   */
  previous?: { status: string; customerId?: string; errorCode?: string };
}

/** Validation and API error codes of the contract, plus the few the contract leaves to us. */
export type IssueCode =
  | 'required'
  | 'invalid_email'
  | 'invalid_country_code'
  | 'invalid_tax_jurisdiction'
  | 'invalid_tax_id'
  | 'invalid_json'
  | 'invalid_boolean'
  | 'invalid_uuid'
  | 'too_long'
  | 'invalid_value'
  | 'column_count'
  | 'malformed_input'
  | 'duplicate_in_file'
  | 'duplicate_email'
  | 'already_exists'
  | 'example_row'
  | 'rejected'
  | 'server_error'
  | 'rate_limited'
  | 'timeout'
  | 'network_error'
  | 'unknown_outcome'
  | 'unauthorized'
  | 'aborted'
  | 'unused_column';

export interface Issue {
  /** The template column (e.g. "Country Code") the problem is about; absent for whole-row problems. */
  field?: string;
  code: IssueCode;
  /** Finance-user words, without the row or column prefix: `"USA" is not a two-letter ISO code: did you mean "US"?` */
  message: string;
}

export interface Address {
  line1?: string;
  line2?: string;
  line3?: string;
  city?: string;
  state?: string;
  zipCode?: string;
  country?: string;
  /** ISO 3166-1 alpha-2, upper case. */
  countryCode?: string;
}

export type Jurisdiction = 'IND' | 'USA' | 'AUS' | 'EU' | 'SG' | 'FR';

/** A Tax ID checked against its Tax Jurisdiction. */
export interface CheckedTaxId {
  jurisdiction: Jurisdiction;
  /** The API's tax_info.country_code: IN, US, AU, the EU VAT prefix (or EU), SG, FR. */
  countryCode: string;
  /** The API's tax_info.tax_code: GST or VAT. */
  taxCode: 'GST' | 'VAT';
  /** As the user wrote it, trimmed. */
  taxId: string;
}

/** A Tax ID given without a jurisdiction, for a platform whose tax id is free text: not checked, as written. */
export interface FreeTextTaxId {
  jurisdiction?: undefined;
  /** As the user wrote it, trimmed. */
  taxId: string;
}

export type TaxId = CheckedTaxId | FreeTextTaxId;

/**
 * How a platform takes tax numbers. `by-jurisdiction`: a list, each number under its jurisdiction (Zenskar's
 * tax_info), so every Tax ID needs its Tax Jurisdiction. `one-free-text`: one `tax_id` of any text (DayZero,
 * AmbioSys), so a Tax ID without a jurisdiction is sent as written, and only the first pair is sent.
 */
export type TaxIdShape = 'by-jurisdiction' | 'one-free-text';

/** Target-neutral customer: what a valid row means, before any platform's field names. */
export interface Customer {
  name: string;
  externalId?: string;
  email?: string;
  phone?: string;
  address?: Address;
  shipTo?: Address;
  taxIds: TaxId[];
  businessEntityId?: string;
  customData?: Record<string, unknown>;
  autoCharge?: boolean;
  communications?: boolean;
  /** Non-empty target extra columns (Website, Credit Limit, Legal Name, …) keyed by template column name. */
  extras: Record<string, string>;
}

export type Status = 'valid' | 'created' | 'skipped' | 'invalid' | 'duplicate' | 'failed' | 'not_attempted';
export const STATUSES: readonly Status[] = [
  'created',
  'skipped',
  'valid',
  'invalid',
  'duplicate',
  'failed',
  'not_attempted',
];

/** The result for one input row; every input row gets exactly one. */
export interface Outcome {
  row: number;
  status: Status;
  customerId?: string;
  errors: Issue[];
  warnings: Issue[];
  /** The original values, for the report. */
  raw: string[];
  /** `raw` already rendered as CSV report cells, when the reader had a spare thread to do it (SourceRow). */
  rawCsv?: string;
}

/** Counts and facts of one run: what the summary, the JSON report and the exit code are made from. */
export interface RunSummary {
  command: 'validate' | 'import';
  target: TargetName;
  input: string;
  started_at: string;
  duration_ms: number;
  rows: number;
  counts: Record<Status, number>;
  /**
   * Of the created rows, those an earlier import (or an earlier try of this one) had created: not sent by this
   * run. A re-run reports its rows created, as the first run did; this says how many it actually created.
   */
  created_earlier?: number;
  /**
   * Rows finished with a warning about their values (a Country that derived no code, an apostrophe sent with a
   * value, a Customer ID that differs from the customer's): the report says which and why.
   */
  rows_with_warnings?: number;
  /** Set when the run stopped early: why (credentials rejected, interrupted, fail-fast). */
  aborted?: string;
  dry_run?: boolean;
  base_url?: string;
  reports: string[];
}
