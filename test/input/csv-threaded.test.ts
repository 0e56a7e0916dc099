import { describe, expect, it } from 'vitest';
import { PIECE_CHARS, pieceEnd, rendersOnWorker } from '../../src/input/csv-threaded.js';

const EMOJI = '😀'; // two UTF-16 code units: a surrogate pair

describe('pieceEnd (how text is cut for the parsing worker)', () => {
  it.each([
    ['an empty text', '', 0],
    ['a text shorter than a piece', 'Name\nAna\n', 9],
    ['a text of exactly one piece', 'a'.repeat(PIECE_CHARS), PIECE_CHARS],
    ['a longer text', 'a'.repeat(PIECE_CHARS + 5), PIECE_CHARS],
    ['a surrogate pair across the limit', `${'a'.repeat(PIECE_CHARS - 1)}${EMOJI}b`, PIECE_CHARS - 1],
    ['a surrogate pair just inside the limit', `${'a'.repeat(PIECE_CHARS - 2)}${EMOJI}b`, PIECE_CHARS],
  ])('cuts %s where it should', (_, text, end) => {
    expect(pieceEnd(text)).toBe(end);
  });

  it('cuts a long text into pieces that rebuild it, none ending in half a pair', () => {
    const text = `${'é'.repeat(PIECE_CHARS - 3)}${EMOJI.repeat(PIECE_CHARS)}\r\n`;
    const pieces: string[] = [];
    for (let rest = text; rest !== ''; ) {
      const end = pieceEnd(rest);
      pieces.push(rest.slice(0, end));
      rest = rest.slice(end);
    }
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(PIECE_CHARS);
      expect(Buffer.from(piece).toString()).toBe(piece);
    }
  });
});

describe('rendersOnWorker (which batches the worker renders report cells for)', () => {
  const rows = (count: number, columns: number) =>
    Array.from({ length: count }, () => Array(columns).fill('x'));
  it.each([
    ['100 rows of 16 columns', true, rows(100, 16)],
    ['100 rows of 600 columns', true, rows(100, 600)],
    ['one record of 100,000 fields (left to the main thread)', false, rows(1, 100_000)],
    ['a few rows and one record of 70,000 fields', false, [...rows(5, 16), ...rows(1, 70_000)]],
  ])('%s: renders them %s', (_, renders, records) => {
    expect(rendersOnWorker(records), 'whether the worker renders the batch').toBe(renders);
  });
});
