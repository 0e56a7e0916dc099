import { describe, expect, it } from 'vitest';
import type { NetContext } from '../../src/engine/context.js';
import type { Prepared } from '../../src/engine/prepare.js';
import {
  BY_REPORTED_ID,
  knownByReportedId,
  uncheckedAsReported,
  unconfirmedByJournal,
} from '../../src/engine/reported-rows.js';
import type { Customer, Issue, Outcome, TargetName } from '../../src/model.js';
import { getTarget } from '../../src/targets/index.js';
import type { LookupKey } from '../../src/targets/target.js';

const UUID = '0b7e3f52-5c1a-4c57-9d3e-2f6a8b1c4d90';
const reported = (status: 'created' | 'skipped', customerId?: string, warnings: Issue[] = []): Outcome => ({
  row: 2,
  status,
  errors: [],
  warnings,
  raw: [],
  ...(customerId !== undefined && { customerId }),
});

describe("uncheckedAsReported: a report's done row the run stopped before checking", () => {
  const unused: Issue = { code: 'unused_column', field: 'Notes', message: 'not a template column' };
  const earlierNote: Issue = { code: 'already_exists', message: 'created by an earlier import' };
  it.each(['created', 'skipped'] as const)(
    'a %s row keeps its status and id, its note says why',
    (status) => {
      const asReported = uncheckedAsReported(reported(status, UUID, [earlierNote, unused]));
      expect(asReported).toMatchObject({ status, customerId: UUID });
      expect(asReported.warnings, 'the earlier already_exists note replaced by this one').toEqual([
        unused,
        {
          code: 'already_exists',
          message: `${status} by an earlier run, as the report says: not checked, because the run stopped first; importing this run's report checks it`,
        },
      ]);
    },
  );
});

describe("unconfirmedByJournal: a report's created row no journal knows and no lookup can find", () => {
  const netWith = (keys: LookupKey[] | undefined, ignoredEarlier: boolean) =>
    ({
      target: { label: 'AmbioSys', lookup: keys && { keys } },
      journal: { ignoredEarlier },
    }) as unknown as NetContext;
  it.each([
    { keys: undefined, ignoredEarlier: false, why: 'AmbioSys cannot look customers up' },
    {
      keys: ['email', 'external_id'],
      ignoredEarlier: false,
      why: 'AmbioSys finds customers by e-mail or Customer ID, which this row does not have',
    },
    {
      keys: ['email'],
      ignoredEarlier: false,
      why: 'AmbioSys finds customers by e-mail, which this row does not have',
    },
    {
      keys: undefined,
      ignoredEarlier: true,
      why: 'this import does not read what earlier imports recorded (--no-resume',
    },
    {
      keys: undefined,
      ignoredEarlier: false,
      // "a run with another --state-dir" named a flag: the folder may have been ZCUST_STATE_DIR's or a profile's.
      why: 'this import has no record of it (the report of a --sandbox run, of another tenant, or of a run that kept its journals in another folder)',
    },
  ] as { keys: LookupKey[] | undefined; ignoredEarlier: boolean; why: string }[])(
    'lookup keys $keys, --no-resume $ignoredEarlier: says "$why"',
    ({ keys, ignoredEarlier, why }) => {
      const issue = unconfirmedByJournal(netWith(keys, ignoredEarlier));
      expect(issue.code).toBe('unknown_outcome');
      expect(issue.message).toContain(why);
    },
  );
});

describe("knownByReportedId: a report's row whose keys changed, known by its customer's id", () => {
  const netOf = (target: TargetName) =>
    ({
      target: getTarget(target),
      journal: { knowsCustomer: (id: string) => id === UUID || id === '7' },
    }) as unknown as NetContext;
  const net = netOf('zenskar');
  const done = (outcome: Outcome, customer: Partial<Customer> = { externalId: '777' }): Prepared => ({
    kind: 'done',
    outcome,
    doneEarlier: { name: 'Ada', ...customer } as Customer,
  });

  it.each([
    {
      why: 'an id the journal does not hold (another tenant)',
      prepared: done(reported('created', '1b7e3f52-5c1a-4c57-9d3e-2f6a8b1c4d90')),
    },
    {
      why: 'an id that is not a UUID (AmbioSys numbers customers per tenant)',
      prepared: done(reported('created', '7')),
    },
    { why: 'no id', prepared: done(reported('created')) },
    {
      why: 'a row to send, not a done one',
      prepared: { kind: 'send', customer: { name: 'Ada' } as Customer, warnings: [] } as Prepared,
    },
  ])('leaves the row to the lookups: $why', ({ prepared }) => {
    expect(knownByReportedId(net, prepared)).toBeUndefined();
  });

  it.each([
    {
      status: 'created',
      customer: { externalId: '777' },
      says: 'Its Customer ID differs from the one that customer was created with (a spreadsheet',
    },
    {
      status: 'skipped',
      customer: { email: 'ada@example.com' },
      says: 'Its e-mail differs from the one that customer was found with, and the customer in Zenskar keeps that one',
    },
    {
      status: 'created',
      customer: { email: 'ada@example.com', externalId: '777' },
      says: 'Its e-mail and Customer ID differ from those that customer was created with',
    },
  ] as const)(
    'a $status row with $customer: as the report said, warned "$says"',
    ({ status, customer, says }) => {
      const outcome = knownByReportedId(net, done(reported(status, UUID), customer));
      expect(outcome).toMatchObject({ status, customerId: UUID });
      const warning = outcome?.warnings.at(-1);
      expect(warning?.message).toContain(says);
      expect(warning && BY_REPORTED_ID.has(warning), 'marked as known by its id alone').toBe(true);
    },
  );

  // Only what the platform keeps is to be edited there: DayZero keeps the e-mail, never a Customer ID.
  it.each<{ target: TargetName; customer: Partial<Customer>; ends: string }>([
    {
      target: 'zenskar',
      customer: { email: 'ada@example.com', externalId: '777' },
      ends: 'and the customer in Zenskar keeps those: to change them, edit the customer in Zenskar',
    },
    {
      target: 'dayzero',
      customer: { email: 'ada@example.com', externalId: '777' },
      ends: "and the customer in DayZero keeps its e-mail: to change it, edit the customer in DayZero (DayZero keeps no Customer ID: zcust's journal alone knows the customer by it)",
    },
    {
      target: 'dayzero',
      customer: { email: 'ada@example.com' },
      ends: 'and the customer in DayZero keeps that one: to change it, edit the customer in DayZero',
    },
  ])('$target, a row with $customer: the warning ends "$ends"', ({ target, customer, ends }) => {
    const outcome = knownByReportedId(netOf(target), done(reported('created', UUID), customer));
    expect(outcome?.warnings.at(-1)?.message.endsWith(ends)).toBe(true);
  });
});
