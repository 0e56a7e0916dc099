/**
 * A full disk while a JSON or XML report's rows are spooled: the temp file fails, and the run must name the
 * report the user gave, not the hidden temp file. The temp file is made /dev/full by a mocked openSync.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openReports } from '../../src/report/writer.js';
import { outcome, tempDir } from './fixtures.js';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    openSync: (...args: Parameters<typeof fs.openSync>) =>
      String(args[0]).endsWith('.tmp') ? fs.openSync('/dev/full', 'w') : fs.openSync(...args),
  };
});

describe('a full disk while rows are spooled', () => {
  it.skipIf(!existsSync('/dev/full')).each(['r.json', 'r.xml'])(
    'names the report %s, not its temp file',
    async (name) => {
      const path = join(await tempDir(), name);
      const told: string[] = [];
      const reports = openReports([path], ['Name'], { onFailure: (message) => told.push(message) });
      await reports.write(outcome());
      await reports.flush();
      expect(told).toEqual([`cannot write the report "${path}": no space left on device`]);
      await reports.abort();
    },
  );
});
