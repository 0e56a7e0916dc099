import { describe, expect, it } from 'vitest';
import { notUtf8Reason, type OneByteEncoding, pointedEncoding } from '../../src/input/not-utf8-advice.js';

/** Text as one-byte-encoding bytes, written byte for byte (`\x9f` is the byte 0x9F). */
const bytes = (text: string) => Buffer.from(text, 'latin1');

/** Bytes after letters, by the encoding they point to. */
const POINTING_TO: Readonly<Record<OneByteEncoding, Array<[string, string]>>> = {
  macintosh: [
    ['ü after a letter (Müller)', 'M\x9fller GmbH'],
    ['ö after a letter (Köln)', 'K\x9aln'],
    ['ä after a letter (Bär)', 'B\x8ar'],
    ['é and è after letters (Café Crème)', 'Caf\x8e Cr\x8fme'],
    ['ç after a letter (François)', 'Fran\x8dois'],
    ['its own apostrophe beside a letter, which tells nothing, then é', 'O\xd5Brien, Caf\x8e'],
    ['more of its letters than Windows-1252 ones', 'M\x9fller, K\x9aln, Caf\xe9'],
    [
      "ö and ü alone, which are Windows-1250's š and ź too (Müller, Köln, Düsseldorf)",
      'M\x9fller, K\x9aln, D\x9fsseldorf',
    ],
  ],
  'windows-1250': [
    [
      "the QA finding's Czech and Polish rows (ř á ř í ý ł)",
      'Dvo\xf8\xe1k s.r.o.\nP\xf8\xedhoda \xc8ern\xfd\nZak\xb3ad \xa3\xf3dzki',
    ],
    ['š and ě after letters (Košice, Němec)', 'Ko\x9aice, N\xecmec'],
    ['ž and ť after letters (Ružomberok, Šťastný)', 'Ru\x9eomberok, \x8at\x9dastn\xfd'],
    ['ł, ą and ż after letters (Wrocław, Dąbrowa, Możdżany)', 'Wroc\xb3aw, D\xb9browa, Mo\xbfd\xbfany'],
    ['ś and ź after letters (Wiśniewska, Woźniak)', 'Wi\x9cniewska, Wo\x9fniak'],
    [
      "QA's Polish rows, whose only letter after an ASCII one is ź (Mac Roman's ü), and Ł starting words",
      'Wo\x9fniak Sp. z o.o.,\xa3\xf3d\x9f\nPiekarnia \xa3\xf3dzka,\xa3\xf3d\x9f\nMaria Wo\x9fniak,Zgierz',
    ],
    ['Ł before a lowercase ASCII letter (Łukasz)', ' \xa3ukasz, Wo\x9fniak'],
  ],
  // The default: what points to neither is advised as Windows-1252 is.
  'windows-1252': [
    ['ü after a letter (Müller)', 'M\xfcller GmbH'],
    ['é after a letter (Café)', 'Caf\xe9'],
    ['punctuation after letters (’ … “ ” –), which tells nothing', 'O\x92Brien\x85 \x93x\x94 A\x96B'],
    ['ß, below à', 'Stra\xdfe'],
    ['€ after a space', '100 \x80'],
    ['£ before a digit, as prices write it', 'Price \xa3100, \xa35'],
    ['one byte with no letter before it', '\x9f'],
    ['nothing', ''],
    ['German umlauts and ß (the same bytes in Windows-1250)', 'J\xfcrgen M\xfcller, K\xf6ln, Wei\xdf'],
    ['French è ê ù ç, which Windows-1250 reads as č ę ů ç', 'Lef\xe8vre, For\xeat, O\xf9, Besan\xe7on'],
    ['French à and ï outweighing one œ', 'Voil\xe0, Lo\xefc, Ana\xefs, c\x9cur'],
    ['Danish ø and å (ř and ĺ in Windows-1250)', 'S\xf8ren J\xf8rgensen, Tromsø, Ha\xe5kon'],
    ['Spanish ñ (ń in Windows-1250)', 'Mu\xf1oz, Pe\xf1a'],
    ['Czech ř and č alone (ø and è in Windows-1252), which tell nothing', 'Dvo\xf8\xe1k, Ko\xe8\xed'],
  ],
};

describe('pointedEncoding: which one-byte encoding a file that is not UTF-8 points to', () => {
  it.each(
    Object.entries(POINTING_TO).flatMap(([encoding, cases]) =>
      cases.map(([what, text]) => [encoding, what, text]),
    ),
  )('%s: %s', (encoding, _, text) => {
    expect(pointedEncoding(bytes(text)), text).toBe(encoding);
  });
});

describe('notUtf8Reason: the three encodings, the one the bytes point to first', () => {
  const WINDOWS = 'windows-1252 (Windows, Latin-1)';
  const CENTRAL = 'windows-1250 (Central European)';
  const MAC = "macintosh (Excel for Mac's plain CSV)";
  it.each([
    ['Windows-1252 bytes', 'M\xfcller', [WINDOWS, CENTRAL, MAC]],
    ['Windows-1250 bytes', 'Zak\xb3ad \xa3\xf3dzki', [CENTRAL, WINDOWS, MAC]],
    ['Mac Roman bytes', 'M\x9fller', [MAC, WINDOWS, CENTRAL]],
  ])('%s', (_, text, [first, second, third]) => {
    expect(notUtf8Reason(bytes(text))).toBe(
      `not valid UTF-8; if the file was saved in another encoding, try --encoding ${first}, ${second} or ${third}`,
    );
  });

  it('advises as for Windows-1252 bytes when the bytes point to nothing (none after a letter)', () => {
    expect(notUtf8Reason(bytes('10 \x80'))).toBe(notUtf8Reason(bytes('M\xfcller')));
  });
});
