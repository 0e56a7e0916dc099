import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type HeldNotes, holdNotes } from '../../src/state/held-notes.js';
import type { ToldNote } from '../../src/state/journal-lines.js';
import { openNoteSpill } from '../../src/state/note-spill.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A note of row `row`, with a customer id a line-based file must keep whole. */
const note = (row: number): ToldNote => ({
  key: `key${row}`,
  row,
  customerId: `cus "${row}" with space`,
  customerHas: row % 2 === 0 ? 'none' : 'another',
});

/** Held notes over a journal that records what it is told to write, each write a list of rows. */
function held(memoryNotes: number) {
  const dir = mkdtempSync(join(tmpdir(), 'zcust-held-'));
  dirs.push(dir);
  const path = join(dir, 'tenant.journal');
  const writes: number[][] = [];
  const journal = {
    path,
    toldOtherKey: (notes: readonly ToldNote[]) => writes.push(notes.map((n) => n.row)),
  };
  const notes = holdNotes(journal, openNoteSpill(`${path}.notes`), memoryNotes);
  return { notes, writes, spillPath: `${path}.notes`, journal };
}

/** Keeps one note for the outcome at `position`, of row position + 1. */
const keep = (position: number) => (n: HeldNotes) => n.keep([note(position + 1)], position);
const heldRows = (rows: number) => (n: HeldNotes) => n.held(rows);
const close = (n: HeldNotes) => n.close();

describe('holdNotes: notes written once every report holds their rows', () => {
  it.each<[string, number, Array<(n: HeldNotes) => void>, number[][]]>([
    ['a note before its row is held: not written', 10, [keep(1), heldRows(0)], []],
    ['once its row is held: written', 10, [keep(1), heldRows(1)], [[2]]],
    ['rows held together: written in one write', 10, [keep(1), keep(2), keep(4), heldRows(3)], [[2, 3]]],
    ['held again: the rows since', 10, [keep(1), keep(2), heldRows(1), heldRows(2)], [[2], [3]]],
    ['the end: notes of rows not held are dropped', 10, [keep(1), keep(2), heldRows(1), close], [[2]]],
    ['a row held already: written at once', 10, [heldRows(5), keep(3)], [[4]]],
    [
      'past memory, spilled: written at the end, if held',
      2,
      [keep(1), keep(2), keep(3), keep(4), heldRows(4), close],
      [
        [2, 3],
        [4, 5],
      ],
    ],
    [
      'spilled, and not all held at the end: those held alone',
      1,
      [keep(1), keep(2), keep(3), heldRows(2), close],
      [[2], [3]],
    ],
    ['spilled, none held: none written', 1, [keep(1), keep(2), close], []],
  ])('%s', (_, memoryNotes, steps, expected) => {
    const { notes, writes } = held(memoryNotes);
    for (const step of steps) step(notes);
    expect(writes, 'the rows of each write to the journal').toEqual(expected);
  });

  it('keeps a spilled note whole: its key, row, customer id and what the customer has', () => {
    const told: ToldNote[] = [];
    const { notes, journal } = held(0);
    journal.toldOtherKey = (written) => told.push(...written);
    notes.keep([note(2), note(3)], 1);
    notes.held(1);
    notes.close();
    expect(told).toEqual([note(2), note(3)]);
  });

  it('waits in memory up to its limit, beyond it in a file beside the journal (in pieces), removed at the end', () => {
    const { notes, writes, spillPath } = held(2);
    const rows = 5_000;
    for (let position = 1; position <= rows; position++) keep(position)(notes);
    const inFile = readFileSync(spillPath, 'utf8').split('\n').length - 1;
    expect(inFile, 'notes in the file before the end: more than a piece of 64 KB holds').toBeGreaterThan(500);
    notes.held(rows);
    notes.close();
    expect(writes.flat(), 'every note, written once').toEqual(Array.from({ length: rows }, (_, i) => i + 2));
    expect(existsSync(spillPath), 'the file, after the end').toBe(false);
  });

  it('removes the file a killed run left, and reads none of it', () => {
    const { spillPath } = held(0);
    writeFileSync(spillPath, `${JSON.stringify([1, 'old', 2, 'cus_old', 'none'])}\n`);
    const writes: number[][] = [];
    const notes = holdNotes(
      { path: spillPath.replace(/\.notes$/, ''), toldOtherKey: (n) => writes.push(n.map((w) => w.row)) },
      undefined,
      0,
    );
    expect(existsSync(spillPath), 'the file a killed run left').toBe(false);
    notes.keep([note(7)], 1);
    notes.held(1);
    notes.close();
    expect(writes).toEqual([[7]]);
  });
});
