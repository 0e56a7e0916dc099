import { describe, expect, it } from 'vitest';
import { rowsHeldByAll } from '../../src/report/rows-held.js';

describe('rowsHeldByAll: how many rows every report holds', () => {
  it.each<[string, string[], Array<[string, number]>, number[]]>([
    [
      'one report: each time it holds more',
      ['r.csv'],
      [
        ['r.csv', 3],
        ['r.csv', 7],
      ],
      [3, 7],
    ],
    [
      'one report: nothing when it holds no more',
      ['r.csv'],
      [
        ['r.csv', 3],
        ['r.csv', 3],
      ],
      [3],
    ],
    [
      'two reports: the rows the one behind holds',
      ['r.csv', 'r.json'],
      [
        ['r.csv', 3],
        ['r.csv', 7],
        ['r.json', 9],
      ],
      [7],
    ],
    [
      'a report given up (it is told no more): the rows it held, however many the others hold',
      ['r.csv', 'full.csv'],
      [
        ['full.csv', 2],
        ['r.csv', 5],
        ['r.csv', 9],
      ],
      [2],
    ],
  ])('%s', (_, paths, reports, expected) => {
    const told: number[] = [];
    const heldBy = rowsHeldByAll(paths, (rows) => told.push(rows));
    for (const [path, rows] of reports) heldBy(path)?.(rows);
    expect(told).toEqual(expected);
  });

  it('gives no report anything to call when nobody asks', () => {
    expect(rowsHeldByAll(['r.csv'], undefined)('r.csv')).toBeUndefined();
  });
});
