/**
 * Physical line numbers. Messages about a broken file name the line a user sees in an editor, where CRLF,
 * LF and a lone CR each end one line.
 */
const LINE_BREAK = /\r\n|\r|\n/g;

export function countLineBreaks(text: string): number {
  // Without a CR every break is an LF, and indexOf finds them several times faster than the regex
  // (this runs over every chunk of a large file).
  if (text.indexOf('\r') === -1) {
    let count = 0;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
    return count;
  }
  return text.match(LINE_BREAK)?.length ?? 0;
}

/**
 * Where a text may be cut so that the part before it holds whole lines only. A CR at the very end stays
 * with the rest: it may be the first half of a CRLF whose LF is in the next chunk.
 */
export function endOfLastLine(text: string): number {
  const end = text.endsWith('\r') ? text.length - 1 : text.length;
  if (end === 0) return 0;
  return Math.max(text.lastIndexOf('\n', end - 1), text.lastIndexOf('\r', end - 1)) + 1;
}

/** Counts lines across a stream of text chunks, including a CRLF split between two chunks. */
export class LineCounter {
  private breaks = 0;
  private endsWithCR = false;

  feed(text: string): void {
    if (text === '') return;
    this.breaks += countLineBreaks(text) - (this.endsWithCR && text.startsWith('\n') ? 1 : 0);
    this.endsWithCR = text.endsWith('\r');
  }

  /** The line the next character fed would be on. */
  get current(): number {
    return this.breaks + 1;
  }

  /** The line `text` would end on if it were fed now (without feeding it). */
  lineAfter(text: string): number {
    const probe = new LineCounter();
    probe.breaks = this.breaks;
    probe.endsWithCR = this.endsWithCR;
    probe.feed(text);
    return probe.current;
  }
}

const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/** Characters as a user counts them: an emoji is one, though two UTF-16 units (decoded text has no lone half). */
export function characterCount(text: string): number {
  if (!HIGH_SURROGATE.test(text)) return text.length;
  let count = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code < 0xdc00 || code > 0xdfff) count++;
  }
  return count;
}

/**
 * The place in its line of the next character, counted across a stream of text chunks: a JSON file is often one
 * line of megabytes, which is never held whole, and a line number alone does not find a character in it.
 */
export class ColumnCounter {
  /** Characters of the current line fed so far. */
  private before = 0;

  feed(text: string): void {
    this.before = this.columnAfter(text) - 1;
  }

  /** The column (from 1) the next character would be at if `text` were fed now (without feeding it). */
  columnAfter(text: string): number {
    const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (lastBreak === -1) return this.before + characterCount(text) + 1;
    return characterCount(text.slice(lastBreak + 1)) + 1;
  }
}
