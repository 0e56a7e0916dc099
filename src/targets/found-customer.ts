/**
 * A lookup's item as a FoundCustomer. An item without an id zcust can read still counts when it holds a key:
 * dropped, as it was, the customer it stands for looked absent, and a create that had landed was sent again
 * (three customers for one row). Zenskar and DayZero name the fields alike.
 */
import { idText, isRecord, text } from './error-body.js';
import type { FoundCustomer } from './target.js';

function toFoundCustomer(item: unknown): FoundCustomer | undefined {
  if (!isRecord(item)) return undefined;
  const id = idText(item.id);
  const email = text(item.email);
  const externalId = text(item.external_id);
  if (id === undefined && email === undefined && externalId === undefined) return undefined;
  return {
    ...(id === undefined ? {} : { id }),
    ...(email === undefined ? {} : { email }),
    ...(externalId === undefined ? {} : { externalId }),
  };
}

/** A page's items that name a customer; anything else in the list is ignored. */
export const toFoundCustomers = (items: readonly unknown[]): FoundCustomer[] =>
  items.map(toFoundCustomer).filter((c): c is FoundCustomer => c !== undefined);
