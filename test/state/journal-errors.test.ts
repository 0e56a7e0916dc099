/**
 * A journal that cannot be kept: before anything is sent it is the user's setting to fix (exit 2); during a
 * run it stops the run (exit 3), since a re-run could no longer tell what this one created. The disk is
 * made to fail by a mocked writeSync; everything else is the real file system.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError, UsageError } from '../../src/errors.js';
import { openJournal } from '../../src/state/journal.js';
import { journalPath } from '../../src/state/journal-identity.js';

/**
 * `fullFor`: the disk takes no write to a file whose path this matches (`opened` remembers each one's path);
 * `unreadable`: no read succeeds (a failing disk).
 */
const disk = vi.hoisted(() => ({
  full: false,
  fullFor: undefined as RegExp | undefined,
  unreadable: false,
  opened: new Map<number, string>(),
}));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    openSync: (...args: Parameters<typeof fs.openSync>) => {
      const fd = fs.openSync(...args);
      disk.opened.set(fd, String(args[0]));
      return fd;
    },
    writeSync: (...args: Parameters<typeof fs.writeSync>) => {
      if (disk.full || disk.fullFor?.test(disk.opened.get(args[0]) ?? '')) {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      return fs.writeSync(...args);
    },
    readSync: (...args: Parameters<typeof fs.readSync>) => {
      if (disk.unreadable) throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
      return fs.readSync(...args);
    },
  };
});

const IDENTITY = {
  input: '/data/customers.csv',
  target: 'zenskar',
  baseUrl: 'http://127.0.0.1:1',
  tenant: 't',
};
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'zcust-journal-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  disk.full = false;
  disk.fullFor = undefined;
  disk.unreadable = false;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('a journal that cannot be kept', () => {
  it('is a usage error naming the state directory when the directory cannot be made', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const open = () => openJournal(join(file, 'state'), IDENTITY, { fresh: false });
    expect(open).toThrow(UsageError);
    expect(open).toThrow(
      /cannot keep the resume journal in ".*a-file\/state": not a directory \(set --state-dir/,
    );
  });

  it('is a usage error when its first line cannot be written', () => {
    disk.full = true;
    expect(() => openJournal(tempDir(), IDENTITY, { fresh: true })).toThrow(
      /cannot keep the resume journal in ".*": no space left on device/,
    );
  });

  it('is a usage error naming the journal, not its folder, when a directory has its name', () => {
    const dir = tempDir();
    mkdirSync(journalPath(dir, IDENTITY));
    expect(() => openJournal(dir, IDENTITY, { fresh: false })).toThrow(
      `cannot keep the resume journal "${journalPath(dir, IDENTITY)}": it is a directory (set --state-dir`,
    );
  });

  it('is a usage error saying it could not be read, not that the journal cannot be kept, when reading it fails', () => {
    const dir = tempDir();
    const earlier = openJournal(dir, IDENTITY, { fresh: false });
    earlier.close();
    disk.unreadable = true;
    expect(() => openJournal(dir, IDENTITY, { fresh: false })).toThrow(
      `cannot read the resume journal "${earlier.path}": `,
    );
  });

  it('stops the run (exit 3) when a record cannot be written', () => {
    const journal = openJournal(tempDir(), IDENTITY, { fresh: true });
    journal.sending('k1', 2);
    disk.full = true;
    const record = () => journal.created('k1', 2, 'cus_1');
    expect(record).toThrow(AbortError);
    expect(record).toThrow(/cannot write the resume journal .*\.journal: no space left on device$/);
    journal.close();
  });

  // Compaction only saves time: a disk that cannot take the compacted copy must not stop an import.
  it('is left as it was when its compacted copy cannot be written, and the import goes on with it', () => {
    const dir = tempDir();
    const earlier = openJournal(dir, IDENTITY, { fresh: false });
    const key = '0a'.repeat(12); // a row key: 24 hex digits
    earlier.created(key, 2, 'cus_1');
    for (let run = 0; run < 20; run++) earlier.failed(key, 2); // --no-resume runs refused as already there
    earlier.close();
    const before = readFileSync(earlier.path, 'utf8');
    disk.fullFor = /\.compacting$/;
    const journal = openJournal(dir, IDENTITY, { fresh: false, compactAbove: 0 });
    expect(journal.get(key)).toEqual({ state: 'created', customerId: 'cus_1' });
    journal.close();
    expect(readFileSync(earlier.path, 'utf8')).toBe(before);
    const begun = [...disk.opened.values()].filter((path) => path.endsWith('.journal.compacting'));
    expect(begun, 'a compacted copy was begun').toHaveLength(1);
    expect(existsSync(`${earlier.path}.compacting`), 'the copy begun is removed').toBe(false);
  });
});
