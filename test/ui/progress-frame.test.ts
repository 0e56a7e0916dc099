import { describe, expect, it } from 'vitest';
import { type FrameFields, progressFrame } from '../../src/ui/progress-frame.js';

/** Halfway through a 5,000-row file. */
const FIVE_THOUSAND: FrameFields = {
  share: 0.45,
  rows: '2,250 rows',
  tally: '2,240 ok · 5 invalid · 5 failed',
  rate: '1,234 rows/s',
  eta: 'ETA 13s',
};

/** Halfway through a file of some 200,000 rows. */
const HUNDREDS_OF_THOUSANDS: FrameFields = {
  share: 0.45,
  rows: '100,000 rows',
  tally: '99,000 ok · 500 invalid · 500 failed',
  rate: '12,345 rows/s',
  eta: 'ETA 130s',
};

const FIELDS = `2,250 rows | ${FIVE_THOUSAND.tally} | 1,234 rows/s | ETA 13s`;

describe('progressFrame: the bar fitted to the terminal', () => {
  it.each<[number, FrameFields, string]>([
    [200, FIVE_THOUSAND, `${'█'.repeat(18)}${'░'.repeat(22)} 45% | ${FIELDS}`],
    // The bar narrows before anything goes.
    [90, FIVE_THOUSAND, `${'█'.repeat(6)}${'░'.repeat(7)} 45% | ${FIELDS}`],
    // Too narrow for a bar of 10: it goes, every field stays (README: rows done, the tally, rows/s, ETA).
    [80, FIVE_THOUSAND, `45% | ${FIELDS}`],
    // The percentage goes first, then the rows done (the tally's sum), then the rate, then the ETA.
    [80, HUNDREDS_OF_THOUSANDS, `100,000 rows | ${HUNDREDS_OF_THOUSANDS.tally} | 12,345 rows/s | ETA 130s`],
    [60, FIVE_THOUSAND, `${FIVE_THOUSAND.tally} | 1,234 rows/s | ETA 13s`],
    // What no longer fits goes; what still does (the percentage) stays.
    [40, FIVE_THOUSAND, `45% | ${FIVE_THOUSAND.tally}`],
    [40, HUNDREDS_OF_THOUSANDS, HUNDREDS_OF_THOUSANDS.tally],
    // The tally is never left out: cut at the edge as a last resort.
    [20, FIVE_THOUSAND, '2,240 ok · 5 inval…'],
  ])('at %i columns: %j → %j', (columns, fields, frame) => {
    expect(progressFrame(fields, columns)).toBe(frame);
  });

  it.each([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 120, 160, 200, 300])(
    'leaves the last of %i columns free (line wrap is off: what passes the edge is lost)',
    (columns) => {
      for (const fields of [FIVE_THOUSAND, HUNDREDS_OF_THOUSANDS]) {
        const frame = progressFrame(fields, columns);
        expect(frame.length, `at ${columns} columns: ${frame}`).toBeLessThanOrEqual(columns - 1);
      }
    },
  );

  it('draws a bar of 40 at the most, however wide the terminal', () => {
    const frame = progressFrame({ ...FIVE_THOUSAND, share: 1 }, 300);
    expect(frame).toBe(`${'█'.repeat(40)} 100% | ${FIELDS}`);
  });

  it.each([
    [-0.5, '0%'],
    [1.5, '100%'],
    [0.999, '99%'],
  ])('keeps a share of %d between 0 and 100%% (shown %s)', (share, percentage) => {
    expect(progressFrame({ ...FIVE_THOUSAND, share }, 200)).toContain(` ${percentage} | `);
  });
});
