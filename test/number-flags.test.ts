import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { fraction, MAX_TIMER_MS, rate, wholeNumber } from '../src/number-flags.js';

describe('numeric flags take decimal numbers', () => {
  it.each([
    ['8', 8],
    ['+8', 8],
    ['0', 0],
    ['30000', 30000],
    ['1e3', 1000],
  ])('a whole number: %j is %d', (value, expected) => {
    expect(wholeNumber(0)(value)).toBe(expected);
  });

  it.each([
    ['0.01', 0.01],
    ['.5', 0.5],
    ['50', 50],
    ['2.5e1', 25],
  ])('--rate: %j is %d', (value, expected) => {
    expect(rate(value)).toBe(expected);
  });

  it.each([
    ['0', 0],
    ['0.1', 0.1],
    ['1', 1],
  ])('a fraction: %j is %d', (value, expected) => {
    expect(fraction(value)).toBe(expected);
  });
});

describe('numeric flags refuse what Number() would quietly take', () => {
  const FORMS = ['0x1', '0X10', '0b1', '0o7', '', '  ', ' 5', 'Infinity', '1_000', '5ms'];
  const PARSERS = [
    ['a whole number', wholeNumber(0), 'expected a whole number ≥ 0'],
    ['--rate', rate, 'expected a number at least 0.01 (requests a second: one every 100 s)'],
    ['a fraction', fraction, 'expected a number from 0 to 1'],
  ] as const;

  it.each(
    PARSERS.flatMap(([name, parse, message]) => FORMS.map((value) => ({ name, parse, message, value }))),
  )('$name refuses $value', ({ parse, message, value }) => {
    expect(() => parse(value), `${JSON.stringify(value)} was taken`).toThrow(
      new InvalidArgumentError(message),
    );
  });
});

describe('--rate names its real minimum', () => {
  it.each([['-1'], ['0'], ['0.001'], ['1e-5']])('refuses %j with the minimum, 0.01', (value) => {
    expect(() => rate(value)).toThrow(
      new InvalidArgumentError('expected a number at least 0.01 (requests a second: one every 100 s)'),
    );
  });
});

describe('--rate refuses a number too large to hold (Infinity), which passes the minimum', () => {
  it.each(['1e400', '1.8e308'])('refuses %j, asking for a finite number', (value) => {
    expect(() => rate(value)).toThrow(
      new InvalidArgumentError('expected a finite number at least 0.01 (requests a second: one every 100 s)'),
    );
  });

  it('takes the largest number that can be held', () => {
    expect(rate('1e308')).toBe(1e308);
  });
});

describe('a whole number too large for any count names the largest it takes', () => {
  it.each(['9007199254740992', '99999999999999999999', '1e300'])('refuses %j with the limit', (value) => {
    expect(() => wholeNumber(1)(value)).toThrow(
      new InvalidArgumentError('expected a whole number from 1 to 9007199254740991'),
    );
  });
});

describe('a delay flag (--timeout, --latency) and the longest delay a Node timer holds', () => {
  it.each([
    ['1', 1],
    ['2147483647', MAX_TIMER_MS],
  ])('takes %j', (value, expected) => {
    expect(wholeNumber(1, MAX_TIMER_MS)(value)).toBe(expected);
  });

  it.each(['2147483648', '99999999999'])('refuses %j: Node would fire it after 1 ms', (value) => {
    expect(() => wholeNumber(1, MAX_TIMER_MS)(value)).toThrow(
      new InvalidArgumentError('expected a whole number from 1 to 2147483647'),
    );
  });
});
