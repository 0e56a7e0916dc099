import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import type { Customer } from '../../src/model.js';
import { type Journal, openJournal } from '../../src/state/journal.js';
import { type JournalIdentity, journalPath } from '../../src/state/journal-identity.js';
import type { OtherKey } from '../../src/state/journal-lines.js';
import { createRowKeys, rowKey } from '../../src/state/row-keys.js';

const customer = (fields: Partial<Customer>): Customer => ({
  name: 'Ada Ltd',
  taxIds: [],
  extras: {},
  ...fields,
});

const IDENTITY: JournalIdentity = {
  target: 'zenskar',
  baseUrl: 'https://api.zenskar.com',
  tenant: 'org-1',
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zcust-journal-'));
  dirs.push(dir);
  return dir;
}

/** Opens the journal of IDENTITY in `dir`, lets `write` record things, and closes it: one earlier run. */
function earlierRun(dir: string, write: (j: Journal) => void = () => {}): string {
  const journal = openJournal(dir, IDENTITY, { fresh: false });
  write(journal);
  journal.close();
  return journal.path;
}

const reopen = (dir: string, fresh = false) => openJournal(dir, IDENTITY, { fresh });

/** A distinct 24-hex-digit key, as rowKey makes them. */
const key = (n: number) => rowKey(customer({ email: `user${n}@example.com` }));

describe('rowKey: which row of a later run is the row an earlier run created', () => {
  /** Records `earlier` as created, then asks the journal about `later`, as the next run would. */
  function foundAgain(earlier: Partial<Customer>, later: Partial<Customer>): boolean {
    const dir = stateDir();
    earlierRun(dir, (j) => j.created(rowKey(customer(earlier)), 2, 'cus_1'));
    const journal = reopen(dir);
    const state = journal.get(rowKey(customer(later)));
    journal.close();
    return state?.state === 'created';
  }

  it.each<[string, Partial<Customer>, Partial<Customer>]>([
    ['the same email in another case', { email: 'Ada@Example.com' }, { email: 'ada@example.COM' }],
    ['the same email with other details', { email: 'a@x.io', name: 'A' }, { email: 'a@x.io', name: 'B' }],
    [
      'the same email, whatever the Customer ID',
      { email: 'a@x.io', externalId: 'C1' },
      { email: 'a@x.io', externalId: 'C2' },
    ],
    ['the same Customer ID without email', { externalId: 'C1', name: 'A' }, { externalId: 'C1', name: 'B' }],
    [
      'the same Customer ID, an email added since',
      { externalId: 'K-2' },
      { externalId: 'K-2', email: 'k@x.io' },
    ],
    [
      'the same Customer ID, the email changed since',
      { externalId: 'K-2', email: 'old@x.io' },
      { externalId: 'K-2', email: 'new@x.io' },
    ],
    ['the same email, a Customer ID added since', { email: 'a@x.io' }, { email: 'a@x.io', externalId: 'C9' }],
    ['the same content without email or ID', { name: 'A', phone: '1' }, { name: 'A', phone: '1' }],
    // The same text, É as one character (NFC) or as E and a combining accent (NFD): a file re-exported.
    [
      'the same Customer ID re-exported decomposed (NFC, then NFD)',
      { externalId: 'JOS\u00c9-1' },
      { externalId: 'JOSE\u0301-1' },
    ],
    [
      'the same Customer ID re-exported composed (NFD, then NFC)',
      { externalId: 'JOSE\u0301-1' },
      { externalId: 'JOS\u00c9-1' },
    ],
  ])('is found again: %s', (_, earlier, later) => {
    expect(foundAgain(earlier, later)).toBe(true);
  });

  it.each<[string, Partial<Customer>, Partial<Customer>]>([
    ['different emails', { email: 'a@x.io' }, { email: 'b@x.io' }],
    ['different Customer IDs', { externalId: 'C1' }, { externalId: 'C2' }],
    ['Customer IDs that differ in case only', { externalId: 'c1' }, { externalId: 'C1' }],
    ['different content', { name: 'A' }, { name: 'B' }],
    ['an email and a Customer ID spelled alike', { email: 'a@x.io' }, { externalId: 'a@x.io' }],
  ])('is not found for %s', (_, earlier, later) => {
    expect(foundAgain(earlier, later)).toBe(false);
  });

  it('counts a row with both keys once when resuming', () => {
    const dir = stateDir();
    earlierRun(dir, (j) => j.created(rowKey(customer({ email: 'a@x.io', externalId: 'C1' })), 2, 'cus_1'));
    const journal = reopen(dir);
    expect(journal.resumed.created).toBe(1);
    journal.close();
  });

  // byFirstKey: the create in flight carried the row's first key (e-mail, else Customer ID), so a lookup by
  // that key alone settles it; otherwise the next run looks the row up by every key it has. withoutCustomerId:
  // the create in flight under the row's e-mail did not carry its Customer ID, so that key's lookup rules nothing
  // out. customerIdSent: the key of the Customer ID the create under the row's first key carried with it, which a
  // platform that keeps none (DayZero) cannot tell once a lookup by e-mail finds the customer.
  it.each<{
    name: string;
    sent: Array<Partial<Customer>>;
    now: Partial<Customer>;
    byFirstKey: boolean;
    withoutCustomerId?: true;
    customerIdSent?: string;
    otherCreateRow?: number;
  }>([
    {
      name: 'sent with its e-mail and Customer ID',
      sent: [{ email: 'a@x.io', externalId: 'C1' }],
      now: { email: 'a@x.io', externalId: 'C1' },
      byFirstKey: true,
      customerIdSent: 'C1',
    },
    {
      name: 'sent with its e-mail only, a Customer ID added since',
      sent: [{ email: 'a@x.io' }],
      now: { email: 'a@x.io', externalId: 'C1' },
      byFirstKey: true,
      withoutCustomerId: true,
    },
    {
      name: 'sent with its e-mail and another Customer ID',
      sent: [{ email: 'a@x.io', externalId: 'C0' }],
      now: { email: 'a@x.io', externalId: 'C1' },
      byFirstKey: true,
      withoutCustomerId: true,
      customerIdSent: 'C0',
    },
    {
      name: 'sent with its e-mail and a Customer ID, cleared since',
      sent: [{ email: 'a@x.io', externalId: 'C0' }],
      now: { email: 'a@x.io' },
      byFirstKey: true,
      customerIdSent: 'C0',
    },
    {
      name: 'sent with its Customer ID only',
      sent: [{ externalId: 'C1' }],
      now: { externalId: 'C1' },
      byFirstKey: true,
    },
    {
      name: 'sent with another e-mail and this Customer ID, no e-mail now',
      sent: [{ email: 'old@x.io', externalId: 'C1' }],
      now: { externalId: 'C1' },
      byFirstKey: true,
    },
    {
      name: 'sent with its Customer ID only, an e-mail added since',
      sent: [{ externalId: 'C1' }],
      now: { email: 'a@x.io', externalId: 'C1' },
      byFirstKey: false,
    },
    {
      name: 'sent under its e-mail and, apart, under its Customer ID with another e-mail',
      sent: [{ email: 'a@x.io' }, { email: 'b@x.io', externalId: 'C1' }],
      now: { email: 'a@x.io', externalId: 'C1' },
      byFirstKey: false,
      withoutCustomerId: true,
      otherCreateRow: 3,
    },
    {
      name: 'sent with its e-mail and another Customer ID, its own sent with another e-mail (swapped)',
      sent: [
        { email: 'a@x.io', externalId: 'C0' },
        { email: 'b@x.io', externalId: 'C1' },
      ],
      now: { email: 'a@x.io', externalId: 'C1' },
      byFirstKey: false,
      withoutCustomerId: true,
      customerIdSent: 'C0',
      otherCreateRow: 3,
    },
    {
      name: 'sent twice with the same keys',
      sent: [
        { email: 'a@x.io', externalId: 'C1' },
        { email: 'a@x.io', externalId: 'C1' },
      ],
      now: { email: 'a@x.io', externalId: 'C1' },
      byFirstKey: true,
      customerIdSent: 'C1',
    },
  ])(
    'a row in flight $name: byFirstKey $byFirstKey, withoutCustomerId $withoutCustomerId, customerIdSent $customerIdSent, otherCreateRow $otherCreateRow',
    ({ sent, now, byFirstKey, withoutCustomerId, customerIdSent, otherCreateRow }) => {
      const dir = stateDir();
      earlierRun(dir, (j) => {
        for (const [i, c] of sent.entries()) j.sending(rowKey(customer(c)), 2 + i);
      });
      const journal = reopen(dir);
      expect(journal.get(rowKey(customer(now)))).toEqual({
        state: 'sending',
        byFirstKey,
        ...(withoutCustomerId && { withoutCustomerId }),
        ...(customerIdSent && { customerIdSent: rowKey(customer({ externalId: customerIdSent })) }),
        ...(otherCreateRow && { otherCreateRow }),
      });
      journal.close();
    },
  );

  it('a row in flight under its e-mail whose Customer ID was created apart is created', () => {
    const dir = stateDir();
    earlierRun(dir, (j) => {
      j.sending(rowKey(customer({ email: 'a@x.io' })), 2);
      j.created(rowKey(customer({ externalId: 'C1' })), 3, 'cus_1');
    });
    const journal = reopen(dir);
    expect(journal.get(rowKey(customer({ email: 'a@x.io', externalId: 'C1' })))).toEqual({
      state: 'created',
      customerId: 'cus_1',
    });
    journal.close();
  });

  it.each<[string, Partial<Customer>, string[]]>([
    ['email', { email: 'ada.lovelace@example.com' }, ['ada.lovelace']],
    ['Customer ID', { externalId: 'CUST-0001' }, ['CUST-0001']],
    ['email and Customer ID', { email: 'ada@example.com', externalId: 'CUST-0001' }, ['ada', 'CUST-0001']],
    ['content', { name: 'Ada Lovelace Ltd' }, ['Lovelace']],
  ])('from the %s is 24 hex digits a key and holds nothing of it in clear', (_, fields, clear) => {
    const k = rowKey(customer(fields));
    expect(k).toMatch(/^[0-9a-f]{24}(\+[0-9a-f]{24})?$/);
    for (const text of clear) expect(k).not.toContain(text);
  });
});

// Versions before keyed a Customer ID as written, not in NFC: a row such a version created from a decomposed
// (NFD) file must not be sent again by the next zcust.
describe('a journal an earlier version wrote, keying a Customer ID as written', () => {
  const NFD = 'JOSE\u0301-1';
  /** The key an earlier version wrote for a Customer ID: a SHA-256 prefix of the value as written. */
  const olderKey = (id: string) => createHash('sha256').update(`x:${id}`).digest('hex').slice(0, 24);
  const emailKey = (email: string) => rowKey(customer({ email }));

  /** A journal whose earlier run wrote `lines` as an earlier version did; the journal reopened, as the next run. */
  function reopenOlder(lines: string[]): Journal {
    const dir = stateDir();
    const path = earlierRun(dir);
    appendFileSync(path, lines.map((line) => `${line}\n`).join(''));
    return reopen(dir);
  }

  it.each<[string, string[], Partial<Customer>, ReturnType<Journal['get']>]>([
    [
      'created with the decomposed Customer ID alone',
      [`c ${olderKey(NFD)} 2 cus_1`],
      { externalId: NFD },
      { state: 'created', customerId: 'cus_1' },
    ],
    [
      'found (skipped) with the decomposed Customer ID alone',
      [`k ${olderKey(NFD)} 2 cus_1`],
      { externalId: NFD },
      { state: 'skipped', customerId: 'cus_1' },
    ],
    [
      'in flight with the decomposed Customer ID alone',
      [`s ${olderKey(NFD)} 2`],
      { externalId: NFD },
      { state: 'sending', byFirstKey: true },
    ],
    [
      'created with an e-mail and the decomposed Customer ID, the e-mail changed since',
      [`c ${emailKey('old@x.io')} 2 cus_1`, `+c ${olderKey(NFD)} 2 cus_1`],
      { email: 'new@x.io', externalId: NFD },
      { state: 'created', customerId: 'cus_1' },
    ],
  ])('%s: the row is found by the key of its value as written', (_, lines, now, expected) => {
    const journal = reopenOlder(lines);
    expect(journal.get(rowKey(customer(now)))).toEqual(expected);
    journal.close();
  });

  // As for any key: a created line outranks a later one that is not (a --no-resume run's re-send, refused).
  it('created by the earlier version, then failed under the NFC key: still created', () => {
    const dir = stateDir();
    const path = earlierRun(dir);
    appendFileSync(path, `c ${olderKey(NFD)} 2 cus_1\n`);
    earlierRun(dir, (j) => j.failed(rowKey(customer({ externalId: NFD })), 2));
    const journal = reopen(dir);
    expect(journal.get(rowKey(customer({ externalId: NFD })))).toEqual({
      state: 'created',
      customerId: 'cus_1',
    });
    journal.close();
  });

  it('writes only the NFC key: the older key is asked, never written', () => {
    const dir = stateDir();
    const path = earlierRun(dir, (j) =>
      j.created(rowKey(customer({ email: 'a@x.io', externalId: NFD })), 2, 'cus_1'),
    );
    const keys = readFileSync(path, 'utf8')
      .split('\n')
      .slice(1, -1)
      .map((line) => line.split(' ')[1]);
    expect(keys).toEqual([emailKey('a@x.io'), olderKey('JOS\u00c9-1')]);
  });

  it.each<[string, string[], Partial<Customer>, ReturnType<Journal['otherKeyChanged']>]>([
    [
      'the same e-mail and decomposed Customer ID: nothing changed',
      [`c ${emailKey('a@x.io')} 2 cus_1`, `+c ${olderKey(NFD)} 2 cus_1`],
      { email: 'a@x.io', externalId: NFD },
      undefined,
    ],
    [
      'the decomposed Customer ID with another e-mail: the e-mail changed',
      [`c ${emailKey('a@x.io')} 2 cus_1`, `+c ${olderKey(NFD)} 2 cus_1`],
      { email: 'b@x.io', externalId: NFD },
      { key: 'email', customerHas: 'another' },
    ],
  ])('otherKeyChanged of a record with %s', (_, lines, now, expected) => {
    const journal = reopenOlder(lines);
    expect(journal.otherKeyChanged(rowKey(customer(now)))).toEqual(expected);
    journal.close();
  });
});

describe('createRowKeys: rows with neither e-mail nor Customer ID', () => {
  const walkIn = customer({ name: 'Walk-in Customer', city: 'Paris' } as Partial<Customer>);

  it('gives identical rows each their own key, the first the one rowKey gives', () => {
    const keyOf = createRowKeys();
    const keys = [keyOf(walkIn), keyOf({ ...walkIn }), keyOf({ ...walkIn })];
    expect(new Set(keys).size, 'three identical rows, three customers').toBe(3);
    expect(keys[0]).toBe(rowKey(walkIn));
  });

  it('gives the same keys in the same order on every run, so a run knows the rows an earlier one created', () => {
    const dir = stateDir();
    const first = createRowKeys();
    earlierRun(dir, (j) => j.created(first(walkIn), 2, 'cus_1')); // stopped after the first of three
    const next = createRowKeys();
    const journal = reopen(dir);
    expect(
      [next(walkIn), next(walkIn), next(walkIn)].map((k) => journal.get(k)?.state ?? 'not sent'),
    ).toEqual(['created', 'not sent', 'not sent']);
    journal.close();
  });

  it.each<[string, Partial<Customer>]>([
    ['an e-mail', { email: 'a@x.io' }],
    ['a Customer ID', { externalId: 'C1' }],
  ])('leaves rows with %s to rowKey: twins there are in-file duplicates', (_, fields) => {
    const keyOf = createRowKeys();
    expect([keyOf(customer(fields)), keyOf(customer(fields))]).toEqual([
      rowKey(customer(fields)),
      rowKey(customer(fields)),
    ]);
  });
});

describe('journalPath', () => {
  const base = journalPath('/state', IDENTITY);

  it('is a .journal file in the state directory', () => {
    expect(base).toMatch(/^\/state\/[0-9a-f]{20}\.journal$/);
  });

  it('is the same for the same tenant, whatever file is imported into it', () => {
    expect(journalPath('/state', { ...IDENTITY })).toBe(base);
  });

  it.each<[keyof JournalIdentity, string]>([
    ['target', 'dayzero'],
    ['baseUrl', 'http://127.0.0.1:4010'],
    ['tenant', 'org-2'],
    ['secretTenant', 'amb_token_of_tenant_a'],
  ])('differs when the %s differs', (field, value) => {
    expect(journalPath('/state', { ...IDENTITY, [field]: value })).not.toBe(base);
  });

  it("differs for two tenants told apart only by their credential (AmbioSys's token)", () => {
    const tenant = (secretTenant: string) => ({ ...IDENTITY, tenant: '', secretTenant });
    expect(journalPath('/state', tenant('token-a'))).not.toBe(journalPath('/state', tenant('token-b')));
  });
});

describe('a journal named by a credential', () => {
  // AmbioSys cannot look customers up: a token with no journal beside another token's (or an earlier zcust's,
  // named by the base URL alone) may be a rotated token of that tenant, whose creates the journal holds, or another
  // tenant's. A wrong guess creates every customer twice, or none.
  const ANOTHER = { ...IDENTITY, tenant: '', secretTenant: 'amb_token_of_another_tenant' };
  const UNNAMED = { ...IDENTITY, tenant: '' };
  const THIS = { ...IDENTITY, tenant: '', secretTenant: 'amb_token' };
  /** A state folder holding a journal with a record, written as `identity`. */
  const withJournalOf = (identity: JournalIdentity, records = true) => {
    const dir = stateDir();
    const other = openJournal(dir, identity, { fresh: false });
    if (records) other.created(key(1), 2, 'cus_1');
    other.close();
    return { dir, other };
  };

  it.each([
    ["an earlier zcust's, named by the base URL alone", UNNAMED, "an earlier zcust's, whatever its token"],
    ["another token's", ANOTHER, "another token's"],
  ])('is refused while the folder holds %s and none of its own, saying how to go on', (_, identity, kind) => {
    const { dir, other } = withJournalOf(identity);
    const refused = () => openJournal(dir, THIS, { fresh: false });
    expect(refused).toThrow(UsageError);
    expect(refused).toThrow(
      `this token has no journal of ${IDENTITY.target} at ${IDENTITY.baseUrl} yet, but the state folder holds one: ${other.path} (${kind}). The target cannot look customers up, so zcust cannot tell whether this token's tenant is theirs: if it is (the token an earlier zcust used, or one this token replaced), move that journal (mkdir -p ${dir} && mv ${other.path} ${journalPath(dir, THIS)}); if this token's tenant is new here, start its journal with --no-resume (every row is sent); then import again. Do not rename or remove another tenant's journal: its next import would create every customer again`,
    );
  });

  it.each([
    ['with --no-resume, which starts its own', ANOTHER, true, true],
    ['for another base URL', { ...ANOTHER, baseUrl: 'http://127.0.0.1:4999' }, true, false],
    ['for a tenant with an id', { ...IDENTITY }, true, false],
    ['beside a journal of no records (a run refused before it sent)', ANOTHER, false, false],
  ])('opens %s', (_, identity, records, fresh) => {
    const { dir } = withJournalOf(identity, records);
    openJournal(dir, THIS, { fresh }).close();
    // Once started, the token's own journal is read without a word.
    openJournal(dir, THIS, { fresh: false }).close();
  });

  it('reads the journal it was told to take once it is moved to its name', () => {
    const { dir, other } = withJournalOf(UNNAMED);
    renameSync(other.path, journalPath(dir, THIS));
    const journal = openJournal(dir, THIS, { fresh: false });
    expect(journal.get(key(1))).toEqual({ state: 'created', customerId: 'cus_1' });
    journal.close();
  });

  it('never writes the credential, and says what names it', () => {
    const dir = stateDir();
    const secret = 'amb_live_7f3a9c2e5b8d1f4a6c0e';
    const journal = openJournal(dir, { ...IDENTITY, tenant: '', secretTenant: secret }, { fresh: false });
    journal.created(key(1), 2, 'cus_1');
    journal.close();
    const text = readFileSync(journal.path, 'utf8');
    expect(text).not.toContain(secret);
    expect(text).toContain('"tenant":"(named by its credential)"');
  });
});

describe('openJournal', () => {
  it('creates the state directory and a fresh journal that knows nothing', () => {
    const dir = join(stateDir(), 'nested', '.zcust');
    const journal = openJournal(dir, IDENTITY, { fresh: false });
    expect(journal.path).toBe(journalPath(dir, IDENTITY));
    expect([key(1), key(2)].map((k) => journal.get(k))).toEqual([undefined, undefined]);
    expect(journal.resumed).toEqual({ created: 0, skipped: 0, inFlight: 0, inFlightKeyless: 0, unknown: 0 });
    journal.close();
  });

  it.each<[string, (j: Journal, k: string) => void, ReturnType<Journal['get']>]>([
    ['created', (j, k) => j.created(k, 2, 'cus_1'), { state: 'created', customerId: 'cus_1' }],
    ['skipped', (j, k) => j.skipped(k, 2, 'cus_9'), { state: 'skipped', customerId: 'cus_9' }],
    ['sending', (j, k) => j.sending(k, 2), { state: 'sending', byFirstKey: true }],
    ['unknown', (j, k) => j.unknown(k, 2), { state: 'unknown' }],
    // Failed means "certainly not created": the next run may send the row again.
    ['failed', (j, k) => j.failed(k, 2), undefined],
  ])('a row left %s is reported so by the next run', (_, record, expected) => {
    const dir = stateDir();
    earlierRun(dir, (j) => record(j, key(1)));
    const journal = reopen(dir);
    expect(journal.get(key(1))).toEqual(expected);
    expect(journal.get(key(2))).toBeUndefined();
    journal.close();
  });

  it.each<[string, (j: Journal, k: string) => void, ReturnType<Journal['get']>]>([
    [
      'sending then created',
      (j, k) => {
        j.sending(k, 2);
        j.created(k, 2, 'cus_1');
      },
      { state: 'created', customerId: 'cus_1' },
    ],
    [
      'sending then unknown',
      (j, k) => {
        j.sending(k, 2);
        j.unknown(k, 2);
      },
      { state: 'unknown' },
    ],
    [
      'sending then failed',
      (j, k) => {
        j.sending(k, 2);
        j.failed(k, 2);
      },
      undefined,
    ],
    [
      'unknown then skipped (found by a lookup)',
      (j, k) => {
        j.unknown(k, 2);
        j.skipped(k, 2, 'cus_7');
      },
      { state: 'skipped', customerId: 'cus_7' },
    ],
  ])('a row recorded %s reports its last state', (_, record, expected) => {
    const dir = stateDir();
    earlierRun(dir, (j) => record(j, key(1)));
    const journal = reopen(dir);
    expect(journal.get(key(1))).toEqual(expected);
    journal.close();
  });

  it('refuses a second import into the same tenant while the first is open, and allows it once closed', () => {
    const dir = stateDir();
    const first = reopen(dir);
    // The lock names a live process other than this one: the test runner's parent stands in for a second zcust.
    writeFileSync(`${first.path}.lock`, `${process.ppid}\n`);
    expect(() => reopen(dir, true)).toThrow(
      /another zcust \(process \d+\) is running an import into the same tenant \(zenskar at https:\/\/api\.zenskar\.com, tenant org-1\), whose resume journal this import shares/,
    );
    rmSync(`${first.path}.lock`);
    first.close();
    reopen(dir).close();
  });

  it('the last state wins across several earlier runs', () => {
    const dir = stateDir();
    earlierRun(dir, (j) => j.sending(key(1), 2));
    earlierRun(dir, (j) => j.unknown(key(1), 2));
    earlierRun(dir, (j) => j.created(key(1), 2, 'cus_1'));
    const journal = reopen(dir);
    expect(journal.get(key(1))).toEqual({ state: 'created', customerId: 'cus_1' });
    journal.close();
  });

  it('counts what earlier runs left, by each row’s last state', () => {
    const dir = stateDir();
    earlierRun(dir, (j) => {
      j.sending(key(1), 2);
      j.created(key(1), 2, 'cus_1');
      j.created(key(2), 3, 'cus_2');
      j.skipped(key(3), 4, 'cus_3');
      j.sending(key(4), 5);
      j.sending(key(5), 6);
      j.unknown(key(5), 6);
      j.sending(key(6), 7);
      j.failed(key(6), 7);
    });
    const journal = reopen(dir);
    expect(journal.resumed).toEqual({ created: 2, skipped: 1, inFlight: 1, inFlightKeyless: 0, unknown: 1 });
    journal.close();
  });

  it('counts the rows in flight with neither e-mail nor Customer ID apart, for the resume message', () => {
    const dir = stateDir();
    const keyless = (n: number) => rowKey(customer({ name: `No keys ${n}` }));
    earlierRun(dir, (j) => {
      j.sending(key(1), 2);
      j.sending(keyless(1), 3, true);
      j.sending(keyless(2), 4, true);
      j.created(keyless(2), 4, 'cus_2');
    });
    const journal = reopen(dir);
    expect(journal.resumed, 'in flight: one keyed row, one keyless (the other was created)').toMatchObject({
      inFlight: 2,
      inFlightKeyless: 1,
    });
    expect(journal.get(keyless(1)), 'the mark changes nothing else').toEqual({
      state: 'sending',
      byFirstKey: true,
    });
    journal.close();
  });

  // A --no-resume run sends a created row again: "already exists" (failed), a stop while it waits (failed), a
  // crash (sending). The customer exists all the same, and the run after must still say so.
  it.each<[string, (j: Journal, k: string) => void, ReturnType<Journal['get']>]>([
    [
      'created, then failed',
      (j, k) => {
        j.created(k, 2, 'cus_1');
        j.failed(k, 2);
      },
      { state: 'created', customerId: 'cus_1' },
    ],
    [
      'created, then sending',
      (j, k) => {
        j.created(k, 2, 'cus_1');
        j.sending(k, 2);
      },
      { state: 'created', customerId: 'cus_1' },
    ],
    [
      'created, then unknown',
      (j, k) => {
        j.created(k, 2, 'cus_1');
        j.unknown(k, 2);
      },
      { state: 'created', customerId: 'cus_1' },
    ],
    [
      'skipped, then failed',
      (j, k) => {
        j.skipped(k, 2, 'cus_9');
        j.failed(k, 2);
      },
      { state: 'skipped', customerId: 'cus_9' },
    ],
    [
      'created twice',
      (j, k) => {
        j.created(k, 2, 'cus_1');
        j.created(k, 2, 'cus_2');
      },
      { state: 'created', customerId: 'cus_2' },
    ],
  ])('a row %s by earlier runs is known as created or skipped', (_, record, expected) => {
    const dir = stateDir();
    earlierRun(dir, (j) => record(j, key(1)));
    const journal = reopen(dir);
    expect(journal.get(key(1))).toEqual(expected);
    journal.close();
  });

  it('does not show a run what it wrote itself: only earlier runs count', () => {
    const dir = stateDir();
    earlierRun(dir, (j) => j.sending(key(1), 2));
    const journal = reopen(dir);
    journal.created(key(1), 2, 'cus_1');
    journal.created(key(2), 3, 'cus_2');
    expect(journal.get(key(1))).toEqual({ state: 'sending', byFirstKey: true });
    expect(journal.get(key(2))).toBeUndefined();
    journal.close();
    const next = reopen(dir);
    expect([next.get(key(1)), next.get(key(2))]).toEqual([
      { state: 'created', customerId: 'cus_1' },
      { state: 'created', customerId: 'cus_2' },
    ]);
    next.close();
  });

  it('ignores a torn last line (one without its newline)', () => {
    const dir = stateDir();
    const path = earlierRun(dir, (j) => j.created(key(1), 2, 'cus_1'));
    appendFileSync(path, `c ${key(2)} 3 cus_`);
    const journal = reopen(dir);
    expect(journal.get(key(2))).toBeUndefined();
    expect(journal.get(key(1))).toEqual({ state: 'created', customerId: 'cus_1' });
    expect(journal.resumed.created).toBe(1);
    journal.close();
  });

  it('a torn last line does not hide the key’s earlier complete state', () => {
    const dir = stateDir();
    const path = earlierRun(dir, (j) => j.sending(key(1), 2));
    appendFileSync(path, `c ${key(1)} 2 cus_1`);
    const journal = reopen(dir);
    expect(journal.get(key(1))).toEqual({ state: 'sending', byFirstKey: true });
    journal.close();
  });

  it("cuts a torn last line off, so the next run's first record is not glued to it", () => {
    const dir = stateDir();
    const path = earlierRun(dir, (j) => j.created(key(1), 2, 'cus_1'));
    appendFileSync(path, `s ${key(2)} 3`);
    earlierRun(dir, (j) => j.created(key(3), 4, 'cus_3'));
    const journal = reopen(dir);
    expect(journal.get(key(3))).toEqual({ state: 'created', customerId: 'cus_3' });
    expect(journal.get(key(2))).toBeUndefined();
    journal.close();
  });

  it('with fresh: true (--no-resume) does not consult what earlier runs wrote', () => {
    const dir = stateDir();
    earlierRun(dir, (j) => j.created(key(1), 2, 'cus_1'));
    const journal = reopen(dir, true);
    expect(journal.get(key(1))).toBeUndefined();
    expect(journal.resumed).toEqual({ created: 0, skipped: 0, inFlight: 0, inFlightKeyless: 0, unknown: 0 });
    journal.close();
  });

  it.each([
    {
      fresh: true,
      earlier: 'a created row',
      write: (j: Journal) => j.created(key(1), 2, 'cus_1'),
      ignored: true,
    },
    { fresh: true, earlier: 'a row in flight', write: (j: Journal) => j.sending(key(1), 2), ignored: true },
    { fresh: true, earlier: 'only its header', write: () => {}, ignored: false },
    {
      fresh: false,
      earlier: 'a created row',
      write: (j: Journal) => j.created(key(1), 2, 'cus_1'),
      ignored: false,
    },
  ])(
    'ignoredEarlier with fresh: $fresh and a journal holding $earlier: $ignored',
    ({ fresh, write, ignored }) => {
      const dir = stateDir();
      earlierRun(dir, write);
      const journal = reopen(dir, fresh);
      expect(journal.ignoredEarlier).toBe(ignored);
      journal.close();
    },
  );

  it('ignoredEarlier is false for a journal that did not exist', () => {
    const journal = reopen(stateDir(), true);
    expect(journal.ignoredEarlier).toBe(false);
    journal.close();
  });

  it('with fresh: true keeps what earlier runs wrote for the runs after it (a refused run must not wipe it)', () => {
    const dir = stateDir();
    earlierRun(dir, (j) => {
      j.created(key(1), 2, 'cus_1');
      j.created(key(2), 3, 'cus_2');
    });
    const fresh = reopen(dir, true);
    fresh.created(key(2), 3, 'cus_2b');
    fresh.close();
    const next = reopen(dir);
    expect([next.get(key(1)), next.get(key(2))]).toEqual([
      { state: 'created', customerId: 'cus_1' },
      { state: 'created', customerId: 'cus_2b' },
    ]);
    next.close();
  });

  it('with fresh: true still cuts a torn last line before appending', () => {
    const dir = stateDir();
    const path = earlierRun(dir, (j) => j.created(key(1), 2, 'cus_1'));
    appendFileSync(path, `c ${key(2)} 3 cus_`);
    const fresh = reopen(dir, true);
    fresh.created(key(3), 4, 'cus_3');
    fresh.close();
    const next = reopen(dir);
    expect([next.get(key(2)), next.get(key(3))]).toEqual([
      undefined,
      { state: 'created', customerId: 'cus_3' },
    ]);
    next.close();
  });

  it('keeps imports apart: another tenant’s journal knows nothing of this one', () => {
    const dir = stateDir();
    earlierRun(dir, (j) => j.created(key(1), 2, 'cus_1'));
    const other = openJournal(dir, { ...IDENTITY, tenant: 'org-2' }, { fresh: false });
    expect(other.get(key(1))).toBeUndefined();
    other.close();
  });

  it.each([[' cus 1\n'], ['with space'], ['a%20b'], ['x\u3000y\u0000z'], ['cus_1']])(
    'gives back the customer id %j as the platform gave it, its line still one line',
    (id) => {
      const dir = stateDir();
      const path = earlierRun(dir, (j) => j.created(key(1), 2, id));
      expect(
        readFileSync(path, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('c ')),
      ).toHaveLength(1);
      const journal = reopen(dir);
      expect(journal.get(key(1))).toEqual({ state: 'created', customerId: id });
      journal.close();
    },
  );

  it('holds no email and nothing that looks like a secret', () => {
    const dir = stateDir();
    const emails = ['ada@example.com', 'Grace.Hopper@Example.org'];
    const path = earlierRun(dir, (j) =>
      emails.forEach((email, i) => {
        const k = rowKey(customer({ email, name: `Customer ${i}` }));
        j.sending(k, i + 2);
        j.created(k, i + 2, `cus_${i}`);
      }),
    );
    const text = readFileSync(path, 'utf8');
    for (const email of emails) expect(text.toLowerCase()).not.toContain(email.toLowerCase());
    expect(text).not.toMatch(/@|api[_-]?key|token|secret|bearer|authorization/i);
    // Every record line is "op key row [id]": nothing else finds its way in.
    const records = text.split('\n').filter((line) => line && !line.startsWith('#'));
    for (const line of records) expect(line).toMatch(/^[sckfu] [0-9a-f]{24} \d+( \S+)?$/);
  });

  it('reopens a journal of 200,000 rows and answers for its first, middle and last rows', () => {
    const dir = stateDir();
    const path = earlierRun(dir);
    const rows = 200_000;
    const lines: string[] = [];
    for (let i = 0; i < rows; i++) lines.push(`c ${key(i)} ${i + 2} cus_${i}\n`);
    appendFileSync(path, lines.join(''));
    const journal = reopen(dir);
    expect(journal.resumed.created).toBe(rows);
    for (const i of [0, rows / 2, rows - 1]) {
      expect(journal.get(key(i)), `row ${i}`).toEqual({ state: 'created', customerId: `cus_${i}` });
    }
    expect(journal.get(key(rows))).toBeUndefined();
    journal.close();
  });

  it('reads a journal written by hand with only a header as empty', () => {
    const dir = stateDir();
    writeFileSync(journalPath(dir, IDENTITY), '# zcust journal v1 {}\n');
    const journal = reopen(dir);
    expect(journal.resumed).toEqual({ created: 0, skipped: 0, inFlight: 0, inFlightKeyless: 0, unknown: 0 });
    journal.close();
  });
});

describe('knowsCustomer: a customer id an earlier import into the tenant created or found', () => {
  const ada = rowKey(customer({ externalId: '123456789012345678' }));
  const both = rowKey(customer({ email: 'a@x.io', externalId: 'C1' }));

  it.each<[string, string, boolean, (j: Journal) => void]>([
    ['created', 'cus_1', true, (j) => j.created(ada, 2, 'cus_1')],
    ['skipped (found by --skip-existing)', 'cus_1', true, (j) => j.skipped(ada, 2, 'cus_1')],
    ['created by a row with both keys', 'cus_1', true, (j) => j.created(both, 2, 'cus_1')],
    [
      'created, then failed in a --no-resume run',
      'cus_1',
      true,
      (j) => [j.created(ada, 2, 'cus_1'), j.failed(ada, 2)],
    ],
    ['created with an id holding a space', 'cus 1', true, (j) => j.created(ada, 2, 'cus 1')],
    ['another customer created', 'cus_2', false, (j) => j.created(ada, 2, 'cus_1')],
    ['created as cus_a', 'CUS_A', false, (j) => j.created(ada, 2, 'cus_a')],
    ['nothing created', 'cus_1', false, (j) => [j.sending(ada, 2), j.unknown(ada, 2)]],
  ])('%s: knows %s: %s', (_, id, known, write) => {
    const dir = stateDir();
    earlierRun(dir, write);
    const journal = reopen(dir);
    expect(journal.knowsCustomer(id)).toBe(known);
    journal.close();
  });

  it.each<[boolean, boolean]>([
    [false, true],
    // --no-resume: the journal is not consulted, so a report's rows are checked as before.
    [true, false],
  ])("with fresh: %s, knows an earlier run's customer: %s", (fresh, known) => {
    const dir = stateDir();
    earlierRun(dir, (j) => j.created(ada, 2, 'cus_1'));
    const journal = reopen(dir, fresh);
    expect(journal.knowsCustomer('cus_1')).toBe(known);
    journal.close();
  });

  it('does not know the customers this run created (only earlier runs count)', () => {
    const dir = stateDir();
    earlierRun(dir, (j) => j.created(both, 2, 'cus_1'));
    const journal = reopen(dir);
    expect(journal.knowsCustomer('cus_1')).toBe(true);
    journal.created(ada, 3, 'cus_new');
    expect(journal.knowsCustomer('cus_new')).toBe(false);
    journal.close();
  });

  it('answers for the first, middle and last customers of a journal of 200,000 rows', () => {
    const dir = stateDir();
    const path = earlierRun(dir);
    const rows = 200_000;
    const lines: string[] = [];
    for (let i = 0; i < rows; i++) lines.push(`c ${key(i)} ${i + 2} cus_${i}\n`);
    appendFileSync(path, lines.join(''));
    const journal = reopen(dir);
    for (const i of [0, rows / 2, rows - 1]) expect(journal.knowsCustomer(`cus_${i}`), `cus_${i}`).toBe(true);
    expect(journal.knowsCustomer(`cus_${rows}`)).toBe(false);
    journal.close();
  });
});

describe("otherKeyChanged: a row that is a customer by one key, with another value of the customer's other key, or one it has none of", () => {
  const k = (email: string | undefined, externalId: string | undefined) =>
    rowKey(customer({ ...(email ? { email } : {}), ...(externalId ? { externalId } : {}) }));
  const alpha = k('a@x.io', 'ID-1');
  const another = (key: OtherKey['key']): OtherKey => ({ key, customerHas: 'another' });
  const none = (key: OtherKey['key']): OtherKey => ({ key, customerHas: 'none' });

  it.each<[string, ReturnType<Journal['otherKeyChanged']>, string, (j: Journal) => void]>([
    [
      'created with this e-mail and another Customer ID',
      another('external_id'),
      k('a@x.io', 'ID-2'),
      (j) => j.created(alpha, 2, 'cus_a'),
    ],
    [
      'created with this Customer ID and another e-mail',
      another('email'),
      k('b@x.io', 'ID-1'),
      (j) => j.created(alpha, 2, 'cus_a'),
    ],
    [
      'found (skipped) with this e-mail and another Customer ID',
      another('external_id'),
      k('a@x.io', 'ID-2'),
      (j) => j.skipped(alpha, 2, 'cus_a'),
    ],
    [
      'found (skipped) with this Customer ID and another e-mail',
      another('email'),
      k('b@x.io', 'ID-1'),
      (j) => j.skipped(alpha, 2, 'cus_a'),
    ],
    [
      'created with another Customer ID, then in flight with this one',
      another('external_id'),
      k('a@x.io', 'ID-2'),
      (j) => [j.created(alpha, 2, 'cus_a'), j.sending(k('a@x.io', 'ID-2'), 2)],
    ],
    [
      'created with another Customer ID, other rows written after it',
      another('external_id'),
      k('a@x.io', 'ID-2'),
      (j) => [j.created(alpha, 2, 'cus_a'), j.created(k('z@x.io', 'ID-9'), 3, 'cus_z')],
    ],
    [
      'created with another e-mail, after other rows',
      another('email'),
      k('b@x.io', 'ID-1'),
      (j) => [j.created(k('z@x.io', 'ID-9'), 2, 'cus_z'), j.created(alpha, 3, 'cus_a')],
    ],
    // An added key is that customer all the same (the README's rule: adding an e-mail must not create the row
    // again), which holds none of it: the row's value was never sent.
    [
      'created with this e-mail and no Customer ID',
      none('external_id'),
      k('a@x.io', 'ID-2'),
      (j) => j.created(k('a@x.io', undefined), 2, 'cus_a'),
    ],
    [
      'found (skipped) with this e-mail and no Customer ID, other rows written after it',
      none('external_id'),
      k('a@x.io', 'ID-2'),
      (j) => [j.skipped(k('a@x.io', undefined), 2, 'cus_a'), j.created(k('z@x.io', 'ID-9'), 3, 'cus_z')],
    ],
    [
      'created with this Customer ID and no e-mail',
      none('email'),
      k('b@x.io', 'ID-1'),
      (j) => j.created(k(undefined, 'ID-1'), 2, 'cus_a'),
    ],
    ['created with the same keys', undefined, alpha, (j) => j.created(alpha, 2, 'cus_a')],
    ['asked for a row with one key', undefined, k('a@x.io', undefined), (j) => j.created(alpha, 2, 'cus_a')],
    [
      'asked for a row neither key of which is known',
      undefined,
      k('b@x.io', 'ID-2'),
      (j) => j.created(alpha, 2, 'cus_a'),
    ],
    [
      'both keys known, as two customers (the swapped e-mails conflict says that)',
      undefined,
      k('a@x.io', 'ID-2'),
      (j) => [j.created(alpha, 2, 'cus_a'), j.created(k('b@x.io', 'ID-2'), 3, 'cus_b')],
    ],
    [
      'the e-mail only in flight with another Customer ID',
      undefined,
      k('a@x.io', 'ID-2'),
      (j) => j.sending(alpha, 2),
    ],
  ])('%s: %s', (_, expected, now, write) => {
    const dir = stateDir();
    earlierRun(dir, write);
    const journal = reopen(dir);
    expect(journal.otherKeyChanged(now)).toEqual(expected);
    journal.close();
  });

  it('says nothing with fresh: true (--no-resume)', () => {
    const dir = stateDir();
    earlierRun(dir, (j) => j.created(alpha, 2, 'cus_a'));
    const journal = reopen(dir, true);
    expect(journal.otherKeyChanged(k('a@x.io', 'ID-2'))).toBeUndefined();
    journal.close();
  });
});

describe("toldOtherKeyBefore: the note that a row was told its other key is not its customer's", () => {
  const k = (email: string | undefined, externalId: string | undefined) =>
    rowKey(customer({ ...(email ? { email } : {}), ...(externalId ? { externalId } : {}) }));
  const alone = k('a@x.io', undefined);
  const added = k('a@x.io', 'ID-1');
  const note = (key: string, customerId: string, customerHas: OtherKey['customerHas']) => ({
    key,
    row: 2,
    customerId,
    customerHas,
  });
  /** Alpha created with its e-mail alone, then its row, given ID-1, told so. */
  const told = (j: Journal) => [j.created(alone, 2, 'cus_a'), j.toldOtherKey([note(added, 'cus_a', 'none')])];
  /** Alpha created with ID-1, then a row of its e-mail with ID-2, told that Alpha has another. */
  const changed = k('a@x.io', 'ID-2');
  const toldChanged = (j: Journal) => [
    j.created(added, 2, 'cus_a'),
    j.toldOtherKey([note(changed, 'cus_a', 'another')]),
  ];

  it.each<[string, boolean, string, string, OtherKey['customerHas'], (j: Journal) => void]>([
    ['the row told, of its customer', true, added, 'cus_a', 'none', told],
    ['the row told, asked of another customer (created again since)', false, added, 'cus_b', 'none', told],
    [
      'the row given another Customer ID since (a change of its own)',
      false,
      k('a@x.io', 'ID-2'),
      'cus_a',
      'none',
      told,
    ],
    ['the row never told', false, added, 'cus_a', 'none', (j) => j.created(alone, 2, 'cus_a')],
    [
      'the row told, other rows written after it',
      true,
      added,
      'cus_a',
      'none',
      (j) => [told(j), j.created(k('z@x.io', 'ID-9'), 3, 'cus_z')],
    ],
    ['a changed key told, of its customer', true, changed, 'cus_a', 'another', toldChanged],
    ['a changed key told, asked of another customer', false, changed, 'cus_b', 'another', toldChanged],
    [
      'a changed key told, asked of a key added (the customer changed since)',
      false,
      changed,
      'cus_a',
      'none',
      toldChanged,
    ],
    [
      'a key added told, asked of a changed key (the customer changed since)',
      false,
      added,
      'cus_a',
      'another',
      told,
    ],
    [
      'a changed key given yet another value since',
      false,
      k('a@x.io', 'ID-3'),
      'cus_a',
      'another',
      toldChanged,
    ],
    [
      'a key added told, then a changed key (the last note answers)',
      true,
      added,
      'cus_a',
      'another',
      (j) => [told(j), j.toldOtherKey([note(added, 'cus_a', 'another')])],
    ],
    [
      'several rows noted in one write: the last of them',
      true,
      changed,
      'cus_a',
      'another',
      (j) => [
        j.created(added, 2, 'cus_a'),
        j.toldOtherKey([note(k('b@x.io', 'ID-1'), 'cus_b', 'none'), note(changed, 'cus_a', 'another')]),
      ],
    ],
  ])('%s: %s', (_, expected, now, id, has, write) => {
    const dir = stateDir();
    earlierRun(dir, write);
    const journal = reopen(dir);
    expect(journal.toldOtherKeyBefore(now, id, has)).toBe(expected);
    journal.close();
  });

  // Versions before wrote `w` alone, of a key added, and the same line is still written for it: it means what it
  // meant to them, and to this one. A `d` is a line they do not know, which they skip.
  it.each<[string, string, boolean]>([
    ['a key added', 'none', true],
    ['a changed key', 'another', false],
  ])('a `w` note as versions before wrote it answers for %s: %s', (_, has, expected) => {
    const dir = stateDir();
    const path = earlierRun(dir, (j) => j.created(alone, 2, 'cus_a'));
    const bothKeys = createHash('sha256').update(`w:${added}`).digest('hex').slice(0, 24);
    appendFileSync(path, `w ${bothKeys} 2 cus_a\n`);
    const journal = reopen(dir);
    expect(journal.toldOtherKeyBefore(added, 'cus_a', has as OtherKey['customerHas'])).toBe(expected);
    journal.close();
  });

  it('writes a key added as versions before did (`w`), and a changed key with an operation of its own (`d`)', () => {
    const dir = stateDir();
    const path = earlierRun(dir, (j) => [told(j), j.toldOtherKey([note(changed, 'cus_a', 'another')])]);
    const ops = readFileSync(path, 'utf8')
      .split('\n')
      .slice(1, -1)
      .map((line) => line.split(' ')[0]);
    expect(ops).toEqual(['c', 'w', 'd']);
  });

  it("records neither of the row's keys as the customer's, nor a row of its own: the journal says what it said before", () => {
    const dir = stateDir();
    earlierRun(dir, told);
    const journal = reopen(dir);
    expect(journal.get(added), 'the row').toEqual({ state: 'created', customerId: 'cus_a' });
    expect(journal.get(k('b@x.io', 'ID-1')), 'another row with its Customer ID').toBeUndefined();
    expect(journal.otherKeyChanged(added), 'its Customer ID: the customer has none').toEqual({
      key: 'external_id',
      customerHas: 'none',
    });
    expect(journal.resumed, 'rows resumed').toMatchObject({
      created: 1,
      skipped: 0,
      inFlight: 0,
      unknown: 0,
    });
    journal.close();
  });

  it('keeps the note through a compaction', () => {
    const dir = stateDir();
    // Mostly superseded lines (one row sent forty times), so that the next import compacts the journal.
    const path = earlierRun(dir, (j) => {
      told(j);
      for (let n = 0; n < 40; n++) j.sending(key(100), n);
    });
    const before = readFileSync(path, 'utf8').length;
    openJournal(dir, IDENTITY, { fresh: false, compactAbove: 0 }).close();
    expect(readFileSync(path, 'utf8').length, 'the journal, compacted').toBeLessThan(before);
    const journal = reopen(dir);
    expect(journal.toldOtherKeyBefore(added, 'cus_a', 'none')).toBe(true);
    journal.close();
  });
});
