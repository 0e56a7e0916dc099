import { describe, expect, it } from 'vitest';
import { isExampleRow } from '../../src/customer/example.js';
import { COLUMN, EXAMPLE_EMAIL, EXAMPLE_NAME, exampleRow, templateColumns } from '../../src/template.js';
import { sourceRow } from './rows.js';

describe('isExampleRow', () => {
  it('recognises the template’s own example row', () => {
    const names = templateColumns().map((c) => c.name);
    const values = exampleRow();
    const fields = Object.fromEntries(names.map((name, i) => [name, values[i] ?? '']));
    expect(isExampleRow(sourceRow(fields))).toBe(true);
  });

  it.each([
    ['different case and spaces', '  john DOE ', ' John.Doe@Example.com'],
    ['exact', EXAMPLE_NAME, EXAMPLE_EMAIL],
  ])('recognises name and email with %s', (_, name, email) => {
    expect(isExampleRow(sourceRow({ [COLUMN.name]: name, [COLUMN.email]: email }))).toBe(true);
  });

  it.each([
    ['a real John Doe with his own email', EXAMPLE_NAME, 'john@doe-plumbing.example'],
    ['someone else at the example email', 'Jane Doe', EXAMPLE_EMAIL],
    ['the name without an email', EXAMPLE_NAME, undefined],
  ])('does not flag %s', (_, name, email) => {
    const fields: Record<string, string> = { [COLUMN.name]: name };
    if (email !== undefined) fields[COLUMN.email] = email;
    expect(isExampleRow(sourceRow(fields))).toBe(false);
  });
});
