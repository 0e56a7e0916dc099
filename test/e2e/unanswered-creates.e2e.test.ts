/**
 * Creates that get no clear answer, spawned as a user runs zcust, against a Zenskar that saves each customer a
 * moment late: one that answers 202 without an id at once, and one that answers after --timeout. A lookup that
 * finds nothing soon after proves nothing there: zcust sent such creates again, up to six a row (a 2xx) or two
 * (a timeout), and reported each row "not sent again".
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it, onTestFinished } from 'vitest';
import { sendJson, startServer } from '../http/loopback-server.js';
import { SANDBOX_ENV } from '../support/sandbox.js';
import { readReport, tempDir, zcust } from '../support/zcust.js';

/** How long after a create the platform saves it. */
const SAVE_MS = 400;

interface Saved {
  id: string;
  customer_name: string;
  email?: string;
  external_id?: string;
}

/**
 * A Zenskar that saves each create SAVE_MS late: `accepted` answers 202 without an id at once, `slow` answers the
 * customer once saved (past a --timeout below SAVE_MS). E-mails are unique: one it holds is refused (400), and a
 * late save of one it came to hold meanwhile is dropped. Rows named "Held…" are saved only on release().
 */
async function lateSavingZenskar(mode: 'accepted' | 'slow') {
  const stored: Saved[] = [];
  const held: Saved[] = [];
  const postsByName = new Map<string, number>();
  const save = (c: Saved) => {
    if (c.email === undefined || !stored.some((s) => s.email === c.email)) stored.push(c);
  };
  const server = await startServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET') {
      const wanted = [url.searchParams.get('email__in'), url.searchParams.get('external_id__in')].flatMap(
        (list) => list?.split(',') ?? [],
      );
      const data = stored.filter((c) => [c.email, c.external_id].some((k) => k && wanted.includes(k)));
      sendJson(res, 200, { data, next: null });
      return;
    }
    const sent = JSON.parse(body) as Omit<Saved, 'id'>;
    postsByName.set(sent.customer_name, (postsByName.get(sent.customer_name) ?? 0) + 1);
    if (sent.email !== undefined && stored.some((c) => c.email === sent.email)) {
      sendJson(res, 400, { message: 'Customer with this email already exists' });
      return;
    }
    const customer = { id: randomUUID(), ...sent };
    if (sent.customer_name.startsWith('Held')) held.push(customer);
    else setTimeout(() => save(customer), SAVE_MS);
    if (mode === 'accepted') sendJson(res, 202, { status: 'accepted' });
    else setTimeout(() => !res.destroyed && sendJson(res, 200, customer), SAVE_MS);
  });
  onTestFinished(() => server.close());
  return {
    url: server.origin,
    stored,
    posts: (name: string) => postsByName.get(name) ?? 0,
    release: () => {
      for (const c of held.splice(0)) save(c);
    },
  };
}

/** Rows with a Customer ID alone (Zenskar takes a second customer with one) and rows with an e-mail too. */
const ROWS = [
  ['Alpha', '', 'A-1'],
  ['Beta', '', 'B-1'],
  ['Gamma', 'gamma@x.example', 'G-1'],
  ['Delta', 'delta@x.example', ''],
];

/** A folder of its own holding late.csv, of `rows`. */
function folderWith(rows: string[][]): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'late.csv'), stringify([['Name', 'Email', 'Customer ID'], ...rows]));
  return dir;
}

const importLate = (dir: string, url: string, ...flags: string[]) =>
  zcust(['import', 'late.csv', '--base-url', url, '--report', 'late.report.csv', ...flags], {
    cwd: dir,
    env: SANDBOX_ENV.zenskar,
  });

describe('a Zenskar that answers 202 without an id and saves the customer a moment later', () => {
  it('gets one create a row; each is found, or ends unknown_outcome and is found by the next import', async () => {
    const dir = folderWith([...ROWS, ['Held', '', 'H-1']]);
    const zenskar = await lateSavingZenskar('accepted');

    const first = await importLate(dir, zenskar.url);
    expect(first.code, first.stderr).toBe(1);
    const report = readReport(join(dir, 'late.report.csv'));
    for (const row of report) {
      expect(zenskar.posts(row.Name ?? ''), `creates of ${row.Name}`).toBe(1);
      if (row.Name === 'Held') {
        expect([row.zcust_status, row.zcust_error_code]).toEqual(['failed', 'unknown_outcome']);
        expect(row.zcust_error).toMatch(
          /^Zenskar took the create \(HTTP 202\) but answered no customer id zcust could read, and \d+ lookups found nothing .*search Zenskar for this row's Customer ID before importing it again/,
        );
      } else {
        expect(row.zcust_status, `${row.Name}: ${row.zcust_error}`).toBe('created');
        expect(row.zcust_error).toMatch(
          /a lookup found the customer this create made, so it was not sent again$/,
        );
      }
    }

    // The platform saves it at last: the next import finds it rather than sending it again.
    zenskar.release();
    const second = await importLate(dir, zenskar.url);
    expect(second.code, second.stderr).toBe(0);
    expect(zenskar.posts('Held'), 'creates of Held after the second import').toBe(1);
    expect(zenskar.stored).toHaveLength(ROWS.length + 1);
  }, 60_000);
});

describe('a Zenskar that answers creates after --timeout, having saved them', () => {
  it('sends a Customer-ID-only row once, and tells an e-mail row sent again how many creates went out', async () => {
    const dir = folderWith(ROWS);
    const zenskar = await lateSavingZenskar('slow');

    const result = await importLate(dir, zenskar.url, '--timeout', String(SAVE_MS / 2));
    expect(result.code, result.stderr).toBe(0);
    for (const row of readReport(join(dir, 'late.report.csv'))) {
      const name = row.Name ?? '';
      const posts = zenskar.posts(name);
      expect(row.zcust_status, `${name}: ${row.zcust_error}`).toBe('created');
      if (row.Email === '') expect(posts, `creates of ${name}, which Zenskar would take twice`).toBe(1);
      // What the row is told must be what happened.
      if (posts === 1) expect(row.zcust_error).toMatch(/so it was not sent again$/);
      else {
        expect(row.zcust_error).not.toMatch(/not sent again/);
        expect(row.zcust_error).toMatch(
          new RegExp(`${posts} creates of this row went out .*search Zenskar for this row's e-mail`),
        );
      }
    }
    expect(zenskar.stored, 'customers Zenskar holds').toHaveLength(ROWS.length);
  }, 60_000);
});
