/**
 * Bytes → text, streaming. A byte-order mark decides the encoding (and is dropped); without one the
 * caller's encoding applies. UTF-8 and UTF-16 are decoded strictly: bytes that are not valid (in UTF-16 a
 * lone surrogate or an odd byte at the end) end the text there and are reported as damage at their line,
 * so a wrongly encoded file is never silently turned into U+FFFD.
 */
import { isUtf8 as isValidUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';

// Loaded on first use: most files are UTF-8, which needs no iconv-lite (5 MB of tables in memory).
const require = createRequire(import.meta.url);
let iconvModule: typeof import('iconv-lite') | undefined;
const iconv = () => {
  iconvModule ??= require('iconv-lite') as typeof import('iconv-lite');
  return iconvModule;
};

import { peek } from './bytes.js';
import { detectBom, ENCODING_PEEK_BYTES, utf16WithoutBom } from './detect.js';
import { endOfLastLine, LineCounter } from './lines.js';
import type { Damage } from './types.js';

/** A line longer than this is handed out in pieces anyway: memory stays bounded on a file without breaks. */
const MAX_HELD_BACK_CHARS = 1_000_000;

/**
 * Ctrl-Z, the end-of-file mark of CP/M and DOS, which `copy /a` and old exporters still write as a file's last
 * byte. Only that last one is no text: read as the last value's, it made the last customer `invalid` (a control
 * character in its e-mail) or the file damaged (text after a closing quote). One anywhere else is a control
 * character, as before; one on a line of its own is a blank line (see looksBlank) wherever it is.
 */
const END_OF_FILE_MARK = '\x1a';

export interface DecodedText {
  /** The text in chunks; with `wholeLines`, each chunk ends at a line break (except possibly the last). */
  chunks: AsyncIterable<string>;
  /** Set once `chunks` has stopped early at bytes that are not valid in the encoding. */
  damage(): Damage | undefined;
}

export interface DecodeOptions {
  /** For files without a BOM: 'utf-8' or any encoding iconv-lite knows. */
  encoding: string;
  /**
   * Hold back partial lines so that, when damage stops the text, everything handed out is whole lines
   * (a CSV or NDJSON reader must not see half a record). JSON, often one long line, does without.
   */
  wholeLines: boolean;
}

export function isUtf8(encoding: string): boolean {
  return /^utf-?8$/i.test(encoding);
}

/** An encoding's name as iconv-lite compares names, without case or punctuation: `UTF-16LE` is `utf16le`. */
const encodingKey = (encoding: string) => encoding.toLowerCase().replace(/[^0-9a-z]/g, '');

/** iconv-lite's encodings of bytes as text (base64, hex): a file of customers is never one of them. */
const NOT_TEXT_ENCODINGS = new Set(['base64', 'hex']);

export function isKnownEncoding(encoding: string): boolean {
  if (NOT_TEXT_ENCODINGS.has(encodingKey(encoding))) return false;
  return isUtf8(encoding) || iconv().encodingExists(encoding);
}

interface Decoded {
  text: string;
  /** The bytes after `text` are not valid in the encoding. */
  invalid?: boolean;
  /** Why, when it is not just bytes the encoding does not allow. */
  reason?: string;
}

interface ChunkDecoder {
  write(bytes: Buffer): Decoded;
  end(): Decoded;
}

function iconvDecoder(encoding: string): ChunkDecoder {
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

/** iconv-lite's canonical names of UTF-16 (it ignores case and punctuation: `UTF-16LE` is `utf16le`). */
const UTF16_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  utf16le: 'UTF-16LE',
  ucs2: 'UTF-16LE',
  utf16be: 'UTF-16BE',
  utf16: 'UTF-16',
};

/** `UTF-16LE`, `UTF-16BE` or `UTF-16` when `encoding` is one of UTF-16's names; undefined otherwise. */
function utf16Name(encoding: string): string | undefined {
  return UTF16_DISPLAY_NAMES[encodingKey(encoding)];
}

/** iconv-lite's names of UTF-32: read as UTF-32, a UTF-8 file is a few invalid characters and no rows. */
const UTF32_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  utf32: 'UTF-32',
  ucs4: 'UTF-32',
  utf32le: 'UTF-32LE',
  ucs4le: 'UTF-32LE',
  utf32be: 'UTF-32BE',
  ucs4be: 'UTF-32BE',
};

function utf32Name(encoding: string): string | undefined {
  return UTF32_DISPLAY_NAMES[encodingKey(encoding)];
}

/** Why the text stopped, in words a user can act on. */
function invalidEncodingReason(encoding: string): string {
  if (isUtf8(encoding)) {
    return 'not valid UTF-8; if the file was saved in another encoding, try --encoding latin1 or windows-1252';
  }
  return `not valid ${utf16Name(encoding) ?? encoding}`;
}

type Utf16Order = 'utf16le' | 'utf16be';
const OTHER_ORDER: Readonly<Record<Utf16Order, Utf16Order>> = { utf16le: 'utf16be', utf16be: 'utf16le' };

/**
 * Why a file whose header looks like UTF-16 `looksLike` cannot be read as `encoding`, and how to read it; undefined
 * when `encoding` is that UTF-16, or plain UTF-16, whose decoder tells the byte order by itself.
 */
function utf16MismatchReason(encoding: string, looksLike: Utf16Order): string | undefined {
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
function notWideEncodingReason(encoding: string, head: Uint8Array, whole: boolean): string | undefined {
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
function utf8ReadAsLegacyReason(encoding: string, head: Buffer): string | undefined {
  if (isUtf8(encoding) || isCesu8(encoding) || utf16Name(encoding) || utf32Name(encoding)) return undefined;
  const whole = head.subarray(0, completeUtf8Length(head));
  if (!whole.some((byte) => byte >= 0x80) || !isValidUtf8(whole)) return undefined;
  return `it looks like UTF-8, not ${encoding}: its characters beyond ASCII are UTF-8's (read as ${encoding}, "é" would be "Ã©"); read it without --encoding`;
}

/**
 * CESU-8 writes a character of the BMP as UTF-8 does, byte for byte: such a file read as CESU-8 is the same text
 * (beyond the BMP, UTF-8's four-byte form is no CESU-8, and its U+FFFD is damage already).
 */
const isCesu8 = (encoding: string): boolean => encodingKey(encoding) === 'cesu8';

const wrongByteOrderReason = (right: Utf16Order): string =>
  `it looks like ${utf16Name(right)}, not ${utf16Name(OTHER_ORDER[right])}: the two bytes of each character are the other way round; read it with --encoding ${right}`;

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
function wellFormedDecoder(decoder: ChunkDecoder): ChunkDecoder {
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
function wholeUtf16UnitsDecoder(decoder: ChunkDecoder): ChunkDecoder {
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

function byteOrderCheckedDecoder(decoder: ChunkDecoder, right: Utf16Order): ChunkDecoder {
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
function definedBytesDecoder(decoder: ChunkDecoder, encoding: string): ChunkDecoder {
  const check = (decoded: Decoded): Decoded => {
    const at = decoded.text.indexOf(REPLACEMENT_CHARACTER);
    if (at === -1) return decoded;
    const reason = `not valid ${encoding}: a byte it has no character for; if the file was saved in another encoding, give that one with --encoding`;
    return { text: decoded.text.slice(0, at), invalid: true, reason };
  };
  return { write: (bytes) => check(decoder.write(bytes)), end: () => check(decoder.end()) };
}

/** The decoder for `encoding`; `fromBom` when a byte-order mark chose it (then the byte order is certain). */
function decoderFor(encoding: string, fromBom: boolean): ChunkDecoder {
  if (isUtf8(encoding)) return strictUtf8Decoder();
  const decoder = iconvDecoder(encoding);
  const name = utf16Name(encoding);
  if (name === undefined) return wellFormedDecoder(definedBytesDecoder(decoder, encoding));
  const units = wellFormedDecoder(wholeUtf16UnitsDecoder(decoder));
  if (fromBom || name === 'UTF-16') return units;
  return byteOrderCheckedDecoder(units, name === 'UTF-16LE' ? 'utf16be' : 'utf16le');
}

/** How many leading bytes of `bytes` form complete UTF-8 sequences (a cut-off last character is kept back). */
function completeUtf8Length(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
    const byte = bytes[i] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + size <= bytes.length ? bytes.length : i;
  }
  return bytes.length;
}

function decodesAsUtf8Prefix(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The text before the first invalid sequence: a binary search, paid only once, when a file is damaged. */
function textBeforeInvalidUtf8(bytes: Buffer): string {
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (decodesAsUtf8Prefix(bytes.subarray(0, mid))) good = mid;
    else bad = mid;
  }
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, good), { stream: true });
}

function strictUtf8Decoder(): ChunkDecoder {
  const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let carry = Buffer.alloc(0);
  const decode = (bytes: Buffer): Decoded => {
    // isUtf8 and toString are several times faster than a fatal TextDecoder and give the same text for
    // valid input; the decoder is kept for the damaged case, which needs it to find where the damage starts.
    if (isValidUtf8(bytes)) return { text: bytes.toString('utf8') };
    try {
      return { text: fatal.decode(bytes) };
    } catch {
      return { text: textBeforeInvalidUtf8(bytes), invalid: true };
    }
  };
  return {
    write(bytes) {
      const data = carry.length > 0 ? Buffer.concat([carry, bytes]) : bytes;
      const complete = completeUtf8Length(data);
      carry = Buffer.from(data.subarray(complete));
      return decode(data.subarray(0, complete));
    },
    // A character cut off by the end of the file is invalid too.
    end: () => decode(carry),
  };
}

export function decodeText(bytes: AsyncIterable<Buffer>, options: DecodeOptions): DecodedText {
  let damage: Damage | undefined;

  async function* chunks(): AsyncGenerator<string> {
    const source = bytes[Symbol.asyncIterator]();
    try {
      const { head, done } = await peek(source, ENCODING_PEEK_BYTES);
      const bom = detectBom(head);
      const encoding = bom?.encoding ?? options.encoding;
      // Read as UTF-8, UTF-16 is text with a NUL beside each character (valid UTF-8 while it is ASCII): a
      // header no column of which matches, and rows of nothing. Read in the wrong byte order, it is one line of
      // CJK characters and no rows. Either way the damage is the first line, and says why.
      const utf16 = bom === undefined ? utf16WithoutBom(head) : undefined;
      const mismatch =
        (utf16 && utf16MismatchReason(encoding, utf16)) ??
        (bom === undefined && head.length > 0 ? notWideEncodingReason(encoding, head, done) : undefined) ??
        (bom === undefined ? utf8ReadAsLegacyReason(encoding, head) : undefined);
      if (mismatch) {
        damage = { line: 1, reason: mismatch };
        return;
      }
      const decoder = decoderFor(encoding, bom !== undefined);
      const lines = new LineCounter();
      let heldBack = '';

      // The text to hand out now; with wholeLines, an unfinished last line waits for the next chunk.
      const take = (decoded: Decoded, final: boolean): string => {
        if (decoded.invalid) {
          damage = {
            line: lines.lineAfter(heldBack + decoded.text),
            reason: decoded.reason ?? invalidEncodingReason(encoding),
          };
        }
        let out = heldBack + decoded.text;
        heldBack = '';
        // After damage the unfinished line is the damaged one: it is dropped, never handed out.
        const cut = options.wholeLines && (!final || decoded.invalid) ? endOfLastLine(out) : out.length;
        if (out.length - cut <= MAX_HELD_BACK_CHARS) {
          heldBack = out.slice(cut);
          out = out.slice(0, cut);
        }
        // Whether a mark is the last character is known only at the end: until then, one that ends the text waits.
        if (out.endsWith(END_OF_FILE_MARK) && !decoded.invalid) {
          out = out.slice(0, -1);
          if (!final) heldBack = END_OF_FILE_MARK + heldBack;
        }
        lines.feed(out);
        return out;
      };

      const nextBytes = async (): Promise<Buffer | undefined> => {
        if (done) return undefined;
        const next = await source.next();
        return next.done ? undefined : next.value;
      };
      for (
        let chunk: Buffer | undefined = head.subarray(bom?.length ?? 0);
        chunk !== undefined;
        chunk = await nextBytes()
      ) {
        const text = take(decoder.write(chunk), false);
        if (text !== '') yield text;
        if (damage) return;
      }
      const text = take(decoder.end(), true);
      if (text !== '') yield text;
    } finally {
      await source.return?.();
    }
  }

  return { chunks: chunks(), damage: () => damage };
}
