/**
 * Tax jurisdictions and tax IDs. The jurisdictions are Zenskar's UI labels (IND, USA, AUS, EU, SG, FR);
 * the number checks belong to maintained libraries: stdnum (koblas) for GSTIN (with the state codes its table
 * lacks, gstin.ts), ABN, EIN, French VAT (fr-vat.ts tells its two checksum failures apart) and Singapore UEN,
 * jsvat for EU VAT numbers. This file chooses the check and words the failure for a finance user.
 */
import { type Country, checkVAT, countries as jsvatCountries } from 'jsvat';
// One module per number type rather than stdnum's index, which loads every country's validators (16 MB).
import * as auAbn from 'stdnum/lib/cjs/au/abn.js';
import * as sgUen from 'stdnum/lib/cjs/sg/uen.js';
import type { Validator } from 'stdnum/lib/cjs/types.js';
import * as usEin from 'stdnum/lib/cjs/us/ein.js';
import type { Issue, Jurisdiction, TaxId } from '../model.js';
// Before any check runs: stdnum's cleaning, at once for the compact numbers this file hands it.
import './stdnum-clean.js';
import { taxColumns } from '../template.js';
import { countryCodeFromAnything, countryName } from './country.js';
import { FRENCH_VAT_VALIDATOR, isFrenchKey } from './fr-vat.js';
import { GSTIN_VALIDATOR } from './gstin.js';
import { errorValueLookalikeMessage } from './spreadsheet-cells.js';
import { controlCharacterMessage, invisibleCharacterMessage } from './text.js';
import {
  EU_MEMBER_CODES,
  EU_VAT_COUNTRIES,
  euCountriesFor,
  NORTHERN_IRELAND_PREFIX,
  vatPrefixOwner,
} from './vat-prefixes.js';

export const JURISDICTIONS: readonly Jurisdiction[] = ['IND', 'USA', 'AUS', 'EU', 'SG', 'FR'];
const JURISDICTION_LIST = JURISDICTIONS.join(', ');

/** What the API's tax_info item says for each jurisdiction (EU takes its country from the VAT number). */
const TAX_INFO: Record<Jurisdiction, { countryCode: string; taxCode: 'GST' | 'VAT' }> = {
  IND: { countryCode: 'IN', taxCode: 'GST' },
  USA: { countryCode: 'US', taxCode: 'VAT' },
  AUS: { countryCode: 'AU', taxCode: 'GST' },
  EU: { countryCode: 'EU', taxCode: 'VAT' },
  SG: { countryCode: 'SG', taxCode: 'VAT' },
  FR: { countryCode: 'FR', taxCode: 'VAT' },
};

/**
 * Digits in the other forms stdnum's cleaning reads as 0–9 (full-width １２, Arabic-Indic ١٢, Persian ۱۲,
 * mathematical 𝟏𝟐), and the rest of what a full-width input mode types for ASCII (ＤＥ, －, the ideographic
 * space). stdnum passed "１２-３４５６７８９" as an EIN and the number went to the API in full-width digits,
 * while jsvat refused the same digits in a VAT number: every check reads this form, and it is what is sent.
 */
const OTHER_FORMS = /[\u3000\uff01-\uff5e\u0660-\u0669\u06f0-\u06f9\u{1d7ce}-\u{1d7ff}]/gu;

/** Text with nothing for asciiForm to change: printable ASCII, most tax numbers as written. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function asciiForm(value: string): string {
  if (PRINTABLE_ASCII.test(value)) return value;
  return value.replace(OTHER_FORMS, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    if (code === 0x3000) return ' ';
    if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
    if (code <= 0x0669) return String(code - 0x0660);
    if (code <= 0x06f9) return String(code - 0x06f0);
    // Five runs of 0–9 (bold, double-struck, sans-serif, sans-serif bold, monospace).
    return String((code - 0x1d7ce) % 10);
  });
}

/**
 * A tax number as the registries write it: in ASCII, upper case, without the spaces, dashes, dots and slashes
 * people add. Every check is handed this form, since each library strips its own set of separators (stdnum's ABN
 * and UEN only spaces, its EIN and GSTIN dashes too, jsvat dots and slashes as well). \p{Pd} takes the en
 * dash and the other dashes a spreadsheet puts in for a hyphen.
 */
const compactNumber = (value: string): string =>
  PRINTABLE_ASCII.test(value)
    ? // The same for ASCII, where the only white space is the space and the only dash the hyphen-minus, without
      // the Unicode regular expressions' cost (a third of a tax number's check).
      value.toUpperCase().replace(/[ \-./]+/g, '')
    : asciiForm(value)
        .toUpperCase()
        .replace(/[\s\p{Pd}./]+/gu, '');

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

/** stdnum's error classes, as a finance user would want them explained, per kind of number. */
type StdnumFailure = 'InvalidChecksum' | 'InvalidLength' | 'InvalidFormat' | 'InvalidComponent';

interface NumberKind {
  /** "an Indian GSTIN" */
  label: string;
  /** Why it failed, by stdnum error name; `default` for anything else. */
  reasons: Partial<Record<StdnumFailure, string>> & { default: string };
}

const GSTIN: NumberKind = {
  label: 'Indian GSTIN',
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
const ABN: NumberKind = {
  label: 'Australian ABN',
  reasons: {
    InvalidChecksum: 'the check digits are wrong',
    InvalidLength: 'an ABN has 11 digits',
    InvalidFormat: 'an ABN has only digits',
    default: 'an ABN has 11 digits, like 51 824 753 556',
  },
};
const EIN: NumberKind = {
  label: 'US EIN',
  reasons: {
    InvalidLength: 'an EIN has 9 digits, like 12-3456789',
    InvalidFormat: 'an EIN has only digits, like 12-3456789',
    InvalidComponent: 'no EIN starts with those two digits',
    default: 'an EIN has 9 digits, like 12-3456789',
  },
};
const FR_TVA: NumberKind = {
  label: 'French VAT number',
  reasons: {
    InvalidChecksum: 'the 2-character key does not match the SIREN',
    InvalidComponent:
      "the SIREN's check digit is wrong: its last digit does not fit the other eight by the Luhn formula",
    InvalidLength: 'it is FR, a 2-character key and the 9-digit SIREN, like FR40303265045',
    InvalidFormat: 'it is FR, a 2-character key and the 9-digit SIREN, like FR40303265045',
    default: 'it is FR, a 2-character key and the 9-digit SIREN, like FR40303265045',
  },
};
const SG_UEN: NumberKind = {
  label: 'Singapore UEN or GST registration number',
  reasons: {
    InvalidChecksum: 'the check letter is wrong',
    InvalidLength: 'a UEN has 9 or 10 characters, a GST number is M + 8 digits + a check character',
    default: 'expected a UEN like 201812927R or a GST number like M90312345X',
  },
};

const VALIDATE_GSTIN: Validator = GSTIN_VALIDATOR;
const VALIDATE_ABN: Validator = auAbn;
const VALIDATE_EIN: Validator = usEin;
const VALIDATE_FR_TVA: Validator = FRENCH_VAT_VALIDATOR;
const VALIDATE_SG_UEN: Validator = sgUen;

/** Checks the compact form; the message quotes the number as written. */
function checkWithStdnum(validator: Validator, kind: NumberKind, value: string): string | undefined {
  const result = validator.validate(compactNumber(value));
  if (result.isValid) return undefined;
  const name = result.error?.name as StdnumFailure | undefined;
  const reason = (name !== undefined ? kind.reasons[name] : undefined) ?? kind.reasons.default;
  return `"${value}" is not a valid ${kind.label} (${reason})`;
}

/**
 * GST registration numbers IRAS assigns itself (not the UEN): M, a letter or digit, 7 digits and a check
 * character, as in "M90312345X", "MR8500053A" or the older "M2-1234567-X". IRAS publishes no checksum for
 * them, so only the shape is checked (as GOBL's Singapore regime does).
 */
const SG_GST_NUMBER = /^M[A-Z0-9]\d{7}[A-Z0-9]$/;

function checkSingapore(value: string): string | undefined {
  if (SG_GST_NUMBER.test(compactNumber(value))) return undefined;
  return checkWithStdnum(VALIDATE_SG_UEN, SG_UEN, value);
}

/** A French number under EU gets the FR jurisdiction's check: jsvat checks its key but not the SIREN's own digit. */
function checkFrenchVat(value: string): { countryCode?: string; message?: string } {
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
  const where = origin.inEu ? '; put it under the EU jurisdiction' : '';
  const asFrenchKey = isFrenchKey(origin.prefix)
    ? ` (a French number whose key is ${origin.prefix} is written FR${compact})`
    : '';
  return `"${value}" is not a French VAT number: it starts with the VAT prefix ${origin.prefix} (${origin.owner})${where}${asFrenchKey}`;
}

function checkFrenchJurisdiction(value: string): { countryCode?: string; message?: string } {
  const message = foreignNumberUnderFr(value);
  return message === undefined ? checkFrenchVat(value) : { message };
}

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
function checkEuVat(value: string): { countryCode?: string; message?: string } {
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

/** Checks a tax ID against its jurisdiction; `message` says why it is not valid, `countryCode` is for tax_info. */
export function checkTaxId(
  jurisdiction: Jurisdiction,
  value: string,
): { countryCode?: string; message?: string } {
  const info = TAX_INFO[jurisdiction];
  let message: string | undefined;
  switch (jurisdiction) {
    case 'IND':
      message = checkWithStdnum(VALIDATE_GSTIN, GSTIN, value);
      break;
    case 'AUS':
      message = checkWithStdnum(VALIDATE_ABN, ABN, value);
      break;
    case 'USA':
      message = checkWithStdnum(VALIDATE_EIN, EIN, value);
      break;
    case 'FR':
      return checkFrenchJurisdiction(value);
    case 'SG':
      message = checkSingapore(value);
      break;
    case 'EU':
      return checkEuVat(value);
  }
  return message === undefined ? { countryCode: info.countryCode } : { message };
}

/** A control or invisible character in a Tax ID, which would be sent as written: the issue naming it. */
function damagedTaxId(column: string, idText: string): Issue | undefined {
  const damaged = controlCharacterMessage(idText) ?? invisibleCharacterMessage(idText);
  return damaged === undefined ? undefined : { field: column, code: 'invalid_tax_id', message: damaged };
}

/**
 * One "Tax Jurisdiction n"/"Tax ID n" pair. Both empty: nothing. One without the other, an unknown
 * jurisdiction or a number that fails its check: issues naming the column at fault. With `freeText` (a
 * platform whose tax id is any text: DayZero, AmbioSys), a Tax ID without a jurisdiction is taken as written,
 * unchecked, as that platform's own exports hold it; one with a jurisdiction is still checked against it.
 */
export function resolveTaxPair(
  n: number,
  jurisdictionValue: string,
  taxIdValue: string,
  freeText = false,
): { taxId?: TaxId; issues: Issue[] } {
  const columns = taxColumns(n);
  const jurisdictionText = jurisdictionValue.trim();
  const idText = taxIdValue.trim();
  if (jurisdictionText === '' && idText === '') return { issues: [] };
  if (jurisdictionText === '' && freeText) {
    const damaged = damagedTaxId(columns.id, idText);
    return damaged === undefined ? { taxId: { taxId: idText }, issues: [] } : { issues: [damaged] };
  }
  if (jurisdictionText === '') {
    // The number's own damage too: "has no jurisdiction" alone quoted a value that looked right.
    const damaged = damagedTaxId(columns.id, idText);
    return {
      issues: [
        ...(damaged === undefined ? [] : [damaged]),
        {
          field: columns.jurisdiction,
          code: 'invalid_tax_jurisdiction',
          message: `${columns.id} "${idText}" has no jurisdiction; use one of ${JURISDICTION_LIST}`,
        },
      ],
    };
  }

  const parsed = parseJurisdiction(jurisdictionText);
  if ('message' in parsed) {
    return {
      issues: [{ field: columns.jurisdiction, code: 'invalid_tax_jurisdiction', message: parsed.message }],
    };
  }
  const { jurisdiction } = parsed;
  if (idText === '') {
    return {
      issues: [
        {
          field: columns.jurisdiction,
          code: 'invalid_tax_jurisdiction',
          message: `"${jurisdictionText}" is given but ${columns.id} is empty`,
        },
      ],
    };
  }

  // Before the number's check, which ignores white space (and stdnum a soft hyphen): a tab, a line break or
  // a zero-width space would be sent as written.
  const damaged = damagedTaxId(columns.id, idText);
  if (damaged !== undefined) return { issues: [damaged] };
  const checked = checkTaxId(jurisdiction, idText);
  if (checked.message !== undefined || checked.countryCode === undefined) {
    return {
      issues: [
        { field: columns.id, code: 'invalid_tax_id', message: checked.message ?? `"${idText}" is not valid` },
      ],
    };
  }
  return {
    taxId: {
      jurisdiction,
      countryCode: checked.countryCode,
      taxCode: TAX_INFO[jurisdiction].taxCode,
      // As checked: as written, but in ASCII where it was typed full-width or in digits of another script.
      taxId: asciiForm(idText),
    },
    issues: [],
  };
}
