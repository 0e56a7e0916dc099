/**
 * The Tax Jurisdiction column's words: the jurisdictions zcust takes (Zenskar's UI labels), what the API's
 * tax_info item says for each, a country's jurisdiction, and a cell read as one, with a message naming the
 * right one for a near miss. Apart from the number checks, since the JSON reader needs only these.
 */
import type { Jurisdiction } from '../model.js';
import { countryCodeFromAnything } from './country.js';
import { errorValueLookalikeMessage } from './spreadsheet-cells.js';
import { invisibleCharacterMessage } from './text.js';
import { EU_MEMBER_CODES } from './vat-prefixes.js';

export const JURISDICTIONS: readonly Jurisdiction[] = ['IND', 'USA', 'AUS', 'EU', 'SG', 'FR'];
export const JURISDICTION_LIST = JURISDICTIONS.join(', ');

/** What the API's tax_info item says for each jurisdiction (EU takes its country from the VAT number). */
export const TAX_INFO: Record<Jurisdiction, { countryCode: string; taxCode: 'GST' | 'VAT' }> = {
  IND: { countryCode: 'IN', taxCode: 'GST' },
  USA: { countryCode: 'US', taxCode: 'VAT' },
  AUS: { countryCode: 'AU', taxCode: 'GST' },
  EU: { countryCode: 'EU', taxCode: 'VAT' },
  SG: { countryCode: 'SG', taxCode: 'VAT' },
  FR: { countryCode: 'FR', taxCode: 'VAT' },
};

/**
 * A country's alpha-2 code (or an EU VAT prefix) → the jurisdiction its tax IDs go under: for suggestions
 * to users, and to read the API's `tax_info.country_code` back into a Tax Jurisdiction.
 */
export function jurisdictionOfCountry(alpha2: string): Jurisdiction | undefined {
  switch (alpha2) {
    case 'IN':
      return 'IND';
    case 'US':
      return 'USA';
    case 'AU':
      return 'AUS';
    case 'SG':
      return 'SG';
    case 'FR':
      return 'FR';
    case 'EU':
      return 'EU';
    default:
      return EU_MEMBER_CODES.has(alpha2) ? 'EU' : undefined;
  }
}

/**
 * Kinds of tax number written where the jurisdiction belongs ("GSTIN" above a GSTIN): each belongs to one
 * jurisdiction, so the message can name it, as it names the jurisdictions of GST and VAT.
 */
const NUMBER_TYPES: ReadonlyMap<string, { label: string; jurisdiction: Jurisdiction }> = new Map([
  ['GSTIN', { label: 'an Indian GSTIN', jurisdiction: 'IND' }],
  ['ABN', { label: 'an Australian ABN', jurisdiction: 'AUS' }],
  ['EIN', { label: 'a US EIN', jurisdiction: 'USA' }],
  ['UEN', { label: 'a Singapore UEN', jurisdiction: 'SG' }],
]);

/** Reads a jurisdiction, case-insensitively; a near miss gets a message that names the right one. */
export function parseJurisdiction(value: string): { jurisdiction: Jurisdiction } | { message: string } {
  const upper = value.trim().toUpperCase();
  if ((JURISDICTIONS as readonly string[]).includes(upper)) return { jurisdiction: upper as Jurisdiction };
  // Not a jurisdiction's letters at all: an invisible character, or a spreadsheet's error value.
  const notLetters = invisibleCharacterMessage(value) ?? errorValueLookalikeMessage(value);
  if (notLetters !== undefined) return { message: notLetters };

  const letters = upper.replace(/[^A-Z]/g, '');
  const numberType = NUMBER_TYPES.get(letters);
  if (numberType !== undefined) {
    return {
      message: `"${value}" is a kind of tax number, not a jurisdiction; ${numberType.label} goes under ${numberType.jurisdiction}`,
    };
  }
  if (letters === 'GST') {
    return { message: `"${value}" is a tax type, not a jurisdiction; GST numbers go under IND, AUS or SG` };
  }
  if (letters === 'VAT') {
    return {
      message: `"${value}" is a tax type, not a jurisdiction; VAT numbers go under EU, FR, USA or SG`,
    };
  }
  const meant =
    letters === 'EUROPE' || letters === 'EUROPEANUNION' || letters === 'EL' ? 'EU' : nearJurisdiction(value);
  return meant === undefined
    ? { message: `"${value}" is not a tax jurisdiction; use one of ${JURISDICTION_LIST}` }
    : { message: `"${value}" is not a tax jurisdiction; did you mean "${meant}"?` };
}

/** "IN", "India", "AU", "Singapore", "DE", "Germany": a country whose tax IDs belong to one jurisdiction. */
function nearJurisdiction(value: string): Jurisdiction | undefined {
  const alpha2 = countryCodeFromAnything(value);
  return alpha2 === undefined ? undefined : jurisdictionOfCountry(alpha2);
}
