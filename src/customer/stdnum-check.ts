/**
 * The numbers stdnum checks (GSTIN, ABN, EIN, French VAT, Singapore UEN), each with its failures worded for a
 * finance user: stdnum names only an error class, the same for every kind of number.
 */
// One module per number type rather than stdnum's index, which loads every country's validators (16 MB).
import * as auAbn from 'stdnum/lib/cjs/au/abn.js';
import * as sgUen from 'stdnum/lib/cjs/sg/uen.js';
import type { Validator } from 'stdnum/lib/cjs/types.js';
import * as usEin from 'stdnum/lib/cjs/us/ein.js';
// Before any check runs: stdnum's cleaning, at once for the compact numbers this file hands it.
import './stdnum-clean.js';
import { FRENCH_VAT_VALIDATOR } from './fr-vat.js';
import { GSTIN_VALIDATOR } from './gstin.js';
import { isAscii, shownCharacter } from './misleading-characters.js';
import { compactNumber, strayCharacter } from './tax-number-form.js';

/** stdnum's error classes, as a finance user would want them explained, per kind of number. */
type StdnumFailure = 'InvalidChecksum' | 'InvalidLength' | 'InvalidFormat' | 'InvalidComponent';

interface NumberKind {
  /** "an Indian GSTIN" */
  label: string;
  /** What the number is made of, between its separators: its characters in ASCII, upper case. */
  characters: { allowed: RegExp; what: 'digits' | 'letters and digits' };
  /** Why it failed, by stdnum error name; `default` for anything else. */
  reasons: Partial<Record<StdnumFailure, string>> & { default: string };
}

export const GSTIN: NumberKind = {
  label: 'Indian GSTIN',
  characters: { allowed: /^[0-9A-Z]$/, what: 'letters and digits' },
  reasons: {
    InvalidChecksum: 'the check character is wrong',
    InvalidLength: 'a GSTIN has 15 characters',
    InvalidFormat: 'a GSTIN is a 2-digit state code, the 10-character PAN, then 3 characters',
    // stdnum says InvalidComponent for any of these four, without saying which.
    InvalidComponent:
      'one of its parts is wrong: the 2-digit state code, the PAN in characters 3–12, the 13th character (1–9 or A–Z) or the 14th (always Z)',
    default: 'a GSTIN is a 2-digit state code, the 10-character PAN, then 3 characters',
  },
};
export const ABN: NumberKind = {
  label: 'Australian ABN',
  characters: { allowed: /^[0-9]$/, what: 'digits' },
  reasons: {
    InvalidChecksum: 'the check digits are wrong',
    InvalidLength: 'an ABN has 11 digits',
    default: 'an ABN has 11 digits, like 51 824 753 556',
  },
};
export const EIN: NumberKind = {
  label: 'US EIN',
  characters: { allowed: /^[0-9]$/, what: 'digits' },
  reasons: {
    InvalidLength: 'an EIN has 9 digits, like 12-3456789',
    // stdnum's InvalidComponent also stands for a letter, which strayReason names first.
    InvalidComponent: 'no EIN starts with those two digits',
    default: 'an EIN has 9 digits, like 12-3456789',
  },
};
export const FR_TVA: NumberKind = {
  label: 'French VAT number',
  characters: { allowed: /^[0-9A-Z]$/, what: 'letters and digits' },
  reasons: {
    InvalidChecksum: 'the 2-character key does not match the SIREN',
    InvalidComponent:
      "the SIREN's check digit is wrong: its last digit does not fit the other eight by the Luhn formula",
    InvalidLength: 'it is FR, a 2-character key and the 9-digit SIREN, like FR40303265045',
    InvalidFormat: 'it is FR, a 2-character key and the 9-digit SIREN, like FR40303265045',
    default: 'it is FR, a 2-character key and the 9-digit SIREN, like FR40303265045',
  },
};
export const SG_UEN: NumberKind = {
  label: 'Singapore UEN or GST registration number',
  characters: { allowed: /^[0-9A-Z]$/, what: 'letters and digits' },
  reasons: {
    InvalidChecksum: 'the check letter is wrong',
    InvalidLength: 'a UEN has 9 or 10 characters, a GST number is M + 8 digits + a check character',
    default: 'expected a UEN like 201812927R or a GST number like M90312345X',
  },
};

export const VALIDATE_GSTIN: Validator = GSTIN_VALIDATOR;
export const VALIDATE_ABN: Validator = auAbn;
export const VALIDATE_EIN: Validator = usEin;
export const VALIDATE_FR_TVA: Validator = FRENCH_VAT_VALIDATOR;
export const VALIDATE_SG_UEN: Validator = sgUen;

/**
 * A character the number cannot hold, named: a letter in a number of digits, or anything but a letter, a digit or
 * a separator.
 */
function strayReason(kind: NumberKind, value: string): string | undefined {
  const stray = strayCharacter(value, kind.characters.allowed);
  if (stray === undefined) return undefined;
  const { character, at } = stray;
  const where = `${shownCharacter(character)} at character ${at}`;
  if (kind.characters.what === 'digits' && /\p{L}/u.test(character)) {
    return `${where} is a letter, and the number has only digits`;
  }
  if (!isAscii(character)) {
    return `${where} is not an ASCII character (it may only look like one)`;
  }
  return `${where} is not part of one: it has ${kind.characters.what}, which only spaces, dashes, dots or slashes may separate`;
}

/** Checks the compact form; the message quotes the number as written. */
export function checkWithStdnum(validator: Validator, kind: NumberKind, value: string): string | undefined {
  const result = validator.validate(compactNumber(value));
  if (result.isValid) return undefined;
  const name = result.error?.name as StdnumFailure | undefined;
  const reason =
    strayReason(kind, value) ?? (name !== undefined ? kind.reasons[name] : undefined) ?? kind.reasons.default;
  return `"${value}" is not a valid ${kind.label} (${reason})`;
}
