import { describe, expect, it } from 'vitest';
import type { NetContext } from '../../src/engine/context.js';
import { FOUND_BY_LOOKUP } from '../../src/engine/create.js';
import { createOneRowPerCustomer } from '../../src/engine/one-row-per-customer.js';
import { BY_REPORTED_ID } from '../../src/engine/reported-rows.js';
import type { Issue, Outcome, Status } from '../../src/model.js';

const net = { target: { label: 'Zenskar' } } as unknown as NetContext;
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
    const oneRowPerCustomer = createOneRowPerCustomer(net);
    const before = first();
    const [kept, decided] = [outcome(2, ...before), outcome(5, ...second())].map(oneRowPerCustomer);
    expect(kept?.status, 'the first row keeps what it was').toBe(before[0]);
    expect(decided?.status, 'the second row, of the same customer').toBe(is);
  });

  it('tells the second row which row has its customer, without the id or the already_exists note', () => {
    const oneRowPerCustomer = createOneRowPerCustomer(net);
    oneRowPerCustomer(outcome(2, 'created', [EARLIER]));
    const other: Issue = { code: 'unused_column', field: 'Notes', message: 'not a template column' };
    const second = oneRowPerCustomer(outcome(5, 'created', [EARLIER, other]));
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

  it.each([
    {
      why: 'one row claiming its customer twice',
      rows: [2, 2],
      status: ['created', 'created'],
    },
    { why: 'two customers', rows: [2, 5], ids: ['cus-1', 'cus-2'], status: ['created', 'created'] },
  ])('keeps $why', ({ rows, ids = ['cus-1', 'cus-1'], status }) => {
    const oneRowPerCustomer = createOneRowPerCustomer(net);
    const statuses = rows.map(
      (row, i) => oneRowPerCustomer(outcome(row, 'created', [EARLIER], ids[i])).status,
    );
    expect(statuses).toEqual(status);
  });

  it('decides nothing without a network side (validate, --dry-run)', () => {
    const oneRowPerCustomer = createOneRowPerCustomer(undefined);
    const statuses = [2, 5].map((row) => oneRowPerCustomer(outcome(row, 'created', [EARLIER])).status);
    expect(statuses).toEqual(['created', 'created']);
  });
});
