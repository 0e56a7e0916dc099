/**
 * The characters that make a value of a fixed set or format (a code, a yes/no word, a status, an e-mail address, a
 * UUID) look like what it is not: one no one can see, or one from outside ASCII that passes for an ASCII one (a
 * Cyrillic "а" in "jаne@acme.com"). A message that only quotes such a value shows something that looks right, so
 * the character is named, with its place.
 */
import { PRINTABLE_ASCII } from './ascii-form.js';
import { characterAt, codePoint, invisibleCharacterMessage } from './text.js';

/** What none of those values holds, once folded (ascii-form.ts): anything but printable ASCII. */
const NOT_ASCII = /[^\x20-\x7e]/u;

export const isAscii = (character: string): boolean => PRINTABLE_ASCII.test(character);

/** A character as a message quotes it: `"_"`, or with its code point where it is not ASCII, `"а" (U+0430)`. */
export function shownCharacter(character: string): string {
  if (isAscii(character)) return `"${character}"`;
  return `"${character}" (${codePoint(character.codePointAt(0) ?? 0)})`;
}

/** The message naming the first character outside ASCII in `value`, or undefined when it holds none. */
function notAsciiMessage(value: string): string | undefined {
  const match = NOT_ASCII.exec(value);
  if (match === null) return undefined;
  const character = String.fromCodePoint(value.codePointAt(match.index) ?? 0);
  const at = characterAt(value, match.index);
  return `holds ${shownCharacter(character)} at character ${at}, which is not an ASCII character (it may only look like one): retype it`;
}

/**
 * Why a value of a fixed set or format cannot be read as what it shows: an invisible character in it, or one from
 * outside ASCII; undefined when it holds neither, and its own rule's message is the one to give.
 */
export function misleadingCharacterMessage(value: string): string | undefined {
  return invisibleCharacterMessage(value) ?? notAsciiMessage(value);
}
