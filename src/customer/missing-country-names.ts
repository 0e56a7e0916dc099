/**
 * Names people write for a country that i18n-iso-countries (7.14) has in none of its six languages, nor as a
 * short form of one it has, nor one article or comma away from one (see country-name-key.ts): its names are
 * mostly the formal ones, and a Country column holds the common ones, and the former ones people still write.
 * Where a comment names a field (name.common, name.official, altSpellings) or a language, the name is there in
 * mledoze/countries (the world-countries package, 5.1.0); otherwise it says where the name comes from.
 *
 * Neither that package nor Node's own CLDR names (Intl.DisplayNames, which hold many of the translations below)
 * is loaded for them: each would cost every start more than the project allows (10 ms). world-countries'
 * smallest file is 616 KB of JSON, 16 ms to parse before its names are indexed; Intl.DisplayNames takes about
 * 20 ms to open the six languages and read their 1,500 names.
 *
 * Only names one country holds: not "Korea", "Congo", "Virgin Islands", "Saint Martin", "Timor" (the island
 * Indonesia shares) or "Netherlands Antilles" (three countries since 2010).
 */
export const MISSING_NAMES: Readonly<Record<string, readonly string[]>> = {
  // name.official, which altSpellings also has as ISO lists write it: "Bolivia, Plurinational State of".
  BO: ['Plurinational State of Bolivia'],
  BQ: ['Caribbean Netherlands'], // name.common
  CD: ['DR Congo', 'DRC', 'Democratic Republic of Congo'], // name.common, altSpellings
  CG: ['Republic of Congo'], // the library's "Republic of the Congo" as altSpellings write the other Congo's
  CW: ['Curazao'], // Spanish
  CZ: ['Chequia', 'Tchéquie', 'Cechia'], // Spanish, French, Italian: the short names taken with "Czechia"
  FJ: ['Fiyi'], // Spanish
  // Short for "Great Britain", and the UK's four countries as an address names them (ISO 3166-2:GB).
  GB: ['Britain', 'England', 'Scotland', 'Wales', 'Northern Ireland'],
  GW: ['Guinea-Bisáu'], // Spanish
  IE: ['Republic of Ireland', 'Éire'], // name.official, altSpellings (its name in Irish)
  KG: ['Kyrgyz Republic', 'Kirguizistán'], // name.official (the World Bank's name for it), Spanish
  KN: ['San Cristóbal y Nieves'], // Spanish
  KP: ["Democratic People's Republic of Korea", 'DPRK', 'Corea del Norte'], // name.official, altSpellings, Spanish
  KR: ['Corea del Sur'], // Spanish: the library has only the formal "República de Corea"
  LA: ['Lao PDR'], // the World Bank's name
  // altSpellings "Macedonia" and ISO 3166-1's name until 2019; its own name until then; the UN's abbreviation.
  MK: ['Macedonia', 'The former Yugoslav Republic of Macedonia', 'Republic of Macedonia', 'FYROM'],
  MM: ['Burma', 'Birmanie', 'Birmania', 'Birma'], // altSpellings, French, Italian; German and Dutch for Burma
  MO: ['Macau'], // name.common: the library has "Macao"
  MU: ['Île Maurice'], // French
  NL: ['Holland', 'Hollande', 'Holanda', 'Olanda'], // altSpellings, and in French, Spanish, Italian: a part for all
  PS: ['Palästina', 'Palestinian Territories'], // German; Unicode CLDR's English name
  SA: ['Arabia Saudí', 'Saoedi-Arabië'], // Spanish, Dutch
  SH: ['Saint Helena, Ascension and Tristan da Cunha'], // name.common, and ISO 3166-1's
  SK: ['Slovak Republic'], // name.official, altSpellings
  SR: ['Surinam'], // French, Spanish
  SY: ['Syria'], // name.common: the library has "Syrian Arab Republic"
  SZ: ['Swasiland', 'Suazilandia'], // German, Spanish: its name until 2018 (English and Dutch: the library's)
  TL: ['East Timor', 'Timor Oriental', 'Oost-Timor'], // altSpellings; Spanish and French, Dutch
  TZ: ['Tanzanie'], // French: the library has only "République unie de Tanzanie"
  // French; Italian without the library's "d'America"; Spanish's abbreviation (the RAE's spelling).
  US: ['États-Unis', 'Stati Uniti', 'EE. UU.'],
  // altSpellings, name.common; Italian and Spanish; Spanish, French.
  VA: ['Vatican', 'Vatican City', 'Vaticano', 'Ciudad del Vaticano', 'Cité du Vatican'],
  VC: ['San Vicente y Granadinas'], // Spanish
  VE: ['Bolivarian Republic of Venezuela'], // as BO's
  VI: ['United States Virgin Islands'], // name.common
};
