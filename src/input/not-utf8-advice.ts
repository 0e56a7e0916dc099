/**
 * What to read a file that is not UTF-8 with. Such a file is nearly always in one of two one-byte encodings:
 * Windows-1252 (Excel for Windows, and any Latin-1 text, which it reads the same), or Mac Roman, which Excel for
 * Mac's plain "Comma Separated Values" writes: read as Windows-1252, "Müller GmbH" became "MŸller GmbH", valid and
 * sent so. Both are advised, the one the bytes point to first.
 */

/**
 * Bytes that are a lowercase letter in Mac Roman, and in Windows-1252 a letter that seldom follows another one or no
 * character at all: ä ö ü (Š š Ÿ), é è à á ç (Ž, none, ˆ, ‡, none), Å ê û (none). Mac Roman's other letters from
 * 0x80 on are Windows-1252 punctuation that follows a word as often (’ … ” – — œ), and tell nothing.
 */
const MAC_ROMAN_LETTERS: ReadonlySet<number> = new Set([
  0x8a, 0x9a, 0x9f, 0x8e, 0x8f, 0x88, 0x87, 0x8d, 0x81, 0x90, 0x9d,
]);

const isAsciiLetter = (byte: number): boolean => (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a;

/**
 * Whether bytes read after an ASCII letter look more like Mac Roman's lowercase letters than Windows-1252's (à–ÿ,
 * 0xE0–0xFF, which in Mac Roman are symbols and capitals). `bytes`: from the byte before the text stopped being
 * UTF-8.
 */
export function looksLikeMacRoman(bytes: Uint8Array): boolean {
  let votes = 0;
  for (let i = 1; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte < 0x80 || !isAsciiLetter(bytes[i - 1] as number)) continue;
    if (MAC_ROMAN_LETTERS.has(byte)) votes++;
    else if (byte >= 0xe0) votes--;
  }
  return votes > 0;
}

const WINDOWS = 'windows-1252 (Windows, Latin-1)';
const MAC = `macintosh (Excel for Mac's plain CSV)`;

/** Why bytes are no UTF-8, and what to try: the encoding `bytes` point to (see looksLikeMacRoman) first. */
export function notUtf8Reason(bytes: Uint8Array): string {
  const [first, second] = looksLikeMacRoman(bytes) ? [MAC, WINDOWS] : [WINDOWS, MAC];
  return `not valid UTF-8; if the file was saved in another encoding, try --encoding ${first} or ${second}`;
}
