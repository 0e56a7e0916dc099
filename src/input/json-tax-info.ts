/**
 * A tax_info item read as the template's tax pair: its keys, matched as every key is, and its country code as the
 * Tax Jurisdiction (the API's IN is the template's IND).
 */
import { jurisdictionOfCountry } from '../customer/tax-jurisdictions.js';
import { jsonValueText } from './json-shapes.js';

/** The API's tax_info.country_code → the template's Tax Jurisdiction; unknown codes pass through for the validator to name. */
export function jurisdictionOfTaxCountry(countryCode: string): string {
  return jurisdictionOfCountry(countryCode.trim().toUpperCase()) ?? countryCode.trim();
}

/** The keys of a tax_info item, matched as every key is (any case; spaces, `_`, `-` and `.` ignored). */
export const TAX_ITEM_KEYS: ReadonlyMap<string, 'jurisdiction' | 'id' | 'taxCode'> = new Map([
  ['countrycode', 'jurisdiction'],
  ['taxid', 'id'],
  ['taxcode', 'taxCode'],
]);

/** A tax_info country code as the template's Tax Jurisdiction (IN → IND), or the JSON text of what it is not. */
export const taxJurisdictionText = (value: unknown): string => jurisdictionOfTaxCountry(jsonValueText(value));
