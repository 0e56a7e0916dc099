/**
 * Why an e-mail address is not one, in the words of python-email-validator, which pydantic's EmailStr (DayZero's
 * `email`) quotes in its 422: `value is not a valid email address: <reason>`. Asked only about addresses the
 * sandbox refused by its rule (the OpenAPI `format: email`, the one zcust checks rows against), it runs
 * email-validator's checks in email-validator's order, so the reason blames the part email-validator would blame,
 * not always the domain. Where email-validator would take what the rule refuses (a letter such as `ü` before the
 * @-sign), the reason is the one it gives with that switched off (`allow_smtputf8=False`). RFC 5321's lengths are
 * zcust's (email-format.ts), which the rule holds addresses to.
 */
import { EMAIL_LIMITS } from '../customer/email-format.js';

const ATEXT = "a-zA-Z0-9_!#$%&'*+\\-/=?^`{|}~";
const NON_ASCII = '\\u0080-\\u{10FFFF}';
const DOT_ATOM = new RegExp(`^[${ATEXT}]+(?:\\.[${ATEXT}]+)*$`);
const DOT_ATOM_INTL = new RegExp(`^[${ATEXT}${NON_ASCII}]+(?:\\.[${ATEXT}${NON_ASCII}]+)*$`, 'u');
const ATEXT_OR_DOT = new RegExp(`[.${ATEXT}]`);
const ATEXT_INTL_OR_DOT = new RegExp(`[.${ATEXT}${NON_ASCII}]`, 'u');
const HOSTNAME_ASCII = /[a-zA-Z0-9.-]/;
const HOSTNAME_OR_NON_ASCII = /[a-zA-Z0-9.-]|[^\x00-\x7f]/;
const SHOWN_AS_ITSELF = /[\p{L}\p{N}\p{P}\p{S}]/u;
const SAFE = /[\p{L}\p{N}\p{P}\p{S}\p{M}]/u;
/** Names Python's unicodedata gives the blanks a spreadsheet leaves in a cell; others show as U+XXXX. */
const CHARACTER_NAMES: Readonly<Record<string, string>> = {
  ' ': 'SPACE',
  '\u00a0': 'NO-BREAK SPACE',
  '\u2009': 'THIN SPACE',
  '\u200b': 'ZERO WIDTH SPACE',
  '\u202f': 'NARROW NO-BREAK SPACE',
  '\ufeff': 'ZERO WIDTH NO-BREAK SPACE',
};

export function emailProblem(address: string): string {
  const parts = splitAtSign(address);
  if (parts === undefined) return 'An email address must have an @-sign.';
  if (typeof parts === 'string') return parts;
  return (
    localPartProblem(parts.local) ??
    domainProblem(parts.domain) ??
    (address.length > EMAIL_LIMITS.address
      ? `The email address is too long ${tooMany(address, EMAIL_LIMITS.address)}.`
      : 'The email address is not valid.')
  );
}

/** email-validator's get_length_reason: "(1 character too many)". */
function tooMany(text: string, limit: number): string {
  const over = text.length - limit;
  return `(${over} character${over > 1 ? 's' : ''} too many)`;
}

/** The longest domain email-validator takes (RFC 1035), which the address's own limit makes the first to pass. */
const DOMAIN_MAX_LENGTH = 253;

/**
 * The parts before and after the first @-sign outside quotes; a problem when a `<` comes first (the `Name <addr>`
 * form, which email-validator refuses here); undefined without an @-sign.
 */
function splitAtSign(address: string): { local: string; domain: string } | string | undefined {
  let quoted = false;
  let escaped = false;
  for (let at = 0; at < address.length; at += 1) {
    const c = address[at];
    if (quoted) {
      if (c === '"' && !escaped) quoted = false;
      escaped = c === '\\' && !escaped;
    } else if (c === '"') quoted = true;
    else if (c === '@') return { local: address.slice(0, at), domain: address.slice(at + 1) };
    else if (c === '<') return angleBracketProblem(address.slice(at));
  }
  return undefined;
}

function angleBracketProblem(bracketed: string): string {
  if (!bracketed.includes('>')) {
    return 'An open angle bracket at the start of the email address has to be followed by a close angle bracket at the end.';
  }
  const trimmed = bracketed.replace(/ +$/, '');
  if (!trimmed.endsWith('>')) return "There can't be anything after the email address.";
  const inner = trimmed.slice(1).replace(/>+$/, '');
  const parts = splitAtSign(inner);
  if (parts === undefined) return 'An email address must have an @-sign.';
  const innerProblem =
    typeof parts === 'string' ? parts : (localPartProblem(parts.local) ?? domainProblem(parts.domain));
  return innerProblem ?? 'A display name and angle brackets around the email address are not permitted here.';
}

function localPartProblem(local: string): string | undefined {
  if (local === '' || local === '""') return 'There must be something before the @-sign.';
  if (local.length > EMAIL_LIMITS.localPart) {
    return `The email address is too long before the @-sign ${tooMany(local, EMAIL_LIMITS.localPart)}.`;
  }
  if (DOT_ATOM.test(local)) return undefined;
  if (local.startsWith('"')) return 'Quoting the part before the @-sign is not allowed here.';
  if (DOT_ATOM_INTL.test(local)) {
    return `Internationalized characters before the @-sign are not supported: ${shown(local, ATEXT_OR_DOT)}.`;
  }
  const bad = shown(local, ATEXT_INTL_OR_DOT);
  if (bad !== '') return `The email address contains invalid characters before the @-sign: ${bad}.`;
  return dotProblem(
    local,
    'An email address cannot start with a {}.',
    'An email address cannot have a {} immediately before the @-sign.',
  );
}

function domainProblem(domain: string): string | undefined {
  if (domain === '') return 'There must be something after the @-sign.';
  if (domain.startsWith('[') && domain.endsWith(']')) {
    return 'A bracketed IP address after the @-sign is not allowed here.';
  }
  // email-validator names the ASCII characters no host name takes; it would encode the others (IDNA), which the
  // sandbox's rule does not take either, so they are named after.
  const bad = shown(domain, HOSTNAME_OR_NON_ASCII);
  if (bad !== '') return `The part after the @-sign contains invalid characters: ${bad}.`;
  const unsafe = unsafeCharacters(domain);
  if (unsafe !== '') return `The email address contains unsafe characters: ${unsafe}.`;
  const international = shown(domain, HOSTNAME_ASCII);
  if (international !== '') return `The part after the @-sign contains invalid characters: ${international}.`;
  const start = 'An email address cannot have a {} immediately after the @-sign.';
  const hostnameProblem =
    dotProblem(domain, start, 'An email address cannot end with a {}.') ??
    hyphenProblem(domain, start, 'An email address cannot end with a {}.');
  if (hostnameProblem !== undefined) return hostnameProblem;
  if (domain.length > DOMAIN_MAX_LENGTH) {
    return `The email address is too long after the @-sign ${tooMany(domain, DOMAIN_MAX_LENGTH)}.`;
  }
  const label = domain.split('.').find((part) => part.length > EMAIL_LIMITS.label);
  if (label !== undefined) {
    return `On either side of the @-sign, periods cannot be separated by so many characters ${tooMany(label, EMAIL_LIMITS.label)}.`;
  }
  if (!domain.includes('.')) return 'The part after the @-sign is not valid. It should have a period.';
  return undefined;
}

function dotProblem(part: string, start: string, end: string): string | undefined {
  if (part.endsWith('.')) return end.replace('{}', 'period');
  if (part.startsWith('.')) return start.replace('{}', 'period');
  if (part.includes('..')) return 'An email address cannot have two periods in a row.';
  return undefined;
}

function hyphenProblem(domain: string, start: string, end: string): string | undefined {
  if (domain.endsWith('-')) return end.replace('{}', 'hyphen');
  if (domain.startsWith('-')) return start.replace('{}', 'hyphen');
  if (domain.includes('.-') || domain.includes('-.')) {
    return 'An email address cannot have a period and a hyphen next to each other.';
  }
  return undefined;
}

/** The characters of `text` that `allowed` does not match, each once, sorted and shown as Python shows them. */
function shown(text: string, allowed: RegExp): string {
  const bad = new Set([...text].filter((c) => !allowed.test(c)).map(display));
  return [...bad].sort().join(', ');
}

/** email-validator's check_unsafe_chars: blanks, controls, a mark with nothing to mark; sorted before shown. */
function unsafeCharacters(text: string): string {
  const characters = [...text];
  const unsafe = characters.filter((c, at) => !SAFE.test(c) || (at === 0 && /\p{M}/u.test(c)));
  return [...new Set(unsafe)].sort().map(display).join(', ');
}

/** email-validator's safe_character_display: a visible character quoted as Python's repr(), a blank by name. */
function display(c: string): string {
  if (c === '\\') return '"\\"';
  if (SHOWN_AS_ITSELF.test(c)) return c === "'" ? `"'"` : `'${c}'`;
  const code = c.codePointAt(0) ?? 0;
  return (
    CHARACTER_NAMES[c] ??
    `U+${code
      .toString(16)
      .toUpperCase()
      .padStart(code <= 0xffff ? 4 : 8, '0')}`
  );
}
