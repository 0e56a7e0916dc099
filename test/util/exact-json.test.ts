import { describe, expect, it } from 'vitest';
import {
  firstInexactInteger,
  nestsDeeperThan,
  parseJsonExact,
  stringifyExact,
} from '../../src/util/exact-json.js';

describe('parseJsonExact', () => {
  it.each([
    ['a safe integer', '9007199254740991', 9007199254740991],
    ['the first unsafe integer', '9007199254740993', 9007199254740993n],
    ['a 20-digit ID', '12345678901234567890', 12345678901234567890n],
    ['a negative one', '-12345678901234567890', -12345678901234567890n],
    ['a decimal stays a (rounded) number', '1234567890123456789.5', Number('1234567890123456789.5')],
    ['an exponent stays a number', '1e30', 1e30],
    ['digits inside a string stay text', '"12345678901234567890"', '12345678901234567890'],
    ['nested', '{"a":[1,12345678901234567890]}', { a: [1, 12345678901234567890n] }],
  ])('%s', (_, text, expected) => {
    expect(parseJsonExact(text)).toEqual(expected);
  });

  it.each(['{industry: Retail}', '{"a":1', '[1,]'])('throws on text that is not JSON: %s', (text) => {
    expect(() => parseJsonExact(text)).toThrow();
  });
});

describe('stringifyExact', () => {
  it.each([
    ['no BigInt: as JSON.stringify', { a: [1, 'x', null, true] }, '{"a":[1,"x",null,true]}'],
    ['a BigInt as the bare number', { n: 12345678901234567890n }, '{"n":12345678901234567890}'],
    ['strings escaped', { 'k"': 'v\n', n: [1n] }, '{"k\\"":"v\\n","n":[1]}'],
  ])('%s', (_, value, expected) => {
    expect(stringifyExact(value)).toBe(expected);
  });

  it('round-trips with parseJsonExact', () => {
    const text = '{"id":12345678901234567890,"list":[-98765432109876543210,1.5,"x"]}';
    expect(stringifyExact(parseJsonExact(text))).toBe(text);
  });
});

describe('firstInexactInteger', () => {
  it.each([
    ['none', { a: 1, b: ['x'] }, undefined],
    ['in an array in an object', { a: [1, { b: 12345678901234567890n }] }, 12345678901234567890n],
    ['a bare BigInt', 5n, 5n],
  ])('%s', (_, value, expected) => {
    expect(firstInexactInteger(value)).toBe(expected);
  });
});

describe('nestsDeeperThan', () => {
  const nested = (levels: number) => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
  it.each([
    ['a scalar', 1, 0, false],
    ['an empty object is one level', {}, 1, false],
    ['two levels, limit one', { a: [] }, 1, true],
    ['32 levels, limit 32', nested(32), 32, false],
    ['33 levels, limit 32', nested(33), 32, true],
    ['100,000 levels, without overflowing', nested(100_000), 32, true],
  ])('%s', (_, value, levels, expected) => {
    expect(nestsDeeperThan(value, levels)).toBe(expected);
  });
});
