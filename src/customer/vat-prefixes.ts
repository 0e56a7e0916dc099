/**
 * VAT numbers by their two-letter prefix: which prefixes make up the EU jurisdiction's VAT area (the list jsvat
 * checks against), and whose number a prefix says it is, so that a number under the wrong jurisdiction is told
 * where it belongs rather than blamed for digits that are right for its own country.
 */
import { type Country, countries as jsvatCountries } from 'jsvat';
import { countryName } from './country.js';

/** The 27 EU member states, by the ISO code jsvat files them under (Greece: GR; its VAT prefix EL is added below). */
const EU_MEMBERS: ReadonlySet<string> = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' '),
);

/**
 * The VAT area of the EU jurisdiction: the member states plus the "EU" prefix of the non-Union OSS scheme.
 * jsvat also knows non-members (GB, NO, CH, …), which the EU jurisdiction must not accept.
 */
export const EU_VAT_COUNTRIES: readonly Country[] = jsvatCountries.filter(
  (c) => EU_MEMBERS.has(c.codes[0] as string) || c.codes[0] === 'EU',
);
if (EU_VAT_COUNTRIES.length !== EU_MEMBERS.size + 1)
  throw new Error('jsvat no longer knows every EU member state');

// Greece's ISO code is GR but its VAT prefix is EL: both stand for an EU member.
export const EU_MEMBER_CODES: ReadonlySet<string> = new Set([...EU_MEMBERS, 'EL']);

const twoLetterCodes = (c: Country): string[] =>
  [...c.codes, ...(c.codes[0] === 'GR' ? ['EL'] : [])].filter((code) => /^[A-Z]{2}$/.test(code));

/**
 * Each EU VAT prefix → the one-country list to hand jsvat. checkVAT tries its list in order, copying arrays
 * for every country it passes over; a list of one gives the same answer at a fraction of the cost.
 */
const EU_VAT_COUNTRY_BY_PREFIX: ReadonlyMap<string, Country[]> = new Map(
  EU_VAT_COUNTRIES.flatMap((c) => twoLetterCodes(c).map((code) => [code, [c]] as const)),
);

/** The countries jsvat needs to look at for this number (compact form): its prefix's own, or all of them. */
export function euCountriesFor(compact: string): Country[] {
  return EU_VAT_COUNTRY_BY_PREFIX.get(compact.slice(0, 2)) ?? (EU_VAT_COUNTRIES as Country[]);
}

/** Northern Ireland's traders have UK VAT numbers with their own prefix, which jsvat does not know. */
export const NORTHERN_IRELAND_PREFIX = 'XI';

/** The VAT prefixes of countries outside the EU that jsvat knows, and Northern Ireland's. */
const NON_EU_PREFIXES: ReadonlySet<string> = new Set([
  ...jsvatCountries.filter((c) => !EU_VAT_COUNTRIES.includes(c)).flatMap(twoLetterCodes),
  NORTHERN_IRELAND_PREFIX,
]);

/** Whose VAT number a prefix announces: "Germany", and whether the EU jurisdiction takes it. */
export interface VatPrefixOwner {
  prefix: string;
  owner: string;
  inEu: boolean;
}

/** The owner of the two letters a compact number starts with, when they are a VAT prefix; undefined otherwise. */
export function vatPrefixOwner(compact: string): VatPrefixOwner | undefined {
  const prefix = compact.slice(0, 2);
  if (prefix === 'EU') return { prefix, owner: 'the EU scheme for sellers from outside the EU', inEu: true };
  if (prefix === NORTHERN_IRELAND_PREFIX) return { prefix, owner: 'Northern Ireland, UK', inEu: false };
  if (EU_VAT_COUNTRY_BY_PREFIX.has(prefix)) {
    return { prefix, owner: countryName(prefix === 'EL' ? 'GR' : prefix), inEu: true };
  }
  return NON_EU_PREFIXES.has(prefix) ? { prefix, owner: countryName(prefix), inEu: false } : undefined;
}
