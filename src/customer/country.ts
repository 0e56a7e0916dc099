/**
 * Country codes: the API wants ISO 3166-1 alpha-2, people write "USA", "United Kingdom" or "Deutschland".
 * i18n-iso-countries owns the country list and its names; this file only decides what to accept, what to
 * derive and what to suggest.
 */
import { createRequire } from 'node:module';
import countries, { type LocaleData } from 'i18n-iso-countries';
import type { Issue } from '../model.js';
import { COLUMN } from '../template.js';

// createRequire rather than `import … with { type: 'json' }`: it loads the same way under tsc (NodeNext),
// Node 20 and vitest, and keeps the locale files out of the type checker.
const require = createRequire(import.meta.url);

/**
 * English first (it wins when two languages spell a name the same way), then the languages of the
 * jurisdictions the template knows, so "Deutschland", "Allemagne" or "España" are recognised too.
 */
const NAME_LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl'] as const;
for (const locale of NAME_LOCALES) {
  countries.registerLocale(require(`i18n-iso-countries/langs/${locale}.json`) as LocaleData);
}

/** Names compare without case, accents, spaces or punctuation: "U.S.A." = "usa", "Côte d'Ivoire" = "cotedivoire". */
export function normalizeCountryName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Every official name and alias of every registered locale → alpha-2; built once, looked up a million times. */
const CODE_BY_NAME: ReadonlyMap<string, string> = (() => {
  const index = new Map<string, string>();
  for (const locale of NAME_LOCALES) {
    for (const [code, names] of Object.entries(countries.getNames(locale, { select: 'all' }))) {
      for (const name of names) {
        const key = normalizeCountryName(name);
        if (key !== '' && !index.has(key)) index.set(key, code);
      }
    }
  }
  return index;
})();

/**
 * Files repeat the same few country spellings a million times; remembering them skips the Unicode
 * normalisation. Bounded, so a file of random text cannot grow it: past the limit it simply stops learning.
 */
const NAME_MEMO = new Map<string, string | null>();
const NAME_MEMO_LIMIT = 2048;

/** The alpha-2 code a country name (in any registered language, or a common alias) stands for. */
export function countryCodeFromName(name: string): string | undefined {
  const known = NAME_MEMO.get(name);
  if (known !== undefined) return known ?? undefined;
  const code = CODE_BY_NAME.get(normalizeCountryName(name));
  if (NAME_MEMO.size < NAME_MEMO_LIMIT) NAME_MEMO.set(name, code ?? null);
  return code;
}

const ALPHA2_CODES: ReadonlySet<string> = new Set(Object.keys(countries.getAlpha2Codes()));

/** The alpha-2 code when `code` is a valid alpha-2 code in any case. */
export function validAlpha2(code: string): string | undefined {
  if (code.length !== 2) return undefined;
  const upper = code.toUpperCase();
  return ALPHA2_CODES.has(upper) ? upper : undefined;
}

/** The alpha-2 code of an alpha-3 code in any case: "usa" → "US". */
export function alpha2FromAlpha3(code: string): string | undefined {
  const upper = code.toUpperCase();
  return /^[A-Z]{3}$/.test(upper) ? countries.alpha3ToAlpha2(upper) : undefined;
}

/** Whatever a user wrote for a country (alpha-2, alpha-3 or a name) → its alpha-2 code. */
export function countryCodeFromAnything(value: string): string | undefined {
  const trimmed = value.trim();
  return validAlpha2(trimmed) ?? alpha2FromAlpha3(trimmed) ?? countryCodeFromName(trimmed);
}

/**
 * A Country cell's text, or undefined when it holds none. NA is no country here: R's write.csv and many
 * spreadsheets write it for a missing value, far more often than a customer file means Namibia by it; so it
 * is an empty cell, neither sent nor warned about.
 */
export function countryColumnText(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' || trimmed.toUpperCase() === 'NA' ? undefined : trimmed;
}

/**
 * What a Country column names: a country name, or the ISO code people write there as often (GBR, DE). Names
 * come first, since that is what the column is for.
 */
export function countryCodeFromCountryColumn(value: string): string | undefined {
  const trimmed = countryColumnText(value);
  if (trimmed === undefined) return undefined;
  return countryCodeFromName(trimmed) ?? validAlpha2(trimmed) ?? alpha2FromAlpha3(trimmed);
}

/** The English short name, for messages: "DE" → "Germany". */
export function countryName(alpha2: string): string {
  return countries.getName(alpha2, 'en') ?? alpha2;
}

/**
 * Reads one address's Country Code column, with its Country column as a fallback and a cross-check.
 * `issue` has no `field`: the caller knows which of the two addresses it was.
 */
export function resolveCountry(
  code: string,
  name: string,
  /** The name column, for the message when the two disagree. */
  nameColumn: string = COLUMN.country,
): { countryCode?: string; issue?: Issue } {
  const givenCode = code.trim();
  const givenName = name.trim();
  if (givenCode === '') {
    // A country the list does not know stays as free text: the address is still worth sending.
    const derived = givenName === '' ? undefined : countryCodeFromCountryColumn(givenName);
    return derived === undefined ? {} : { countryCode: derived };
  }

  const alpha2 = validAlpha2(givenCode);
  if (alpha2 === undefined) return { issue: codeIssue(notAlpha2Message(givenCode)) };

  if (givenName !== '') {
    const named = countryCodeFromCountryColumn(givenName);
    if (named !== undefined && named !== alpha2) {
      return {
        issue: codeIssue(
          `"${givenCode}" is ${countryName(alpha2)}, but ${nameColumn} says "${givenName}" (${named})`,
        ),
      };
    }
  }
  return { countryCode: alpha2 };
}

function notAlpha2Message(value: string): string {
  const fromAlpha3 = alpha2FromAlpha3(value);
  if (fromAlpha3 !== undefined) {
    return `"${value}" is not a two-letter ISO code; did you mean "${fromAlpha3}"?`;
  }
  const fromName = countryCodeFromName(value);
  if (fromName !== undefined) {
    return value.length <= 3
      ? `"${value}" is not an ISO country code; did you mean "${fromName}"?`
      : `"${value}" is a country name, not a two-letter ISO code; did you mean "${fromName}"?`;
  }
  return `"${value}" is not a two-letter ISO country code (like US, GB or IN)`;
}

function codeIssue(message: string): Issue {
  return { code: 'invalid_country_code', message };
}
