import { describe, expect, it } from 'vitest';
import {
  ExactJsonParser,
  firstInexactNumber,
  JsonNumberText,
  JsonTooDeepError,
  MAX_ROW_LEVELS,
  numberLoss,
  parseJsonExact,
  parseJsonRow,
  stringifyExact,
} from '../../src/util/exact-json.js';

const text = (t: string) => new JsonNumberText(t);

describe('parseJsonExact', () => {
  it.each([
    ['a safe integer', '9007199254740991', 9007199254740991],
    ['the first unsafe integer', '9007199254740993', text('9007199254740993')],
    ['a 20-digit ID', '12345678901234567890', text('12345678901234567890')],
    ['a negative one', '-12345678901234567890', text('-12345678901234567890')],
    ['a 20-digit ID with an exponent', '12345678901234567890e0', text('12345678901234567890e0')],
    ['a decimal of 20 digits', '1.2345678901234567890', text('1.2345678901234567890')],
    ['a decimal a double holds', '1234.5678', 1234.5678],
    ['trailing zeros a double holds', '1.5000000000000000000', 1.5],
    ['an exponent a double holds', '1e30', 1e30],
    ['an exponent beyond a double', '1e400', text('1e400')],
    ['digits inside a string stay text', '"12345678901234567890"', '12345678901234567890'],
    ['nested', '{"a":[1,12345678901234567890]}', { a: [1, text('12345678901234567890')] }],
  ])('%s', (_, json, expected) => {
    expect(parseJsonExact(json)).toEqual(expected);
  });

  it.each(['{industry: Retail}', '{"a":1', '[1,]'])('throws on text that is not JSON: %s', (json) => {
    expect(() => parseJsonExact(json)).toThrow();
  });
});

describe('parseJsonRow', () => {
  it.each([
    ['a key given twice', '{"a":"x","a":"y"}', { a: 'x' }, [['a']]],
    ['a key given twice, a number as written', '{"a":1.10,"a":2}', { a: text('1.10') }, [['a']]],
    [
      'keys given twice at any depth',
      '{"o":{"k":1,"k":2},"l":[{"k":"x","k":"y"}]}',
      { o: { k: text('1') }, l: [{ k: 'x' }] },
      [
        ['o', 'k'],
        ['l', 0, 'k'],
      ],
    ],
    [
      'a key given twice inside the ignored second value: one path',
      '{"o":{"k":1},"o":{"k":2,"k":3}}',
      { o: { k: text('1') } },
      [['o']],
    ],
    [
      'a string holding quotes and a colon, like a key',
      '{"a":"x\\":","b":"\\"b\\":"}',
      { a: 'x":', b: '"b":' },
      [],
    ],
    ['a string ending in a backslash, then the key again', '{"a":"\\\\","a":"z"}', { a: '\\' }, [['a']]],
    ['the same key in two objects', '{"a":{"k":"x"},"b":{"k":"y"}}', { a: { k: 'x' }, b: { k: 'y' } }, []],
    ['an empty key given twice', '{"":"x","":"y"}', { '': 'x' }, [['']]],
  ])('%s', (_, json, value, duplicateKeys) => {
    expect(parseJsonRow(json)).toEqual({ value, duplicateKeys });
  });
});

describe('stringifyExact', () => {
  it.each([
    ['nothing inexact: as JSON.stringify', { a: [1, 'x', null, true] }, '{"a":[1,"x",null,true]}'],
    ['a number as written', { n: text('12345678901234567890') }, '{"n":12345678901234567890}'],
    ['strings escaped', { 'k"': 'v\n', n: [text('1e400')] }, '{"k\\"":"v\\n","n":[1e400]}'],
  ])('%s', (_, value, expected) => {
    expect(stringifyExact(value)).toBe(expected);
  });

  it('round-trips with parseJsonExact', () => {
    const json = '{"id":12345678901234567890,"list":[-98765432109876543210,1.5,"x",1e400]}';
    expect(stringifyExact(parseJsonExact(json))).toBe(json);
  });
});

describe('firstInexactNumber', () => {
  it.each([
    ['none', { a: 1, b: ['x'] }, undefined],
    ['in an array in an object', { a: [1, { b: text('1e400') }] }, '1e400'],
    ['a bare one', text('9007199254740993'), '9007199254740993'],
  ])('%s', (_, value, expected) => {
    expect(firstInexactNumber(value)?.text).toBe(expected);
  });
});

describe('numberLoss', () => {
  it.each([
    ['1e400', 'too-large'],
    ['-1.5e309', 'too-large'],
    ['1e-400', 'too-small'],
    ['-1.2345678901234567e-320', 'too-small'], // a subnormal double keeps only some of these digits
    ['12345678901234567890', 'digits'],
    ['1.2345678901234567890', 'digits'],
    ['0.000e-400', 'digits'], // 0 at any exponent is 0, which a double holds: not out of range
  ])('%s: %s', (number, loss) => {
    expect(numberLoss(text(number))).toBe(loss);
  });
});

/** `levels` objects, one in another: `{"a":{"a":1}}` is two. */
const nested = (levels: number, inner = '1') => `${'{"a":'.repeat(levels)}${inner}${'}'.repeat(levels)}`;

/** How deep a parsed value nests objects and arrays, walked without recursion. */
function levelsOf(value: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null || item instanceof JsonNumberText) continue;
    deepest = Math.max(deepest, depth + 1);
    for (const member of Object.values(item)) pending.push([member, depth + 1]);
  }
  return deepest;
}

describe('parseJsonRow: nesting', () => {
  it(`reads a row of ${MAX_ROW_LEVELS} levels`, () => {
    expect(levelsOf(parseJsonRow(nested(MAX_ROW_LEVELS)).value)).toBe(MAX_ROW_LEVELS);
  });

  it.each([
    ['one level more', MAX_ROW_LEVELS + 1],
    ['100,000 levels', 100_000],
  ])('refuses a row nested deeper, before parsing it: %s', (_, levels) => {
    expect(() => parseJsonRow(nested(levels))).toThrow(JsonTooDeepError);
  });
});

describe('ExactJsonParser: maxLevels', () => {
  /** The elements of a top-level array, read with maxLevels 2. */
  function elements(json: string): Array<{ value: unknown; tooDeep: boolean; duplicateKeys: unknown }> {
    const parser = new ExactJsonParser('$.*', 'exact', { firstKeyWins: true, maxLevels: 2 });
    const error = parser.write(json) ?? parser.end();
    if (error) throw error;
    return parser.take().map(({ value, tooDeep, duplicateKeys }) => ({ value, tooDeep, duplicateKeys }));
  }
  const read = (value: unknown, duplicateKeys: unknown[] = []) => ({ value, tooDeep: false, duplicateKeys });
  const cut = (value: unknown, duplicateKeys: unknown[] = []) => ({ value, tooDeep: true, duplicateKeys });

  it.each([
    ['elements of two levels are read whole', '[[[1]],{"a":{"b":1}}]', [read([[1]]), read({ a: { b: 1 } })]],
    ['a third level is an empty array in its place', '[[[[1,[2]]]],7]', [cut([[[]]]), read(7)]],
    [
      'or an empty object',
      '[{"a":{"b":{"c":[1,{"d":2}]}}},{"e":1}]',
      [cut({ a: { b: {} } }), read({ e: 1 })],
    ],
    ['brackets in skipped strings do not count', '[[[["]]]","[["]]],"x"]', [cut([[[]]]), read('x')]],
    ['the next element is not marked', '[[[[]]],[[]],[[[]]]]', [cut([[[]]]), read([[]]), cut([[[]]])]],
    [
      'keys given twice before the skipped part are still found',
      '[{"a":1,"a":2,"b":{"c":{"d":1}}},{"a":1}]',
      [cut({ a: 1, b: { c: {} } }, [['a']]), read({ a: 1 })],
    ],
  ])('%s', (_, json, expected) => {
    expect(elements(json)).toEqual(expected);
  });

  it('never builds what lies deeper: 100,000 levels come out three deep, and the next element is read', () => {
    const deep = `[${'['.repeat(100_000)}${']'.repeat(100_000)},{"a":1}]`;
    const [first, second] = elements(deep);
    expect(first?.tooDeep).toBe(true);
    expect(levelsOf(first?.value)).toBe(3);
    expect(second).toEqual(read({ a: 1 }));
  });

  it.each([
    ['a skipped array closed by a brace', '[[[[1}]]]'],
    ['a skipped part that never ends', '[[[[[[1]]]'],
  ])('is still an error: %s', (_, json) => {
    expect(() => elements(json)).toThrow();
  });
});
