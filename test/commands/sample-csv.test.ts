import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { renderSampleCsv } from '../../src/commands/sample-csv.js';
import { TARGET_NAMES } from '../../src/model.js';
import { getTarget } from '../../src/targets/index.js';
import { COLUMN, EXAMPLE_NAME, EXTRA_COLUMNS, exampleRow, templateColumns } from '../../src/template.js';

const records = (text: string): string[][] => parse(text, { relax_column_count: false });

describe('renderSampleCsv', () => {
  it.each(TARGET_NAMES)('%s: the header is the template columns for that target, in order', (target) => {
    const [header] = records(renderSampleCsv({ target, example: true }));
    expect(header).toEqual(templateColumns(target).map((c) => c.name));
  });

  it('zenskar: with the example, the second record is the John Doe row, exactly', () => {
    const parsed = records(renderSampleCsv({ target: 'zenskar', example: true }));
    expect(parsed).toHaveLength(2);
    expect(parsed[1]).toEqual(exampleRow('zenskar'));
    expect(parsed[1]?.[0]).toBe(EXAMPLE_NAME);
  });

  it.each(TARGET_NAMES)(
    '%s: the example fills only the columns the target imports, and Name and Email (which make it the example)',
    (target) => {
      const [header = [], example = []] = records(renderSampleCsv({ target, example: true }));
      const platform = getTarget(target);
      const full = exampleRow(target);
      for (const [i, column] of header.entries()) {
        const kept = column === COLUMN.name || column === COLUMN.email || platform.usesColumn(column);
        expect(example[i], `${column}: ${kept ? 'the example value' : 'empty'}`).toBe(kept ? full[i] : '');
      }
    },
  );

  it.each(TARGET_NAMES)('%s: without the example, the header alone', (target) => {
    const text = renderSampleCsv({ target, example: false });
    expect(records(text)).toEqual([templateColumns(target).map((c) => c.name)]);
    expect(text).not.toContain(EXAMPLE_NAME);
  });

  it.each(TARGET_NAMES)('%s: ends with a newline', (target) => {
    expect(renderSampleCsv({ target, example: true })).toMatch(/\n$/);
  });

  const extras = TARGET_NAMES.flatMap((target) =>
    EXTRA_COLUMNS.map((c) => ({ target, column: c.name, included: c.targets?.includes(target) ?? false })),
  );

  it.each(extras)(
    '$target: extra column "$column" is in the header: $included',
    ({ target, column, included }) => {
      const [header] = records(renderSampleCsv({ target, example: false }));
      expect(header?.includes(column)).toBe(included);
    },
  );

  it('quotes the Custom Data example so its JSON survives a CSV reader', () => {
    const [header, example] = records(renderSampleCsv({ target: 'zenskar', example: true }));
    const value = example?.[header?.indexOf('Custom Data') ?? -1];
    expect(JSON.parse(value ?? '')).toEqual({ industry: 'Technology' });
  });
});
