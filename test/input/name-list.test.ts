import { describe, expect, it } from 'vitest';
import { CappedNames, describeNames, MAX_LISTED_NAMES, MAX_NAME_CHARS } from '../../src/input/name-list.js';

const namesOf = (count: number, prefix = 'col'): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);

function capped(names: readonly string[]): CappedNames {
  const list = new CappedNames();
  for (const name of names) list.add(name);
  return list;
}

describe('CappedNames', () => {
  it('lists every distinct name, in the order first added, while there are few', () => {
    expect(capped(['b', 'a', 'b', 'c']).list).toEqual({ names: ['b', 'a', 'c'], more: 0 });
  });

  it(`lists the first ${MAX_LISTED_NAMES} names and counts the rest`, () => {
    const { names, more } = capped(namesOf(200_000)).list;
    expect(names).toEqual(namesOf(MAX_LISTED_NAMES));
    expect(more).toBe(200_000 - MAX_LISTED_NAMES);
  });

  it('counts a name past the cap once, however often it is added', () => {
    const list = capped(namesOf(MAX_LISTED_NAMES));
    for (let i = 0; i < 5; i++) for (const name of ['late1', 'late2']) list.add(name);
    expect(list.list.more).toBe(2);
  });

  it(`cuts a name longer than ${MAX_NAME_CHARS} characters short`, () => {
    const long = 'x'.repeat(10_000);
    expect(capped([long]).list.names).toEqual([`${'x'.repeat(MAX_NAME_CHARS)}…`]);
  });

  it('never cuts a long name between the two halves of an emoji', () => {
    // The 80th character would be the first half of 😀: the name ends before the emoji, not on half of it.
    const name = `${'x'.repeat(MAX_NAME_CHARS - 1)}😀${'y'.repeat(20)}`;
    const [shown] = capped([name]).list.names;
    expect(shown).toBe(`${'x'.repeat(MAX_NAME_CHARS - 1)}…`);
    expect(shown?.isWellFormed()).toBe(true);
  });
});

describe('describeNames', () => {
  it.each([
    [{ names: ['Foo'], more: 0 }, '"Foo"'],
    [{ names: ['Foo', 'Bar'], more: 0 }, '"Foo", "Bar"'],
    [{ names: ['Foo', 'Bar'], more: 199_800 }, '"Foo", "Bar" and 199,800 more'],
    [{ names: ['Email\u200b', 'Em\u00adail'], more: 0 }, '"Email<U+200B>", "Em<U+00AD>ail"'],
  ])('%j → %s', (list, text) => {
    expect(describeNames(list)).toBe(text);
  });
});
