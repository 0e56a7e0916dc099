/** Small factories for customer files used by end-to-end tests. */
import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';

/** A template CSV of `count` valid customers with unique emails and Customer IDs. */
export function writeCustomersCsv(path: string, count: number, prefix = 'c'): void {
  const rows: string[][] = [['Name', 'Customer ID', 'Email', 'Country Code', 'Tax Jurisdiction', 'Tax ID']];
  for (let i = 0; i < count; i++) {
    rows.push([
      `${prefix} Customer ${i}`,
      `${prefix.toUpperCase()}-${i}`,
      `${prefix}${i}@test.example`,
      'US',
      'USA',
      '12-3456789',
    ]);
  }
  writeFileSync(path, stringify(rows));
}
