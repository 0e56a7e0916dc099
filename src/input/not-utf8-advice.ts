/**
 * What to read a file that is not UTF-8 with. Such a file is nearly always in one of three one-byte encodings:
 * Windows-1252 (Excel for Windows in Western Europe and the Americas, and any Latin-1 text, which it reads the same),
 * Windows-1250 (Excel for Windows in Central Europe: read as Windows-1252, "Dvořák" became "Dvoøák", valid and sent
 * so), or Mac Roman, which Excel for Mac's plain "Comma Separated Values" writes (read as Windows-1252, "Müller GmbH"
 * became "MŸller GmbH"). All three are advised, the one the bytes point to first.
 */

export type OneByteEncoding = 'windows-1252' | 'windows-1250' | 'macintosh';

/**
 * Bytes that are a lowercase letter in Mac Roman, and in Windows-1252 a letter that seldom follows another one or no
 * character at all: ä ö ü (Š š Ÿ), é è à á ç (Ž, none, ˆ, ‡, none), Å ê ù (none). Mac Roman's other letters from
 * 0x80 on are Windows-1252 punctuation that follows a word as often (’ … ” – — œ), and tell nothing.
 */
const MAC_ROMAN_LETTERS: ReadonlySet<number> = new Set([
  0x8a, 0x9a, 0x9f, 0x8e, 0x8f, 0x88, 0x87, 0x8d, 0x81, 0x90, 0x9d,
]);

/**
 * Bytes that are a lowercase letter in Windows-1250 that Czech, Slovak or Polish words are full of, and that
 * Western European words seldom hold in Windows-1252: š ś ť ž ź (š œ, none, ž Ÿ), ł ą ľ ż (³ ¹ ¾ ¿), ě (ì). Its
 * other letters are Windows-1252's (á é í ó ú ä ö ü ç ý) or stand for a letter as common in the West (č ř ů ę ń ć
 * ň ő ű: è ø ù ê ñ æ ò õ û), and tell nothing: counting ř, a Danish "Søren" pointed to Windows-1250.
 */
const CENTRAL_EUROPEAN_LETTERS: ReadonlySet<number> = new Set([
  0x9a, 0x9c, 0x9d, 0x9e, 0x9f, 0xb3, 0xb9, 0xbe, 0xbf, 0xec,
]);

/** Bytes that are a Western European letter in Windows-1252 and a rare one, or none, in Windows-1250: à ã å ï ÿ. */
const WESTERN_LETTERS: ReadonlySet<number> = new Set([0xe0, 0xe3, 0xe5, 0xef, 0xff]);

const isAsciiLetter = (byte: number): boolean => (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a;

/**
 * Windows-1250's Ł, which starts Polish words (Łódź, Łukasz) after no ASCII letter: in Windows-1252 and Mac Roman
 * the byte is £, which a letter does not follow (`£100`, not `£ódź`). Without it, a Polish file whose only letter
 * after an ASCII one is ź (Woźniak, Łódź: 0x9F, Mac Roman's ü) pointed to Mac Roman, read there as "£Ûdü".
 */
const CAPITAL_L_STROKE = 0xa3;

const startsPolishWord = (byte: number, next: number | undefined): boolean =>
  byte === CAPITAL_L_STROKE && next !== undefined && (next >= 0x80 || (next >= 0x61 && next <= 0x7a));

/**
 * The one-byte encoding bytes read after an ASCII letter point to (and a Ł, see startsPolishWord). Mac Roman when
 * its lowercase letters outnumber the Windows encodings' (à–ÿ, 0xE0–0xFF, and ł ą ľ ż, which in Mac Roman are
 * symbols and capitals) and Windows-1250's letters that are none of Mac Roman's are no more; otherwise
 * Windows-1250 when its Central European letters outnumber Western ones; otherwise Windows-1252. Mac Roman's ö ü
 * are Windows-1250's š ź: they vote for both, and German from a Mac stays Mac Roman. `bytes`: from the byte
 * before the text stopped being UTF-8.
 */
export function pointedEncoding(bytes: Uint8Array): OneByteEncoding {
  let mac = 0;
  let central = 0;
  // The Central European letters that are no Mac Roman letter: what can outweigh Mac Roman's.
  let centralOnly = 0;
  for (let i = 1; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (startsPolishWord(byte, bytes[i + 1])) {
      central++;
      centralOnly++;
      mac--;
      continue;
    }
    if (byte < 0x80 || !isAsciiLetter(bytes[i - 1] as number)) continue;
    if (MAC_ROMAN_LETTERS.has(byte)) mac++;
    else if (byte >= 0xe0 || CENTRAL_EUROPEAN_LETTERS.has(byte)) mac--;
    if (CENTRAL_EUROPEAN_LETTERS.has(byte)) {
      central++;
      if (!MAC_ROMAN_LETTERS.has(byte)) centralOnly++;
    } else if (WESTERN_LETTERS.has(byte)) central--;
  }
  if (mac > 0 && mac >= centralOnly) return 'macintosh';
  return central > 0 ? 'windows-1250' : 'windows-1252';
}

/** What each encoding is, for a reader who does not know its name; in the order advised when bytes tell nothing. */
const ADVISED: ReadonlyArray<[OneByteEncoding, string]> = [
  ['windows-1252', 'windows-1252 (Windows, Latin-1)'],
  ['windows-1250', 'windows-1250 (Central European)'],
  ['macintosh', `macintosh (Excel for Mac's plain CSV)`],
];

/** The one-byte encodings advised, in the order advised when bytes tell nothing. */
export const ADVISED_ENCODINGS: readonly OneByteEncoding[] = ADVISED.map(([name]) => name);

/** Why bytes are no UTF-8, and what to try: the encoding `bytes` point to (see pointedEncoding) first. */
export function notUtf8Reason(bytes: Uint8Array): string {
  const pointed = pointedEncoding(bytes);
  // (sort is stable: the others keep ADVISED's order.)
  const [first, second, third] = [...ADVISED]
    .sort(([a], [b]) => Number(b === pointed) - Number(a === pointed))
    .map(([, described]) => described);
  return `not valid UTF-8; if the file was saved in another encoding, try --encoding ${first}, ${second} or ${third}`;
}
