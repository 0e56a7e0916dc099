/**
 * Country codes: the API wants ISO 3166-1 alpha-2, people write "USA", "United Kingdom" or "Deutschland".
 * i18n-iso-countries owns the country list and its names; this file only decides what to accept, what to
 * derive and what to suggest.
 */
import { createRequire } from 'node:module';
// The library without its Node entry (entry-node.js), which registers all 78 of its languages: only the six
// below are used, and the rest cost start-up (all of them: 60 ms, or 900 KB of the bundle).
import countries, { type LocaleData } from 'i18n-iso-countries/index.js';
import type { Issue } from '../model.js';
import { COLUMN } from '../template.js';
import { asciiForm } from './ascii-form.js';
import { AND_WORDS, bracketParts, countryNameKeys, normalizeCountryName } from './country-name-key.js';
import { misleadingCharacterMessage } from './misleading-characters.js';
import { MISSING_NAMES } from './missing-country-names.js';
import { errorValueLookalikeMessage } from './spreadsheet-cells.js';
import { invisibleCharacterMessage } from './text.js';

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

/**
 * The short forms of a long name that people write for it: the part before a comma ("Moldova, Republic
 * of"), before a closing bracket ("Holy See (Vatican City State)") or before the first "and" ("Bosnia and
 * Herzegovina", "Trinité-et-Tobago").
 */
function shortForms(name: string): string[] {
  const forms: string[] = [];
  const comma = name.indexOf(',');
  if (comma > 0) forms.push(name.slice(0, comma));
  const outside = bracketParts(name)?.[0];
  if (outside) forms.push(outside);
  const words = name.split(/[\s-]+/);
  const and = words.findIndex((word, i) => i > 0 && (word === '&' || AND_WORDS.has(word.toLowerCase())));
  if (and > 0) forms.push(words.slice(0, and).join(' '));
  return forms;
}

/**
 * Short forms → alpha-2, each only where it is sure: one country's name gives it, no country's full name is
 * it, and no other country's name holds it ("Korea, Republic of" would give "Korea", which North Korea holds
 * too, and "Saint-Martin" is the French and the Dutch part alike).
 */
function shortFormIndex(
  names: ReadonlyArray<readonly [code: string, name: string]>,
  full: ReadonlyMap<string, string>,
): Map<string, string> {
  const codesByForm = new Map<string, Set<string>>();
  for (const [code, name] of names) {
    for (const form of shortForms(name)) {
      for (const key of countryNameKeys(form)) {
        if (key === '' || full.has(key)) continue;
        codesByForm.set(key, (codesByForm.get(key) ?? new Set()).add(code));
      }
    }
  }
  const fullNames = [...full];
  const index = new Map<string, string>();
  for (const [key, codes] of codesByForm) {
    const [code] = codes;
    if (codes.size !== 1 || code === undefined) continue;
    const heldElsewhere = fullNames.some(([other, otherCode]) => otherCode !== code && other.includes(key));
    if (!heldElsewhere) index.set(key, code);
  }
  return index;
}

/**
 * Names that name two countries in common use though the library gives them one: German "Kongo" is either
 * Congo, and "Saint-Martin" the island's French part or, to many, the whole island with its Dutch part.
 */
const TWO_COUNTRY_NAMES: Readonly<Record<string, readonly string[]>> = {
  Kongo: ['CG', 'CD'],
  'Saint-Martin': ['MF', 'SX'],
};

/**
 * Every official name and alias of every registered locale → alpha-2, then the names the library lacks, then
 * the short forms of its names; built once, looked up a million times. Each is known by its countryNameKeys, so
 * "Virgin Islands, British" is "British Virgin Islands" and "Virgin Islands (British)" too, and "The Gambia"
 * "Gambia". And the names that stand for more than one country, with the countries: the library's own ("Congo"
 * is Congo in Spanish and the Democratic Republic of the Congo in English) and TWO_COUNTRY_NAMES. No code is
 * derived from one of those, and a Country Code naming either country agrees with it.
 */
const { CODE_BY_NAME, CODES_OF_AMBIGUOUS_NAME } = (() => {
  const names: Array<readonly [string, string]> = [];
  for (const locale of NAME_LOCALES) {
    for (const [code, localeNames] of Object.entries(countries.getNames(locale, { select: 'all' }))) {
      for (const name of localeNames) names.push([code, name]);
    }
  }
  // In the order of `names`, so that a key's first code is the first name's (English wins).
  const codesByKey = new Map<string, Set<string>>();
  for (const [code, name] of names) {
    for (const key of countryNameKeys(name))
      codesByKey.set(key, (codesByKey.get(key) ?? new Set()).add(code));
  }
  const ambiguous = new Map<string, readonly string[]>();
  for (const [key, codes] of codesByKey) if (codes.size > 1) ambiguous.set(key, [...codes]);
  for (const [name, codes] of Object.entries(TWO_COUNTRY_NAMES)) {
    for (const key of countryNameKeys(name)) ambiguous.set(key, codes);
  }
  const index = new Map<string, string>();
  const add = (key: string, code: string): void => {
    if (key !== '' && !index.has(key) && !ambiguous.has(key)) index.set(key, code);
  };
  for (const [key, codes] of codesByKey) if (codes.size === 1) add(key, [...codes][0] as string);
  for (const [code, missing] of Object.entries(MISSING_NAMES)) {
    for (const name of missing) for (const key of countryNameKeys(name)) add(key, code);
  }
  for (const [key, code] of shortFormIndex(names, index)) add(key, code);
  return {
    CODE_BY_NAME: index as ReadonlyMap<string, string>,
    CODES_OF_AMBIGUOUS_NAME: ambiguous as ReadonlyMap<string, readonly string[]>,
  };
})();

/**
 * The key a name is read by: the first of its keys that names a country, or more than one ("Virgin Islands,
 * British" by "British Virgin Islands", "Virgin Islands (U.S.)" as written), or undefined.
 */
function readingKey(name: string): string | undefined {
  return countryNameKeys(name).find((key) => CODE_BY_NAME.has(key) || CODES_OF_AMBIGUOUS_NAME.has(key));
}

/**
 * A name's one country: by its key, or, when no key names one, by both its parts when a second name of the same
 * country is in brackets, as CLDR writes "Myanmar (Burma)" and people "Eswatini (Swaziland)".
 */
function codeOfName(name: string): string | undefined {
  const key = readingKey(name);
  if (key !== undefined) return CODE_BY_NAME.get(key);
  const parts = bracketParts(name);
  if (parts === undefined) return undefined;
  const [outside, inside] = parts.map(codeOfName);
  return outside === inside ? outside : undefined;
}

/** Like NAME_MEMO: the names a file repeats are normalised once. */
const AMBIGUOUS_MEMO = new Map<string, readonly string[] | null>();

/** The countries a name that stands for more than one names ("Congo": CG, CD), or undefined. */
export function countriesOfAmbiguousName(name: string): readonly string[] | undefined {
  const known = AMBIGUOUS_MEMO.get(name);
  if (known !== undefined) return known ?? undefined;
  const key = readingKey(name);
  const codes = key === undefined ? undefined : CODES_OF_AMBIGUOUS_NAME.get(key);
  if (AMBIGUOUS_MEMO.size < NAME_MEMO_LIMIT) AMBIGUOUS_MEMO.set(name, codes ?? null);
  return codes;
}

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
  const code = codeOfName(name);
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
 * "N/A", "n.a.", "N A": what exports write for no value, in either column. Read as Namibia ("NA"), they misfiled
 * customers; in Country, sent as the country's name.
 */
const NOT_APPLICABLE = /^n[\s./\\-]+a\.?$/i;

/**
 * A Country cell's text, or undefined when it holds none. NA is no country here: R's write.csv and many
 * spreadsheets write it for a missing value, far more often than a customer file means Namibia by it; nor is any
 * other way of writing "not applicable" that a Country Code refuses as no value. Each is an empty cell, neither
 * sent nor warned about.
 */
export function countryColumnText(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' || trimmed.toUpperCase() === 'NA' || NOT_APPLICABLE.test(trimmed)
    ? undefined
    : trimmed;
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

  // Typed full-width (ＵＳ), a code is read in ASCII, as a Tax ID's characters are.
  const alpha2 = validAlpha2(asciiForm(givenCode));
  if (alpha2 === undefined) return { issue: codeIssue(notAlpha2Message(givenCode)) };

  if (givenName !== '') {
    const either = countriesOfAmbiguousName(givenName);
    if (either !== undefined && !either.includes(alpha2)) {
      return {
        issue: codeIssue(
          `"${givenCode}" is ${countryName(alpha2)}, but ${nameColumn} says "${givenName}" (${either.join(' or ')})`,
        ),
      };
    }
    const named = either === undefined ? countryCodeFromCountryColumn(givenName) : undefined;
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
  const invisible = invisibleCharacterMessage(value);
  if (invisible !== undefined) return invisible;
  // Before its letters are read as a code: "#N/A" and "#NA" are spreadsheet errors, not Namibia.
  const spreadsheetError = errorValueLookalikeMessage(value);
  if (spreadsheetError !== undefined) return spreadsheetError;
  if (NOT_APPLICABLE.test(value)) {
    return `"${value}" stands for no value, not a country: leave the cell empty if the country is not known`;
  }
  // An alpha-3 code, or a code written with marks around or in it ("<US>", "(US)", "U.S.", "(FRA)").
  const read = asciiForm(value);
  const letters = normalizeCountryName(read);
  const fromCode = alpha2FromAlpha3(read) ?? validAlpha2(letters) ?? alpha2FromAlpha3(letters);
  if (fromCode !== undefined) {
    return `"${value}" is not a two-letter ISO code: did you mean "${fromCode}"?`;
  }
  const fromName = countryCodeFromName(value);
  if (fromName !== undefined) {
    // "UK", "U.K.": short, but no ISO code at all.
    return letters.length <= 3
      ? `"${value}" is not an ISO country code: did you mean "${fromName}"?`
      : `"${value}" is a country name, not a two-letter ISO code: did you mean "${fromName}"?`;
  }
  // Only now: a country's name in its own letters ("Österreich") is suggested its code above.
  return (
    misleadingCharacterMessage(read) ?? `"${value}" is not a two-letter ISO country code (like US, GB or IN)`
  );
}

function codeIssue(message: string): Issue {
  return { code: 'invalid_country_code', message };
}
