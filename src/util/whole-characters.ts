/**
 * Where a piece of `text` at most `max` code units long ends without cutting a character in two: one unit
 * sooner when the last it would keep is the first half of a surrogate pair (an emoji), which alone would become
 * U+FFFD, in a report or in the bytes csv-parse makes of it.
 */
export function wholeCharactersEnd(text: string, max: number): number {
  if (text.length <= max) return text.length;
  const last = text.charCodeAt(max - 1);
  return last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
}

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `text` cut to at most `keep` characters and an ellipsis when longer, at the start of what a reader sees as one
 * character (a grapheme: a flag is two code points, an emoji with its skin tone two, a family several joined, an
 * accented letter a letter and its accent): cut inside one, a message showed half a flag, or a plain 👍.
 */
export function shortened(text: string, keep: number): string {
  if (text.length <= keep) return text;
  // Segmented from the start (whether two regional indicators make a flag depends on how many came before), and
  // to the whole code point after the cut, on which a boundary there depends.
  let end = 0;
  for (const { index } of GRAPHEMES.segment(text.slice(0, keep + 2))) {
    if (index > keep) break;
    end = index;
  }
  return `${text.slice(0, end)}…`;
}
