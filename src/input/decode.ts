/**
 * Bytes → text, streaming. A byte-order mark decides the encoding (and is dropped); without one the
 * caller's encoding applies. UTF-8 and UTF-16 are decoded strictly: bytes that are not valid (in UTF-16 a
 * lone surrogate or an odd byte at the end) end the text there and are reported as damage at their line,
 * so a wrongly encoded file is never silently turned into U+FFFD. The pieces are each in a file of their own:
 * the encodings' names (encoding-names.ts), why a file cannot be read in its encoding (encoding-reasons.ts), the
 * chunk decoder they all are (chunk-decoder.ts), strict UTF-8 (strict-utf8.ts), iconv-lite's decoders made strict
 * (iconv-decoders.ts) and iconv-lite loaded on first use (iconv-on-demand.ts).
 */
import { peek } from './bytes.js';
import type { ChunkDecoder, Decoded } from './chunk-decoder.js';
import { detectBom, ENCODING_PEEK_BYTES, utf16WithoutBom } from './detect.js';
import { isUtf8, utf16Name } from './encoding-names.js';
import {
  invalidEncodingReason,
  notWideEncodingReason,
  utf8ReadAsLegacyReason,
  utf16MismatchReason,
} from './encoding-reasons.js';
import { type FileCutShortError, FileShrankError } from './file-cut-short.js';
import {
  byteOrderCheckedDecoder,
  definedBytesDecoder,
  iconvDecoder,
  wellFormedDecoder,
  wholeUtf16UnitsDecoder,
} from './iconv-decoders.js';
import { endOfLastLine, LineCounter } from './lines.js';
import { strictUtf8Decoder } from './strict-utf8.js';
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
  /**
   * With `wholeLines`, once the bytes have ended: the error to throw if the text ends inside a line, because the
   * file grew while it was read (ByteSource's): that line may be half written, so it is never handed out.
   */
  stillBeingWritten?: () => FileCutShortError | undefined;
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
        try {
          const next = await source.next();
          return next.done ? undefined : next.value;
        } catch (error) {
          // The unfinished line held back is a record the file's new end cut in two: never handed out, it is
          // reported as cut short (only this decoder knows it is there).
          if (error instanceof FileShrankError) error.endsInsideLine = heldBack.trim() !== '';
          throw error;
        }
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
      const last = decoder.end();
      const stillWritten = options.wholeLines ? options.stillBeingWritten?.() : undefined;
      // Reported as cut short, as at a truncation (the rows before it are all handed out).
      const unfinished = (heldBack + last.text).trim();
      if (stillWritten && unfinished !== '' && unfinished !== END_OF_FILE_MARK) throw stillWritten;
      const text = take(last, true);
      if (text !== '') yield text;
    } finally {
      await source.return?.();
    }
  }

  return { chunks: chunks(), damage: () => damage };
}
