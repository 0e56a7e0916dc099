/** Builders and temp directories shared by the report tests. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Outcome, RunSummary, Status } from '../../src/model.js';

const dirs: string[] = [];

/** A fresh directory, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'zcust-report-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

export async function filesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

export function outcome(overrides: Partial<Outcome> = {}): Outcome {
  return {
    row: 2,
    status: 'created',
    errors: [],
    warnings: [],
    raw: ['Acme', 'acme@example.com'],
    ...overrides,
  };
}

export function counts(overrides: Partial<Record<Status, number>> = {}): Record<Status, number> {
  return {
    created: 0,
    skipped: 0,
    valid: 0,
    invalid: 0,
    duplicate: 0,
    failed: 0,
    not_attempted: 0,
    ...overrides,
  };
}

export function summary(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    command: 'import',
    target: 'zenskar',
    input: 'samples/customers.csv',
    started_at: '2025-01-02T03:04:05.000Z',
    duration_ms: 1200,
    rows: 15,
    counts: counts({ created: 14, skipped: 1 }),
    reports: ['customers.report.csv'],
    ...overrides,
  };
}
