/**
 * Tax IDs: a "Tax Jurisdiction n"/"Tax ID n" pair resolved, and a number checked against its jurisdiction. The
 * number checks belong to maintained libraries: stdnum (koblas) for GSTIN (with the state codes its table
 * lacks, gstin.ts), ABN, EIN, French VAT (fr-vat.ts tells its two checksum failures apart) and Singapore UEN,
 * jsvat for EU VAT numbers. This file chooses the check; the pieces are each in a file of their own: the
 * jurisdictions (tax-jurisdictions.ts), the form a number is checked and sent in (ascii-form.ts, tax-number-form.ts), stdnum's
 * failures worded for a finance user (stdnum-check.ts), and the SG, FR and EU checks (sg-jurisdiction.ts,
 * fr-jurisdiction.ts, eu-jurisdiction.ts).
 */
import type { Issue, Jurisdiction, TaxId } from '../model.js';
import { taxColumns } from '../template.js';
import { asciiForm } from './ascii-form.js';
import { checkEuVat } from './eu-jurisdiction.js';
import { checkFrenchJurisdiction } from './fr-jurisdiction.js';
import { checkSingapore } from './sg-jurisdiction.js';
import {
  ABN,
  checkWithStdnum,
  EIN,
  GSTIN,
  VALIDATE_ABN,
  VALIDATE_EIN,
  VALIDATE_GSTIN,
} from './stdnum-check.js';
import { JURISDICTION_LIST, parseJurisdiction, TAX_INFO } from './tax-jurisdictions.js';
import { controlCharacterMessage, invisibleCharacterMessage } from './text.js';

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
          message: `${columns.id} "${idText}" has no jurisdiction: use one of ${JURISDICTION_LIST}`,
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
