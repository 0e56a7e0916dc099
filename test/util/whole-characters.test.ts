import { describe, expect, it } from 'vitest';
import { shortened } from '../../src/util/whole-characters.js';

describe('shortened: text cut to a number of characters and an ellipsis', () => {
  it.each([
    ['text that fits', 'abc', 3, 'abc'],
    ['longer text', 'abcdef', 3, 'abc…'],
    // Each case: the character astride the cut is dropped whole, never kept in part.
    ['an emoji (two halves of a surrogate pair)', 'ab😀cd', 3, 'ab…'],
    ['a flag (two regional indicators)', 'ab🇫🇷cd', 4, 'ab…'],
    ['an emoji and its skin tone', 'ab👍🏽cd', 4, 'ab…'],
    ['a family (emoji joined by zero-width joiners)', 'ab👨‍👩‍👧cd', 5, 'ab…'],
    ['a letter and its combining accent', 'abe\u0301cd', 3, 'ab…'],
    ['a flag that ends at the cut', 'ab🇫🇷cd', 6, 'ab🇫🇷…'],
  ])('%s', (_, text, keep, shown) => {
    expect(shortened(text, keep)).toBe(shown);
  });
});
