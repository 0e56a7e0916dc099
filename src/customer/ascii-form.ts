/**
 * Text in the one form the code columns and tax numbers are read in: ASCII for what a full-width input mode types
 * (ＩＮＤ, ＵＳ, －, the ideographic space) and for the digits of every script (full-width １２, Arabic-Indic ١٢,
 * Persian ۱۲, Devanagari १२, Bengali ১২, mathematical 𝟏𝟐). Each is one character for one, so a character's place
 * is the same in both forms.
 */

/** Full-width ASCII, the ideographic space, and any decimal digit that is not ASCII's. */
const OTHER_FORMS = /[\u3000\uff01-\uff5e]|(?![0-9])\p{Nd}/gu;
const DECIMAL_DIGIT = /^\p{Nd}$/u;

/** Text with nothing for asciiForm to change: printable ASCII, most values as written. */
export const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * The value of a decimal digit of any script. Unicode encodes each script's digits as a run of ten, 0 to 9, and
 * never breaks that rule (its stability policy), so a run of touching digits (the mathematical digits are five
 * runs) starts at a 0: a digit's value is its distance from that start, modulo 10. No table to keep up to date.
 */
function digitValue(code: number): number {
  let start = code;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  return (code - start) % 10;
}

export function asciiForm(value: string): string {
  if (PRINTABLE_ASCII.test(value)) return value;
  return value.replace(OTHER_FORMS, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    if (code === 0x3000) return ' ';
    if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
    return String(digitValue(code));
  });
}
