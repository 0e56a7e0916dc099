/**
 * What an e-mail address is, as the APIs decide it. The Zenskar OpenAPI slice says `format: email`, which is
 * ajv-formats' full-mode pattern: taking the very same pattern, rather than zod's own, keeps zcust from refusing
 * addresses the API takes (`a&b@example.com`, `user@example.xn--p1ai`) or passing ones it refuses
 * (`a@example-.com`). Both platforms check addresses with pydantic's EmailStr (python-email-validator), which also
 * holds them to RFC 5321's lengths, as the pattern does not: the sandbox checks bodies by this same rule
 * (sandbox/ajv.ts), so that it agrees with validate.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';

const format = fullFormats.email;
// ajv-formats types a format as a pattern or a function; a function here would need another way to share it.
if (!(format instanceof RegExp))
  throw new Error('ajv-formats no longer defines the email format as a pattern');

export const EMAIL_PATTERN: RegExp = format;

/** RFC 5321's limits, in octets: one a character, since the pattern takes ASCII only. */
export const EMAIL_LIMITS = { localPart: 64, label: 63, address: 254 } as const;

/**
 * Which of RFC 5321's limits an address that fits the pattern passes, in words, or undefined when it keeps to
 * them all.
 */
export function emailLengthProblem(address: string): string | undefined {
  // Run on every valid e-mail: one no longer than the least limit (a label's) passes them all, and most are.
  if (address.length <= EMAIL_LIMITS.label) return undefined;
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  if (local.length > EMAIL_LIMITS.localPart) {
    return `the part before the @ has ${local.length} characters, and the most is ${EMAIL_LIMITS.localPart}`;
  }
  const label = address
    .slice(at + 1)
    .split('.')
    .find((part) => part.length > EMAIL_LIMITS.label);
  if (label !== undefined) {
    return `"${label}" after the @ has ${label.length} characters between dots, and the most is ${EMAIL_LIMITS.label}`;
  }
  if (address.length > EMAIL_LIMITS.address) {
    return `it has ${address.length} characters, and the most an address may have is ${EMAIL_LIMITS.address}`;
  }
  return undefined;
}

/** Whether the platforms take `address`: the pattern, within RFC 5321's lengths. */
export const isEmailAddress = (address: string): boolean =>
  EMAIL_PATTERN.test(address) && emailLengthProblem(address) === undefined;
