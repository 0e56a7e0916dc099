/**
 * iconv-lite's decoders, made strict: iconv-lite passes a lone surrogate through, drops an odd last byte of
 * UTF-16, reads bytes in the wrong byte order as text and turns a byte an encoding has no character for into
 * U+FFFD, without a sign. Each wrapper here ends the text there instead, as damage.
 */
import type { ChunkDecoder, Decoded } from './chunk-decoder.js';
import { isCesu8, type Utf16Order } from './encoding-names.js';
import { wrongByteOrderReason } from './encoding-reasons.js';
import { iconv } from './iconv-on-demand.js';

export function iconvDecoder(encoding: string): ChunkDecoder {
  const decoder = iconv().getDecoder(encoding, { stripBOM: false });
  return {
    write: (bytes) => ({ text: decoder.write(bytes) }),
    end: () => ({ text: isCesu8(encoding) ? cesu8EndText(decoder.end()) : (decoder.end() ?? '') }),
  };
}

/**
 * iconv-lite's CESU-8 decoder ends with the number 0, or "0" and U+FFFD for a character cut off at the end (it
 * adds the U+FFFD to a 0): taken as text, every CESU-8 file was an internal error.
 */
function cesu8EndText(tail: unknown): string {
  return typeof tail === 'string' ? tail.replace(/^0/, '') : '';
}

/** A surrogate that is not half of a pair (a regex without the u flag sees UTF-16 code units). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function endsInHighSurrogate(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff;
}

/** The text before its first lone surrogate, marked invalid when there is one. */
function upToLoneSurrogate(decoded: Decoded): Decoded {
  if (decoded.text.isWellFormed()) return decoded;
  return { text: decoded.text.slice(0, decoded.text.search(LONE_SURROGATE)), invalid: true };
}

/**
 * Lone surrogates are damage: iconv-lite's UTF-16 (and UTF-32, CESU-8) decoders pass them through, and
 * the report would show them as U+FFFD. A high surrogate at the end of a chunk waits for the next one,
 * since its other half may be in the next bytes (iconv-lite's UTF-16BE hands the halves out separately).
 */
export function wellFormedDecoder(decoder: ChunkDecoder): ChunkDecoder {
  let waitingHigh = '';
  return {
    write(bytes) {
      const decoded = decoder.write(bytes);
      const text = waitingHigh + decoded.text;
      const keep = endsInHighSurrogate(text) ? text.length - 1 : text.length;
      waitingHigh = text.slice(keep);
      return upToLoneSurrogate({ ...decoded, text: text.slice(0, keep) });
    },
    // A high surrogate still waiting at the end of the file has no other half: the check finds it lone.
    end() {
      const decoded = decoder.end();
      return upToLoneSurrogate({ ...decoded, text: waitingHigh + decoded.text });
    },
  };
}

/** UTF-16 comes in two-byte units: iconv-lite silently drops an odd byte left at the end of the file. */
export function wholeUtf16UnitsDecoder(decoder: ChunkDecoder): ChunkDecoder {
  let byteCount = 0;
  return {
    write(bytes) {
      byteCount += bytes.length;
      return decoder.write(bytes);
    },
    end() {
      const decoded = decoder.end();
      return byteCount % 2 === 0 ? decoded : { ...decoded, invalid: true };
    },
  };
}

/**
 * U+0A00 is unassigned: in UTF-16 read the wrong way round it is a line feed, whose bytes are 0A 00 in one order
 * and 00 0A in the other. Text that holds it was read in the wrong byte order, though its header had no NULs to
 * tell by (a header of CJK characters): without this check the whole file would be one header line and no rows.
 */
const SWAPPED_LINE_FEED = '\u0A00';

export function byteOrderCheckedDecoder(decoder: ChunkDecoder, right: Utf16Order): ChunkDecoder {
  const check = (decoded: Decoded): Decoded => {
    const at = decoded.text.indexOf(SWAPPED_LINE_FEED);
    return at === -1
      ? decoded
      : { text: decoded.text.slice(0, at), invalid: true, reason: wrongByteOrderReason(right) };
  };
  return { write: (bytes) => check(decoder.write(bytes)), end: () => check(decoder.end()) };
}

const REPLACEMENT_CHARACTER = '\uFFFD';

/**
 * Text up to the first byte the encoding has no character for, marked invalid there. Read on, `M\xfcller` with
 * --encoding ascii was the name `M\uFFFDller`, valid, and created so in the platform without a word. iconv-lite
 * decodes such a byte as U+FFFD and gives no other sign, so a U+FFFD is taken as one: no legacy encoding
 * (windows-1252, Shift_JIS…) has that character, and in GB18030, UTF-32, UTF-7 or CESU-8, which do, a customer's
 * name holding one was damaged before (UTF-8 and UTF-16, whose damage is told otherwise, keep it).
 */
export function definedBytesDecoder(decoder: ChunkDecoder, encoding: string): ChunkDecoder {
  const check = (decoded: Decoded): Decoded => {
    const at = decoded.text.indexOf(REPLACEMENT_CHARACTER);
    if (at === -1) return decoded;
    const reason = `not valid ${encoding}: a byte it has no character for; if the file was saved in another encoding, give that one with --encoding`;
    return { text: decoded.text.slice(0, at), invalid: true, reason };
  };
  return { write: (bytes) => check(decoder.write(bytes)), end: () => check(decoder.end()) };
}
