/**
 * The Tax Jurisdiction column's words: the jurisdictions zcust takes (Zenskar's UI labels), what the API's
 * tax_info item says for each, a country's jurisdiction, and a cell read as one, with a message naming the
 * right one for a near miss. Apart from the number checks, since the JSON reader needs only these.
 */
import type { Jurisdiction } from '../model.js';
import { asciiForm } from './ascii-form.js';
import { countryCodeFromAnything } from './country.js';
import { bracketParts } from './country-name-key.js';
import { misleadingCharacterMessage } from './misleading-characters.js';
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

/** The taxes of Zenskar's own labels of the jurisdictions, "IND (GST)" and "EU (VAT)". */
const TAX_TYPES: ReadonlySet<string> = new Set(['GST', 'VAT']);

/** A value's letters, in ASCII and upper case: "E.U." is EU, "ＩＮＤ" IND. */
const lettersOf = (value: string): string =>
  asciiForm(value)
    .toUpperCase()
    .replace(/[^A-Z]/g, '');

const isJurisdiction = (text: string): text is Jurisdiction =>
  (JURISDICTIONS as readonly string[]).includes(text);

/**
 * Reads a jurisdiction, case-insensitively, typed full-width too (as a Tax ID's characters are read); a near miss
 * gets a message that names the right one.
 */
export function parseJurisdiction(value: string): { jurisdiction: Jurisdiction } | { message: string } {
  const upper = asciiForm(value).trim().toUpperCase();
  if (isJurisdiction(upper)) return { jurisdiction: upper };
  // Not a jurisdiction's letters at all: an invisible character, or a spreadsheet's error value.
  const notLetters = invisibleCharacterMessage(value) ?? errorValueLookalikeMessage(value);
  if (notLetters !== undefined) return { message: notLetters };

  const letters = lettersOf(value);
  const numberType = NUMBER_TYPES.get(letters);
  if (numberType !== undefined) {
    return {
      message: `"${value}" is a kind of tax number, not a jurisdiction: ${numberType.label} goes under ${numberType.jurisdiction}`,
    };
  }
  if (letters === 'GST') {
    return { message: `"${value}" is a tax type, not a jurisdiction: GST numbers go under IND, AUS or SG` };
  }
  if (letters === 'VAT') {
    return {
      message: `"${value}" is a tax type, not a jurisdiction: VAT numbers go under EU, FR, USA or SG`,
    };
  }
  const meant = meantJurisdiction(value);
  if (meant !== undefined)
    return { message: `"${value}" is not a tax jurisdiction: did you mean "${meant}"?` };
  return {
    message:
      misleadingCharacterMessage(asciiForm(value)) ??
      `"${value}" is not a tax jurisdiction: use one of ${JURISDICTION_LIST}`,
  };
}

/**
 * The jurisdiction a near miss stands for: its letters alone ("E.U.", "U.S.A."), Europe, a country's name or code,
 * or Zenskar's label of it, a jurisdiction with its tax in brackets ("IND (GST)", "India (GST)").
 */
function meantJurisdiction(value: string): Jurisdiction | undefined {
  const letters = lettersOf(value);
  if (isJurisdiction(letters)) return letters;
  if (letters === 'EUROPE' || letters === 'EUROPEANUNION' || letters === 'EL') return 'EU';
  const label = bracketParts(value);
  if (label !== undefined && TAX_TYPES.has(lettersOf(label[1]))) return meantJurisdiction(label[0]);
  return nearJurisdiction(value);
}

/** "IN", "India", "AU", "Singapore", "DE", "Germany": a country whose tax IDs belong to one jurisdiction. */
function nearJurisdiction(value: string): Jurisdiction | undefined {
  const alpha2 = countryCodeFromAnything(value);
  return alpha2 === undefined ? undefined : jurisdictionOfCountry(alpha2);
}
