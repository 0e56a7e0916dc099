import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountOfCents, creditLimitCents, parseCreditLimitCents } from '../../src/targets/credit-limit.js';

describe('parseCreditLimitCents turns major units into exact cents', () => {
  it.each([
    ['1000', 100000n],
    ['1000.5', 100050n],
    ['1000.50', 100050n],
    ['0.01', 1n],
    ['0', 0n],
    ['-0', 0n], // a spreadsheet's negative zero
    ['-0.00', 0n],
    ['0.29', 29n], // 0.29 * 100 is 28.999… in floating point
    ['1.15', 115n], // 1.15 * 100 is 114.999… in floating point
    ['007.5', 750n],
    [' 12.34 ', 1234n],
    ['1,000', 100000n],
    ['1,000.50', 100050n],
    ['12,345,678.90', 1234567890n],
    ['99999999999999.99', 9999999999999999n],
    ['123456789012345678901234.56', 12345678901234567890123456n],
  ])('%s → %s cents', (input, cents) => {
    expect(parseCreditLimitCents(input)).toEqual({ ok: true, cents });
  });

  it.each([
    ['1000.505', 'has more than two decimals'],
    ['1.000', 'has more than two decimals'],
    ['abc', 'is not an amount'],
    ['-5', 'is negative'],
    ['-0.01', 'is negative'],
    ['--0', 'is negative'],
    ['', 'is not an amount'],
    ['1e3', 'is not an amount'],
    ['+5', 'is not an amount'],
    ['$100', 'is not an amount'],
    ['1 000', 'is not an amount'],
    ['.5', 'is not an amount'],
    ['5.', 'is not an amount'],
    ['1,5', 'use a dot for decimals'],
    ['1000,50', 'use a dot for decimals'],
    ['1,00,000', 'use a dot for decimals'],
    ['1.000,50', 'use a dot for decimals'],
  ])('%s is refused: "%s"', (input, words) => {
    const result = parseCreditLimitCents(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(words);
    expect(result.ok ? '' : result.message).toContain(`"${input}"`);
  });

  it('reads back exactly any amount written with two decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), (cents) => {
        const written = `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
        expect(parseCreditLimitCents(written)).toEqual({ ok: true, cents });
      }),
    );
  });
});

describe('creditLimitCents gives a JSON-safe number', () => {
  it.each([
    ['1000.50', 100050],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
  ])('%s → %d', (input, cents) => {
    expect(creditLimitCents(input)).toEqual({ ok: true, cents });
  });

  it.each(['90071992547409.92', '99999999999999.99'])(
    '%s is refused: a JSON number would change it',
    (input) => {
      const result = creditLimitCents(input);
      expect(result).toEqual({ ok: false, message: expect.stringContaining('too large') });
    },
  );

  it('passes parse errors through', () => {
    expect(creditLimitCents('abc')).toEqual({
      ok: false,
      message: expect.stringContaining('is not an amount'),
    });
  });
});

/** DayZero's own credit_limit_cents, read as the Credit Limit column's amount. */
describe('amountOfCents turns whole cents into the amount, exactly', () => {
  it.each([
    ['100050', '1000.50'],
    ['100000', '1000.00'],
    ['5', '0.05'],
    ['0', '0.00'],
    ['-0', '0.00'],
    ['007', '0.07'],
    [' 250 ', '2.50'],
    ['100050.0', '1000.50'],
    ['9007199254740991', '90071992547409.91'],
  ])('%j → %s', (cents, amount) => {
    expect(amountOfCents(cents, 'credit_limit_cents')).toEqual({ ok: true, amount });
  });

  it.each([
    ['12.5', 'is not a whole number of cents'],
    ['1e5', 'is not a whole number of cents'],
    ['100,050', 'is not a whole number of cents'],
    ['+100', 'is not a whole number of cents'],
    ['abc', 'is not a whole number of cents'],
    ['-500', 'is negative'],
    ['9007199254740992', 'is too large'],
  ])('%j is refused: "%s", naming the field', (cents, words) => {
    expect(amountOfCents(cents, 'credit_limit_cents')).toEqual({
      ok: false,
      message: expect.stringContaining(`credit_limit_cents "${cents}" ${words}`),
    });
  });

  it('gives back the cents it was given, through the Credit Limit check', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) }), (cents) => {
        const read = amountOfCents(String(cents), 'credit_limit_cents');
        expect(read.ok ? creditLimitCents(read.amount) : read).toEqual({ ok: true, cents: Number(cents) });
      }),
    );
  });
});
