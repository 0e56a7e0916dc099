/**
 * A journal an earlier zcust kept under the tenant id as the user spelled it (`…B001`) is taken over by the name
 * zcust now files the tenant by (lower case), so that the customers it records are not created again.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import type { Customer } from '../../src/model.js';
import { openJournal } from '../../src/state/journal.js';
import { type JournalIdentity, journalPath } from '../../src/state/journal-identity.js';
import { adoptJournalOfOtherSpelling } from '../../src/state/journal-spelling.js';
import { rowKey } from '../../src/state/row-keys.js';
import { refuseStrandedJournal } from '../../src/state/stranded-journals.js';
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

describe('adoptJournalOfOtherSpelling', () => {
  // Whatever case the id is given in now (the lower case the sandbox banner prints, or the old upper case), the
  // import files the tenant by FILED; the journal an earlier zcust kept under another spelling is found by its header.
  it('renames the journal an earlier zcust kept under another spelling, and the import then knows what it created', () => {
    const dir = stateDir();
    earlierRun(dir, AS_GIVEN);
    adoptJournalOfOtherSpelling(dir, FILED);
    expect(existsSync(journalPath(dir, AS_GIVEN)), 'the old name is still there').toBe(false);
    const journal = openJournal(dir, FILED, { fresh: false });
    expect(journal.resumed.created, 'the customers the old journal records').toBe(1);
    journal.close();
  });

  // Only the journal was renamed: the notes a killed run left beside it (note-spill.ts) stayed under the old name,
  // which no import opens, for ever.
  it("removes the notes a killed run left beside it, which the next import would remove under the journal's name", () => {
    const dir = stateDir();
    earlierRun(dir, AS_GIVEN);
    const oldNotes = `${journalPath(dir, AS_GIVEN)}.notes`;
    writeFileSync(oldNotes, '[1,"k",2,"cus_1","none"]\n');
    adoptJournalOfOtherSpelling(dir, FILED);
    expect(readdirSync(dir), "the state folder's files").toEqual([basename(journalPath(dir, FILED))]);
  });

  it.each([
    ['a tenant named by its token (AmbioSys)', { ...FILED, tenant: '', secretTenant: 'amb_token_1234567' }],
    ['another tenant', { ...FILED, tenant: uuidKey('00000000-0000-4000-8000-00000000c002') }],
    ['another base URL', { ...FILED, baseUrl: 'https://staging.dayzero.example' }],
  ])('leaves it alone for %s', (_, identity) => {
    const dir = stateDir();
    earlierRun(dir, AS_GIVEN);
    adoptJournalOfOtherSpelling(dir, identity);
    expect(existsSync(journalPath(dir, AS_GIVEN))).toBe(true);
  });

  it('keeps both when the name filed by has a journal already (never one over the other)', () => {
    const dir = stateDir();
    earlierRun(dir, AS_GIVEN);
    earlierRun(dir, FILED);
    adoptJournalOfOtherSpelling(dir, FILED);
    expect([existsSync(journalPath(dir, AS_GIVEN)), existsSync(journalPath(dir, FILED))]).toEqual([
      true,
      true,
    ]);
  });

  it('refuses when two other spellings each have a journal: which one holds the latest cannot be told', () => {
    const dir = stateDir();
    const tenant = 'abcd0000-0000-4000-8000-00000000b001';
    earlierRun(dir, { ...FILED, tenant: tenant.toUpperCase() });
    earlierRun(dir, { ...FILED, tenant: tenant.replace('b001', 'B001') });
    expect(() => adoptJournalOfOtherSpelling(dir, { ...FILED, tenant })).toThrow(
      /holds 2 resume journals of this tenant, kept by earlier zcusts under spellings of its id that differ in case only/,
    );
  });
});

describe('refuseStrandedJournal and a journal an earlier zcust kept elsewhere under another spelling of the id', () => {
  // ./.zcust (the old default) holding the tenant's journal under …B001: refused with the move command before ids
  // were filed lower-case, then only warned of, and the rows no lookup finds were sent again.
  it('refuses, with the command that moves it to the name it is filed by', () => {
    const earlier = stateDir();
    const here = stateDir();
    earlierRun(earlier, AS_GIVEN);
    const refusal = () =>
      refuseStrandedJournal(
        [{ folder: earlier, why: 'which kept them in the working folder by default' }],
        FILED,
        {
          stateDir: here,
          fresh: false,
        },
      );
    expect(refusal).toThrow(UsageError);
    expect(refusal).toThrow(
      `${earlier} holds this tenant's resume journal, kept there by an earlier zcust, which kept them in the working folder by default`,
    );
    expect(refusal).toThrow(`mv ${journalPath(earlier, AS_GIVEN)} ${journalPath(here, FILED)}`);
  });
});
