/**
 * Row keys: how the journal knows a row from one run to the next. Rows are known by keys, not by their row number,
 * so that editing or fixing a file between runs keeps the memory of what was created: the e-mail
 * (case-insensitive) and the Customer ID (in NFC), each on its own line, so that a row matching an earlier one on
 * either is that row (an e-mail added to a row created with only its Customer ID must not create it again); the
 * row's content when it has neither. Keys are stored as SHA-256 prefixes: the journal holds no secrets and no
 * personal data in clear.
 */
import { customerIdKey } from '../customer/customer-id.js';
import type { Customer } from '../model.js';
import { HashRowIndex } from '../util/hash-index.js';
import { sha } from './sha-prefix.js';

/** Between the keys of one row in a RowKey (a key itself is hex). */
export const KEY_SEPARATOR = '+';
/** After a key in a RowKey, the key earlier versions wrote for the same value (see customerIdKeys). */
const OLDER_KEY = '/';

/** The key of an e-mail, in any case; alone, the RowKey of a row that has no Customer ID. */
export const emailKey = (email: string): string => sha(`e:${email.toLowerCase()}`, 24);

/**
 * The row's identity across runs: its e-mail key and its Customer ID key, joined (either one finds the row),
 * or its content's key when it has neither. The journal's methods take it whole.
 */
export function rowKey(customer: Customer): string {
  const keys: string[] = [];
  if (customer.email) keys.push(emailKey(customer.email));
  if (customer.externalId) keys.push(customerIdKeys(customer.externalId));
  if (keys.length === 0) keys.push(sha(`h:${JSON.stringify(customer)}`, 24));
  return keys.join(KEY_SEPARATOR);
}

/**
 * A Customer ID's key, of its NFC form (customer-id.ts). Versions before keyed the value as written: for a value
 * that is not NFC, that key follows, to be asked too and never written, or upgrading zcust would send again a row
 * an earlier version created from a decomposed file. A value already NFC (nearly all) costs nothing more.
 */
function customerIdKeys(id: string): string {
  const key = customerIdKey(id);
  const current = sha(`x:${key}`, 24);
  return key === id ? current : `${current}${OLDER_KEY}${sha(`x:${id}`, 24)}`;
}

/**
 * The RowKey of a create recorded under an e-mail with the Customer ID of key `customerIdKey` (a journal line's:
 * the value itself is not kept), or with none.
 */
export const emailWithCustomerIdKey = (email: string, customerIdKey: string | undefined): string =>
  customerIdKey === undefined ? emailKey(email) : `${emailKey(email)}${KEY_SEPARATOR}${customerIdKey}`;

/** Whether a journal line's key (`held`) is that of the Customer ID `id`. */
export const isCustomerIdKey = (id: string, held: string | undefined): boolean =>
  isKeyOf(customerIdKeys(id), held);

/** One key of a RowKey: the key it is written under, and the older key asked too, if any. */
export function ownAndOlder(key: string): [own: string, older: string | undefined] {
  const at = key.indexOf(OLDER_KEY);
  return at === -1 ? [key, undefined] : [key.slice(0, at), key.slice(at + 1)];
}

/** Whether a line's key (`held`) is one of a RowKey's keys: its own, or the older one asked too. */
export function isKeyOf(key: string, held: string | undefined): boolean {
  const [own, older] = ownAndOlder(key);
  return held !== undefined && (held === own || held === older);
}

/**
 * The key under which the journal notes that a row with both keys was told one is not its customer's (see
 * Journal.toldOtherKey): its two keys together, each in the form written. No row is known by it.
 */
export const bothKeysKey = (rowKeys: string): string =>
  sha(
    `w:${rowKeys
      .split(KEY_SEPARATOR)
      .map((key) => ownAndOlder(key)[0])
      .join(KEY_SEPARATOR)}`,
    24,
  );

/**
 * The e-mail exactly as written (case and all), hashed: what a `sending` line keeps of it, so that the next run
 * can tell whether a lookup by the row's e-mail, which the platforms match exactly, asked for what was sent.
 */
export const emailFingerprint = (email: string): string => sha(`E:${email}`, 12);

/** Which of a row's keys rowKey puts first (a `sending` state's byFirstKey speaks of it). */
export const firstKeyOf = (customer: Customer): 'email' | 'external_id' =>
  customer.email ? 'email' : 'external_id';

/**
 * rowKey for each row of one file in turn. A row with neither e-mail nor Customer ID is known by its content,
 * and identical ones by their content and how many came before: three identical rows are three customers, as
 * a run never interrupted makes them, not one customer reported three times. (Which of them is which is told
 * by their order, the one thing that tells them apart.)
 */
export function createRowKeys(): (customer: Customer) => string {
  const earlierTwins = new HashRowIndex();
  return (customer) => {
    if (customer.email || customer.externalId) return rowKey(customer);
    const content = JSON.stringify(customer);
    const first = sha(`h:${content}`, 24);
    const earlier = earlierTwins.get(keyHash(first)) ?? 0;
    earlierTwins.set(keyHash(first), earlier + 1);
    // The first keeps the key rowKey gives it, so a journal written before goes on matching it.
    return earlier === 0 ? first : sha(`h:${earlier}:${content}`, 24);
  };
}

/** 52 bits of the (already uniformly random) SHA-256 key, as a safe integer for the index. */
export const keyHash = (key: string) => Number.parseInt(key.slice(0, 13), 16);
