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

/** `text` cut to `keep` characters and an ellipsis when longer, never between the two halves of an emoji. */
export function shortened(text: string, keep: number): string {
  return text.length <= keep ? text : `${text.slice(0, wholeCharactersEnd(text, keep))}…`;
}
