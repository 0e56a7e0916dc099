/**
 * A fast path for stdnum's cleaning of a number before its check. Every stdnum validator first runs
 * cleanUnicode, which spreads the text into an array of characters, maps each through a table of look-alikes,
 * filters, joins and upper-cases by locale: 0.8 µs for a 15-character GSTIN, more than the check itself, and
 * twice per GSTIN (its PAN is cleaned again). The numbers handed to stdnum here are already in compact form
 * (tax-number-form.ts's compactNumber: ASCII, upper case, no separators), for which that cleaning returns them
 * unchanged. For exactly those this returns the same answer at once, and leaves every other text to stdnum's own
 * cleaning: a million-row validate spent 1.3 s of its main thread in stdnum, 0.6 s of it cleaning.
 *
 * stdnum's modules reach cleanUnicode through its strings index, whose getter reads this module's export on
 * every call, so setting the export is what they all use. The test compares both on any text.
 */
// The module's exports object itself (CommonJS, imported by default), so that setting its export below is seen by
// every stdnum module, in the bundle as in node_modules; a second copy of it loaded apart would go unseen.
import cleanModuleExports from 'stdnum/lib/cjs/util/strings/clean.js';

type Clean = (
  value: unknown,
  deletechars?: string,
  stripPrefix?: string | string[],
) => [string, Error | null];

const cleanModule = cleanModuleExports as { cleanUnicode: Clean };

/** Text stdnum's cleaning leaves as it is: no look-alike to map, no separator, nothing to upper-case. */
const ALREADY_CLEAN = /^[0-9A-Z]*$/;
/** Characters to delete that compact text may hold (no validator in use deletes letters or digits; one could). */
const ALREADY_CLEAN_DELETABLE = /[0-9A-Z]/;

/** stdnum's own cleaning, kept for every text the fast path does not take (and for the test). */
export const stdnumCleanUnicode: Clean = cleanModule.cleanUnicode;

/** The same as stdnum's cleanUnicode; at once for compact text without a prefix to strip or a letter to delete. */
export const fastCleanUnicode: Clean = (value, deletechars = ' ', stripPrefix) => {
  if (
    typeof value === 'string' &&
    stripPrefix === undefined &&
    ALREADY_CLEAN.test(value) &&
    !ALREADY_CLEAN_DELETABLE.test(deletechars)
  ) {
    return [value, null];
  }
  return stdnumCleanUnicode(value, deletechars, stripPrefix);
};

cleanModule.cleanUnicode = fastCleanUnicode;
