/**
 * A JSON object → template fields. Objects may use template column names, their aliases, or the Zenskar
 * API's own shapes: nested `address` / `ship_to_address` objects, a `tax_info` array and a `custom_data`
 * object. Nested objects are read as dotted paths (`address.city`), which the template knows as aliases
 * and --map can name.
 */
import { jurisdictionOfCountry } from '../customer/tax.js';
import { MAX_TAX_PAIRS, normalizeHeader, taxColumns } from '../template.js';
import { JsonNumberText, stringifyExact } from '../util/exact-json.js';
import { columnFor, type HeaderMap } from './headers.js';
import { CappedNames, type NameList } from './name-list.js';

/** Keep at most this many notes of keys that repeat a column: a file with data as keys must not grow memory. */
const MAX_CONFLICT_NOTES = 200;

/** The API's tax_info.country_code → the template's Tax Jurisdiction; unknown codes pass through for the validator to name. */
export function jurisdictionOfTaxCountry(countryCode: string): string {
  return jurisdictionOfCountry(countryCode.trim().toUpperCase()) ?? countryCode.trim();
}

/**
 * Values are strings for the validator: JSON's own types written the way a CSV would hold them. The readers
 * hand numbers over as JsonNumberText (exact-json.ts, `as-written`): a Customer ID 1.10 stays 1.10.
 */
export function jsonValueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (value instanceof JsonNumberText) return value.text;
  return stringifyExact(value);
}

/** A JSON object: not an array, and not a number kept as its text. */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumberText);

export class JsonFieldMapper {
  private readonly unmatchedKeys = new CappedNames();
  private readonly conflicts = new Set<string>();

  constructor(private readonly map: HeaderMap) {}

  /** Key paths seen so far that match no template column. */
  get unmatched(): NameList {
    return this.unmatchedKeys.list;
  }

  /** Two keys of one object for the same column (`email` and `Email`), each pair said once. */
  get notes(): string[] {
    return [...this.conflicts];
  }

  toFields(object: Record<string, unknown>): Record<string, string> {
    const fields: Record<string, string> = {};
    this.collect(object, '', fields);
    return fields;
  }

  private collect(object: Record<string, unknown>, prefix: string, fields: Record<string, string>): void {
    for (const [key, value] of Object.entries(object)) {
      const path = `${prefix}${key}`;
      const column = columnFor(path, this.map);
      if (column !== undefined) {
        // Two keys for one column (say `email` and `Email`): the first wins, as with CSV headers, and it is said.
        const text = jsonValueText(value);
        if (fields[column] === undefined) fields[column] = text;
        else if (text !== '' && text !== fields[column]) this.noteConflict(column, path);
      } else if (normalizeHeader(path) === 'taxinfo' && (Array.isArray(value) || isJsonObject(value))) {
        // One tax number is often written as the object itself rather than a list of one.
        this.collectTaxInfo(Array.isArray(value) ? value : [value], fields);
      } else if (isJsonObject(value)) {
        this.collect(value, `${path}.`, fields);
      } else {
        this.unmatchedKeys.add(path);
      }
    }
  }

  /** tax_info items become the pairs Tax Jurisdiction/Tax ID, Tax Jurisdiction 2/Tax ID 2, … */
  private collectTaxInfo(items: unknown[], fields: Record<string, string>): void {
    items.forEach((item, i) => {
      if (!isJsonObject(item) || i >= MAX_TAX_PAIRS) {
        this.unmatchedKeys.add(`tax_info[${i}]`);
        return;
      }
      const { jurisdiction, id } = taxColumns(i + 1);
      fields[jurisdiction] ??= jurisdictionOfTaxCountry(jsonValueText(item.country_code));
      fields[id] ??= jsonValueText(item.tax_id);
    });
  }

  private noteConflict(column: string, path: string): void {
    if (this.conflicts.size < MAX_CONFLICT_NOTES) {
      this.conflicts.add(
        `the key "${path}" also means ${column}; an earlier key of the same object wins, "${path}" is ignored`,
      );
    }
  }
}
