/**
 * Why a file cannot be read in the encoding it is read in, in words a user can act on: bytes not valid in it,
 * and, told from its first bytes before any is decoded, UTF-16 read in the other byte order or as another
 * encoding, text without the NUL bytes UTF-16 and UTF-32 have, and UTF-8 read as a one-byte encoding.
 */
import { isUtf8 as isValidUtf8 } from 'node:buffer';
import { ENCODING_PEEK_BYTES } from './detect.js';
import { isCesu8, isUtf8, OTHER_ORDER, type Utf16Order, utf16Name, utf32Name } from './encoding-names.js';
import { completeUtf8Length } from './strict-utf8.js';

/**
 * Why the text stopped, in an encoding other than UTF-8: UTF-8's decoder (strict-utf8.ts) gives its own reason, with
 * the advice the damaged bytes point to.
 */
export function invalidEncodingReason(encoding: string): string {
  return `not valid ${utf16Name(encoding) ?? encoding}`;
}

/**
 * Why a file whose header looks like UTF-16 `looksLike` cannot be read as `encoding`, and how to read it; undefined
 * when `encoding` is that UTF-16, or plain UTF-16, whose decoder tells the byte order by itself.
 */
export function utf16MismatchReason(encoding: string, looksLike: Utf16Order): string | undefined {
  const given = utf16Name(encoding);
  if (given === utf16Name(looksLike) || given === 'UTF-16') return undefined;
  return given === utf16Name(OTHER_ORDER[looksLike])
    ? wrongByteOrderReason(looksLike)
    : `it looks like ${utf16Name(looksLike)} without a byte-order mark (a NUL byte beside each character); read it with --encoding ${looksLike}`;
}

/**
 * Why bytes read as UTF-16 or UTF-32 by --encoding are not: in both every ASCII character (a delimiter, a digit, a
 * line break) has a NUL byte, and these start with none (`whole`: the file is all in `head`). Read as UTF-16, a
 * UTF-8 file is one line of CJK characters and no rows, which passed with exit 0; read as UTF-32, a few invalid
 * characters and no rows. A header of nothing but CJK characters (no delimiter, no line break in 64 bytes) would be
 * refused too: none is likely.
 */
export function notWideEncodingReason(
  encoding: string,
  head: Uint8Array,
  whole: boolean,
): string | undefined {
  const named = utf16Name(encoding) ?? utf32Name(encoding);
  if (named === undefined || (head.length < ENCODING_PEEK_BYTES && !whole) || head.includes(0))
    return undefined;
  const family = named.startsWith('UTF-32') ? 'UTF-32' : 'UTF-16';
  const bytes = whole ? 'its bytes have' : `its first ${ENCODING_PEEK_BYTES} bytes have`;
  return `it does not look like ${named}: ${bytes} no NUL byte, which every delimiter and line break has in ${family}; read it without --encoding (UTF-8), or with the encoding it was saved in`;
}

/**
 * Why bytes that are UTF-8 are not read as the one-byte or legacy `encoding` --encoding names: the first bytes
 * read hold characters beyond ASCII, every one of them a UTF-8 sequence. Read as latin1, zcust's own report (UTF-8)
 * came back as "MÃ¼ller GmbH", sent so; text saved in latin1 or windows-1252 is almost never valid UTF-8 (an
 * accented letter then ASCII is not), so a file saved in the encoding given (a report Excel saved) reads as before.
 */
export function utf8ReadAsLegacyReason(encoding: string, head: Buffer): string | undefined {
  if (isUtf8(encoding) || isCesu8(encoding) || utf16Name(encoding) || utf32Name(encoding)) return undefined;
  const whole = head.subarray(0, completeUtf8Length(head));
  if (!whole.some((byte) => byte >= 0x80) || !isValidUtf8(whole)) return undefined;
  return `it looks like UTF-8, not ${encoding}: its characters beyond ASCII are UTF-8's (read as ${encoding}, "é" would be "Ã©"); read it without --encoding`;
}

export const wrongByteOrderReason = (right: Utf16Order): string =>
  `it looks like ${utf16Name(right)}, not ${utf16Name(OTHER_ORDER[right])}: the two bytes of each character are the other way round; read it with --encoding ${right}`;
