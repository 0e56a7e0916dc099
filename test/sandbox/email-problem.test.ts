/**
 * Why DayZero refuses an e-mail address, in python-email-validator's words. The table is what email-validator 2.3.0
 * answers for each address (validate_email with allow_smtputf8=False, the sandbox's rule of ASCII addresses).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateRow } from '../../src/customer/schema.js';
import { isEmail } from '../../src/sandbox/ajv.js';
import { emailProblem } from '../../src/sandbox/email-problem.js';
import { COLUMN } from '../../src/template.js';
import { validRowWith } from '../customer/rows.js';

describe('emailProblem: the reason email-validator gives', () => {
  it.each([
    ['not-an-email', 'An email address must have an @-sign.'],
    ['@acme.com', 'There must be something before the @-sign.'],
    [' x@acme.com', 'The email address contains invalid characters before the @-sign: SPACE.'],
    ['x@acme.com ', 'The part after the @-sign contains invalid characters: SPACE.'],
    ['a b@acme.com', 'The email address contains invalid characters before the @-sign: SPACE.'],
    ['jürgen@acme.com', "Internationalized characters before the @-sign are not supported: 'ü'."],
    ['ana@', 'There must be something after the @-sign.'],
    ['ana@@acme.example', "The part after the @-sign contains invalid characters: '@'."],
    ['.ana@example.com', 'An email address cannot start with a period.'],
    ['ana.@example.com', 'An email address cannot have a period immediately before the @-sign.'],
    ['a..b@example.com', 'An email address cannot have two periods in a row.'],
    ['ana@localhost', 'The part after the @-sign is not valid. It should have a period.'],
    ['ana@exa_mple.com', "The part after the @-sign contains invalid characters: '_'."],
    ['josé@example.com', "Internationalized characters before the @-sign are not supported: 'é'."],
    ['ana@example.com.', 'An email address cannot end with a period.'],
    ['a@example-.com', 'An email address cannot have a period and a hyphen next to each other.'],
    ['a@-example.com', 'An email address cannot have a hyphen immediately after the @-sign.'],
    ['a@example.com-', 'An email address cannot end with a hyphen.'],
    ['a,b@acme.com', "The email address contains invalid characters before the @-sign: ','."],
    ['a\tb@acme.com', 'The email address contains invalid characters before the @-sign: U+0009.'],
    ['a(b)@acme.com', "The email address contains invalid characters before the @-sign: '(', ')'."],
    ['"a b"@acme.com', 'Quoting the part before the @-sign is not allowed here.'],
    ['a@b@acme.com', "The part after the @-sign contains invalid characters: '@'."],
    ['a@acme', 'The part after the @-sign is not valid. It should have a period.'],
    ['a@acme..com', 'An email address cannot have two periods in a row.'],
    ['a@.acme.com', 'An email address cannot have a period immediately after the @-sign.'],
    [
      'Ana <ana@acme.com>',
      'A display name and angle brackets around the email address are not permitted here.',
    ],
    ['Ana <ana@acme>', 'The part after the @-sign is not valid. It should have a period.'],
    ['a"b@acme.com', 'An email address must have an @-sign.'],
    ['a@[1.2.3.4]', 'A bracketed IP address after the @-sign is not allowed here.'],
    ['ana maria@acme.example', 'The email address contains invalid characters before the @-sign: SPACE.'],
    ['a:b@acme.com', "The email address contains invalid characters before the @-sign: ':'."],
    ['a;b@acme.com', "The email address contains invalid characters before the @-sign: ';'."],
    [
      'a<b@acme.com',
      'An open angle bracket at the start of the email address has to be followed by a close angle bracket at the end.',
    ],
    ['a[b]@acme.com', "The email address contains invalid characters before the @-sign: '[', ']'."],
    ['a\\b@acme.com', 'The email address contains invalid characters before the @-sign: "\\".'],
    ['a@acme.com\n', 'The part after the @-sign contains invalid characters: U+000A.'],
    [
      'a\u00a0b@acme.com',
      'Internationalized characters before the @-sign are not supported: NO-BREAK SPACE.',
    ],
    ['a@ex ample.com', 'The part after the @-sign contains invalid characters: SPACE.'],
    ['a@ex\u00a0ample.com', 'The email address contains unsafe characters: NO-BREAK SPACE.'],
    ['ü.@acme.com', 'An email address cannot have a period immediately before the @-sign.'],
    ['a\'b"@acme.com', 'An email address must have an @-sign.'],
    ['jürgen smith@acme.com', 'The email address contains invalid characters before the @-sign: SPACE.'],
    ['a@acme.com>', "The part after the @-sign contains invalid characters: '>'."],
    ['<a@acme.com> x', "There can't be anything after the email address."],
    [
      'a\u200b@acme.com',
      'Internationalized characters before the @-sign are not supported: ZERO WIDTH SPACE.',
    ],
    ['ana@acme_x', "The part after the @-sign contains invalid characters: '_'."],
    ['""@acme.com', 'There must be something before the @-sign.'],
    ['a@', 'There must be something after the @-sign.'],
    // RFC 5321's lengths, which the pattern alone let through: the sandbox created these.
    [`${'a'.repeat(65)}@acme.com`, 'The email address is too long before the @-sign (1 character too many).'],
    [
      `${'a'.repeat(66)}@acme.com`,
      'The email address is too long before the @-sign (2 characters too many).',
    ],
    [
      `x@${'b'.repeat(64)}.com`,
      'On either side of the @-sign, periods cannot be separated by so many characters (1 character too many).',
    ],
    [
      `${'a'.repeat(60)}@${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.gggggggg.com`,
      'The email address is too long (2 characters too many).',
    ],
    [
      `a@${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.${'g'.repeat(60)}.hhhhhh.com`,
      'The email address is too long after the @-sign (1 character too many).',
    ],
  ])('%j: %s', (address, reason) => {
    expect(isEmail(address), 'the sandbox takes this address: it is never asked why not').toBe(false);
    expect(emailProblem(address)).toBe(reason);
  });

  it('names the character after the @-sign that email-validator would encode (IDNA) and the sandbox refuses', () => {
    expect(emailProblem('a@exämple.com')).toBe("The part after the @-sign contains invalid characters: 'ä'.");
  });

  it('has a reason of its own for every address the sandbox refuses, generated ones and near misses', () => {
    const nearMiss = fc
      .tuple(
        fc.emailAddress(),
        fc.nat(),
        fc.constantFrom('-', '.', '@', ' ', '_', '<', '"', 'é', '\u00a0', ''),
      )
      .map(
        ([email, at, inserted]) =>
          email.slice(0, at % email.length) + inserted + email.slice(at % email.length),
      );
    fc.assert(
      fc.property(fc.oneof(nearMiss, fc.string()), (address) => {
        fc.pre(!isEmail(address));
        expect(emailProblem(address), `no reason for ${JSON.stringify(address)}`).not.toBe(
          'The email address is not valid.',
        );
      }),
      { numRuns: 3000 },
    );
  });
});

// The sandbox is to answer as the platform would to what validate passes: an address one takes and the other
// refuses would be a row valid in validate and refused by the sandbox, or the other way round.
describe('the sandbox takes exactly the addresses validate takes', () => {
  const validateTakes = (email: string) =>
    validateRow(validRowWith({ [COLUMN.email]: email })).errors.length === 0;
  const around = (n: number) => fc.integer({ min: n - 2, max: n + 2 });
  const address = fc.oneof(
    fc.emailAddress(),
    around(64).map((n) => `${'a'.repeat(n)}@acme.com`),
    around(63).map((n) => `x@${'b'.repeat(n)}.com`),
    fc
      .tuple(around(64), around(63))
      .map(([l, d]) => `${'a'.repeat(l)}@${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(d)}.com`),
    fc.string(),
  );

  it('for generated addresses and those about each limit', () => {
    fc.assert(
      fc.property(address, (email) => {
        fc.pre(email.trim() === email && email !== '');
        expect(isEmail(email), JSON.stringify(email)).toBe(validateTakes(email));
      }),
      { numRuns: 2000 },
    );
  });
});
