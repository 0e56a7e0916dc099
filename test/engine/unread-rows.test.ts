import { describe, expect, it } from 'vitest';
import { unreadRest } from '../../src/engine/unread-rows.js';

describe('unreadRest: the stop at a read error names the rows the report lacks', () => {
  it.each([
    { lastRowRead: undefined, says: 'EIO: i/o error; no row could be read' },
    {
      lastRowRead: 41,
      says: 'EIO: i/o error; the rows after row 41 could not be read, so they are not in the report',
    },
  ])('last row read $lastRowRead: "$says"', ({ lastRowRead, says }) => {
    expect(unreadRest('EIO: i/o error', lastRowRead)).toBe(says);
  });
});
