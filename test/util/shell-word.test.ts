import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellPath, shellWord } from '../../src/util/shell-word.js';

/** What `sh` makes of `word` as one argument. */
const readBack = (word: string) => execFileSync('sh', ['-c', `printf %s ${word}`], { encoding: 'utf8' });

describe('shellWord', () => {
  it.each([
    [
      'a plain path, as it is',
      '/home/ana/.local/state/zcust/ab12.journal',
      '/home/ana/.local/state/zcust/ab12.journal',
    ],
    ['a space, in single quotes', '/tmp/my files/x', "'/tmp/my files/x'"],
    ['$HOME, not expanded', '/tmp/$HOME/x', "'/tmp/$HOME/x'"],
    ['a backquote, not run', '/tmp/`x`', "'/tmp/`x`'"],
    ["a single quote, closed and escaped ('\\'')", "/tmp/it's", "'/tmp/it'\\''s'"],
    ['a "~", not the home folder', '~/zstate', "'~/zstate'"],
  ])('%s', (_, text, word) => {
    expect(shellWord(text)).toBe(word);
  });

  it('is read back by sh as the text it was given, whatever the text (but NUL, which no argument holds)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1 }).filter((s) => !s.includes('\0')),
        (text) => {
          expect(readBack(shellWord(text))).toBe(text);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('shellPath', () => {
  // Pasted as `jq '.data' -dash.json > …`, jq took the name for options and wrote its usage into the new file.
  it.each([
    [
      'a name that starts with "-", as ./-…, which no command takes for options',
      '-dash.json',
      './-dash.json',
    ],
    ['such a name that needs quotes too', "-it's.json", "'./-it'\\''s.json'"],
    ['an absolute path, as it is', '/tmp/-dash.json', '/tmp/-dash.json'],
    ['a plain relative name, as it is', 'customers.json', 'customers.json'],
  ])('%s', (_, path, word) => {
    expect(shellPath(path)).toBe(word);
  });
});
