import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/customer/format.js';
import type { Issue } from '../../src/model.js';

describe('formatIssue', () => {
  it.each<[string, Issue, string]>([
    [
      'a column issue',
      {
        field: 'Country Code',
        code: 'invalid_country_code',
        message: '"USA" is not a two-letter ISO code: did you mean "US"?',
      },
      'row 7: Country Code: "USA" is not a two-letter ISO code: did you mean "US"?',
    ],
    [
      'a whole-row issue',
      {
        code: 'duplicate_in_file',
        message: 'same email as row 4 (this row has ana@acme.example)',
      },
      'row 7: same email as row 4 (this row has ana@acme.example)',
    ],
  ])('prefixes %s with the row (and the column when there is one)', (_, issue, expected) => {
    expect(formatIssue(7, issue)).toBe(expected);
  });
});
