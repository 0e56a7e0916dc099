import { describe, expect, it } from 'vitest';
import { readCustomData } from '../../src/customer/custom-data.js';
import { MAX_JSON_LEVELS } from '../../src/util/exact-json.js';

const TOO_DEEP = `nests objects or arrays more than ${MAX_JSON_LEVELS} levels deep; custom data is a few fields, like {"industry":"Retail"}`;

describe('readCustomData: nesting', () => {
  const objects = (levels: number, inner = '1') => `${'{"a":'.repeat(levels)}${inner}${'}'.repeat(levels)}`;

  it.each([
    [`${MAX_JSON_LEVELS} levels, brackets in its strings not counted`, objects(MAX_JSON_LEVELS, '"[[{{"')],
    [
      `${MAX_JSON_LEVELS} levels, arrays in an object`,
      `{"a":${'['.repeat(MAX_JSON_LEVELS - 1)}${']'.repeat(MAX_JSON_LEVELS - 1)}}`,
    ],
  ])('takes %s', (_, text) => {
    expect(readCustomData(text)).not.toHaveProperty('message');
  });

  it.each([
    ['one level more', objects(MAX_JSON_LEVELS + 1)],
    // Refused before JSON.parse would build them all; an array at the top says so too, not "an array".
    ['a cell of 100,000 arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['deep text that is not JSON either', `${'['.repeat(MAX_JSON_LEVELS + 1)}oops`],
  ])('refuses %s as nested too deep', (_, text) => {
    expect(readCustomData(text)).toEqual({ text, duplicateKeys: [], message: TOO_DEEP });
  });
});
