import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALL_COLUMNS,
  BILLING_ADDRESS,
  COLUMN,
  isCentsHeader,
  matchHeader,
  normalizeHeader,
  SHIP_TO_ADDRESS,
  taxColumns,
} from '../src/template.js';
import { ROOT } from './support/zcust.js';

describe('matchHeader: the tax pairs', () => {
  it.each([
    ['Tax Jurisdiction', COLUMN.taxJurisdiction],
    ['Tax ID', COLUMN.taxId],
    // A file that numbers every pair numbers the first too; pairs 2–9 are numbered in the template.
    ['Tax Jurisdiction 1', COLUMN.taxJurisdiction],
    ['Tax ID 1', COLUMN.taxId],
    ['tax_jurisdiction_1', COLUMN.taxJurisdiction],
    ['TAX-ID-1', COLUMN.taxId],
    ['Tax Jurisdiction 2', taxColumns(2).jurisdiction],
    ['Tax ID 2', taxColumns(2).id],
    ['Tax ID 9', taxColumns(9).id],
  ])('%j is %j', (header, column) => {
    expect(matchHeader(header)).toBe(column);
  });

  it.each(['Tax ID 10', 'Tax Jurisdiction 0'])('%j matches no column: there are nine pairs', (header) => {
    expect(matchHeader(header)).toBeUndefined();
  });
});

describe("matchHeader: a target's own field names", () => {
  // DayZero's `address` is one free-text string, which Address Line 1 holds (DayZero's body joins the address
  // columns back into one string); Zenskar's `address` is an object, read as address.line1, …, not as a column.
  it.each([
    ['address', 'dayzero', COLUMN.addressLine1],
    ['Address', 'dayzero', COLUMN.addressLine1],
    ['ADDRESS', 'dayzero', COLUMN.addressLine1],
    ['address', 'zenskar', undefined],
    ['address', 'ambiosys', undefined],
    ['address', undefined, undefined],
    // The aliases every target shares still hold for DayZero.
    ['address.line1', 'dayzero', COLUMN.addressLine1],
    ['address.city', 'dayzero', COLUMN.city],
    ['tax_id', 'dayzero', COLUMN.taxId],
    ['invoice_footer', 'dayzero', COLUMN.invoiceFooter],
    ['default_payment_term_id', 'dayzero', COLUMN.paymentTermId],
    ['legal_name', 'ambiosys', COLUMN.legalName],
    ['contact_origin', 'ambiosys', COLUMN.contactOrigin],
  ] as const)('%j for %s is %s', (header, target, column) => {
    expect(matchHeader(header, target)).toBe(column);
  });

  // DayZero's own credit_limit_cents is Credit Limit, in cents: the readers turn it into the amount.
  it.each([
    ['credit_limit_cents', 'dayzero', COLUMN.creditLimit, true],
    ['Credit Limit Cents', 'dayzero', COLUMN.creditLimit, true],
    ['creditLimitCents', 'dayzero', COLUMN.creditLimit, true],
    ['Credit Limit', 'dayzero', COLUMN.creditLimit, false],
    ['credit_limit_cents', 'zenskar', undefined, false],
    ['credit_limit_cents', 'ambiosys', undefined, false],
  ] as const)('%j for %s is %s, in cents: %s', (header, target, column, cents) => {
    expect(matchHeader(header, target)).toBe(column);
    expect(isCentsHeader(header, target)).toBe(cents);
  });
});

describe('matchHeader: a word that in many exports means something else is no alias', () => {
  it.each([
    // A CRM's sales region (EMEA), which sent as the State would be taxed as one.
    ['Region', undefined],
    // A kind of tax (VAT, GST), not where it is owed.
    ['Tax Type', undefined],
    ['Province', COLUMN.state],
    ['Postal Code', COLUMN.zipCode],
  ])('%j is %s', (header, column) => {
    expect(matchHeader(header)).toBe(column);
  });
});

describe('matchHeader: a part of a JSON address, under any name its flat header has', () => {
  // An export nests the address with the headers it would write flat (a CRM's Province, Address 1): the part is
  // the column the flat header is, and in ship_to_address that column's Ship To twin.
  it.each([
    ['address.Province', 'zenskar', COLUMN.state],
    ['address.State/Province', 'zenskar', COLUMN.state],
    ['address.Address 1', 'zenskar', COLUMN.addressLine1],
    ['address.Postal Code', 'zenskar', COLUMN.zipCode],
    ['address.Country Name', 'zenskar', COLUMN.country],
    ['address.Zip Code', 'zenskar', COLUMN.zipCode],
    ['ship_to_address.Province', 'zenskar', COLUMN.shipToState],
    ['ship_to_address.Address 1', 'zenskar', COLUMN.shipToLine1],
    ['ship_to_address.Country Name', 'zenskar', COLUMN.shipToCountry],
    ['shipToAddress.postcode', 'zenskar', COLUMN.shipToZipCode],
    // The ship-to address's own flat headers hold there, not in the billing address.
    ['ship_to_address.Shipping City', 'zenskar', COLUMN.shipToCity],
    ['address.Shipping City', 'zenskar', undefined],
    // Only the address's columns: an e-mail inside it is no part of it.
    ['address.Email', 'zenskar', undefined],
    ['address.Name', 'zenskar', undefined],
    // DayZero's one-line `address` is Address Line 1 there, so inside an address too.
    ['address.address', 'dayzero', COLUMN.addressLine1],
    ['ship_to_address.address', 'dayzero', COLUMN.shipToLine1],
    ['address.address', 'zenskar', undefined],
  ] as const)('%j for %s is %s', (path, target, column) => {
    expect(matchHeader(path, target)).toBe(column);
  });

  // Generated names come after the template's own, which win a tie: one that another column already has would be
  // lost without a word, so none may.
  it.each(
    (Object.keys(BILLING_ADDRESS) as (keyof typeof BILLING_ADDRESS)[]).flatMap((part) => {
      const column = ALL_COLUMNS.find((c) => c.name === BILLING_ADDRESS[part]);
      return [BILLING_ADDRESS[part], ...(column?.aliases ?? [])]
        .filter((name) => !name.includes('.'))
        .flatMap((name) => [
          [`address.${name}`, BILLING_ADDRESS[part]],
          [`ship_to_address.${name}`, SHIP_TO_ADDRESS[part]],
        ]);
    }),
  )('%j is %s', (path, column) => {
    expect(matchHeader(path)).toBe(column);
  });
});

describe('matchHeader: the usual spellings of an address column', () => {
  it.each([
    ['State/Province', COLUMN.state],
    ['Country Name', COLUMN.country],
  ])('%j is %s', (header, column) => {
    expect(matchHeader(header)).toBe(column);
  });
});

describe("the README's table of header aliases", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('#### Header aliases'), readme.indexOf('#### The checks'));
  /** Column → its aliases as the table lists them. */
  const listed = new Map<string, string[]>();
  for (const [, column = '', aliases = ''] of section.matchAll(/^\| ([^|`]+?) +\| (.+?) +\|$/gm)) {
    if (column !== 'column')
      listed.set(
        column,
        [...aliases.matchAll(/`([^`]+)`/g)].map(([, alias = '']) => alias),
      );
  }

  it.each(
    ALL_COLUMNS.flatMap((column) =>
      [
        ...column.aliases,
        ...Object.values(column.targetAliases ?? {}).flat(),
        ...Object.values(column.targetCentsAliases ?? {}).flat(),
      ]
        .filter((alias) => normalizeHeader(alias) !== normalizeHeader(column.name))
        .map((alias) => [alias, column.name]),
    ),
  )('lists %j for %s', (alias, column) => {
    const aliases = (listed.get(column) ?? []).map(normalizeHeader);
    expect(aliases, `the README's aliases of ${column}`).toContain(normalizeHeader(alias));
  });

  it('lists no alias the template does not have', () => {
    const wrong = [...listed].flatMap(([column, aliases]) =>
      aliases
        .filter((alias) => matchHeader(alias, 'dayzero') !== column)
        .map((alias) => `${alias} (${column})`),
    );
    expect(wrong).toEqual([]);
  });
});
