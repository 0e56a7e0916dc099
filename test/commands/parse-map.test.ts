import { describe, expect, it } from 'vitest';
import { parseMap } from '../../src/commands/parse-map.js';
import { UsageError } from '../../src/errors.js';
import { resolveMap } from '../../src/input/header-map.js';
import type { MapEntries } from '../../src/input/types.js';

describe('parseMap: --map "Header In File=Template Column"', () => {
  it.each<[string, string[] | undefined, MapEntries]>([
    ['no --map at all', undefined, []],
    ['an empty list', [], []],
    ['one entry', ['Company=Name'], [['Company', 'Name']]],
    ['spaces around either side, trimmed', ['  Company Name  =  Name  '], [['Company Name', 'Name']]],
    ['a header holding "=", split at the last "="', ['a=b=Email'], [['a=b', 'Email']]],
    ['a header that is all but "="', ['x==Email'], [['x=', 'Email']]],
    [
      'several entries',
      ['Company=Name', 'Mail=Email', 'Ref=Customer ID'],
      [
        ['Company', 'Name'],
        ['Mail', 'Email'],
        ['Ref', 'Customer ID'],
      ],
    ],
    ['a header that JavaScript objects treat specially', ['__proto__=Email'], [['__proto__', 'Email']]],
    [
      'the same header twice, both kept (it feeds both columns)',
      ['Company=Name', 'Company=Legal Name'],
      [
        ['Company', 'Name'],
        ['Company', 'Legal Name'],
      ],
    ],
  ])('accepts %s', (_, entries, expected) => {
    expect(parseMap(entries)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['an empty entry', ''],
    ['no "="', 'Company'],
    ['nothing before "="', '=Name'],
    ['nothing after "="', 'Company='],
    ['nothing after the last "="', 'a=b='],
    ['a lone "="', '='],
  ])('refuses %s, quoting the entry and the expected form', (_, entry) => {
    const run = () => parseMap(['Company=Name', entry]);
    expect(run).toThrow(UsageError);
    expect(run).toThrow(`--map "${entry}": expected "Header In File=Template Column"`);
  });

  it.each<[string, string, string]>([
    ['a blank header', ' =Name', 'the header before "=" is empty'],
    ['a blank template column', 'Company= ', 'is not a template column'],
  ])('leaves %s to resolveMap, which refuses it', (_, entry, message) => {
    const map = parseMap([entry]);
    expect(() => resolveMap(map)).toThrow(UsageError);
    expect(() => resolveMap(map)).toThrow(message);
  });
});
