/**
 * Encodings by name, as --encoding and iconv-lite spell them: UTF-8, the names of UTF-16 and UTF-32 and of
 * UTF-16's two byte orders, CESU-8, and which names zcust can read a file in.
 */
import { iconv } from './iconv-on-demand.js';

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

/** iconv-lite's canonical names of UTF-16 (it ignores case and punctuation: `UTF-16LE` is `utf16le`). */
const UTF16_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  utf16le: 'UTF-16LE',
  ucs2: 'UTF-16LE',
  utf16be: 'UTF-16BE',
  utf16: 'UTF-16',
};

/** `UTF-16LE`, `UTF-16BE` or `UTF-16` when `encoding` is one of UTF-16's names; undefined otherwise. */
export function utf16Name(encoding: string): string | undefined {
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

export function utf32Name(encoding: string): string | undefined {
  return UTF32_DISPLAY_NAMES[encodingKey(encoding)];
}

export type Utf16Order = 'utf16le' | 'utf16be';
export const OTHER_ORDER: Readonly<Record<Utf16Order, Utf16Order>> = {
  utf16le: 'utf16be',
  utf16be: 'utf16le',
};

/**
 * CESU-8 writes a character of the BMP as UTF-8 does, byte for byte: such a file read as CESU-8 is the same text
 * (beyond the BMP, UTF-8's four-byte form is no CESU-8, and its U+FFFD is damage already).
 */
export const isCesu8 = (encoding: string): boolean => encodingKey(encoding) === 'cesu8';
