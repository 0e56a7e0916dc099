/**
 * What an e-mail address is, as the API decides it: the Zenskar OpenAPI slice says `format: email`, which is
 * ajv-formats' full-mode pattern (the sandbox checks bodies with exactly that). Taking the very same pattern,
 * rather than zod's own, keeps zcust from refusing addresses the API takes (`a&b@example.com`,
 * `user@example.xn--p1ai`) or passing ones it refuses (`a@example-.com`).
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';

const format = fullFormats.email;
// ajv-formats types a format as a pattern or a function; a function here would need another way to share it.
if (!(format instanceof RegExp))
  throw new Error('ajv-formats no longer defines the email format as a pattern');

export const EMAIL_PATTERN: RegExp = format;
