/**
 * The Indian GSTIN check: stdnum's, extended to the state codes its table lacks. GSTN assigns 38 to Ladakh (a
 * union territory since 2019), 97 to "Other Territory" and 99 to "Centre Jurisdiction"; stdnum 1.12 stops at 37
 * and so refuses real numbers. Everything else about such a number (PAN, 13th and 14th characters, check
 * character) is still checked, and by stdnum wherever it can be.
 */
import { InvalidChecksum, InvalidComponent } from 'stdnum/lib/cjs/exceptions.js';
import * as inGstin from 'stdnum/lib/cjs/in/gstin.js';
import type { ValidateReturn, Validator } from 'stdnum/lib/cjs/types.js';
import { luhnChecksumValue } from 'stdnum/lib/cjs/util/checksum.js';

const STATE_CODES_STDNUM_LACKS: ReadonlySet<string> = new Set(['38', '97', '99']);

/** Maharashtra: a code stdnum knows, standing in for one it does not while it checks the other parts. */
const KNOWN_STATE_CODE = '27';

/** The GSTIN check character is Luhn mod 36 over these. */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The 14 characters followed by the check character they call for. */
function withCheckCharacter(first14: string): string {
  // The sum with a 0 in the check character's place is what the real check character must bring to 0 mod 36.
  const sum = luhnChecksumValue(`${first14}0`, ALPHABET);
  return `${first14}${ALPHABET[(ALPHABET.length - sum) % ALPHABET.length]}`;
}

/** `value` in compact form: upper case, no separators. */
function validateGstin(value: string): ValidateReturn {
  const result = inGstin.validate(value);
  // stdnum checks the length and the shape before the state code: only a bad "component" may be the code.
  if (!(result.error instanceof InvalidComponent) || !STATE_CODES_STDNUM_LACKS.has(value.slice(0, 2))) {
    return result;
  }
  // The same number under a code stdnum knows, with the check character that code calls for: only the state
  // code differs, so stdnum's verdict on it is its verdict on every other part.
  const standIn = inGstin.validate(withCheckCharacter(`${KNOWN_STATE_CODE}${value.slice(2, 14)}`));
  if (!standIn.isValid) return standIn;
  return luhnChecksumValue(value, ALPHABET) === 0
    ? { ...standIn, compact: value }
    : { isValid: false, error: new InvalidChecksum() };
}

export const GSTIN_VALIDATOR: Validator = { ...inGstin, validate: validateGstin };
