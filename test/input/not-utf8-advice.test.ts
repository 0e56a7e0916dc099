import { describe, expect, it } from 'vitest';
import { looksLikeMacRoman, notUtf8Reason } from '../../src/input/not-utf8-advice.js';

/** Text as Mac Roman or Windows-1252 bytes, written byte for byte (`\x9f` is the byte 0x9F). */
const bytes = (text: string) => Buffer.from(text, 'latin1');

/** Bytes after letters, by the encoding they point to. */
const POINTING_TO: Readonly<Record<'Mac Roman' | 'Windows-1252', Array<[string, string]>>> = {
  'Mac Roman': [
    ['ü after a letter (Müller)', 'M\x9fller GmbH'],
    ['ö after a letter (Köln)', 'K\x9aln'],
    ['ä after a letter (Bär)', 'B\x8ar'],
    ['é and è after letters (Café Crème)', 'Caf\x8e Cr\x8fme'],
    ['ç after a letter (François)', 'Fran\x8dois'],
    ['its own apostrophe beside a letter, which tells nothing, then é', 'O\xd5Brien, Caf\x8e'],
    ['more of its letters than Windows-1252 ones', 'M\x9fller, K\x9aln, Caf\xe9'],
  ],
  // The default: what points to neither is advised as Windows-1252 is.
  'Windows-1252': [
    ['ü after a letter (Müller)', 'M\xfcller GmbH'],
    ['é after a letter (Café)', 'Caf\xe9'],
    ['punctuation after letters (’ … “ ” –), which tells nothing', 'O\x92Brien\x85 \x93x\x94 A\x96B'],
    ['ß, below à', 'Stra\xdfe'],
    ['€ after a space', '100 \x80'],
    ['one byte with no letter before it', '\x9f'],
    ['nothing', ''],
  ],
};

describe('looksLikeMacRoman: which one-byte encoding a file that is not UTF-8 points to', () => {
  it.each(
    Object.entries(POINTING_TO).flatMap(([encoding, cases]) =>
      cases.map(([what, text]) => [encoding, what, text]),
    ),
  )('%s: %s', (encoding, _, text) => {
    expect(looksLikeMacRoman(bytes(text)), text).toBe(encoding === 'Mac Roman');
  });
});

describe('notUtf8Reason', () => {
  it('advises windows-1252 first, then macintosh, for a file that points to neither or to Windows-1252', () => {
    expect(notUtf8Reason(bytes('M\xfcller'))).toBe(
      "not valid UTF-8; if the file was saved in another encoding, try --encoding windows-1252 (Windows, Latin-1) or macintosh (Excel for Mac's plain CSV)",
    );
    expect(notUtf8Reason(bytes('10 \x80')), 'bytes after no letter').toBe(notUtf8Reason(bytes('M\xfcller')));
  });

  it('advises macintosh first for bytes that point to Mac Roman', () => {
    expect(notUtf8Reason(bytes('M\x9fller'))).toBe(
      "not valid UTF-8; if the file was saved in another encoding, try --encoding macintosh (Excel for Mac's plain CSV) or windows-1252 (Windows, Latin-1)",
    );
  });
});
