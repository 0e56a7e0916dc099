import { describe, expect, it } from 'vitest';
import { readCustomData } from '../../src/customer/custom-data.js';
import { MAX_JSON_LEVELS } from '../../src/util/exact-json.js';

const TOO_DEEP = `nests objects or arrays more than ${MAX_JSON_LEVELS} levels deep, where custom data is a few fields, like {"industry":"Retail"}`;

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

/** What the text columns say of a C1 control (text.ts), after where it is. */
const C1_ADVICE =
  '(U+0080–U+009F are what Windows-1252 punctuation such as … “ ” becomes when read as Latin-1: if the file is Windows-1252, read it with --encoding windows-1252)';
const MULTI_LINE = 'line breaks and tabs may stay here, other control characters may not, so remove it';

describe('readCustomData: keys and string values are held to the multi-line text columns’ rule', () => {
  it.each([
    [
      'a € read as Latin-1 (U+0080) in a value',
      '{"plan":"Pro 49 \u0080/Monat"}',
      `the value of "plan" holds a control character (U+0080) at character 8: ${MULTI_LINE} ${C1_ADVICE}`,
    ],
    [
      'the same written as a JSON escape',
      '{"plan":"Pro 49 \\u0080/Monat"}',
      `the value of "plan" holds a control character (U+0080) at character 8: ${MULTI_LINE} ${C1_ADVICE}`,
    ],
    [
      'a “ read as Latin-1 (U+0093) in a value nested in an array',
      '{"a":1,"tiers":[{"n":"x"},{"note":"Zahlung \u0093sofort\u0094"}]}',
      `the value of "tiers[1].note" holds a control character (U+0093) at character 9: ${MULTI_LINE} ${C1_ADVICE}`,
    ],
    [
      'a … read as Latin-1 (NEL, U+0085) in a key, shown by its code point',
      '{"Zahlung\u0085":"sofort"}',
      `the key "Zahlung<U+0085>" holds a control character (U+0085) at character 8: ${MULTI_LINE} ${C1_ADVICE}`,
    ],
    [
      'the first of two, in the order the text writes them',
      '{"a":{"b\u0080":"c"},"d":"\u0081"}',
      `the key "a.b<U+0080>" holds a control character (U+0080) at character 2: ${MULTI_LINE} ${C1_ADVICE}`,
    ],
    [
      'a NUL escape, which is no encoding’s doing (no advice)',
      '{"note":"x\\u0000"}',
      `the value of "note" holds a control character (U+0000) at character 2: ${MULTI_LINE}`,
    ],
    [
      'half of a character',
      '{"note":"x\\ud83d"}',
      'the value of "note" holds half of a character (a lone surrogate, U+D83D) at character 2, which cannot be sent: the text was cut inside a character (an emoji split in two?): restore the character or remove it',
    ],
  ])('refuses %s', (_, text, message) => {
    expect(readCustomData(text)).toEqual({ text, duplicateKeys: [], message });
  });

  it.each([
    ['Windows-1252 punctuation read right', '{"plan":"Pro 49 €/Monat","note":"„sofort“ …"}'],
    ['line breaks and tabs', '{"note":"line\\nbreak\\r\\n\\ttab"}'],
    ['a backslash of its own', '{"path":"C:\\\\invoices"}'],
    ['an emoji written as its escapes', '{"mood":"\\ud83d\\ude00"}'],
  ])('takes %s', (_, text) => {
    expect(readCustomData(text)).toHaveProperty('object');
  });
});

describe('readCustomData: a cell that is not JSON says why, as a JSON file does', () => {
  const straight = (what: string, at: number, word: string) =>
    `is not valid JSON: a string in curly quotes (${what}) at character ${at}, as autocorrect writes them: use straight double quotes ("${word}")`;

  it.each([
    ['curly double quotes (autocorrect)', '{“tier”:“gold”}', straight('“tier”', 2, 'tier')],
    ['curly single quotes', '{‘tier’: 1}', straight('‘tier’', 2, 'tier')],
    ['German low-high quotes', '{„tier“: 1}', straight('„tier“', 2, 'tier')],
    ['curly quotes around a value only', '{"tier":“gold”}', straight('“gold”', 9, 'gold')],
    ['a curly quote closed by a straight one', '{“tier": 1}', straight('“tier"', 2, 'tier')],
    [
      'a curly quote with no quote after it',
      '{“tier: 1}',
      'is not valid JSON: a string in curly quotes (“) at character 2, as autocorrect writes them: use straight double quotes (")',
    ],
    [
      'curly quotes after a line break, counted from the cell’s start',
      '{\n  “tier”: 1\n}',
      straight('“tier”', 5, 'tier'),
    ],
    [
      'single quotes',
      "{'k':1}",
      'is not valid JSON: a string in single quotes at character 2: use double quotes',
    ],
    [
      'a key without quotes',
      '{industry: Retail}',
      'is not valid JSON: a key name without quotes at character 2: put key names in double quotes',
    ],
    [
      'a comma after the last value',
      '{"a":1,}',
      'is not valid JSON: "}" at character 8 follows a comma: remove the comma after the last value',
    ],
    [
      'a control character inside a string',
      '{"a":"x\u0001"}',
      'is not valid JSON: it holds a control character (U+0001) at character 8: remove it',
    ],
  ])('%s', (_, text, message) => {
    expect(readCustomData(text)).toEqual({ text, duplicateKeys: [], message });
  });
});
