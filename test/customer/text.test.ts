import { describe, expect, it } from 'vitest';
import { showInvisible, strayInvisibleMessage, withoutInvisible } from '../../src/customer/text.js';

/** Headers as exports write them: invisible characters that are part of the text, and stray ones. */
const SHAPING = [
  ['a Persian word whose non-joiner keeps two letters apart', 'نام\u200Cخانوادگی'],
  ['a heart made an emoji by its variation selector', '\u2764\uFE0F Fav'],
  ['a family emoji joined by zero-width joiners', '\u{1F468}\u200D\u{1F469}\u200D\u{1F467} Family'],
  ['a Devanagari conjunct formed with a joiner', 'क्\u200Dष'],
  ['an ideograph with its variation selector', '葛\u{E0100}飾'],
] as const;

const STRAY = [
  ['a zero-width space after a word', 'Email\u200B', 'Email<U+200B>'],
  ['a joiner after a Latin letter', 'Na\u200Dme', 'Na<U+200D>me'],
  ['a variation selector after a Latin letter', 'Phone\uFE0F', 'Phone<U+FE0F>'],
  ['a joiner ending an emoji', '\u2764\uFE0F\u200D Fav', '\u2764\uFE0F<U+200D> Fav'],
  ['a soft hyphen', 'Cus\u00ADtomer', 'Cus<U+00AD>tomer'],
  ['a left-to-right mark', '\u200EName', '<U+200E>Name'],
  ['an ANSI escape', 'Bad\u001B[31m', 'Bad<U+001B>[31m'],
  ['a stray zero-width space inside a Persian word', 'نام\u200Bخانوادگی', 'نام<U+200B>خانوادگی'],
] as const;

describe('showInvisible: a quoted header shows the invisible characters that shape nothing', () => {
  it.each(SHAPING)('leaves %s as written', (_, text) => {
    expect(showInvisible(text), 'a character that is part of the text was written out').toBe(text);
  });

  it.each(STRAY)('shows %s as its code point', (_, text, shown) => {
    expect(showInvisible(text)).toBe(shown);
  });

  it.each([
    ...SHAPING.map(([what, text]) => [what, text] as const),
    ...STRAY.map(([what, text]) => [what, text] as const),
  ])('agrees with the Customer ID check on %s: one rule of a stray character', (_, text) => {
    expect(showInvisible(text) !== text).toBe(strayInvisibleMessage(text) !== undefined);
  });
});

describe('withoutInvisible: what a user types for a header, the characters showInvisible writes out left out', () => {
  it.each(SHAPING)('keeps %s as written', (_, text) => {
    expect(withoutInvisible(text), 'a character that is part of the text was left out').toBe(text);
  });

  it.each(STRAY)('leaves out %s', (_, text, shown) => {
    expect(withoutInvisible(text)).toBe(shown.replace(/<U\+[0-9A-F]+>/g, ''));
  });
});
