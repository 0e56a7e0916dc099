import { linkSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseJournal, inputIdentity } from '../../src/commands/journal-choice.js';
import { aliasJournal, type JournalIdentity, journalPath, openJournal } from '../../src/state/journal.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder with `files` (name → content), a state folder in it, and the identity of importing `file`. */
function setUp(files: Record<string, string>, file: string) {
  const dir = mkdtempSync(join(tmpdir(), 'zcust-choice-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const stateDir = join(dir, 'state');
  const identityOf = (name: string): JournalIdentity => ({
    input: inputIdentity(name, dir),
    target: 'zenskar',
    baseUrl: 'http://127.0.0.1:1',
    tenant: 'org',
  });
  const keepJournal = (name: string) => openJournal(stateDir, identityOf(name), { fresh: false }).close();
  return { dir, stateDir, own: identityOf(file), identityOf, keepJournal };
}

const REPORT = 'zcust_row,zcust_status\n2,created\n';

describe('chooseJournal', () => {
  it('keeps its own journal when it has one, and notes the file by device and inode', () => {
    const t = setUp({ 'in.csv': 'Name\nA\n' }, 'in.csv');
    t.keepJournal('in.csv');
    const { kept, aliases } = chooseJournal(t.stateDir, t.own, {
      file: 'in.csv',
      cwd: t.dir,
      isReport: false,
      fromJson: false,
    });
    expect(kept).toEqual(t.own);
    expect(aliases.map((a) => a.identity.input)).toEqual([expect.stringMatching(/^file \d+:\d+$/)]);
  });

  it('keeps the journal of the same file under another name (a hard link)', () => {
    const t = setUp({ 'in.csv': 'Name\nA\n' }, 'in.csv');
    t.keepJournal('in.csv');
    const first = chooseJournal(t.stateDir, t.own, {
      file: 'in.csv',
      cwd: t.dir,
      isReport: false,
      fromJson: false,
    });
    // As the import does once it has opened its journal.
    for (const { identity } of first.aliases)
      aliasJournal(t.stateDir, identity, journalPath(t.stateDir, t.own));
    linkSync(join(t.dir, 'in.csv'), join(t.dir, 'same.csv'));
    const { kept } = chooseJournal(t.stateDir, t.identityOf('same.csv'), {
      file: 'same.csv',
      cwd: t.dir,
      isReport: false,
      fromJson: false,
    });
    expect(kept).toEqual(first.aliases[0]?.identity);
  });

  it.each([
    ['the CSV file of a CSV report', { 'x.csv': 'Name\n', 'x.json': '[]' }, false, 'x.csv'],
    [
      'the JSON file of a JSON report (it has zcust_json)',
      { 'x.csv': 'Name\n', 'x.json': '[]' },
      true,
      'x.json',
    ],
    ['no file when two could be it', { 'x.json': '[]', 'x.ndjson': '' }, true, undefined],
    ['no file when none is there', {}, false, undefined],
  ])('for a report with no journal, keeps that of %s', (_, files, fromJson, original) => {
    const t = setUp({ ...files, 'x.report.csv': REPORT }, 'x.report.csv');
    const { kept, aliases } = chooseJournal(t.stateDir, t.own, {
      file: 'x.report.csv',
      cwd: t.dir,
      isReport: true,
      fromJson,
    });
    expect(kept).toEqual(original ? t.identityOf(original) : t.own);
    expect(aliases.some((a) => a.identity === t.own)).toBe(original !== undefined);
  });
});
