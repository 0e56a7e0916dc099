import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { isEmailAddress } from '../customer/email-format.js';

/**
 * One Ajv for the sandbox, with ajv-formats' full (RFC-faithful) uuid check and zcust's e-mail rule: the same
 * pattern, held to RFC 5321's lengths as the platforms' pydantic holds it, so that the sandbox agrees with validate.
 */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true });
  // ajv-formats is CommonJS: under NodeNext the default import is module.exports, whose `default` is the plugin.
  formatsPlugin.default(ajv, { mode: 'full' });
  ajv.addFormat('email', isEmailAddress);
  return ajv;
}

let emailCheck: ((value: unknown) => boolean) | undefined;

/** The same email rule the Zenskar schema applies, for dialects that check fields by hand. */
export function isEmail(value: string): boolean {
  emailCheck ??= createAjv().compile({ type: 'string', format: 'email' });
  return emailCheck(value);
}
