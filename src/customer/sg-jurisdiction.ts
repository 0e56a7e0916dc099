/**
 * The SG jurisdiction's check: a Singapore UEN, or a GST registration number IRAS assigns itself, which
 * stdnum does not know.
 */
import { checkWithStdnum, SG_UEN, VALIDATE_SG_UEN } from './stdnum-check.js';
import { compactNumber } from './tax-number-form.js';

/**
 * GST registration numbers IRAS assigns itself (not the UEN): M, a letter or digit, 7 digits and a check
 * character, as in "M90312345X", "MR8500053A" or the older "M2-1234567-X". IRAS publishes no checksum for
 * them, so only the shape is checked (as GOBL's Singapore regime does).
 */
const SG_GST_NUMBER = /^M[A-Z0-9]\d{7}[A-Z0-9]$/;

export function checkSingapore(value: string): string | undefined {
  if (SG_GST_NUMBER.test(compactNumber(value))) return undefined;
  return checkWithStdnum(VALIDATE_SG_UEN, SG_UEN, value);
}
