import { describe, expect, it } from 'vitest';
import { lookupBatches } from '../../src/engine/run.js';

describe('lookupBatches', () => {
  it.each([
    { values: ['a', 'b', 'c'], max: 2, batches: [['a', 'b'], ['c']] },
    { values: ['a', 'b'], max: 50, batches: [['a', 'b']] },
    { values: ['a', 'x,y', 'b'], max: 50, batches: [['a', 'b'], ['x,y']] },
    { values: ['x,y', 'z,w'], max: 50, batches: [['x,y'], ['z,w']] },
    { values: ['a', 'b'], max: 1, batches: [['a'], ['b']] },
    { values: [], max: 50, batches: [] },
  ])('$values by $max → $batches (a value with a comma alone)', ({ values, max, batches }) => {
    expect(lookupBatches(values, max)).toEqual(batches);
  });
});
