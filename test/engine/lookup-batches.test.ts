import { describe, expect, it } from 'vitest';
import { lookupBatches, MAX_LOOKUP_LIST_CHARS } from '../../src/engine/lookup-batches.js';

describe('lookupBatches: at most `max` values a request', () => {
  it.each([
    { values: ['a', 'b', 'c'], max: 2, batches: [['a', 'b'], ['c']] },
    { values: ['a', 'b'], max: 50, batches: [['a', 'b']] },
    { values: ['a', 'x,y', 'b'], max: 50, batches: [['a', 'b'], ['x,y']] },
    { values: ['x,y', 'z,w'], max: 50, batches: [['x,y'], ['z,w']] },
    { values: ['a', 'b'], max: 1, batches: [['a'], ['b']] },
    { values: [], max: 50, batches: [] },
  ])('$values by $max → $batches (a value with a comma alone)', ({ values, max, batches }) => {
    expect(lookupBatches(values, max)).toEqual(batches);
  });
});

describe('lookupBatches: at most `maxChars` of list in the URL, encoded as the client sends it', () => {
  it.each([
    {
      why: 'a list that fits ("aaaa%2Cbbbb")',
      values: ['aaaa', 'bbbb', 'cccc'],
      maxChars: 11,
      batches: [['aaaa', 'bbbb'], ['cccc']],
    },
    {
      why: 'a comma counts as "%2C"',
      values: ['aaaa', 'bbbb', 'cccc'],
      maxChars: 10,
      batches: [['aaaa'], ['bbbb'], ['cccc']],
    },
    { why: 'Ж counts as "%D0%96"', values: ['Ж', 'Ж2'], maxChars: 16, batches: [['Ж', 'Ж2']] },
    { why: 'Ж counts as "%D0%96" (one short)', values: ['Ж', 'Ж2'], maxChars: 15, batches: [['Ж'], ['Ж2']] },
    { why: 'a space counts as "+"', values: ['a b', 'c d'], maxChars: 9, batches: [['a b', 'c d']] },
    {
      why: 'a value longer than the bound goes alone',
      values: ['a', 'x'.repeat(20), 'b'],
      maxChars: 10,
      batches: [['a'], ['x'.repeat(20)], ['b']],
    },
  ])('$why: $values within $maxChars → $batches', ({ values, maxChars, batches }) => {
    expect(lookupBatches(values, 50, maxChars)).toEqual(batches);
  });

  // QA's file: 50 such Customer IDs made one request line of ~19 KB, refused with HTTP 431.
  it('splits 50 Customer IDs of 60 Cyrillic letters into lists of at most 4 KB, every value once, in order', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `${'Ж'.repeat(60)}-${i}`);
    const batches = lookupBatches(ids, 50);
    const encoded = batches.map((b) => new URLSearchParams({ v: b.join(',') }).toString().length - 2);
    expect(Math.max(...encoded), 'the longest list in a URL').toBeLessThanOrEqual(MAX_LOOKUP_LIST_CHARS);
    expect(batches.flat()).toEqual(ids);
    expect(batches.length, 'requests for 50 values of ~365 characters each').toBe(5);
  });
});
