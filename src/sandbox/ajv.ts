import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';

/** One Ajv for the sandbox, with ajv-formats' full (RFC-faithful) email and uuid checks. */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true });
  // ajv-formats is CommonJS: under NodeNext the default import is module.exports, whose `default` is the plugin.
  formatsPlugin.default(ajv, { mode: 'full' });
  return ajv;
}

let emailCheck: ((value: unknown) => boolean) | undefined;

/** The same email rule the Zenskar schema applies, for dialects that check fields by hand. */
export function isEmail(value: string): boolean {
  emailCheck ??= createAjv().compile({ type: 'string', format: 'email' });
  return emailCheck(value);
}
