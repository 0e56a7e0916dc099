/**
 * The Indian GSTIN check: stdnum's, extended to the state codes its table lacks. GSTN assigns 38 to Ladakh (a
 * union territory since 2019), 97 to "Other Territory" and 99 to "Centre Jurisdiction"; stdnum 1.12 stops at 37
 * and so refuses real numbers. Everything else about such a number (PAN, 13th and 14th characters, check
 * character) is still checked, and by stdnum wherever it can be. The formats without a PAN (OIDAR suppliers,
 * UN bodies) stdnum does not know at all, and are checked here.
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

/**
 * The two published GSTIN formats with no PAN inside, which stdnum's PAN-shaped pattern refuses: a foreign
 * supplier of online services (OIDAR) registered with the Centre, 99 + 2-digit year + 3-letter country + 5
 * digits + "OS" ("9917SGP29001OST"), and a UN body or embassy, state code + year + "UNO" + 5 digits + "UN"
 * ("0717UNO00001UN7"). Their check character is the same Luhn mod 36.
 */
const OIDAR = /^99\d{2}[A-Z]{3}\d{5}OS[0-9A-Z]$/;
const UN_BODY = /^(\d{2})\d{2}UNO\d{5}UN[0-9A-Z]$/;
/** 01–38, 97 and 99: stdnum's table and the codes it lacks. */
const STATE_CODE = /^(0[1-9]|[12]\d|3[0-8]|97|99)$/;

/** The verdict on a number of one of those formats; undefined for any other shape. */
function validateWithoutPan(value: string): ValidateReturn | undefined {
  const unBodyState = UN_BODY.exec(value)?.[1];
  const shaped = OIDAR.test(value) || (unBodyState !== undefined && STATE_CODE.test(unBodyState));
  if (!shaped) return undefined;
  return luhnChecksumValue(value, ALPHABET) === 0
    ? // Neither a person nor a company holds them: no PAN says which.
      { isValid: true, compact: value, isIndividual: false, isCompany: false }
    : { isValid: false, error: new InvalidChecksum() };
}

/** `value` in compact form: upper case, no separators. */
function validateGstin(value: string): ValidateReturn {
  const withoutPan = validateWithoutPan(value);
  if (withoutPan !== undefined) return withoutPan;
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
