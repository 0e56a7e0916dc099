/**
 * A tax number in the one form every check reads and zcust sends: ASCII for the full-width and other-script
 * characters people type (ascii-form.ts), and compact (upper case, no separators) for the libraries, which each strip
 * their own. stdnum passed "１２-３４５６７８９" as an EIN and the number went to the API in full-width digits, while
 * jsvat refused the same digits in a VAT number: every check reads the ASCII form, and it is what is sent.
 */
import { asciiForm, PRINTABLE_ASCII } from './ascii-form.js';

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

/** A separator compactNumber drops, as a single character. */
const SEPARATOR = /^[\s\p{Pd}./]$/u;

/**
 * The first character of `value` that is neither a separator nor one `allowed` takes (read in ASCII, upper case),
 * with its place counted in characters from 1; undefined when there is none. The libraries name no character: an
 * underscore made an ABN "not 11 digits", a letter an EIN "not a prefix any EIN has".
 */
export function strayCharacter(
  value: string,
  allowed: RegExp,
): { character: string; at: number } | undefined {
  const written = [...value];
  // One character for one (ascii-form.ts), so a place in the ASCII form is the same place as written.
  const index = [...asciiForm(value)].findIndex((c) => !SEPARATOR.test(c) && !allowed.test(c.toUpperCase()));
  const character = written[index];
  return character === undefined ? undefined : { character, at: index + 1 };
}
