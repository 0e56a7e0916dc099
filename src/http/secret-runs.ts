/**
 * Finding where an answer holds a run of a secret's characters, in any case: every answer is searched, and
 * almost none hold one, so the search is a few indexOf calls and the careful work runs only around a hit.
 */
import type { SecretSpelling } from './secret-spellings.js';

/** A piece of a spelling: any run of `minRun` characters or more contains at least one piece whole. */
interface Piece {
  readonly text: string;
  /** Where the piece starts in its spelling. */
  readonly at: number;
  readonly spelling: string;
  readonly minRun: number;
}

export interface SecretFinder {
  /** [start, end) of each stretch of `text` to take out, in order, none overlapping or touching. */
  find(text: string): Array<[number, number]>;
  readonly empty: boolean;
}

/**
 * Lower case without changing the length, so that places in the folded text are places in the original:
 * İ (U+0130) is the one character whose lower case is two code units ("i" and a combining dot).
 */
function fold(text: string): string {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : text.replaceAll('\u0130', 'i').toLowerCase();
}

/**
 * Pieces of length p = ceil(minRun / 2) laid end to end from the spelling's start: a run of at least
 * 2p - 1 characters, wherever it starts, covers one of them whole. A spelling found only whole is one piece.
 */
function piecesOf(spelling: string, minRun: number): Piece[] {
  if (minRun >= spelling.length) return [{ text: spelling, at: 0, spelling, minRun: spelling.length }];
  const size = Math.floor((minRun + 1) / 2);
  const pieces: Piece[] = [];
  for (let at = 0; at + size <= spelling.length; at += size) {
    pieces.push({ text: spelling.slice(at, at + size), at, spelling, minRun });
  }
  return pieces;
}

export function createSecretFinder(spellings: readonly SecretSpelling[]): SecretFinder {
  const pieces = spellings.flatMap((s) => piecesOf(fold(s.text), s.minRun));
  return {
    empty: pieces.length === 0,
    find(text) {
      if (pieces.length === 0) return [];
      const folded = fold(text);
      const runs: Array<[number, number]> = [];
      for (const piece of pieces) {
        for (let hit = folded.indexOf(piece.text); hit !== -1; hit = folded.indexOf(piece.text, hit + 1)) {
          const run = runAround(folded, hit, piece);
          if (run[1] - run[0] >= piece.minRun) runs.push(run);
        }
      }
      return merged(runs);
    },
  };
}

/** The longest stretch of `text` around a piece found at `hit` that matches the spelling, character for character. */
function runAround(text: string, hit: number, piece: Piece): [number, number] {
  const { spelling, at } = piece;
  let before = 0;
  while (hit - before > 0 && at - before > 0 && text[hit - before - 1] === spelling[at - before - 1])
    before++;
  let after = piece.text.length;
  while (
    hit + after < text.length &&
    at + after < spelling.length &&
    text[hit + after] === spelling[at + after]
  )
    after++;
  return [hit - before, hit + after];
}

function merged(runs: Array<[number, number]>): Array<[number, number]> {
  if (runs.length < 2) return runs;
  runs.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [runs[0]!];
  for (const [start, end] of runs.slice(1)) {
    const last = out.at(-1)!;
    if (start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}
