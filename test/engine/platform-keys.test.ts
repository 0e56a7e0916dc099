import { describe, expect, it } from 'vitest';
import { asHeld, keepsOtherKey } from '../../src/engine/platform-keys.js';
import type { Customer, TargetName } from '../../src/model.js';
import type { OtherKey } from '../../src/state/journal-lines.js';
import { getTarget } from '../../src/targets/index.js';
import type { FoundCustomer } from '../../src/targets/target.js';

// What a warning may send the user to look for or edit in the platform is what it keeps: Zenskar both keys,
// DayZero the e-mail, AmbioSys neither (zcust's journal alone knows its rows by them).
describe('keepsOtherKey: the warning on a row that is a customer by one key, and not by the other', () => {
  it.each<{
    target: TargetName;
    change: OtherKey;
    how: 'created' | 'found' | 'held';
    message: string | undefined;
  }>([
    {
      target: 'zenskar',
      change: { key: 'external_id', customerHas: 'another' },
      how: 'created',
      message:
        "this row's e-mail is customer C1's, who was created with another Customer ID: the row is that customer (not sent), and the customer in Zenskar keeps its Customer ID; correct this row's Customer ID, or edit the customer in Zenskar",
    },
    {
      target: 'zenskar',
      change: { key: 'external_id', customerHas: 'none' },
      how: 'created',
      message:
        "this row's e-mail is customer C1's, who was created with no Customer ID: the row is that customer (not sent), so its Customer ID was not sent either; to give the customer this one, set it on the customer in Zenskar (or clear it from this row)",
    },
    {
      target: 'zenskar',
      change: { key: 'email', customerHas: 'none' },
      how: 'held',
      message:
        "this row's Customer ID is customer C1's, who has no e-mail in Zenskar: the row is that customer (not sent), so its e-mail was not sent either; to give the customer this one, set it on the customer in Zenskar (or clear it from this row)",
    },
    {
      target: 'dayzero',
      change: { key: 'external_id', customerHas: 'another' },
      how: 'created',
      message:
        "this row's e-mail is customer C1's, who was created from a row with another Customer ID: the row is that customer (not sent). DayZero keeps no Customer ID, so there is nothing to edit there (zcust's journal knows the customer by the one it was created with); if this row is another customer, correct its e-mail",
    },
    {
      target: 'dayzero',
      change: { key: 'email', customerHas: 'another' },
      how: 'found',
      message:
        "this row's Customer ID is customer C1's in zcust's journal (DayZero keeps no Customer ID), who was found with another e-mail: the row is that customer (not sent), and the customer in DayZero keeps its e-mail; correct this row's e-mail, or edit the customer in DayZero",
    },
    // A Customer ID DayZero never receives cannot be missing from its customer: nothing to say.
    {
      target: 'dayzero',
      change: { key: 'external_id', customerHas: 'none' },
      how: 'held',
      message: undefined,
    },
    {
      target: 'ambiosys',
      change: { key: 'email', customerHas: 'another' },
      how: 'created',
      message:
        "this row's Customer ID is customer C1's in zcust's journal (AmbioSys keeps no Customer ID), who was created from a row with another e-mail: the row is that customer (not sent). AmbioSys keeps no e-mail, so there is nothing to edit there (zcust's journal knows the customer by the one it was created with); if this row is another customer, correct its Customer ID",
    },
    { target: 'ambiosys', change: { key: 'email', customerHas: 'none' }, how: 'created', message: undefined },
  ])('$target, $change.key $change.customerHas ($how)', ({ target, change, how, message }) => {
    const issue = keepsOtherKey(getTarget(target), 'C1', change, how);
    expect(issue?.message).toBe(message);
    if (message) expect(issue?.field).toBe(change.key === 'email' ? 'Email' : 'Customer ID');
  });
});

describe('asHeld: the keys a found customer is recorded under in the journal', () => {
  const row = { name: 'Alpha', email: 'alpha@k.example', externalId: 'CID-1' } as Customer;
  it.each<{ why: string; target: TargetName; found: FoundCustomer; keys: [string?, string?] }>([
    {
      why: 'the keys it holds, where the platform keeps them',
      target: 'zenskar',
      found: { id: 'C1', email: 'ALPHA@k.example', externalId: 'CID-0' },
      keys: ['ALPHA@k.example', 'CID-0'],
    },
    {
      why: 'none of a key the platform keeps and the customer lacks (the row gained it since)',
      target: 'zenskar',
      found: { id: 'C1', email: 'alpha@k.example' },
      keys: ['alpha@k.example', undefined],
    },
    {
      why: "the row's value of a key the platform does not keep",
      target: 'dayzero',
      found: { id: 'C1', email: 'alpha@k.example' },
      keys: ['alpha@k.example', 'CID-1'],
    },
  ])('$target: $why', ({ target, found, keys }) => {
    const held = asHeld(row, found, getTarget(target).storesKeys);
    expect([held.email, held.externalId]).toEqual(keys);
  });
});
