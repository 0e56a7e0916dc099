import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportLockName } from '../../src/report/report-lock-name.js';

const DIR = '/data/reports';
const bytes = (name: string) => Buffer.byteLength(name);
/** The longest lock name the run lock can still add `.stale.<pid>` to within NAME_MAX (255 bytes). */
const MAX_LOCK_NAME_BYTES = 255 - '.stale.'.length - 7;

describe('reportLockName', () => {
  it.each<[string, string, string]>([
    ['a short name', 'cust.report.csv', 'cust.report.csv.lock'],
    [
      'the longest name `.lock` still fits (236 bytes)',
      `${'r'.repeat(232)}.csv`,
      `${'r'.repeat(232)}.csv.lock`,
    ],
  ])('%s: <report>.lock', (_, report, lock) => {
    expect(reportLockName(`${DIR}/${report}`)).toBe(`${DIR}/${lock}`);
  });

  it.each<[string, string]>([
    ['one byte more (237 bytes)', `${'r'.repeat(233)}.csv`],
    ["QA's 254-byte name", `${'r'.repeat(250)}.csv`],
    ['the longest name a folder takes (255 bytes)', 'r'.repeat(255)],
    ['two-byte letters (254 bytes)', `${'é'.repeat(125)}.csv`],
    ['emoji, four bytes each (252 bytes)', '👍'.repeat(63)],
  ])('%s: the start of the name, a hash, .lock, short enough for the run lock to add to', (_, report) => {
    const lock = reportLockName(`${DIR}/${report}`);
    expect(dirname(lock), 'the lock is not beside the report').toBe(DIR);
    const name = basename(lock);
    expect(bytes(name), `${name} is too long`).toBeLessThanOrEqual(MAX_LOCK_NAME_BYTES);
    expect(name).toMatch(/\.[0-9a-f]{12}\.lock$/);
    const start = name.replace(/\.[0-9a-f]{12}\.lock$/, '');
    expect(report.startsWith(start), `${start} is not the start of the report's name`).toBe(true);
    expect(start.includes('\uFFFD') || /[\uD800-\uDBFF]$/.test(start), 'a character cut in two').toBe(false);
  });

  it('is the same for the same report, and another for a report whose long name differs only at its end', () => {
    const [a, b] = [`${DIR}/${'r'.repeat(250)}.csv`, `${DIR}/${'r'.repeat(250)}.tsv`];
    expect(reportLockName(a)).toBe(reportLockName(a));
    expect(reportLockName(a), 'two reports share a lock').not.toBe(reportLockName(b));
  });
});
