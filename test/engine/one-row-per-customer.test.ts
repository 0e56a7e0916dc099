import { describe, expect, it } from 'vitest';
import type { NetContext } from '../../src/engine/context.js';
import { FOUND_BY_LOOKUP } from '../../src/engine/create.js';
import { createOneRowPerCustomer } from '../../src/engine/one-row-per-customer.js';
import { BY_REPORTED_ID } from '../../src/engine/reported-rows.js';
import type { Issue, Outcome, Status, TargetName } from '../../src/model.js';
import { getTarget } from '../../src/targets/index.js';

const netOf = (target: TargetName) => ({ target: getTarget(target) }) as unknown as NetContext;
const net = netOf('zenskar');
const EARLIER: Issue = { code: 'already_exists', message: 'created by an earlier import into this tenant' };
const SKIPPED_NOTE: Issue = { code: 'already_exists', message: 'already in Zenskar; not sent' };
const byReportedId = (): Issue => {
  const issue: Issue = { code: 'already_exists', message: 'the report says this row is customer …' };
  BY_REPORTED_ID.add(issue);
  return issue;
};
/** What a row of customer cus-1 is before the rule: its status and warnings. */
type Before = () => [Status, Issue[]];
const CREATED_EARLIER: Before = () => ['created', [EARLIER]];
const FOUND: Before = () => ['created', [FOUND_BY_LOOKUP]];
const REPORTED: Before = () => ['skipped', [byReportedId()]];
const CREATED_HERE: Before = () => ['created', []];
const SKIPPED: Before = () => ['skipped', [SKIPPED_NOTE]];

const outcome = (row: number, status: Status, warnings: Issue[], customerId = 'cus-1'): Outcome => ({
  row,
  status,
  customerId,
  errors: [],
  warnings,
  raw: [],
});

/** The rule as the engine applies it: every outcome claimed as it is put (in `putOrder`), then decided in input order. */
function applyRule(outcomes: Outcome[], putOrder = outcomes, rule = createOneRowPerCustomer(net)) {
  const failing = putOrder.map((o) => rule.claim(o));
  return { failing, decided: outcomes.map((o) => rule.decide(o)) };
}

describe('createOneRowPerCustomer: of two rows that stand for one earlier customer, the second is not sent', () => {
  it.each([
    {
      why: 'created earlier, then created earlier',
      first: CREATED_EARLIER,
      second: CREATED_EARLIER,
      is: 'failed',
    },
    { why: 'found by lookup, then created earlier', first: FOUND, second: CREATED_EARLIER, is: 'failed' },
    {
      why: "a report's row known by its id, then created earlier",
      first: REPORTED,
      second: CREATED_EARLIER,
      is: 'failed',
    },
    {
      why: "created earlier, then a report's row known by its id",
      first: CREATED_EARLIER,
      second: REPORTED,
      is: 'failed',
    },
    {
      why: 'created by this run (no note): claims nothing',
      first: CREATED_HERE,
      second: CREATED_EARLIER,
      is: 'created',
    },
    {
      why: 'created earlier, then created by this run',
      first: CREATED_EARLIER,
      second: CREATED_HERE,
      is: 'created',
    },
    {
      why: 'skipped by --skip-existing: many rows may be the one customer found',
      first: SKIPPED,
      second: SKIPPED,
      is: 'skipped',
    },
  ])('$why: the second row is $is', ({ first, second, is }) => {
    const before = first();
    const {
      decided: [kept, decided],
    } = applyRule([outcome(2, ...before), outcome(5, ...second())]);
    expect(kept?.status, 'the first row keeps what it was').toBe(before[0]);
    expect(decided?.status, 'the second row, of the same customer').toBe(is);
  });

  it('tells the second row which row has its customer, without the id or the already_exists note', () => {
    const other: Issue = { code: 'unused_column', field: 'Notes', message: 'not a template column' };
    const {
      decided: [, second],
    } = applyRule([outcome(2, 'created', [EARLIER]), outcome(5, 'created', [EARLIER, other])]);
    if (!second) throw new Error('no second outcome');
    expect(second.customerId, "the id is row 2's").toBeUndefined();
    expect(second.warnings).toEqual([other]);
    expect(second.errors).toEqual([
      {
        code: 'already_exists',
        message: expect.stringContaining(
          "is that of customer cus-1, who is already in Zenskar, and so is row 2's",
        ),
      },
    ]);
  });

  // The customer's keys to correct in the platform are those it keeps: AmbioSys keeps neither.
  it.each<[TargetName, string]>([
    ['zenskar', "(or row 2's), and the customer's in Zenskar if they are wrong there"],
    ['dayzero', "(or row 2's), and the customer's e-mail in DayZero if it is wrong there"],
    ['ambiosys', "(or row 2's)"],
  ])('%s: the second row is told "%s"', (target, ends) => {
    const rule = createOneRowPerCustomer(netOf(target));
    const { decided } = applyRule(
      [outcome(2, 'created', [EARLIER]), outcome(5, 'created', [EARLIER])],
      undefined,
      rule,
    );
    expect(decided[1]?.errors[0]?.message.endsWith(ends), decided[1]?.errors[0]?.message).toBe(true);
  });

  it.each([
    {
      why: 'one row claiming its customer twice',
      rows: [2, 2],
      status: ['created', 'created'],
    },
    { why: 'two customers', rows: [2, 5], ids: ['cus-1', 'cus-2'], status: ['created', 'created'] },
  ])('keeps $why', ({ rows, ids = ['cus-1', 'cus-1'], status }) => {
    const { failing, decided } = applyRule(rows.map((row, i) => outcome(row, 'created', [EARLIER], ids[i])));
    expect(decided.map((o) => o.status)).toEqual(status);
    expect(failing, 'rows the rule will fail, as outcomes are put').toEqual([undefined, undefined]);
  });

  it('decides nothing without a network side (validate, --dry-run)', () => {
    const { failing, decided } = applyRule(
      [2, 5].map((row) => outcome(row, 'created', [EARLIER])),
      undefined,
      createOneRowPerCustomer(undefined),
    );
    expect(decided.map((o) => o.status)).toEqual(['created', 'created']);
    expect(failing).toEqual([undefined, undefined]);
  });

  // --fail-fast stops at the row the rule will fail the moment a second row claims the customer: decided only as
  // outcomes leave, in input order, the failure waited for every row before it, and rows after it were sent.
  it.each([
    { why: 'in input order', putOrder: [0, 1, 2], failing: [undefined, 5, 9] },
    {
      why: 'the later row first (its lookup answered first)',
      putOrder: [1, 0, 2],
      failing: [undefined, 5, 9],
    },
    { why: 'the last row first', putOrder: [2, 1, 0], failing: [undefined, 9, 5] },
  ])(
    'tells, as outcomes are put $why, the row it fails, and fails it as it leaves',
    ({ putOrder, failing }) => {
      const rows = [2, 5, 9].map((row) => outcome(row, 'created', [EARLIER]));
      const put = putOrder.map((i) => rows[i] as Outcome);
      const ruled = applyRule(rows, put);
      expect(ruled.failing, 'the row each put makes certain to fail').toEqual(failing);
      expect(ruled.decided.map((o) => o.status)).toEqual(['created', 'failed', 'failed']);
      expect(ruled.decided.map((o) => o.errors[0]?.message ?? '')).toEqual([
        '',
        expect.stringContaining("and so is row 2's"),
        expect.stringContaining("and so is row 2's"),
      ]);
    },
  );
});
