import { describe, expect, it } from 'vitest';
import { plural } from '../../src/util/counts.js';

describe('plural', () => {
  it.each([
    [1, 'row', undefined, '1 row'],
    [2, 'row', undefined, '2 rows'],
    [1500, 'row', undefined, '1,500 rows'],
    [1, 'try', 'tries', '1 try'],
    [3, 'try', 'tries', '3 tries'],
    [0, 'try', 'tries', '0 tries'],
  ])('%i %s (many: %s) is "%s"', (n, word, many, expected) => {
    expect(plural(n, word, many)).toBe(expected);
  });
});
