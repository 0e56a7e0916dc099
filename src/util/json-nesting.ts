/**
 * How deep a JSON text nests, counted on its text without recursion, so that what would be built from it, and
 * recurse through it (JSON.stringify runs out of stack at some thousands of levels), can be refused first: a JSON
 * or NDJSON file's rows (exact-json.ts) and the sandbox's request bodies.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LEFT_BRACE = 0x7b;
const LEFT_BRACKET = 0x5b;
const RIGHT_BRACE = 0x7d;
const RIGHT_BRACKET = 0x5d;

/** The index of the quote that closes the string opened at `open`, or text.length if none does. */
function stringEnd(text: string, open: number): number {
  for (let at = text.indexOf('"', open + 1); at !== -1; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return text.length;
}

/**
 * Whether a JSON text nests objects or arrays more than `levels` deep (`{}` is one level), found by counting
 * brackets outside strings, before anything is built: JSON.parse of 8 MB of `[` builds 4 million arrays
 * (half a gigabyte). Text that is not JSON gets an answer too; its parse fails anyway.
 */
export function textNestsDeeperThan(text: string, levels: number): boolean {
  let depth = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) at = stringEnd(text, at);
    else if (code === LEFT_BRACE || code === LEFT_BRACKET) {
      if (++depth > levels) return true;
    } else if (code === RIGHT_BRACE || code === RIGHT_BRACKET) depth--;
  }
  return false;
}
