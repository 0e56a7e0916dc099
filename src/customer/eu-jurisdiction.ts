/**
 * The EU jurisdiction's check: jsvat over the member states' VAT numbers, and a message that says whose a
 * number is when it is not a member's (a non-member's prefix, Greece's GR for EL, another country's number).
 */
import { type Country, checkVAT, countries as jsvatCountries } from 'jsvat';
import { countryName } from './country.js';
import { checkFrenchVat } from './fr-jurisdiction.js';
import { compactNumber } from './tax-number-form.js';
import { EU_VAT_COUNTRIES, euCountriesFor, NORTHERN_IRELAND_PREFIX, vatPrefixOwner } from './vat-prefixes.js';

/**
 * A number without an EU member's prefix, when its prefix says whose it is: a non-member's, or Northern
 * Ireland's (XI), which are UK numbers even where Northern Ireland trades goods under EU rules.
 */
function nonMemberPrefixMessage(value: string, compact: string): string | undefined {
  const origin = vatPrefixOwner(compact);
  if (origin === undefined || origin.inEu) return undefined;
  if (origin.prefix === NORTHERN_IRELAND_PREFIX) {
    return `"${value}" is not an EU VAT number: XI numbers are UK VAT numbers of Northern Ireland, and the EU jurisdiction takes only the VAT numbers of EU member states`;
  }
  return `"${value}" is not an EU VAT number: it starts with the VAT prefix ${origin.prefix} (${origin.owner}), which is not in the EU`;
}

/**
 * Greece's VAT prefix is EL, not its ISO code GR, and jsvat knows only EL: a GR number is never valid, and its
 * message says which prefix to write (and the number so written, when that passes).
 */
function greekPrefixMessage(value: string, compact: string): string {
  const asWritten = `EL${compact.slice(2)}`;
  const fix = checkVAT(asWritten, euCountriesFor(asWritten)).isValid ? `: write ${asWritten}` : '';
  return `"${value}" is not a valid EU VAT number (Greek VAT numbers start with EL, not GR${fix})`;
}

/** EU VAT: jsvat over the member states only; the tax_info country is the number's own prefix (EL, DE, EU…). */
export function checkEuVat(value: string): { countryCode?: string; message?: string } {
  const compact = compactNumber(value);
  if (compact.startsWith('FR')) return checkFrenchVat(value);
  if (compact.startsWith('GR')) return { message: greekPrefixMessage(value, compact) };
  // An invalid number is looked at again against every member, so its message is the one jsvat's own order gives.
  let result = checkVAT(compact, euCountriesFor(compact));
  if (!result.isValid) result = checkVAT(compact, EU_VAT_COUNTRIES as Country[]);
  if (result.isValid && result.value !== undefined) return { countryCode: result.value.slice(0, 2) };
  if (result.country === undefined) {
    const nonMember = nonMemberPrefixMessage(value, compact);
    if (nonMember !== undefined) return { message: nonMember };
    const elsewhere = checkVAT(compact, jsvatCountries as Country[]);
    if (elsewhere.isValid && elsewhere.country !== undefined) {
      return {
        message: `"${value}" is a ${elsewhere.country.name} VAT number, and ${elsewhere.country.name} is not in the EU`,
      };
    }
    return {
      message: `"${value}" is not a valid EU VAT number (it must start with the country prefix, like DE or IT)`,
    };
  }
  const country = countryName(result.country.isoCode.short);
  return {
    message: result.isValidFormat
      ? `"${value}" is not a valid EU VAT number (the check digits are wrong for ${country})`
      : `"${value}" is not a valid EU VAT number (it does not have the format of a VAT number from ${country})`,
  };
}
