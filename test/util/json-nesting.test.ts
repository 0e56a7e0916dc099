import { describe, expect, it } from 'vitest';
import { textNestsDeeperThan } from '../../src/util/json-nesting.js';

const nested = (levels: number, inner = '1') => `${'{"a":'.repeat(levels)}${inner}${'}'.repeat(levels)}`;

describe('textNestsDeeperThan', () => {
  it.each([
    ['a scalar', '1', 0, false],
    ['an empty object is one level', '{}', 1, false],
    ['two levels, limit one', '{"a":[]}', 1, true],
    ['32 levels, limit 32', nested(32), 32, false],
    ['33 levels, limit 32', nested(33), 32, true],
    ['100,000 levels, without overflowing', nested(100_000), 32, true],
    ['brackets inside a string do not count', '{"a":"[[[{{{"}', 1, false],
    ['nor after an escaped quote inside it', '{"a":"\\"[[[\\"[["}', 1, false],
    ['a string ending in a backslash ends there', '["\\\\",[[]]]', 2, true],
    ['levels closed before others open do not add up', '[[],[],[[]]]', 3, false],
  ])('%s', (_, text, levels, expected) => {
    expect(textNestsDeeperThan(text, levels)).toBe(expected);
  });
});
