/**
 * The French VAT check: stdnum's fr/tva, with its two checksum failures told apart. A French VAT number is
 * FR, a 2-character key and the 9-digit SIREN. stdnum checks the SIREN's own check digit (Luhn) first, then
 * the key the SIREN calls for, and says InvalidChecksum for either: "the key does not match the SIREN" would
 * blame the key of FR43303265046, whose key 43 is right for its SIREN 303265046 while that SIREN's last digit
 * is wrong. A SIREN that fails its check is InvalidComponent here.
 *
 * La Poste needs nothing of its own: its SIREN 356000000 passes Luhn (the exception stdnum makes for La Poste
 * is for its SIRET numbers, in fr/siret), so FR39356000000 is valid.
 */
import { InvalidChecksum, InvalidComponent } from 'stdnum/lib/cjs/exceptions.js';
import * as frSiren from 'stdnum/lib/cjs/fr/siren.js';
import * as frTva from 'stdnum/lib/cjs/fr/tva.js';
import type { ValidateReturn, Validator } from 'stdnum/lib/cjs/types.js';

/** Monaco's numbers carry a "SIREN" starting 000 with no check digit of its own; fr/tva does not check it. */
const hasSirenCheckDigit = (siren: string): boolean => !siren.startsWith('000');

/** `value` in compact form: upper case, no separators, with or without the FR prefix. */
function validateFrenchVat(value: string): ValidateReturn {
  const result = frTva.validate(value);
  if (!(result.error instanceof InvalidChecksum)) return result;
  // A checksum failure comes after the length and shape checks: the compact form is the key and 9 digits.
  const siren = frTva.compact(value).slice(2);
  return hasSirenCheckDigit(siren) && !frSiren.validate(siren).isValid
    ? { isValid: false, error: new InvalidComponent() }
    : result;
}

/** The characters of a French key (stdnum's alphabet: digits and letters but I and O). */
const FRENCH_KEY = /^[0-9A-HJ-NP-Z]{2}$/;

/** Whether two characters could be the key of a French VAT number (which may be letters, like DE). */
export const isFrenchKey = (text: string): boolean => FRENCH_KEY.test(text);

export const FRENCH_VAT_VALIDATOR: Validator = { ...frTva, validate: validateFrenchVat };
