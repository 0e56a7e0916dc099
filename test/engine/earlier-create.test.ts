import { describe, expect, it } from 'vitest';
import type { NetContext } from '../../src/engine/context.js';
import { earlierCreateOf } from '../../src/engine/earlier-create.js';
import type { Customer, TargetName } from '../../src/model.js';
import type { JournalState } from '../../src/state/journal-lines.js';
import { getTarget } from '../../src/targets/index.js';

/** What earlierCreateOf reads of a run: its target (which lookups it has). */
const netOf = (target: TargetName) => ({ target: getTarget(target) }) as NetContext;

describe('earlierCreateOf: the earlier create a row is looked up for before it is sent', () => {
  const email = 'ada@example.com';
  const both = { name: 'Ada', email, externalId: 'C-1' } as Customer;
  const keyless = { name: 'Ada' } as Customer;
  it.each<{
    why: string;
    target?: TargetName;
    prior?: JournalState;
    customer?: Customer;
    outcomeUnknown?: boolean;
    earlier: ReturnType<typeof earlierCreateOf>;
  }>([
    { why: 'no record, and no report saying so: none', earlier: undefined },
    {
      why: 'sending, with the fingerprint of the e-mail it carried',
      prior: { state: 'sending', byFirstKey: true, sentEmail: 'abc' },
      earlier: { earlier: 'email', sentEmail: 'abc', keysSent: { email } },
    },
    // keysSent: what the journal knows the create carried, which a platform keeping no Customer ID cannot tell.
    {
      why: "sending under the row's e-mail with another Customer ID: the keys it was recorded under",
      prior: { state: 'sending', byFirstKey: true, withoutCustomerId: true, customerIdSent: 'k0' },
      earlier: {
        earlier: 'email',
        sentWithoutCustomerId: true,
        keysSent: { email, customerIdKey: 'k0' },
      },
    },
    {
      why: 'sending, another create pending under the Customer ID: which one landed cannot be told',
      prior: { state: 'sending', byFirstKey: false, customerIdSent: 'k0' },
      earlier: { earlier: 'any' },
    },
    // Customer IDs swapped since: where the Customer ID cannot be looked up, the e-mail's create is settled alone.
    {
      why: 'sending, another create pending under the Customer ID, on DayZero: settled by the e-mail',
      target: 'dayzero',
      prior: {
        state: 'sending',
        byFirstKey: false,
        withoutCustomerId: true,
        customerIdSent: 'k0',
        otherCreateRow: 3,
      },
      earlier: {
        earlier: 'email',
        sentWithoutCustomerId: true,
        keysSent: { email, customerIdKey: 'k0' },
        customerIdElsewhere: { row: 3 },
      },
    },
    {
      why: 'sending, another create pending under the Customer ID, on Zenskar: both looked up',
      prior: { state: 'sending', byFirstKey: false, customerIdSent: 'k0', otherCreateRow: 3 },
      earlier: { earlier: 'any' },
    },
    {
      why: 'sending, a row without e-mail: recorded under its Customer ID alone',
      customer: { name: 'Ada', externalId: 'C-1' } as Customer,
      prior: { state: 'sending', byFirstKey: true },
      earlier: { earlier: 'external_id' },
    },
    // Settled by no lookup there: the create job says so (unknown_outcome), as it does on every target.
    {
      why: 'sending, on a target without lookup',
      target: 'ambiosys',
      prior: { state: 'sending', byFirstKey: false },
      earlier: { earlier: 'any' },
    },
    {
      why: 'unknown, every key of the row looked up',
      prior: { state: 'unknown' },
      earlier: { earlier: 'any', earlierUnknown: true },
    },
    {
      why: 'unknown, a key DayZero cannot look up',
      target: 'dayzero',
      prior: { state: 'unknown' },
      earlier: undefined,
    },
    { why: "a report's unknown_outcome", outcomeUnknown: true, earlier: { earlier: 'report' } },
    // Importing that report is the user's answer where zcust cannot look: the row is sent.
    {
      why: "a report's unknown_outcome, neither key",
      customer: keyless,
      outcomeUnknown: true,
      earlier: undefined,
    },
    {
      why: "a report's unknown_outcome, no lookup",
      target: 'ambiosys',
      outcomeUnknown: true,
      earlier: undefined,
    },
  ])('$why', ({ target = 'zenskar', prior, customer = both, outcomeUnknown, earlier }) => {
    expect(earlierCreateOf(netOf(target), customer, prior, outcomeUnknown)).toEqual(earlier);
  });
});
