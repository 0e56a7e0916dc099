import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Outcome, RunSummary } from '../../src/model.js';
import { openJsonReport } from '../../src/report/json.js';
import { filesIn, outcome, summary, tempDir } from './fixtures.js';

async function writeJson(outcomes: Iterable<Outcome>, runSummary: RunSummary = summary()) {
  const dir = await tempDir();
  const path = join(dir, 'out.report.json');
  const report = openJsonReport(path);
  for (const o of outcomes) await report.write(o);
  await report.close(runSummary);
  return { dir, text: await readFile(path, 'utf8') };
}

function* manyOutcomes(n: number): Generator<Outcome> {
  for (let i = 0; i < n; i++) yield outcome({ row: i + 2, customerId: `cus_${i}` });
}

describe('JSON report', () => {
  it.each([0, 1, 1000])('is valid JSON with %i rows, summary first, and leaves no temp file', async (n) => {
    const { dir, text } = await writeJson(manyOutcomes(n));
    const report = JSON.parse(text);
    expect(Object.keys(report)).toEqual(['summary', 'rows']);
    expect(report.rows).toHaveLength(n);
    expect(report.rows.map((r: { row: number }) => r.row)).toEqual(
      Array.from({ length: n }, (_, i) => i + 2),
    );
    expect(await filesIn(dir)).toEqual(['out.report.json']);
  });

  it('writes each row with the contract keys in order', async () => {
    const { text } = await writeJson([
      outcome({
        row: 7,
        status: 'invalid',
        errors: [{ field: 'Country Code', code: 'invalid_country_code', message: 'not ISO' }],
        warnings: [{ code: 'unused_column', message: 'column "Fax" ignored' }],
      }),
    ]);
    const [row] = JSON.parse(text).rows;
    expect(Object.keys(row)).toEqual(['row', 'status', 'customer_id', 'errors', 'warnings']);
    expect(row).toEqual({
      row: 7,
      status: 'invalid',
      customer_id: null,
      errors: [{ field: 'Country Code', code: 'invalid_country_code', message: 'not ISO' }],
      warnings: [{ field: null, code: 'unused_column', message: 'column "Fax" ignored' }],
    });
  });

  it('puts the run summary with every status count at the top', async () => {
    const { text } = await writeJson([], summary({ counts: { created: 3 } as RunSummary['counts'] }));
    const { summary: written } = JSON.parse(text);
    expect(written).toMatchObject({ command: 'import', target: 'zenskar', input: 'samples/customers.csv' });
    expect(written.counts).toEqual({
      created: 3,
      skipped: 0,
      valid: 0,
      invalid: 0,
      duplicate: 0,
      failed: 0,
      not_attempted: 0,
    });
  });

  it('keeps text that needs JSON escaping intact', async () => {
    const message = 'quote " backslash \\ newline \n tab \t nul \u0000 ünï';
    const { text } = await writeJson([
      outcome({ status: 'failed', errors: [{ code: 'rejected', message }] }),
    ]);
    expect(JSON.parse(text).rows[0].errors[0].message).toBe(message);
  });

  it('creates nothing and removes its temp file when aborted', async () => {
    const dir = await tempDir();
    const report = openJsonReport(join(dir, 'out.json'));
    await report.write(outcome());
    await report.abort();
    expect(await filesIn(dir)).toEqual([]);
  });
});
