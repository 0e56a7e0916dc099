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

import { detectBom, ENCODING_PEEK_BYTES, utf16WithoutBom } from './detect.js';
import { endOfLastLine, LineCounter } from './lines.js';
import type { Damage } from './types.js';

/** A line longer than this is handed out in pieces anyway: memory stays bounded on a file without breaks. */
const MAX_HELD_BACK_CHARS = 1_000_000;

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

export function isKnownEncoding(encoding: string): boolean {
  return isUtf8(encoding) || iconv().encodingExists(encoding);
}

interface Decoded {
  text: string;
  /** The bytes after `text` are not valid in the encoding. */
  invalid?: boolean;
}

interface ChunkDecoder {
  write(bytes: Buffer): Decoded;
  end(): Decoded;
}

function iconvDecoder(encoding: string): ChunkDecoder {
  const decoder = iconv().getDecoder(encoding, { stripBOM: false });
  return {
    write: (bytes) => ({ text: decoder.write(bytes) }),
    end: () => ({ text: decoder.end() ?? '' }),
  };
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
  return UTF16_DISPLAY_NAMES[encoding.toLowerCase().replace(/[^0-9a-z]/g, '')];
}

/** Why the text stopped, in words a user can act on. */
function invalidEncodingReason(encoding: string): string {
  if (isUtf8(encoding)) {
    return 'not valid UTF-8; if the file was saved in another encoding, try --encoding latin1 or windows-1252';
  }
  return `not valid ${utf16Name(encoding) ?? encoding}`;
}

/** Why a file that looks like UTF-16 without a BOM is not read as UTF-8, and how to read it. */
const utf16WithoutBomReason = (encoding: 'utf16le' | 'utf16be'): string =>
  `it looks like ${utf16Name(encoding)} without a byte-order mark (a NUL byte beside each character); read it with --encoding ${encoding}`;

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

function decoderFor(encoding: string): ChunkDecoder {
  if (isUtf8(encoding)) return strictUtf8Decoder();
  const decoder = iconvDecoder(encoding);
  return wellFormedDecoder(utf16Name(encoding) ? wholeUtf16UnitsDecoder(decoder) : decoder);
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

/** Reads until at least `size` bytes are in hand (or the input ends), to look for a BOM. */
async function peek(source: AsyncIterator<Buffer>, size: number): Promise<{ head: Buffer; done: boolean }> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < size) {
    const next = await source.next();
    if (next.done) return { head: Buffer.concat(parts), done: true };
    parts.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(parts), done: false };
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
      // header no column of which matches, and rows of nothing. The damage is the first line, and says why.
      const utf16 = bom === undefined && isUtf8(encoding) ? utf16WithoutBom(head) : undefined;
      if (utf16 !== undefined) {
        damage = { line: 1, reason: utf16WithoutBomReason(utf16) };
        return;
      }
      const decoder = decoderFor(encoding);
      const lines = new LineCounter();
      let heldBack = '';

      // The text to hand out now; with wholeLines, an unfinished last line waits for the next chunk.
      const take = (decoded: Decoded, final: boolean): string => {
        if (decoded.invalid) {
          damage = {
            line: lines.lineAfter(heldBack + decoded.text),
            reason: invalidEncodingReason(encoding),
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
