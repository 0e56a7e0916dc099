/**
 * What a cell's text may hold. A cell that shows nothing (zero-width spaces, a byte-order mark, control
 * characters) is empty, as a blank one is: it looks empty in every spreadsheet, and a Name of U+200B is no
 * name. A control character inside a value is damage (a NUL in a name reached the API), except the line
 * breaks and tabs of a multi-line value, such as a quoted address cell.
 */

/**
 * Nothing a reader sees: white space, control characters (Cc), format characters (Cf: U+200B–U+200D,
 * U+2060, U+FEFF, bidi marks) and the rest of what Unicode says to render as nothing (Default_Ignorable:
 * variation selectors, the Hangul fillers U+3164 and U+FFA0).
 */
const NOTHING_VISIBLE = /^[\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]*$/u;

/** Whether a (trimmed, non-empty) value shows nothing at all. */
export function looksBlank(value: string): boolean {
  return NOTHING_VISIBLE.test(value);
}

/** C0 controls and DEL: no one-line value holds one. */
const ANY_CONTROL = /[\u0000-\u001f\u007f]/;
/** The same, less tab, line feed and carriage return, which a multi-line value holds. */
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Whether a value holds any control character, line breaks and tabs included. */
export function hasControlCharacter(value: string): boolean {
  return ANY_CONTROL.test(value);
}

/** "a tab (U+0009)": the character named as a user would know it, with its code point to look for. */
function describeControl(code: number): string {
  const point = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code === 0x09) return `a tab (${point})`;
  if (code === 0x0a || code === 0x0d) return `a line break (${point})`;
  return `a control character (${point})`;
}

/**
 * Why a value may not be sent as it is, or undefined when it may: the first control character in it, by its
 * position in characters (not UTF-16 units), as a user would count them. `multiLine` values keep their line
 * breaks and tabs.
 */
export function controlCharacterMessage(value: string, multiLine = false): string | undefined {
  const found = (multiLine ? CONTROL_BUT_LINES : ANY_CONTROL).exec(value);
  if (found === null) return undefined;
  const at = [...value.slice(0, found.index)].length + 1;
  const what = describeControl(value.charCodeAt(found.index));
  return multiLine
    ? `holds ${what} at character ${at}; line breaks and tabs may stay here, other control characters may not: remove it`
    : `holds ${what} at character ${at}, which a one-line value cannot hold: remove it`;
}
