/**
 * Parsers for the numeric flags. JavaScript's Number() takes more than people mean by a number: "0x1", "0b1"
 * and "0o7" (hex, binary, octal), "" and "  " (as 0), "Infinity". A flag takes decimal only, so that
 * `--rate 0x10` is refused instead of quietly meaning 16.
 */
import { InvalidArgumentError } from 'commander';
import { rateProblem } from './slowest-rate.js';

/** Digits with an optional sign, decimal point and exponent: 8, -1, 0.5, .5, 1e3. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function isDecimal(value: string): boolean {
  return DECIMAL.test(value);
}

function decimal(value: string): number | undefined {
  return isDecimal(value) ? Number(value) : undefined;
}

/** The longest delay a Node timer holds (about 24.8 days); a longer one fires after 1 ms instead. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Whether `n` is a whole number from `min` to `max`; if not, the rule it breaks, in the words a flag and a
 * profile's setting both use. A number too large is told the limit it passed, not "≥ 1", which it is.
 */
export function wholeNumberProblem(
  n: number | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): string | undefined {
  if (n !== undefined && Number.isInteger(n) && n >= min && n <= max) return undefined;
  const unbounded = max === Number.MAX_SAFE_INTEGER && !(n !== undefined && n > max);
  return unbounded ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`;
}

export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = decimal(value);
    const problem = wholeNumberProblem(n, min, max);
    if (problem !== undefined) throw new InvalidArgumentError(`expected ${problem}`);
    return n as number;
  };
}

/** --rate: the minimum said as it is, not as "> 0", which let a user try 0.001 and be refused again. */
export function rate(value: string): number {
  const n = decimal(value);
  const problem = rateProblem(n);
  if (problem !== undefined) throw new InvalidArgumentError(`expected ${problem}`);
  return n as number;
}

export function fraction(value: string): number {
  const n = decimal(value);
  if (n === undefined || n < 0 || n > 1) throw new InvalidArgumentError('expected a number from 0 to 1');
  return n;
}
