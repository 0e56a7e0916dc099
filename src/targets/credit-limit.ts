/**
 * DayZero's Credit Limit column: money in major units ("1000.50") → integer cents (100050). Parsed as text
 * with BigInt, never through floating point, where 1000.505 * 100 or 0.29 * 100 would round wrongly.
 *
 * Decision: a comma is accepted only as a thousands separator in well-formed groups of three
 * ("1,000,000.50"), because spreadsheets export amounts that way. Anything else with a comma ("1,5",
 * "1000,50") is refused rather than guessed at, since in many locales the comma is the decimal mark.
 *
 * DayZero's own field, `credit_limit_cents`, is read the other way (amountOfCents): cents → the column's amount.
 */

export type CreditLimitParse = { ok: true; cents: bigint } | { ok: false; message: string };

const PLAIN = /^\d+(?:\.\d+)?$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const EXAMPLE = 'write it like 1000.50';

/** Exact cents for any size of amount; the caller decides what range the platform accepts. */
export function parseCreditLimitCents(value: string): CreditLimitParse {
  const trimmed = value.trim();
  if (trimmed.startsWith('-')) {
    // "-0" and "-0.00" (a spreadsheet's negative zero) are zero, not a negative amount.
    const magnitude = trimmed.startsWith('--') ? undefined : parseCreditLimitCents(trimmed.slice(1));
    if (magnitude?.ok && magnitude.cents === 0n) return magnitude;
    return { ok: false, message: `"${value}" is negative, and a credit limit cannot be below 0` };
  }
  if (trimmed.includes(',') && !GROUPED.test(trimmed)) {
    return {
      ok: false,
      message: `"${value}" is not an amount: use a dot for decimals and commas only between groups of three digits (1,000.50)`,
    };
  }
  const plain = trimmed.replaceAll(',', '');
  if (!PLAIN.test(plain)) return { ok: false, message: `"${value}" is not an amount: ${EXAMPLE}` };
  const [whole = '0', fraction = ''] = plain.split('.');
  if (fraction.length > 2) {
    return {
      ok: false,
      message: `"${value}" has more than two decimals, and credit limits are in cents at most`,
    };
  }
  return { ok: true, cents: BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0')) };
}

/** The largest cent amount a JSON number can carry exactly (Number.MAX_SAFE_INTEGER). */
const MAX_JSON_CENTS = BigInt(Number.MAX_SAFE_INTEGER);

export type CreditLimitCents = { ok: true; cents: number } | { ok: false; message: string };

/**
 * Cents ready for the JSON body. Above 2^53 − 1 cents (about 90 trillion) a JSON number would silently change
 * the amount, so such values are refused instead of sent.
 */
export function creditLimitCents(value: string): CreditLimitCents {
  const parsed = parseCreditLimitCents(value);
  if (!parsed.ok) return parsed;
  if (parsed.cents > MAX_JSON_CENTS) {
    return { ok: false, message: `"${value}" is too large: the most that can be sent is 90071992547409.91` };
  }
  return { ok: true, cents: Number(parsed.cents) };
}

export type AmountOfCents = { ok: true; amount: string } | { ok: false; message: string };

/** A whole number of cents: digits, with a `.0` a float-minded export may add (100050.0); `-` only for zero. */
const WHOLE_CENTS = /^(-?)(\d+)(?:\.0+)?$/;

/**
 * DayZero's own `credit_limit_cents` (an integer of cents) → the Credit Limit column's amount: "100050" →
 * "1000.50", by BigInt, so that the amount read back is those cents exactly. A value that is not a whole number of
 * cents, is negative, or carries more cents than a JSON number does exactly, is refused in the cents as written,
 * `name` (the header or key as the file spells it) saying where they were.
 */
export function amountOfCents(value: string, name: string): AmountOfCents {
  const trimmed = value.trim();
  const match = WHOLE_CENTS.exec(trimmed);
  if (match === null) {
    return {
      ok: false,
      message: `${name} "${value}" is not a whole number of cents: write the cents as digits only (100050 is 1000.50)`,
    };
  }
  const cents = BigInt(match[2] ?? '0');
  if (match[1] === '-' && cents !== 0n) {
    return { ok: false, message: `${name} "${value}" is negative, and a credit limit cannot be below 0` };
  }
  if (cents > MAX_JSON_CENTS) {
    return {
      ok: false,
      message: `${name} "${value}" is too large: the most that can be sent is ${MAX_JSON_CENTS} cents`,
    };
  }
  return { ok: true, amount: `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}` };
}
