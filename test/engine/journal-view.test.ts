import { describe, expect, it } from 'vitest';
import { earlierSentWith } from '../../src/engine/journal-view.js';
import type { Customer } from '../../src/model.js';
import type { JournalState } from '../../src/state/journal-lines.js';

describe('earlierSentWith: which lookups settle an earlier create of the row', () => {
  const both = { name: 'Ada', email: 'ada@example.com', externalId: 'C-1' } as Customer;
  const idOnly = { name: 'Ada', externalId: 'C-1' } as Customer;
  it.each([
    { why: 'no journal record: the report said so', prior: undefined, customer: both, settles: 'report' },
    {
      why: 'an unknown outcome: the report said so',
      prior: { state: 'unknown' },
      customer: both,
      settles: 'report',
    },
    {
      why: 'sent under its first key, the e-mail',
      prior: { state: 'sending', byFirstKey: true },
      customer: both,
      settles: 'email',
    },
    {
      why: 'sent under its first key, the Customer ID when there is no e-mail',
      prior: { state: 'sending', byFirstKey: true },
      customer: idOnly,
      settles: 'external_id',
    },
    {
      why: 'sent under another key too: any key may have landed',
      prior: { state: 'sending', byFirstKey: false },
      customer: both,
      settles: 'any',
    },
  ] as { why: string; prior: JournalState | undefined; customer: Customer; settles: string }[])(
    '$why → $settles',
    ({ prior, customer, settles }) => {
      expect(earlierSentWith(prior, customer)).toBe(settles);
    },
  );
});
