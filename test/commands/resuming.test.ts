/**
 * The `resuming:` line an import starts with: only the parts that apply to what the journal holds. The journal is
 * the tenant's, not the file's: each promise about its rows says "where this file has them" (an unrelated file was
 * told its 8 rows in flight would be looked up, and none was).
 */
import { describe, expect, it } from 'vitest';
import { resumingLine, unguardedWarning } from '../../src/commands/resuming.js';
import type { Resumed } from '../../src/state/earlier-runs.js';
import { getTarget } from '../../src/targets/index.js';

const NONE: Resumed = { created: 0, skipped: 0, inFlight: 0, inFlightKeyless: 0, unknown: 0 };
const TAIL = ' (--no-resume sends every row again)';
/** What the user does with the rows of unknown outcome they find in the tenant. */
const MARK =
  "in this run's report, mark each one there created with the id the tenant shows (zcust_error_code left unknown_outcome), and import the report, which records those and sends the rest";

describe('resumingLine', () => {
  it.each<{
    journal: string;
    r: Partial<Resumed>;
    target?: 'zenskar' | 'ambiosys';
    report?: boolean;
    line?: string;
  }>([
    { journal: 'empty', r: {}, line: undefined },
    {
      journal: 'rows done',
      r: { created: 2, skipped: 1 },
      line: 'resuming: 3 rows done by earlier imports into this tenant are not sent again, where this file has them',
    },
    {
      journal: 'one row done',
      r: { created: 1 },
      line: 'resuming: 1 row done by earlier imports into this tenant is not sent again, where this file has it',
    },
    {
      journal: 'rows in flight, every one with a key',
      r: { inFlight: 2 },
      line: 'resuming: 2 rows whose create an earlier run sent without a clear answer (the run stopped, or the lookup to check failed) will be looked up before sending, where this file has them',
    },
    {
      journal: 'one row in flight with neither e-mail nor Customer ID',
      r: { inFlight: 1, inFlightKeyless: 1 },
      line: 'resuming: 1 row whose create an earlier run sent without a clear answer (the run stopped, or the lookup to check failed) with neither e-mail nor Customer ID cannot be looked up: it ends unknown_outcome, where this file has it',
    },
    {
      journal: 'rows in flight, some without keys, and rows done',
      r: { created: 5, inFlight: 3, inFlightKeyless: 2 },
      line:
        'resuming: 5 rows done by earlier imports into this tenant are not sent again, where this file has them; ' +
        '1 row whose create an earlier run sent without a clear answer (the run stopped, or the lookup to check failed) will be looked up before sending, where this file has it; ' +
        '2 rows whose create an earlier run sent without a clear answer (the run stopped, or the lookup to check failed) with neither e-mail nor Customer ID cannot be looked up: each ends unknown_outcome, where this file has them',
    },
    {
      journal: 'rows in flight, a target without a lookup',
      r: { inFlight: 2, inFlightKeyless: 1 },
      target: 'ambiosys',
      line: 'resuming: 2 rows whose create an earlier run sent without a clear answer (the run stopped, or the lookup to check failed) will not be sent again, where this file has them (AmbioSys has no lookup: each ends unknown_outcome)',
    },
    // Looked up since the journal's unknown rows are (it said they stayed unknown_outcome, and they were created).
    {
      journal: 'one row of unknown outcome',
      r: { unknown: 1 },
      line: `resuming: 1 row whose outcome an earlier run could not tell is looked up before sending, where this file has it, by the keys Zenskar can look up (one with neither e-mail nor Customer ID cannot be, and stays unknown_outcome until you check the tenant: ${MARK})`,
    },
    {
      journal: 'rows of unknown outcome, with no lookup',
      r: { unknown: 2 },
      target: 'ambiosys',
      line: `resuming: 2 rows whose outcome an earlier run could not tell stay unknown_outcome, where this file has them, until you check the tenant: ${MARK}`,
    },
    {
      journal: 'rows of unknown outcome, importing a report',
      r: { unknown: 2 },
      report: true,
      line: "resuming: the tenant's journal holds 2 rows whose outcome an earlier run could not tell: those this report says unknown_outcome are looked up (importing it is your answer) and sent if not there, or where zcust cannot look, else stay unknown_outcome; a row it marks created with its id (zcust_error_code left unknown_outcome) is recorded, not sent, where zcust cannot look it up",
    },
    // It said they were looked up and sent if not there: AmbioSys has no lookup, and sends every one of them.
    {
      journal: 'rows of unknown outcome, importing a report, with no lookup',
      r: { unknown: 58 },
      target: 'ambiosys',
      report: true,
      line: "resuming: the tenant's journal holds 58 rows whose outcome an earlier run could not tell: those this report says unknown_outcome will be sent again (importing it is your answer): AmbioSys has no lookup, so any of them already there will be created twice; a row it marks created with its id (zcust_error_code left unknown_outcome) is recorded, not sent",
    },
    {
      journal: 'one row of unknown outcome, importing a report, with no lookup',
      r: { unknown: 1 },
      target: 'ambiosys',
      report: true,
      line: "resuming: the tenant's journal holds 1 row whose outcome an earlier run could not tell: if this report says unknown_outcome for it, it will be sent again (importing it is your answer): AmbioSys has no lookup, so if it is already there, it will be created twice; a row it marks created with its id (zcust_error_code left unknown_outcome) is recorded, not sent",
    },
  ])('$journal', ({ r, target = 'zenskar', report = false, line }) => {
    const said = resumingLine({ ...NONE, ...r }, getTarget(target), report);
    expect(said).toBe(line === undefined ? undefined : `${line}${TAIL}`);
  });
});

describe('resumingLine with --quiet or --json (brief)', () => {
  it.each<{ journal: string; r: Partial<Resumed>; line?: string }>([
    { journal: 'only rows done: nothing to warn of', r: { created: 2, skipped: 1 }, line: undefined },
    {
      journal: 'rows done and rows in flight: the rows in flight only',
      r: { created: 5, inFlight: 1 },
      line: 'resuming: 1 row whose create an earlier run sent without a clear answer (the run stopped, or the lookup to check failed) will be looked up before sending, where this file has it',
    },
    {
      journal: 'rows of unknown outcome',
      r: { created: 5, unknown: 1 },
      line: `resuming: 1 row whose outcome an earlier run could not tell is looked up before sending, where this file has it, by the keys Zenskar can look up (one with neither e-mail nor Customer ID cannot be, and stays unknown_outcome until you check the tenant: ${MARK})`,
    },
  ])('$journal', ({ r, line }) => {
    const said = resumingLine({ ...NONE, ...r }, getTarget('zenskar'), false, true);
    expect(said).toBe(line === undefined ? undefined : `${line}${TAIL}`);
  });
});

describe('unguardedWarning', () => {
  it.each<{
    target: 'zenskar' | 'dayzero' | 'ambiosys';
    journal: string;
    r: Partial<Resumed>;
    fresh: boolean;
    ignoredEarlier?: boolean;
    skipExisting?: boolean;
    says?: RegExp;
  }>([
    {
      target: 'ambiosys',
      journal: 'new (another state folder)',
      r: {},
      fresh: false,
      says: /^warning: no earlier import into this AmbioSys tenant is recorded in \/state; AmbioSys cannot look customers up and accepts duplicates, so a row already there .* is created again$/,
    },
    {
      target: 'ambiosys',
      journal: 'left out (--no-resume)',
      r: { created: 4 },
      fresh: true,
      says: /^warning: --no-resume: AmbioSys cannot look customers up and accepts duplicates, so every row an earlier import created is created again$/,
    },
    { target: 'ambiosys', journal: 'knowing customers', r: { created: 4 }, fresh: false },
    { target: 'ambiosys', journal: 'knowing only a row of unknown outcome', r: { unknown: 1 }, fresh: false },
    // Zenskar and DayZero refuse a second e-mail, and Zenskar looks Customer-ID-only rows up.
    { target: 'zenskar', journal: 'new', r: {}, fresh: false },
    { target: 'zenskar', journal: 'left out (--no-resume), holding no record', r: {}, fresh: true },
    { target: 'dayzero', journal: 'left out (--no-resume), holding no record', r: {}, fresh: true },
    // Their twins are rows with neither key: --no-resume after a kill made 47 of 800 without a word.
    {
      target: 'zenskar',
      journal: 'left out (--no-resume), holding records',
      r: {},
      fresh: true,
      ignoredEarlier: true,
      says: /^warning: --no-resume: the journal records earlier imports into this Zenskar tenant, and this run ignores it: a row they created is sent again, refused as a duplicate where Zenskar can tell \(its e-mail, or its Customer ID by lookup\), and created a second time where it cannot \(a row with neither e-mail nor Customer ID\)$/,
    },
    {
      target: 'dayzero',
      journal: 'left out (--no-resume), holding records',
      r: {},
      fresh: true,
      ignoredEarlier: true,
      // Every DayZero row has an e-mail: none becomes a second customer.
      says: /^warning: --no-resume: the journal records earlier imports into this DayZero tenant, and this run ignores it: a row they created is sent again and refused as a duplicate \(DayZero refuses a second e-mail\)$/,
    },
    // --skip-existing looks each row up first: what it finds is skipped, not sent.
    {
      target: 'zenskar',
      journal: 'left out (--no-resume), holding records, --skip-existing',
      r: {},
      fresh: true,
      ignoredEarlier: true,
      skipExisting: true,
      says: /^warning: --no-resume: the journal records earlier imports into this Zenskar tenant, and this run ignores it: --skip-existing finds a row they created by its e-mail or Customer ID and skips it, but one with neither is created a second time$/,
    },
    {
      target: 'dayzero',
      journal: 'left out (--no-resume), holding records, --skip-existing',
      r: {},
      fresh: true,
      ignoredEarlier: true,
      skipExisting: true,
    },
  ])(
    '$target, journal $journal',
    ({ target, r, fresh, ignoredEarlier = false, skipExisting = false, says }) => {
      const said = unguardedWarning({ ...NONE, ...r }, getTarget(target), {
        fresh,
        stateDir: '/state',
        ignoredEarlier,
        skipExisting,
      });
      if (says) expect(said).toMatch(says);
      else
        expect(said, 'a warning where the target guards against twins, or the journal does').toBeUndefined();
    },
  );
});
