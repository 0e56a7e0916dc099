/**
 * A journal an earlier zcust kept under the tenant id as the user spelled it (`…B001`) is taken over by the name
 * zcust now files the tenant by (lower case), so that the customers it records are not created again.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Customer } from '../../src/model.js';
import { openJournal } from '../../src/state/journal.js';
import { type JournalIdentity, journalPath } from '../../src/state/journal-identity.js';
import { adoptJournalSpelledAsGiven } from '../../src/state/journal-spelling.js';
import { rowKey } from '../../src/state/row-keys.js';
import { uuidKey } from '../../src/util/same-uuid.js';

const GIVEN = '00000000-0000-4000-8000-00000000B001';
const FILED: JournalIdentity = {
  target: 'dayzero',
  baseUrl: 'https://api.dayzero.example',
  tenant: uuidKey(GIVEN),
};
const AS_GIVEN: JournalIdentity = { ...FILED, tenant: GIVEN };
const KEY = rowKey({ name: 'Ada Ltd', email: 'ada@x.io', taxIds: [], extras: {} } as Customer);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zcust-spelling-'));
  dirs.push(dir);
  return dir;
}

/** A journal under `identity`'s name that records KEY created as cus_1, as an earlier run leaves it. */
function earlierRun(dir: string, identity: JournalIdentity): void {
  const journal = openJournal(dir, identity, { fresh: false });
  journal.created(KEY, 2, 'cus_1');
  journal.close();
}

describe('adoptJournalSpelledAsGiven', () => {
  it('renames the journal kept under the id as given, and the import then knows what it created', () => {
    const dir = stateDir();
    earlierRun(dir, AS_GIVEN);
    adoptJournalSpelledAsGiven(dir, FILED, GIVEN);
    expect(existsSync(journalPath(dir, AS_GIVEN)), 'the old name is still there').toBe(false);
    const journal = openJournal(dir, FILED, { fresh: false });
    expect(journal.resumed.created, 'the customers the old journal records').toBe(1);
    journal.close();
  });

  it.each([
    ['the id is given as it is filed', FILED, uuidKey(GIVEN)],
    [
      'a tenant named by its token (AmbioSys)',
      { ...FILED, tenant: '', secretTenant: 'amb_token_1234567' },
      '',
    ],
  ])('leaves the folder alone when %s', (_, identity, given) => {
    const dir = stateDir();
    earlierRun(dir, AS_GIVEN);
    adoptJournalSpelledAsGiven(dir, identity, given);
    expect(existsSync(journalPath(dir, AS_GIVEN))).toBe(true);
  });

  it('keeps both when the name filed by has a journal already (never one over the other)', () => {
    const dir = stateDir();
    earlierRun(dir, AS_GIVEN);
    earlierRun(dir, FILED);
    adoptJournalSpelledAsGiven(dir, FILED, GIVEN);
    expect([existsSync(journalPath(dir, AS_GIVEN)), existsSync(journalPath(dir, FILED))]).toEqual([
      true,
      true,
    ]);
  });
});
