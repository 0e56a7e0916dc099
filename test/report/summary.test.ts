import { describe, expect, it } from 'vitest';
import { Reachability, RunStop } from '../../src/engine/context.js';
import type { RunSummary } from '../../src/model.js';
import {
  createErrorCollector,
  exitCodeFor,
  formatDuration,
  formatSummary,
  summaryJson,
  terminalSafe,
} from '../../src/report/summary.js';
import { counts, outcome, summary } from './fixtures.js';

const COUNTRY_ERROR = 'row 7: Country Code: "USA" is not a two-letter ISO code: did you mean "US"?';

describe('formatSummary', () => {
  it.each<[string, RunSummary, string[], string]>([
    [
      'an import with an error',
      summary(),
      [COUNTRY_ERROR],
      [
        'zcust import: 15 rows from samples/customers.csv into zenskar in 1.2 s (12.5 rows/s)',
        '  created 14 · skipped 1',
        '  first errors:',
        `    ${COUNTRY_ERROR}`,
        '  report: customers.report.csv',
      ].join('\n'),
    ],
    [
      'a re-run: created rows an earlier import had created are said to be so',
      summary({ counts: counts({ created: 14, skipped: 1 }), created_earlier: 12 }),
      [],
      [
        'zcust import: 15 rows from samples/customers.csv into zenskar in 1.2 s (12.5 rows/s)',
        '  created 14 (12 by earlier imports, not sent again) · skipped 1',
        '  report: customers.report.csv',
      ].join('\n'),
    ],
    [
      "a first run: no note when no created row was an earlier import's",
      summary({ counts: counts({ created: 14, skipped: 1 }), created_earlier: 0 }),
      [],
      [
        'zcust import: 15 rows from samples/customers.csv into zenskar in 1.2 s (12.5 rows/s)',
        '  created 14 · skipped 1',
        '  report: customers.report.csv',
      ].join('\n'),
    ],
    // 1,803 rows of 2,000 were warned about (an apostrophe sent with the value) and the summary said nothing.
    [
      'a run with rows warned about: how many, and where to read why',
      summary({ counts: counts({ created: 14, skipped: 1 }), rows_with_warnings: 1803 }),
      [],
      [
        'zcust import: 15 rows from samples/customers.csv into zenskar in 1.2 s (12.5 rows/s)',
        '  created 14 · skipped 1',
        '  warnings on 1,803 rows about their values (see the report)',
        '  report: customers.report.csv',
      ].join('\n'),
    ],
    [
      'a validate run',
      summary({ command: 'validate', rows: 3, counts: counts({ valid: 2, invalid: 1 }), duration_ms: 300 }),
      [],
      [
        'zcust validate: 3 rows from samples/customers.csv for zenskar in 0.3 s (10.0 rows/s)',
        '  valid 2 · invalid 1',
        '  report: customers.report.csv',
      ].join('\n'),
    ],
    [
      'an aborted import from stdin into two reports',
      summary({
        input: '-',
        target: 'dayzero',
        rows: 1,
        duration_ms: 0,
        counts: counts({ failed: 1, not_attempted: 2000 }),
        aborted: 'credentials rejected (401)',
        reports: ['a.csv', 'b.json'],
      }),
      [],
      [
        'zcust import: 1 row from stdin into dayzero in 0.0 s',
        '  failed 1 · not attempted 2,000',
        '  aborted: credentials rejected (401)',
        '  reports: a.csv, b.json',
      ].join('\n'),
    ],
    [
      'a dry run of an empty file',
      summary({ dry_run: true, rows: 0, counts: counts(), reports: [] }),
      [],
      [
        'zcust import (dry run): 0 rows from samples/customers.csv for zenskar in 1.2 s (0.0 rows/s)',
        '  no rows',
      ].join('\n'),
    ],
    [
      'a large fast import',
      summary({ rows: 1_000_000, duration_ms: 125_000, counts: counts({ created: 1_000_000 }), reports: [] }),
      [],
      [
        'zcust import: 1,000,000 rows from samples/customers.csv into zenskar in 2 min 5 s (8,000 rows/s)',
        '  created 1,000,000',
      ].join('\n'),
    ],
  ])('formats %s', (_name, runSummary, firstErrors, expected) => {
    expect(formatSummary(runSummary, firstErrors, { color: false })).toBe(expected);
  });

  it('adds ANSI colours only when asked', () => {
    const plain = formatSummary(summary({ counts: counts({ failed: 1 }) }), [], {});
    const coloured = formatSummary(summary({ counts: counts({ failed: 1 }) }), [], { color: true });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[31mfailed 1\u001b[39m');
  });

  it('turns control characters in untrusted text into spaces so they cannot repaint the terminal', () => {
    const text = formatSummary(
      summary({ aborted: 'server said\n\u001b[2Jboom' }),
      ['row 2: evil\r\u001b]0;title\u0007'],
      {},
    );
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(text).toContain('aborted: server said [2Jboom');
  });

  it('says why the run stopped whole, with the advice at its end, however long', () => {
    // A server killed mid-run: a reason of some 330 characters lost its advice at the 300th.
    const stop = new RunStop();
    const reach = new Reachability();
    reach.answer();
    reach.wrote();
    reach.stopRun(stop, 'Zenskar', 'connect ECONNREFUSED 127.0.0.1:40113 (POST /customers)', {
      who: 'row 4,117',
      tries: 6,
      timedOut: true,
    });
    const reason = stop.message ?? '';
    expect(reason.length, 'a reason long enough to have been cut').toBeGreaterThan(300);
    const lines = formatSummary(summary({ aborted: reason }), [], {}).split('\n');
    expect(lines).toContain(`  aborted: ${reason}`);
    expect(reason).toMatch(/Check the base URL, the timeout and the network, then run the import again$/);
  });

  it('still cuts the first errors, which quote the server, at 300 characters', () => {
    const errors = createErrorCollector();
    errors.add(outcome({ status: 'failed', errors: [{ code: 'rejected', message: 'x'.repeat(400) }] }));
    const [line] = errors.lines();
    expect(line).toMatch(/x…$/);
    expect(line?.length).toBe(300);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0.0 s'],
    [1234, '1.2 s'],
    [59_940, '59.9 s'],
    [61_000, '1 min 1 s'],
    [3_725_000, '1 h 2 min'],
  ])('%i ms reads %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('summaryJson', () => {
  it('lists every status count, adds the rate, and keeps a stable key order', () => {
    const json = summaryJson(
      summary({
        base_url: 'http://127.0.0.1:1',
        aborted: 'interrupted',
        created_earlier: 3,
        rows_with_warnings: 2,
      }),
    );
    expect(Object.keys(json)).toEqual([
      'command',
      'target',
      'base_url',
      'input',
      'started_at',
      'duration_ms',
      'rows',
      'rows_per_second',
      'counts',
      'created_earlier',
      'rows_with_warnings',
      'aborted',
      'reports',
    ]);
    expect(json.rows_per_second).toBe(12.5);
    expect(json.counts).toEqual(counts({ created: 14, skipped: 1 }));
  });

  it('leaves the rows a stopped run never reached out of its rate', () => {
    const stopped = summary({
      rows: 200,
      counts: counts({ failed: 8, not_attempted: 192 }),
      duration_ms: 100,
    });
    expect(summaryJson(stopped).rows_per_second).toBe(80);
  });

  it('gives null, not Infinity, as the rate of a run that took no measurable time', () => {
    expect(JSON.parse(JSON.stringify(summaryJson(summary({ duration_ms: 0 })))).rows_per_second).toBeNull();
  });
});

describe('exitCodeFor', () => {
  it.each<[string, Partial<RunSummary>, 0 | 1 | 3]>([
    ['every row created or skipped', { counts: counts({ created: 3, skipped: 1 }) }, 0],
    ['validate: every row valid', { command: 'validate', counts: counts({ valid: 3 }) }, 0],
    ['an empty file', { counts: counts() }, 0],
    ['one invalid row', { counts: counts({ created: 3, invalid: 1 }) }, 1],
    ['one duplicate row', { counts: counts({ created: 3, duplicate: 1 }) }, 1],
    ['one failed row', { counts: counts({ created: 3, failed: 1 }) }, 1],
    ['rows not attempted without an abort', { counts: counts({ not_attempted: 1 }) }, 1],
    [
      'an aborted run, even with no failed row',
      { counts: counts({ created: 3 }), aborted: 'interrupted' },
      3,
    ],
    ['an aborted run with failures', { counts: counts({ failed: 1 }), aborted: 'credentials rejected' }, 3],
  ])('%s → %i', (_case, overrides, code) => {
    expect(exitCodeFor(summary(overrides))).toBe(code);
  });
});

describe('createErrorCollector', () => {
  it('formats errors as "row N: Column: message", or "row N: message" without a column', () => {
    const collector = createErrorCollector();
    collector.add(
      outcome({
        row: 7,
        status: 'invalid',
        errors: [
          {
            field: 'Country Code',
            code: 'invalid_country_code',
            message: '"USA" is not a two-letter ISO code: did you mean "US"?',
          },
          { code: 'column_count', message: 'too many fields' },
        ],
      }),
    );
    expect(collector.lines()).toEqual([COUNTRY_ERROR, 'row 7: too many fields']);
  });

  it.each(['created', 'skipped', 'valid', 'not_attempted'] as const)(
    'ignores the issues of %s rows',
    (status) => {
      const collector = createErrorCollector();
      collector.add(outcome({ status, errors: [{ code: 'example_row', message: 'example' }] }));
      expect(collector.lines()).toEqual([]);
    },
  );

  it('keeps the first N and says how many more there are', () => {
    const collector = createErrorCollector(2);
    for (let row = 2; row < 6; row++) {
      collector.add(outcome({ row, status: 'failed', errors: [{ code: 'server_error', message: '503' }] }));
    }
    // Errors, not rows: a row can have several (2,003 invalid rows were "… and 2,006 more").
    expect(collector.lines()).toEqual(['row 2: 503', 'row 3: 503', '… and 2 more errors (see the report)']);
  });
});

describe('terminalSafe', () => {
  it.each([
    ['short text', 'a message', 'a message'],
    ['control characters', 'a\u001b[31mred\nline', 'a [31mred line'],
    ['text over 300 characters', 'x'.repeat(400), `${'x'.repeat(299)}…`],
    // The 299th character would be the first half of 😀: the line ends before the emoji, not on half of it.
    ['an emoji astride the cut', `${'x'.repeat(298)}😀${'y'.repeat(50)}`, `${'x'.repeat(298)}…`],
  ])('%s', (_case, text, shown) => {
    expect(terminalSafe(text)).toBe(shown);
    expect(terminalSafe(text).isWellFormed()).toBe(true);
  });
});
