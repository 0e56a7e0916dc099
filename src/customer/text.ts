/**
 * What a cell's text may hold. A cell that shows nothing (zero-width spaces, a byte-order mark, control
 * characters) is empty, as a blank one is: it looks empty in every spreadsheet, and a Name of U+200B is no
 * name. A control character inside a value is damage (a NUL in a name reached the API), except the line
 * breaks and tabs of a multi-line value, such as a quoted address cell. An invisible character in a code
 * (a zero-width space in a country code) is named in the code's message, which would otherwise quote
 * something that looks right.
 */

/**
 * Nothing a reader sees: white space, control characters (Cc), format characters (Cf: U+200B–U+200D,
 * U+2060, U+FEFF, bidi marks) and the rest of what Unicode says to render as nothing (Default_Ignorable:
 * variation selectors, the Hangul fillers U+3164 and U+FFA0).
 */
const NOTHING_VISIBLE = /^[\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]*$/u;

/**
 * Whether a value is empty: blank, or showing nothing at all. The one rule of "empty": the validator's for every
 * column (present-value.ts), a CSV record's for a blank line, and a JSON key's for giving way to a later key of its
 * column (json-fields.ts). It runs for most values of every row, so a value that starts with printable ASCII,
 * which shows, is never handed to the regex.
 */
export function looksBlank(value: string): boolean {
  if (value === '') return true;
  const first = value.charCodeAt(0);
  return (first <= 0x20 || first >= 0x7f) && NOTHING_VISIBLE.test(value);
}

/**
 * What no one-line value holds: the C0 controls, DEL, the C1 controls (U+0080–U+009F, NEL among them) and
 * Unicode's line and paragraph separators, which break a line as LF does. One test of a cell settles it.
 */
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/**
 * The same, less what a multi-line value holds: tab, LF, CR and U+2028/U+2029, line breaks by Unicode's
 * definition. NEL (U+0085) stays refused: in a file it is nearly always a Windows-1252 "…" read as Latin-1,
 * not a line break anyone typed, and what reads the value at the other end seldom breaks a line at it.
 */
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * Half of a character: a surrogate that is not half of a pair (a regex without the u flag sees UTF-16 code units).
 * No decoded file holds one (see iconv-decoders.ts), but JSON can: `"Jos\ud800"` is a valid escape of an
 * invalid string, as an exporter that cuts an emoji in two writes it. Sent, the platform kept it as written; the
 * CSV report showed U+FFFD, so importing that report sent another name.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a value holds any of ANY_CONTROL's characters, line breaks and tabs included, or half a character. */
export function hasControlCharacter(value: string): boolean {
  return ANY_CONTROL.test(value) || !value.isWellFormed();
}

/**
 * The characters a code (a country code, a tax jurisdiction, a tax number) is never meant to hold and a
 * reader cannot see: control characters, format characters (zero-width spaces, bidi marks, the soft
 * hyphen), the rest of Unicode's Default_Ignorable set, and the line and paragraph separators.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

/** Unicode's names of the invisible characters met in pasted text, so that a user can search for them. */
const INVISIBLE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x00ad, 'SOFT HYPHEN'],
  [0x034f, 'COMBINING GRAPHEME JOINER'],
  [0x061c, 'ARABIC LETTER MARK'],
  [0x115f, 'HANGUL CHOSEONG FILLER'],
  [0x1160, 'HANGUL JUNGSEONG FILLER'],
  [0x180e, 'MONGOLIAN VOWEL SEPARATOR'],
  [0x200b, 'ZERO WIDTH SPACE'],
  [0x200c, 'ZERO WIDTH NON-JOINER'],
  [0x200d, 'ZERO WIDTH JOINER'],
  [0x200e, 'LEFT-TO-RIGHT MARK'],
  [0x200f, 'RIGHT-TO-LEFT MARK'],
  [0x202a, 'LEFT-TO-RIGHT EMBEDDING'],
  [0x202b, 'RIGHT-TO-LEFT EMBEDDING'],
  [0x202c, 'POP DIRECTIONAL FORMATTING'],
  [0x202d, 'LEFT-TO-RIGHT OVERRIDE'],
  [0x202e, 'RIGHT-TO-LEFT OVERRIDE'],
  [0x2060, 'WORD JOINER'],
  [0x2061, 'FUNCTION APPLICATION'],
  [0x2062, 'INVISIBLE TIMES'],
  [0x2063, 'INVISIBLE SEPARATOR'],
  [0x2064, 'INVISIBLE PLUS'],
  [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'],
  [0x2068, 'FIRST STRONG ISOLATE'],
  [0x2069, 'POP DIRECTIONAL ISOLATE'],
  [0x3164, 'HANGUL FILLER'],
  [0xfeff, 'ZERO WIDTH NO-BREAK SPACE'],
  [0xffa0, 'HALFWIDTH HANGUL FILLER'],
]);

/** "U+200B": a code point as messages name it. */
export const codePoint = (code: number): string => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * "a tab (U+0009)", "an invisible character (U+200B ZERO WIDTH SPACE)": the character named as a user would
 * know it, with its code point to look for.
 */
function describeCharacter(code: number): string {
  const point = codePoint(code);
  if (code >= 0xd800 && code <= 0xdfff) return `half of a character (a lone surrogate, ${point})`;
  if (code === 0x09) return `a tab (${point})`;
  if (code === 0x0a || code === 0x0d) return `a line break (${point})`;
  if (code === 0x2028) return `a line separator (${point})`;
  if (code === 0x2029) return `a paragraph separator (${point})`;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `a control character (${point})`;
  const name =
    INVISIBLE_NAMES.get(code) ??
    (code >= 0xfe00 && code <= 0xfe0f ? `VARIATION SELECTOR-${code - 0xfe00 + 1}` : undefined);
  return `an invisible character (${name === undefined ? point : `${point} ${name}`})`;
}

/** What to do about a C1 control, which is nearly always text in the wrong encoding rather than a control. */
const C1_HINT =
  ' (U+0080–U+009F are what Windows-1252 punctuation such as … “ ” becomes when read as Latin-1: if the file is Windows-1252, read it with --encoding windows-1252)';

/** Where `index` (a UTF-16 index) is in `value`, in characters as a user counts them, from 1. */
export const characterAt = (value: string, index: number): number => [...value.slice(0, index)].length + 1;

/** "at character 3 …": where `index` (a UTF-16 index) is, in characters as a user counts them, and what is there. */
function found(value: string, index: number): { what: string; at: number; hint: string } {
  const code = value.codePointAt(index) ?? 0;
  const hint = code >= 0x80 && code <= 0x9f ? C1_HINT : '';
  return { what: describeCharacter(code), at: characterAt(value, index), hint };
}

/**
 * Why a value may not be sent as it is, or undefined when it may: the first control character in it, by its
 * position in characters (not UTF-16 units), as a user would count them. `multiLine` values keep their line
 * breaks and tabs.
 */
export function controlCharacterMessage(value: string, multiLine = false): string | undefined {
  const control = (multiLine ? CONTROL_BUT_LINES : ANY_CONTROL).exec(value)?.index;
  const half = value.isWellFormed() ? undefined : LONE_SURROGATE.exec(value)?.index;
  const index = Math.min(control ?? Number.POSITIVE_INFINITY, half ?? Number.POSITIVE_INFINITY);
  if (index === Number.POSITIVE_INFINITY) return undefined;
  const { what, at, hint } = found(value, index);
  if (index === half) {
    return `holds ${what} at character ${at}, which cannot be sent: the text was cut inside a character (an emoji split in two?): restore the character or remove it`;
  }
  return multiLine
    ? `holds ${what} at character ${at}: line breaks and tabs may stay here, other control characters may not, so remove it${hint}`
    : `holds ${what} at character ${at}, which a one-line value cannot hold: remove it${hint}`;
}

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const ONLY_INVISIBLE = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]+$/u;
/** The combining grapheme joiner: it joins nothing a reader sees, and only keeps two marks apart. */
const GRAPHEME_JOINER = '\u034F';
/** An emoji sequence, whose joiners, variation selectors and tags are part of it (❤️, 👨‍👩‍👧, 1️⃣, 🏴 flags). */
const EMOJI = /\p{Extended_Pictographic}|\u20E3/u;
/**
 * Scripts written with the zero-width joiner and non-joiner, which choose how letters join or form conjuncts:
 * Arabic (and Persian), Syriac, N'Ko, Mongolian, the Indic scripts, Sinhala, Khmer, Myanmar.
 */
const JOINING_SCRIPT =
  /^[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Nko}\p{Script=Mongolian}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** Variation selectors: an emoji's (U+FE0F), a CJK ideograph's (U+FE00–FE0F, U+E0100–E01EF), Mongolian's. */
const VARIATION_SELECTOR = /[\uFE00-\uFE0F\u180B-\u180D\u180F\u{E0100}-\u{E01EF}]/u;
const TAG = /[\u{E0020}-\u{E007F}]/u;
const JOINERS = /[\u200C\u200D]/u;

/**
 * Whether the invisible character `c`, at `at` in the grapheme `segment`, shapes the visible character it belongs
 * to: an emoji's joiner (not its last character: a joiner joins what follows), variation selector or tag; the
 * joiners of a joining script; a variation selector of an ideograph or of Mongolian.
 */
function shapes(segment: string, c: string, at: number): boolean {
  const emoji = EMOJI.test(segment);
  if (JOINERS.test(c)) {
    return JOINING_SCRIPT.test(segment) || (emoji && c === '\u200D' && at + c.length < segment.length);
  }
  if (VARIATION_SELECTOR.test(c)) return emoji || /^[\p{Script=Han}\p{Script=Mongolian}]/u.test(segment);
  return TAG.test(c) && emoji;
}

/**
 * Where `value` holds an invisible character that shapes nothing, in order (UTF-16 indexes). Such text may be any
 * text, whose invisible characters shape the visible one beside them: an emoji's joiners and variation selector
 * (❤️, 👨‍👩‍👧), a flag's tags, the joiners of Arabic, Persian or Devanagari, an ideograph's variation selector.
 * Elsewhere (a zero-width space, a word joiner, a control character, a joiner after a Latin letter, a Han
 * character or at the end of an emoji) it shows nothing. The one rule of a stray invisible character: a Customer ID
 * that holds one is refused, and a message that quotes a header shows it.
 */
function* strayInvisibles(value: string): Generator<number> {
  for (const { segment, index } of GRAPHEMES.segment(value)) {
    if (!INVISIBLE.test(segment)) continue;
    const standsAlone = ONLY_INVISIBLE.test(segment);
    for (let at = 0; at < segment.length; ) {
      const c = String.fromCodePoint(segment.codePointAt(at) ?? 0);
      if (INVISIBLE.test(c) && (standsAlone || c === GRAPHEME_JOINER || !shapes(segment, c, at))) {
        yield index + at;
      }
      at += c.length;
    }
  }
}

/**
 * The message for a text key (a Customer ID) that holds an invisible character that shapes nothing, naming it, or
 * undefined when it holds none: "ACME-1" and "ACME-1" with a zero-width space after it look the same, and would
 * make two keys.
 */
export function strayInvisibleMessage(value: string): string | undefined {
  if (!INVISIBLE.test(value)) return undefined;
  for (const index of strayInvisibles(value)) return invisibleAt(value, index);
  return undefined;
}

function invisibleAt(value: string, index: number): string {
  const { what, at, hint } = found(value, index);
  return `holds ${what} at character ${at}: remove it${hint}`;
}

/**
 * The message for a code that holds a character no one can see, naming it, or undefined when it holds none.
 * "U\u200BS" is no country code, but a message that only quotes it shows "US": this says what is in the way.
 */
export function invisibleCharacterMessage(value: string): string | undefined {
  const match = INVISIBLE.exec(value);
  return match === null ? undefined : invisibleAt(value, match.index);
}

/**
 * `text` with each character a reader cannot see written as its code point, for a message that quotes a header or
 * a key: "Email<U+200B>", where quoted as it is the zero-width space after it made it look like "Email". Only the
 * stray ones (strayInvisibles): the joiner of "نام‌خانوادگی" or inside "👨‍👩‍👧", and the variation selector of
 * "❤️", are part of what the reader sees, and written out they garbled it.
 */
export const showInvisible = (text: string): string =>
  replaceStrayInvisibles(text, (code) => `<${codePoint(code)}>`);

/**
 * `text` without the invisible characters showInvisible would write out: what a user types for it, since nothing
 * shows them where they copy it from.
 */
export const withoutInvisible = (text: string): string => replaceStrayInvisibles(text, () => '');

/** `text` with each stray invisible character (strayInvisibles) replaced by what `by` makes of its code point. */
function replaceStrayInvisibles(text: string, by: (code: number) => string): string {
  if (!INVISIBLE.test(text)) return text;
  let replaced = '';
  let from = 0;
  for (const index of strayInvisibles(text)) {
    const code = text.codePointAt(index) ?? 0;
    replaced += text.slice(from, index) + by(code);
    from = index + String.fromCodePoint(code).length;
  }
  return replaced + text.slice(from);
}

/** A header or key in a message, in quotes, its stray invisible characters shown ("Email<U+200B>"). */
export const quoted = (text: string): string => `"${showInvisible(text)}"`;
