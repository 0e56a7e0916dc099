/** The Email column: an address the platforms take (email-format.ts), or the reason it is not one. */
import * as z from 'zod';
import { EMAIL_PATTERN, emailLengthProblem } from './email-format.js';
import { misleadingCharacterMessage } from './misleading-characters.js';

function emailMessage(value: string): string | undefined {
  if (!EMAIL_PATTERN.test(value)) {
    // "jаne@acme.com" with a Cyrillic "а" shows as an address that looks right: the character is named instead.
    return misleadingCharacterMessage(value) ?? `"${value}" is not a valid email address`;
  }
  const tooLong = emailLengthProblem(value);
  return tooLong === undefined ? undefined : `"${value}" is not a valid email address: ${tooLong}`;
}

export const emailField = z.string().superRefine((value, ctx) => {
  const message = emailMessage(value);
  if (message !== undefined) ctx.addIssue({ code: 'custom', input: value, message });
});
