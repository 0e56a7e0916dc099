/**
 * A tax number in the one form every check reads and zcust sends: ASCII for the full-width and other-script
 * characters people type, and compact (upper case, no separators) for the libraries, which each strip their own.
 */

/**
 * Digits in the other forms stdnum's cleaning reads as 0–9 (full-width １２, Arabic-Indic ١٢, Persian ۱۲,
 * mathematical 𝟏𝟐), and the rest of what a full-width input mode types for ASCII (ＤＥ, －, the ideographic
 * space). stdnum passed "１２-３４５６７８９" as an EIN and the number went to the API in full-width digits,
 * while jsvat refused the same digits in a VAT number: every check reads this form, and it is what is sent.
 */
const OTHER_FORMS = /[\u3000\uff01-\uff5e\u0660-\u0669\u06f0-\u06f9\u{1d7ce}-\u{1d7ff}]/gu;

/** Text with nothing for asciiForm to change: printable ASCII, most tax numbers as written. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function asciiForm(value: string): string {
  if (PRINTABLE_ASCII.test(value)) return value;
  return value.replace(OTHER_FORMS, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    if (code === 0x3000) return ' ';
    if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
    if (code <= 0x0669) return String(code - 0x0660);
    if (code <= 0x06f9) return String(code - 0x06f0);
    // Five runs of 0–9 (bold, double-struck, sans-serif, sans-serif bold, monospace).
    return String((code - 0x1d7ce) % 10);
  });
}

/**
 * A tax number as the registries write it: in ASCII, upper case, without the spaces, dashes, dots and slashes
 * people add. Every check is handed this form, since each library strips its own set of separators (stdnum's ABN
 * and UEN only spaces, its EIN and GSTIN dashes too, jsvat dots and slashes as well). \p{Pd} takes the en
 * dash and the other dashes a spreadsheet puts in for a hyphen.
 */
export const compactNumber = (value: string): string =>
  PRINTABLE_ASCII.test(value)
    ? // The same for ASCII, where the only white space is the space and the only dash the hyphen-minus, without
      // the Unicode regular expressions' cost (a third of a tax number's check).
      value.toUpperCase().replace(/[ \-./]+/g, '')
    : asciiForm(value)
        .toUpperCase()
        .replace(/[\s\p{Pd}./]+/gu, '');
