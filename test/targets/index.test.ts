import { describe, expect, it } from 'vitest';
import { TARGET_NAMES, type TargetName } from '../../src/model.js';
import { getTarget, TARGETS } from '../../src/targets/index.js';
import { ALL_COLUMNS, BASE_COLUMNS, templateColumns } from '../../src/template.js';

describe('getTarget', () => {
  it.each(TARGET_NAMES)('returns the %s adapter under its own name', (name) => {
    expect(getTarget(name).name).toBe(name);
    expect(TARGETS[name]).toBe(getTarget(name));
  });

  it.each([
    ['zenskar', 'Zenskar', 'https://api.zenskar.com', ['apiKey', 'organisation']],
    ['dayzero', 'DayZero', 'https://api.ondayzero.com', ['apiKey', 'businessId']],
    ['ambiosys', 'AmbioSys', undefined, ['apiKey']],
  ] as const)('%s is labelled %s, based at %s, and needs %j', (name, label, baseUrl, credentials) => {
    const target = getTarget(name);
    expect({ label: target.label, baseUrl: target.defaultBaseUrl }).toEqual({ label, baseUrl });
    expect(Object.keys(target.credentialHelp).sort()).toEqual([...credentials].sort());
  });
});

describe('taxIds: how each target takes tax numbers', () => {
  it.each<[TargetName, string]>([
    ['zenskar', 'by-jurisdiction'],
    ['dayzero', 'one-free-text'],
    ['ambiosys', 'one-free-text'],
  ])('%s takes them %s', (name, shape) => {
    expect(getTarget(name).taxIds).toBe(shape);
  });

  // A target with one tax id keeps the first pair only (schema.ts), so the other pairs' columns must be the ones
  // warned about as not imported.
  it.each(TARGET_NAMES)('%s uses the second pair exactly when it takes every pair', (name) => {
    const target = getTarget(name);
    expect(target.usesColumn('Tax ID 2')).toBe(target.taxIds === 'by-jurisdiction');
    expect(target.usesColumn('Tax ID')).toBe(true);
  });
});

// The keys a message may send the user to look for, or edit, in the platform: those its create sends.
describe('storesKeys: the keys each platform keeps on its customers', () => {
  it.each<[TargetName, string[]]>([
    ['zenskar', ['email', 'external_id']],
    ['dayzero', ['email']],
    ['ambiosys', []],
  ])('%s keeps %j', (name, keys) => {
    expect(getTarget(name).storesKeys).toEqual(keys);
  });

  it.each(TARGET_NAMES)('%s looks customers up only by keys it keeps', (name) => {
    const target = getTarget(name);
    expect(target.lookup?.keys.filter((k) => !target.storesKeys.includes(k)) ?? []).toEqual([]);
  });
});

describe('usesColumn: the columns each target sends', () => {
  it.each<[TargetName, string, boolean]>([
    ['zenskar', 'Name', true],
    ['zenskar', 'Ship To City', true],
    ['zenskar', 'Tax ID 3', true],
    ['zenskar', 'Tax Jurisdiction 9', true],
    ['zenskar', 'Custom Data', true],
    ['zenskar', 'Website', false],
    ['zenskar', 'Legal Name', false],
    ['zenskar', 'Not A Column', false],
    ['dayzero', 'Name', true],
    ['dayzero', 'Email', true],
    ['dayzero', 'Phone', true],
    ['dayzero', 'Address Line 3', true],
    ['dayzero', 'Zip Code', true],
    ['dayzero', 'Country Code', true],
    ['dayzero', 'Tax Jurisdiction', true],
    ['dayzero', 'Tax ID', true],
    ['dayzero', 'Tax ID 2', false],
    ['dayzero', 'Customer ID', false],
    ['dayzero', 'Ship To City', false],
    ['dayzero', 'Custom Data', false],
    ['dayzero', 'Auto Charge', false],
    ['dayzero', 'Payment Term ID', true],
    ['dayzero', 'Legal Name', false],
    ['ambiosys', 'Name', true],
    ['ambiosys', 'Legal Name', true],
    ['ambiosys', 'Contact Origin', true],
    ['ambiosys', 'Tax ID', true],
    ['ambiosys', 'Tax ID 2', false],
    ['ambiosys', 'Email', false],
    ['ambiosys', 'City', false],
    ['ambiosys', 'Website', false],
  ])('%s uses "%s": %s', (name, column, expected) => {
    expect(getTarget(name).usesColumn(column)).toBe(expected);
  });

  it.each(TARGET_NAMES)('%s uses every extra column the template adds for it', (name) => {
    const extras = templateColumns(name).filter((c) => !BASE_COLUMNS.includes(c));
    expect(extras.filter((c) => !getTarget(name).usesColumn(c.name))).toEqual([]);
  });

  it.each(TARGET_NAMES)('%s uses no extra column meant for another target', (name) => {
    const foreign = ALL_COLUMNS.filter((c) => c.targets !== undefined && !c.targets.includes(name));
    expect(foreign.filter((c) => getTarget(name).usesColumn(c.name)).map((c) => c.name)).toEqual([]);
  });
});
