import { describe, expect, it } from 'vitest';
import type { NetContext } from '../../src/engine/context.js';
import { knownByCustomerIdOnly, lookupOf, type Waiting } from '../../src/engine/lookups-before-sending.js';
import type { Customer } from '../../src/model.js';
import type { LookupKey } from '../../src/targets/target.js';

/** A batch of `fromReport` rows of an imported report no journal knows, then `others` rows. */
const batchOf = (fromReport: number, others: number): Waiting[] =>
  [...Array(fromReport).fill('report'), ...Array(others).fill(undefined)].map(
    (earlier) => ({ job: { earlier } }) as Waiting,
  );

describe('lookupOf: what a batch of lookups before sending was, for the stop it causes', () => {
  it.each([
    { fromReport: 0, others: 3, skipExisting: true, says: 'the --skip-existing lookup of 3 rows' },
    { fromReport: 0, others: 1, skipExisting: true, says: 'the --skip-existing lookup of 1 row' },
    {
      fromReport: 0,
      others: 2,
      skipExisting: false,
      says: 'the lookup before sending of 2 rows with a Customer ID and no e-mail',
    },
    {
      fromReport: 2,
      others: 0,
      skipExisting: false,
      says: 'the lookup before sending of 2 rows the imported report says an earlier run created',
    },
    {
      fromReport: 1,
      others: 0,
      skipExisting: true,
      says: 'the lookup before sending of 1 row the imported report says an earlier run created',
    },
    {
      fromReport: 1,
      others: 2,
      skipExisting: true,
      says: 'the lookup before sending of 2 rows for --skip-existing and of 1 row the imported report says an earlier run created',
    },
    {
      fromReport: 3,
      others: 1,
      skipExisting: false,
      says: 'the lookup before sending of 1 row with a Customer ID and no e-mail and of 3 rows the imported report says an earlier run created',
    },
  ])(
    '$fromReport report rows and $others others, --skip-existing $skipExisting: "$says"',
    ({ fromReport, others, skipExisting, says }) => {
      expect(lookupOf(batchOf(fromReport, others), skipExisting)).toBe(says);
    },
  );
});

describe('knownByCustomerIdOnly: a row looked up before sending though --skip-existing is off', () => {
  const onTarget = (keys: LookupKey[] | undefined) =>
    ({ target: { lookup: keys && { keys } } }) as unknown as NetContext;
  it.each([
    {
      why: 'Customer ID, no e-mail, found by Customer ID',
      keys: ['email', 'external_id'],
      row: { externalId: 'C-1' },
      is: true,
    },
    {
      why: 'an e-mail too',
      keys: ['email', 'external_id'],
      row: { externalId: 'C-1', email: 'a@b.co' },
      is: false,
    },
    { why: 'no Customer ID', keys: ['email', 'external_id'], row: {}, is: false },
    { why: 'a target that finds by e-mail only', keys: ['email'], row: { externalId: 'C-1' }, is: false },
    { why: 'a target without lookups', keys: undefined, row: { externalId: 'C-1' }, is: false },
  ] as const)('$why → $is', ({ keys, row, is }) => {
    const customer = { name: 'Ada', ...row } as Customer;
    expect(knownByCustomerIdOnly(onTarget(keys && [...keys]), customer)).toBe(is);
  });
});
