/**
 * The FR jurisdiction's check: a number another country's VAT prefix announces is told where it belongs, the
 * rest get stdnum's French VAT check (fr-vat.ts), which a French number under EU gets too.
 */
import { isFrenchKey } from './fr-vat.js';
import { checkWithStdnum, FR_TVA, VALIDATE_FR_TVA } from './stdnum-check.js';
import { TAX_INFO } from './tax-jurisdictions.js';
import { compactNumber } from './tax-number-form.js';
import { vatPrefixOwner } from './vat-prefixes.js';

/** A French number under EU gets the FR jurisdiction's check: jsvat checks its key but not the SIREN's own digit. */
export function checkFrenchVat(value: string): { countryCode?: string; message?: string } {
  const message = checkWithStdnum(VALIDATE_FR_TVA, FR_TVA, value);
  return message === undefined ? { countryCode: TAX_INFO.FR.countryCode } : { message };
}

/**
 * Under FR, a number that starts with another country's VAT prefix (DE100000223) is that country's number.
 * stdnum drops an optional FR and would read DE as the French key, which may be letters: the number would pass,
 * or be blamed for a SIREN check digit that belongs to a German number. A French number whose key really is
 * such letters is written with FR in front, and the message says so.
 */
function foreignNumberUnderFr(value: string): string | undefined {
  const compact = compactNumber(value);
  const origin = compact.startsWith('FR') ? undefined : vatPrefixOwner(compact);
  if (origin === undefined) return undefined;
  const where = origin.inEu ? ', so put it under the EU jurisdiction' : '';
  const asFrenchKey = isFrenchKey(origin.prefix)
    ? ` (a French number whose key is ${origin.prefix} is written FR${compact})`
    : '';
  return `"${value}" is not a French VAT number: it starts with the VAT prefix ${origin.prefix} (${origin.owner})${where}${asFrenchKey}`;
}

export function checkFrenchJurisdiction(value: string): { countryCode?: string; message?: string } {
  const message = foreignNumberUnderFr(value);
  return message === undefined ? checkFrenchVat(value) : { message };
}
