/**
 * --skip-existing: customers the tenant already has are found by lookup before sending and reported
 * skipped (already_exists) with their id; the rest are created. Zenskar looks up 50 values a request;
 * DayZero one email a request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../src/http/types.js';
import type { TargetName } from '../../src/model.js';
import {
  cleanUp,
  codes,
  customerRow,
  customerRows,
  interceptSends,
  keyOf,
  runRows,
  seedCustomers,
  startHarness,
  statsSince,
  tempJournal,
} from './harness.js';

afterEach(cleanUp);

const ROWS = 120;
/** Every third row is already in the tenant. */
const existing = (i: number) => i % 3 === 0;

async function importWithSkipExisting(target: TargetName, count: number) {
  const h = await startHarness({ target });
  const rows = customerRows(count);
  const ids = await seedCustomers(
    h,
    rows.filter((_, i) => existing(i)),
  );
  const before = h.sandbox.stats();
  const run = await runRows(h, rows, { skipExisting: true });
  return { ...run, ids, stats: statsSince(h, before) };
}

describe('runEngine with skipExisting', () => {
  it.each<TargetName>(['zenskar', 'dayzero'])(
    'skips the rows %s already has, with their id and already_exists',
    async (target) => {
      const { outcomes, ids } = await importWithSkipExisting(target, 12);
      for (const [i, o] of outcomes.entries()) {
        if (existing(i)) {
          expect(o, `row ${o.row}`).toMatchObject({
            status: 'skipped',
            customerId: ids.get(`c${i}@test.example`),
          });
          expect(codes(o.errors), `row ${o.row}`).toEqual(['already_exists']);
        } else {
          expect(o.status, `row ${o.row}`).toBe('created');
        }
      }
    },
  );

  it.each<TargetName>(['zenskar', 'dayzero'])('creates only the rows %s does not have', async (target) => {
    const { result, stats } = await importWithSkipExisting(target, 12);
    expect(result.counts).toMatchObject({ skipped: 4, created: 8 });
    expect(stats.creates).toBe(8);
    expect(stats.duplicates).toBe(0);
  });

  // Both platforms document their e-mail filters as exact: the lookup cannot find the customer, and the create
  // meets the sandbox's duplicate check, which ignores case. An honest failure, not a second customer. (No
  // Customer ID: on Zenskar one would find the customer by that.)
  it.each<TargetName>(['zenskar', 'dayzero'])(
    "%s: a row whose e-mail is a customer's in another case is not found, and its create is refused as duplicate_email",
    async (target) => {
      const h = await startHarness({ target });
      const withEmail = (email: string) => customerRow(0, { Email: email, 'Customer ID': undefined });
      await seedCustomers(h, [withEmail('ana@acme.example')]);
      const before = h.sandbox.stats();
      const { outcomes } = await runRows(h, [withEmail('Ana@ACME.example')], { skipExisting: true });
      expect(
        outcomes.map((o) => [o.status, codes(o.errors)]),
        'how the row ended',
      ).toEqual([['failed', ['duplicate_email']]]);
      expect(statsSince(h, before), 'one lookup that found nothing, then the refused create').toMatchObject({
        lookups: 1,
        creates: 0,
        duplicates: 1,
      });
    },
  );

  it(`looks Zenskar up in batches: at most two lookups (email, then Customer ID) per 50 rows`, async () => {
    const { result, stats } = await importWithSkipExisting('zenskar', ROWS);
    expect(result.counts).toMatchObject({ skipped: ROWS / 3, created: (ROWS * 2) / 3 });
    expect(stats.lookups).toBeLessThanOrEqual(Math.ceil(ROWS / 50) * 2);
  });

  it('looks DayZero up once per row (it has no batch filter)', async () => {
    const { stats } = await importWithSkipExisting('dayzero', 12);
    expect(stats.lookups).toBe(12);
  });
});

describe('runEngine with skipExisting and many rows settled without a request', () => {
  // BUG (reported to the lead): a row waiting in an unfilled lookup batch holds up the ordered output; once
  // `window` (256) rows are unfinished the engine stops reading, so the batch never fills and the run hangs.
  // Un-skip once run.ts flushes the batch before waiting for progress.
  it('finishes when one new row is followed by more than a window of invalid rows', async () => {
    const h = await startHarness();
    const rows = [
      customerRow(0),
      ...Array.from({ length: 300 }, (_, i) => customerRow(i + 1, { Email: 'bad' })),
    ];
    const { result } = await runRows(h, rows, { skipExisting: true });
    expect(result.counts).toMatchObject({ created: 1, invalid: 300 });
  });
});

describe('runEngine without --skip-existing, for rows known only by their Customer ID', () => {
  it('looks them up first on Zenskar (which takes a second customer with a Customer ID) and skips the ones there', async () => {
    const existing = customerRow(0, { Name: 'Existing', 'Customer ID': 'K-1', Email: 'k1@example.com' });
    const h = await startHarness({ journal: tempJournal('zenskar').open() });
    const ids = await seedCustomers(h, [existing]);
    const before = h.sandbox.stats();
    const rows = [
      customerRow(0, { Name: 'Existing again', 'Customer ID': 'K-1', Email: undefined }),
      customerRow(1, { Name: 'New', 'Customer ID': 'K-2', Email: undefined }),
    ];
    const { outcomes } = await runRows(h, rows);
    expect(outcomes.map((o) => [o.status, o.customerId === ids.get('k1@example.com')])).toEqual([
      ['skipped', true],
      ['created', false],
    ]);
    expect(statsSince(h, before)).toMatchObject({ creates: 1, lookups: 1, duplicates: 0 });
  });

  // A platform may hold the other form of the same text (an ERP decomposes accents) and find it by either form.
  it('skips a row whose Customer ID Zenskar holds in the other Unicode form (NFC, the row NFD)', async () => {
    const h = await startHarness({ journal: tempJournal('zenskar').open() });
    const ids = await seedCustomers(h, [
      customerRow(0, { 'Customer ID': 'JOS\u00C9-1', Email: 'j@example.com' }),
    ]);
    interceptSends(h, (req, send) => {
      const wanted = req.query?.external_id__in;
      if (req.method !== 'GET' || wanted === undefined) return send(req);
      return send({ ...req, query: { ...req.query, external_id__in: wanted.normalize('NFC') } });
    });
    const before = h.sandbox.stats();
    const { outcomes } = await runRows(h, [
      customerRow(0, { 'Customer ID': 'JOSE\u0301-1', Email: undefined }),
    ]);
    expect(outcomes.map((o) => [o.status, o.customerId])).toEqual([['skipped', ids.get('j@example.com')]]);
    expect(statsSince(h, before).creates, 'JOSÉ-1 was created a second time').toBe(0);
  });

  it('sends rows with an e-mail without a lookup: Zenskar refuses a second e-mail itself', async () => {
    const h = await startHarness({ journal: tempJournal('zenskar').open() });
    const before = h.sandbox.stats();
    await runRows(h, [customerRow(0), customerRow(1)]);
    expect(statsSince(h, before)).toMatchObject({ creates: 2, lookups: 0 });
  });
});

describe('runEngine with skipExisting, when the lookup misbehaves', () => {
  const answer = (status: number, body: unknown): HttpResponse => ({ status, headers: {}, body });

  it.each([
    { lookup: 'answers 500', answer: () => answer(500, { message: 'lookup broke' }), code: 'server_error' },
    { lookup: 'answers 429', answer: () => answer(429, { message: 'slow down' }), code: 'rate_limited' },
    { lookup: 'pages for ever', answer: () => answer(200, { data: [], next: 'same' }), code: 'server_error' },
  ])(
    'a lookup that $lookup: each row failed ($code), saying it was not sent; nothing created',
    async ({ answer, code }) => {
      const h = await startHarness({ retries: 1 });
      let lookups = 0;
      interceptSends(h, (req, send) => {
        if (req.method !== 'GET') return send(req);
        // A lookup that never ends would hang the test run, not fail it.
        if (++lookups > 1_000) return Promise.reject(new Error('the lookup asked more than 1,000 pages'));
        return Promise.resolve(answer());
      });
      const { outcomes } = await runRows(h, customerRows(3), { skipExisting: true });
      expect(h.sandbox.stats().creates).toBe(0);
      for (const o of outcomes) {
        expect(o.status, `row ${o.row}`).toBe('failed');
        expect(codes(o.errors), `row ${o.row}`).toEqual([code]);
        expect(o.errors[0]?.message, `row ${o.row} reads as a create that may have landed`).toMatch(
          /^the lookup of customers already in Zenskar failed, so this row was not sent \(importing it again is safe\): /,
        );
      }
    },
  );

  it('a customer found without an id zcust can read is skipped (already_exists, no id), not created again', async () => {
    const files = tempJournal('zenskar');
    const journal = files.open();
    const h = await startHarness({ journal });
    const rows = customerRows(2);
    await seedCustomers(h, rows);
    // The platform names its id otherwise: the lookup's items hold no `id`.
    interceptSends(h, async (req, send) => {
      const res = await send(req);
      if (req.method !== 'GET') return res;
      const { data } = res.body as { data: Array<Record<string, unknown>> };
      return { ...res, body: { data: data.map(({ id, ...rest }) => ({ customer_id: id, ...rest })) } };
    });
    const before = h.sandbox.stats();
    const { outcomes } = await runRows(h, rows, { skipExisting: true });
    expect(statsSince(h, before).creates, 'a customer the lookup found was created again').toBe(0);
    for (const o of outcomes) {
      expect([o.status, o.customerId], `row ${o.row}: status and id`).toEqual(['skipped', undefined]);
      expect(o.errors, `row ${o.row}`).toEqual([
        {
          code: 'already_exists',
          message: "already in Zenskar, but the lookup's answer held no id zcust could read; not sent",
        },
      ]);
    }
    // Recorded unknown: the next import looks before sending (with nothing recorded, a row known only by its
    // Customer ID was sent, and Zenskar took a second customer with it).
    journal.close();
    const next = files.open();
    for (const row of rows) expect(next.get(keyOf(row)), `row ${row.row}`).toEqual({ state: 'unknown' });
    next.close();
  });

  // The row the journal says unknown is looked up by the next import, as the README says; it ended failed
  // unknown_outcome without a look, even once the platform gave the id.
  it.each([
    ['now gives its id: it is that customer', true, 'created'],
    ['still gives no id: it is not sent', false, 'failed'],
  ])('the next import looks such a row up; the lookup %s', async (_, givesId, status) => {
    const files = tempJournal('zenskar');
    const h = await startHarness({ journal: files.open() });
    const rows = customerRows(2);
    const ids = await seedCustomers(h, rows);
    const plain = h.net.client;
    interceptSends(h, async (req, send) => {
      const res = await send(req);
      if (req.method !== 'GET') return res;
      const { data } = res.body as { data: Array<Record<string, unknown>> };
      return { ...res, body: { data: data.map(({ id, ...rest }) => ({ customer_id: id, ...rest })) } };
    });
    await runRows(h, rows, { skipExisting: true });
    h.net.journal?.close();
    h.net.journal = files.open();
    if (givesId) h.net.client = plain;
    const before = h.sandbox.stats();
    const { outcomes } = await runRows(h, rows);
    const sent = statsSince(h, before);
    expect(sent.creates, 'a customer the journal left unknown was sent blindly').toBe(0);
    expect(sent.lookups, 'the row was not looked up').toBeGreaterThan(0);
    for (const [i, o] of outcomes.entries()) {
      expect(o.status, `row ${o.row}`).toBe(status);
      if (givesId) expect(o.customerId, `row ${o.row}`).toBe(ids.get(`c${i}@test.example`));
      else {
        expect(codes(o.errors), `row ${o.row}`).toEqual(['unknown_outcome']);
        // Never sent, by a run that did not stop: not "an earlier run was sending this row when it stopped".
        expect(o.errors[0]?.message, `row ${o.row}`).toMatch(
          /^an earlier run could not tell whether Zenskar has this customer, or found it without an id; /,
        );
      }
    }
    h.net.journal?.close();
  });
});

describe('runEngine with skipExisting, when a row found by one key holds another value of its other key', () => {
  // The tenant has Alpha (A-1, a@k.example) and Beta (B-1, b@k.example).
  const alpha = customerRow(0, { Name: 'Alpha', 'Customer ID': 'A-1', Email: 'a@k.example' });
  const beta = customerRow(1, { Name: 'Beta', 'Customer ID': 'B-1', Email: 'b@k.example' });
  const rowWith = (keys: Record<string, string>) => customerRow(0, { Name: 'Row', ...keys });

  it.each<{ name: string; keys: Record<string, string>; status: string; customer?: 'alpha'; field?: string }>(
    [
      {
        name: "Alpha's e-mail and Beta's Customer ID",
        keys: { 'Customer ID': 'B-1', Email: 'a@k.example' },
        status: 'failed',
      },
      {
        name: "Alpha's Customer ID and a new e-mail",
        keys: { 'Customer ID': 'A-1', Email: 'new@k.example' },
        status: 'skipped',
        customer: 'alpha',
        field: 'Email',
      },
      {
        name: "Alpha's e-mail and a Customer ID nobody has",
        keys: { 'Customer ID': 'X-9', Email: 'a@k.example' },
        status: 'skipped',
        customer: 'alpha',
        field: 'Customer ID',
      },
      {
        name: "Alpha's own keys",
        keys: { 'Customer ID': 'A-1', Email: 'a@k.example' },
        status: 'skipped',
        customer: 'alpha',
      },
    ],
  )('$name: $status', async ({ keys, status, customer, field }) => {
    const h = await startHarness();
    const ids = await seedCustomers(h, [alpha, beta]);
    const { outcomes } = await runRows(h, [rowWith(keys)], { skipExisting: true });
    expect(outcomes[0]?.status).toBe(status);
    expect(outcomes[0]?.customerId, 'the customer the row was taken for').toBe(
      customer ? ids.get('a@k.example') : undefined,
    );
    expect(h.sandbox.customers(), 'customers in the sandbox').toHaveLength(2);
    if (status === 'failed') {
      expect(outcomes[0]?.errors[0]?.message).toMatch(/one row cannot be two customers/);
      return;
    }
    const changed = outcomes[0]?.warnings.filter((w) => /who has another/.test(w.message)) ?? [];
    expect(
      changed.map((w) => w.field),
      'the key the warning names',
    ).toEqual(field ? [field] : []);
  });

  it('looks up by Customer ID only the rows whose customer found by e-mail holds another one', async () => {
    const h = await startHarness();
    await seedCustomers(h, [alpha, beta]);
    const before = h.sandbox.stats();
    await runRows(h, [alpha, beta], { skipExisting: true });
    expect(statsSince(h, before).lookups, 'lookups for two rows whose keys are their customers’').toBe(1);
  });
});

describe('runEngine with skipExisting and a customer found by e-mail that holds no Customer ID', () => {
  it("fails a row whose Customer ID is another customer's, naming both", async () => {
    const h = await startHarness();
    const webForm = customerRow(0, {
      Name: 'Web Form Co',
      'Customer ID': undefined,
      Email: 'web@form.example',
    });
    const other = customerRow(1, { Name: 'Other Co', 'Customer ID': 'OC-7', Email: 'other@co.example' });
    const ids = await seedCustomers(h, [webForm, other]);
    const mixed = customerRow(0, { Name: 'Mixed', 'Customer ID': 'OC-7', Email: 'web@form.example' });
    const { outcomes } = await runRows(h, [mixed], { skipExisting: true });
    expect(outcomes[0]?.status).toBe('failed');
    expect(outcomes[0]?.errors[0]?.message).toMatch(
      `its e-mail is that of customer ${ids.get('web@form.example')} and its Customer ID that of customer ${ids.get('other@co.example')}`,
    );
    expect(h.sandbox.customers()).toHaveLength(2);
  });
});

describe('runEngine and twin customers under one Customer ID in its two Unicode forms', () => {
  it('skips a Customer-ID-only row as the first found, not as two customers (it has no e-mail to be one of)', async () => {
    const h = await startHarness();
    const ids = await seedCustomers(h, [
      customerRow(0, { Name: 'Composed', 'Customer ID': 'REN\u00C9-900', Email: 'c@x.example' }),
      customerRow(1, { Name: 'Decomposed', 'Customer ID': 'RENE\u0301-900', Email: 'd@x.example' }),
    ]);
    const { outcomes } = await runRows(h, [
      customerRow(0, { Name: 'Rene', 'Customer ID': 'REN\u00C9-900', Email: undefined }),
    ]);
    expect(outcomes[0]?.status).toBe('skipped');
    expect([ids.get('c@x.example'), ids.get('d@x.example')]).toContain(outcomes[0]?.customerId);
  });
});
