import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { countryCodeFromName, resolveCountry } from '../../src/customer/country.js';
import { MISSING_NAMES } from '../../src/customer/missing-country-names.js';
import { COLUMN } from '../../src/template.js';

describe('resolveCountry', () => {
  it.each([
    ['US', '', 'US'],
    ['us', '', 'US'],
    ['Gb', 'United Kingdom', 'GB'],
    ['de', 'Deutschland', 'DE'],
    ['IN', 'India', 'IN'],
    ['FR', 'Narnia', 'FR'], // a name the list does not know cannot disagree
  ])('accepts code %j with Country %j as %s', (code, name, expected) => {
    expect(resolveCountry(code, name)).toEqual({ countryCode: expected });
  });

  it.each([
    ['United States', 'US'],
    ['united states of america', 'US'],
    ['USA', 'US'],
    ['U.S.A.', 'US'],
    ['UK', 'GB'],
    ['United Kingdom', 'GB'],
    ['Great Britain', 'GB'],
    ['Deutschland', 'DE'],
    ['Allemagne', 'DE'],
    ['España', 'ES'],
    ['Singapore', 'SG'],
    ['  australia  ', 'AU'],
  ])('derives the code from Country %j when Country Code is empty', (name, expected) => {
    expect(resolveCountry('', name)).toEqual({ countryCode: expected });
  });

  // The languages the README promises, by the library's names, folded, and their usual short forms.
  it.each([
    ['États-Unis', 'US'],
    ['Etats-Unis', 'US'],
    ['etats unis', 'US'],
    ['Stati Uniti', 'US'],
    ['Moldova', 'MD'],
    ['Macau', 'MO'],
    ['Vatican', 'VA'],
    ['Vatican City', 'VA'],
    ['Holy See', 'VA'],
    ['Czech Rep.', 'CZ'],
    ['Rép. tchèque', 'CZ'],
    ['Grossbritannien', 'GB'],
    ['GROSSBRITANNIEN', 'GB'],
    ['Trinidad & Tobago', 'TT'],
    ['Trinidad and Tobago', 'TT'],
    ['Bosnia', 'BA'],
    ['Bosnia & Herzegovina', 'BA'],
    ['Antigua', 'AG'],
    ['Syrien', 'SY'],
  ])('derives the code from the name %j when Country Code is empty', (name, expected) => {
    expect(resolveCountry('', name)).toEqual({ countryCode: expected });
  });

  it.each([
    ['', ''],
    ['', 'Narnia'],
    // Short forms that name more than one country are not guessed at.
    ['', 'Korea'],
    ['', 'Virgin Islands'],
  ])('leaves the code out when code %j and Country %j give none', (code, name) => {
    expect(resolveCountry(code, name)).toEqual({});
  });

  it.each([
    ['USA', '"USA" is not a two-letter ISO code: did you mean "US"?'],
    ['deu', '"deu" is not a two-letter ISO code: did you mean "DE"?'],
    ['IND', '"IND" is not a two-letter ISO code: did you mean "IN"?'],
    ['UK', '"UK" is not an ISO country code: did you mean "GB"?'],
    ['Germany', '"Germany" is a country name, not a two-letter ISO code: did you mean "DE"?'],
    ['United States', '"United States" is a country name, not a two-letter ISO code: did you mean "US"?'],
    // A code written with marks around or in it is a code, not a name.
    ['<US>', '"<US>" is not a two-letter ISO code: did you mean "US"?'],
    ['(US)', '"(US)" is not a two-letter ISO code: did you mean "US"?'],
    ['U.S.', '"U.S." is not a two-letter ISO code: did you mean "US"?'],
    ['(USA)', '"(USA)" is not a two-letter ISO code: did you mean "US"?'],
    ['<de>', '"<de>" is not a two-letter ISO code: did you mean "DE"?'],
    ['U.K.', '"U.K." is not an ISO country code: did you mean "GB"?'],
    // Letters that in a name would be "Saint" or an article are a code here.
    ['(ST)', '"(ST)" is not a two-letter ISO code: did you mean "ST"?'],
    ['(LA)', '"(LA)" is not a two-letter ISO code: did you mean "LA"?'],
    ['XX', '"XX" is not a two-letter ISO country code (like US, GB or IN)'],
    ['12', '"12" is not a two-letter ISO country code (like US, GB or IN)'],
    ['Atlantis', '"Atlantis" is not a two-letter ISO country code (like US, GB or IN)'],
  ])('rejects code %j with a suggestion where one is obvious', (code, message) => {
    expect(resolveCountry(code, '')).toEqual({ issue: { code: 'invalid_country_code', message } });
  });

  it('rejects a code and a name that disagree, naming both', () => {
    expect(resolveCountry('DE', 'France')).toEqual({
      issue: { code: 'invalid_country_code', message: '"DE" is Germany, but Country says "France" (FR)' },
    });
  });

  it.each([
    ['GB', 'US', '"GB" is United Kingdom, but Country says "US" (US)'],
    ['DE', 'GBR', '"DE" is Germany, but Country says "GBR" (GB)'],
    ['US', 'FRA', '"US" is United States of America, but Country says "FRA" (FR)'],
    ['FR', 'DE', '"FR" is France, but Country says "DE" (DE)'],
    ['fr', 'deu', '"fr" is France, but Country says "deu" (DE)'],
  ])('rejects code %j when Country holds the ISO code %j of another country', (code, name, message) => {
    expect(resolveCountry(code, name)).toEqual({ issue: { code: 'invalid_country_code', message } });
  });

  it.each([
    ['DE', 'DE'],
    ['GBR', 'GB'],
    ['fra', 'FR'],
    [' in ', 'IN'],
  ])(
    'derives the code from an ISO code %j written in Country when Country Code is empty',
    (name, expected) => {
      expect(resolveCountry('', name)).toEqual({ countryCode: expected });
    },
  );

  it.each([
    ['DE', 'DEU'],
    ['gb', 'GB'],
  ])('accepts code %j with the same country as an ISO code %j in Country', (code, name) => {
    expect(resolveCountry(code, name)).toEqual({ countryCode: code.toUpperCase() });
  });

  // R's write.csv and many spreadsheets write NA for a missing value; Namibia is far rarer in a customer file.
  it.each([
    ['', 'NA', {}],
    ['', 'n/a', {}],
    ['US', 'NA', { countryCode: 'US' }],
  ])('reads Country %j as no country, not Namibia (code %j)', (code, name, expected) => {
    expect(resolveCountry(code, name)).toEqual(expected);
  });

  it('names the ship-to country column when that is the one that disagrees', () => {
    expect(resolveCountry('AU', 'New Zealand', COLUMN.shipToCountry).issue?.message).toBe(
      '"AU" is Australia, but Ship To Country says "New Zealand" (NZ)',
    );
  });
});

describe('a name that stands for two countries', () => {
  it.each([
    ['CD', 'Congo'],
    ['CG', 'Congo'],
    ['CG', 'Kongo'],
    ['CD', 'Kongo'],
    ['SX', 'Saint-Martin'],
    ['MF', 'Saint-Martin'],
  ])('agrees with a Country Code of either (%s, Country %j)', (code, name) => {
    expect(resolveCountry(code, name)).toEqual({ countryCode: code });
  });

  it.each(['Congo', 'Kongo', 'Saint-Martin'])('derives no code from %j', (name) => {
    expect(resolveCountry('', name)).toEqual({});
  });

  // An article, a comma or "St." makes no other name of them.
  it.each([
    ['Kongo', 'CG or CD'],
    ['The Congo', 'CG or CD'],
    ['Congo, The', 'CG or CD'],
    ['St. Martin', 'MF or SX'],
  ])('disagrees with a Country Code of neither, naming both (Country %j)', (name, both) => {
    expect(resolveCountry('FR', name).issue?.message).toBe(
      `"FR" is France, but Country says "${name}" (${both})`,
    );
  });
});

describe('the names people write for a country', () => {
  // The QA file's names, and the common and former names the library lacks (missing-country-names.ts).
  it.each([
    ['Syria', 'SY'],
    ['Republic of Ireland', 'IE'],
    ['Éire', 'IE'],
    ['Slovak Republic', 'SK'],
    ['Corea del Sur', 'KR'],
    ['Corea del Norte', 'KP'],
    ['Burma', 'MM'],
    ['Birmanie', 'MM'],
    ['Macedonia', 'MK'],
    ['Republic of Macedonia', 'MK'],
    ['East Timor', 'TL'],
    ['Timor Oriental', 'TL'],
    ['Holland', 'NL'],
    ['England', 'GB'],
    ['Scotland', 'GB'],
    ['DR Congo', 'CD'],
    ['DRC', 'CD'],
    ['Republic of Congo', 'CG'],
    ['Chequia', 'CZ'],
    ['Tchéquie', 'CZ'],
    ['EE. UU.', 'US'],
    ['Lao PDR', 'LA'],
    ['Kyrgyz Republic', 'KG'],
    ['Palestinian Territories', 'PS'],
    ['Arabia Saudí', 'SA'],
  ])('derives the code from %j as %s', (name, expected) => {
    expect(resolveCountry('', name)).toEqual({ countryCode: expected });
  });

  it.each(
    Object.entries(MISSING_NAMES).flatMap(([code, names]) => names.map((name) => [name, code] as const)),
  )('%j, listed as a name the library lacks, derives %s (no other name hides it)', (name, expected) => {
    expect(countryCodeFromName(name)).toBe(expected);
  });

  it.each([
    // A leading article, in any of the six languages.
    ['The Bahamas', 'BS'],
    ['the Philippines', 'PH'],
    ['La Réunion', 'RE'],
    ['Les Comores', 'KM'],
    ['Die Niederlande', 'NL'],
    ['De Bahama’s', 'BS'],
    ["l'Italia", 'IT'],
    ['Los Estados Unidos', 'US'],
    // A name written back to front after a comma, read front to back, and the other way round.
    ['British Virgin Islands', 'VG'],
    ['Iran, Islamic Republic of', 'IR'],
    ['Korea, South', 'KR'],
    ['Bahamas, The', 'BS'],
    ['Congo, Democratic Republic of the', 'CD'],
    ['Tanzania, United Republic of', 'TZ'],
    ['Federated States of Micronesia', 'FM'],
    ['Republic of Moldova', 'MD'],
    ['Bolivia, Plurinational State of', 'BO'],
    // "St" for "Saint".
    ['St Pierre and Miquelon', 'PM'],
    ['St. Vincent and the Grenadines', 'VC'],
    ['St. Barthélemy', 'BL'],
  ])('reads %j as %s', (name, expected) => {
    expect(countryCodeFromName(name)).toBe(expected);
  });

  it.each([
    // ISO's and the UN's lists: the part people write first, in brackets after the rest.
    ['Virgin Islands (British)', 'VG'],
    ['Virgin Islands (U.S.)', 'VI'],
    ['Micronesia (Federated States of)', 'FM'],
    ['Taiwan (Province of China)', 'TW'],
    ['Iran (Islamic Republic of)', 'IR'],
    ['Bolivia (Plurinational State of)', 'BO'],
    ['Venezuela (Bolivarian Republic of)', 'VE'],
    ['Korea (Republic of)', 'KR'],
    ["Korea (Democratic People's Republic of)", 'KP'],
    ['Korea (South)', 'KR'],
    ['Congo (Democratic Republic of the)', 'CD'],
    ['Tanzania (United Republic of)', 'TZ'],
    // A name as the library writes it, its comma and brackets left out.
    ['Virgin Islands British', 'VG'],
    ['Korea Republic of', 'KR'],
    // Another name of the same country in brackets, as CLDR writes Myanmar's.
    ['Myanmar (Burma)', 'MM'],
    ['Eswatini (Swaziland)', 'SZ'],
    ['Falkland Islands (Islas Malvinas)', 'FK'],
  ])('reads %j, a name with a part in brackets or after it, as %s', (name, expected) => {
    expect(countryCodeFromName(name)).toBe(expected);
  });

  // A name two countries could hold derives neither; nor does a country that is now several, or a word
  // that is only an article to a name's other words.
  it.each([
    'Korea',
    'The Korea',
    'Congo',
    'The Congo',
    'Virgin Islands',
    'Virgin Islands, The',
    'Saint Martin',
    'St Martin',
    'Timor',
    'Netherlands Antilles',
    'Czechoslovakia',
    'Yugoslavia',
    'Soviet Union',
    'Salvador',
    'Georgia, USA',
    'Georgia (USA)',
    'Virgin Islands (The)',
    'Congo (The)',
  ])('derives no code from %j', (name) => {
    expect(resolveCountry('', name)).toEqual({});
  });

  it.each([
    ['LA', 'LA'],
    ['De', 'DE'],
    ['El Salvador', 'SV'],
  ])('keeps a word that only looks like an article: %j is %s', (name, expected) => {
    expect(resolveCountry('', name)).toEqual({ countryCode: expected });
  });
});

/**
 * Every name of the library's six languages written "X, Y" or "X (Y)", with its other ways of writing it:
 * [the way, the library's name].
 */
function libraryNamesWrittenOtherwise(): Array<[string, string]> {
  const require = createRequire(import.meta.url);
  const rows: Array<[string, string]> = [];
  for (const locale of ['en', 'de', 'fr', 'es', 'it', 'nl']) {
    const { countries } = require(`i18n-iso-countries/langs/${locale}.json`) as {
      countries: Record<string, string | string[]>;
    };
    for (const name of Object.values(countries).flat()) {
      const parts = /^([^,()]+), ([^,()]+)$/.exec(name) ?? /^([^,()]+) \(([^,()]+)\)$/.exec(name);
      if (parts === null) continue;
      const [, head, tail] = parts;
      for (const way of [`${head}, ${tail}`, `${head} (${tail})`, `${head} ${tail}`]) {
        if (way !== name) rows.push([way, name]);
      }
    }
  }
  return rows;
}

describe('a library name written with a comma, in brackets or with neither', () => {
  it.each(libraryNamesWrittenOtherwise())("%j derives what the library's %j does", (way, name) => {
    expect(countryCodeFromName(way)).toBe(countryCodeFromName(name));
  });
});

describe('a Country Code that stands for no value', () => {
  it.each(['N/A', 'n/a', 'N.A.', 'n.a.', 'N A', 'n-a'])('%j is no value, not Namibia', (code) => {
    expect(resolveCountry(code, '').issue?.message).toBe(
      `"${code}" stands for no value, not a country: leave the cell empty if the country is not known`,
    );
  });

  it.each([
    ['#N/A', 'is a spreadsheet error'],
    ['#n/a', 'is a spreadsheet error'],
    ['#NA', 'looks like the spreadsheet error #N/A'],
  ])('%j is told as a spreadsheet error, not suggested as NA (Namibia)', (code, what) => {
    expect(resolveCountry(code, '').issue?.message).toBe(
      `"${code}" ${what} (a formula that failed), not a value: correct the formula or empty the cell`,
    );
  });

  it('NA itself is Namibia in the code column', () => {
    expect(resolveCountry('NA', '')).toEqual({ countryCode: 'NA' });
  });
});

describe('countryCodeFromName', () => {
  it.each([
    ['Côte d’Ivoire', 'CI'],
    ['cote divoire', 'CI'],
    ['Nederland', 'NL'],
    ['Großbritannien', 'GB'],
    ['U.A.E.', 'AE'],
    ['Trinité & Tobago', 'TT'],
  ])('ignores case, accents, punctuation and "and": %j → %s', (name, expected) => {
    expect(countryCodeFromName(name)).toBe(expected);
  });
});
