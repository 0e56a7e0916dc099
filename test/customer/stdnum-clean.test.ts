import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastCleanUnicode, stdnumCleanUnicode } from '../../src/customer/stdnum-clean.js';
import '../../src/customer/stdnum-check.js';

const require = createRequire(import.meta.url);

/** What the validators in use ask stdnum to delete (in/gstin, in/pan, au/abn, us/ein, sg/uen, fr/tva, fr/siren). */
const DELETE_SETS = [' -', ' ', '- ', ' -.', ' .'];

/** Text of the characters stdnum maps or deletes, ASCII letters either case, digits and a few others. */
const numberLikeText = fc.string({
  unit: fc.constantFrom(
    ...'0123456789ABCDEFXYZabcxyz -./,*\u00ad\u2010\u2013\u2212\uff0d\u00b7\u2022\uff11\u0131\u00df'.split(
      '',
    ),
  ),
  maxLength: 20,
});

describe('fastCleanUnicode, the fast path for stdnum cleaning compact numbers', () => {
  it('answers as stdnum does for any text', () => {
    fc.assert(
      fc.property(
        fc.oneof(numberLikeText, fc.string(), fc.stringMatching(/^[0-9A-Z]{0,16}$/)),
        fc.constantFrom(...DELETE_SETS),
        (value, deletechars) => {
          expect(fastCleanUnicode(value, deletechars)).toEqual(stdnumCleanUnicode(value, deletechars));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['a prefix to strip', 'FR40303265045', ' ', 'FR'],
    ['prefixes to strip', 'DE136695976', ' ', ['AT', 'DE']],
    ['a letter to delete', 'ABC123', 'B', undefined],
    ['a value that is not text', 12345, ' ', undefined],
  ] as const)('answers as stdnum does with %s', (_, value, deletechars, stripPrefix) => {
    const prefix =
      typeof stripPrefix === 'string' || stripPrefix === undefined ? stripPrefix : [...stripPrefix];
    expect(fastCleanUnicode(value, deletechars, prefix)).toEqual(
      stdnumCleanUnicode(value, deletechars, prefix),
    );
  });

  it('is what stdnum validators call once the tax checks are loaded', () => {
    expect(require('stdnum/lib/cjs/util/strings/clean.js').cleanUnicode).toBe(fastCleanUnicode);
    expect(require('stdnum/lib/cjs/util/strings/index.js').cleanUnicode).toBe(fastCleanUnicode);
  });
});
