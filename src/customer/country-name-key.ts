/**
 * When two ways of writing a country are one name: the key a country name is compared by. country.ts indexes the
 * library's names by it and looks a Country cell up by it, so a rule here holds for both sides alike.
 */

/** Letters that Unicode decomposition does not take apart: "Großbritannien" is "Grossbritannien". */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const FOLDED_LETTERS = /[ßæœøłđðþı]/g;

/** "and" in the six languages: "Trinidad & Tobago" is "Trinidad and Tobago", "Trinidad y Tobago", … */
export const AND_WORDS: ReadonlySet<string> = new Set(['and', 'und', 'et', 'y', 'e', 'ed', 'en']);

/** "Republic" in the six languages, or its abbreviation: "Czech Rep." is the Czech Republic. */
const REPUBLIC = /^rep(?:ublic|ublik|ublique|ublica|ubblica|ubliek)?$/;

/**
 * "St" is "Saint" and "Ste" "Sainte": people write "St Vincent and the Grenadines", which the library spells
 * out in English and abbreviates in German ("St. Vincent und die Grenadinen"). Not alone: "(ST)" is São Tomé.
 */
const SAINT: ReadonlyMap<string, string> = new Map([
  ['st', 'saint'],
  ['ste', 'sainte'],
]);

/**
 * A leading article, in the six languages, is no part of the name: "The Bahamas", "La Réunion", "Les
 * Comores", "Die Niederlande", "De Bahama's", "l'Italia". Spanish "El" is not one here: it is the first word
 * of El Salvador in every language, and "Salvador" alone is a Brazilian city. A word alone is never taken for
 * an article: "LA" is Laos, "DE" Germany.
 */
const ARTICLES: ReadonlySet<string> = new Set(
  'the der die das le la les los las il lo gli de het'.split(' '),
);
const ELIDED_ARTICLE = /^l['’][a-z]/;

/**
 * Names compare without case, accents, spaces, punctuation, a leading article or the word "and": "U.S.A." =
 * "usa", "Côte d'Ivoire" = "cotedivoire", "Trinidad & Tobago" = "trinidadtobago", "The Gambia" = "gambia",
 * "St. Lucia" = "saintlucia". Words are split at spaces and hyphens only, so that the letters of "U.A.E." stay
 * one word and its "e" is not taken for Italian "and".
 */
export function normalizeCountryName(name: string): string {
  const words = name
    .toLowerCase()
    .replace(FOLDED_LETTERS, (letter) => LETTER_FOLDS[letter] ?? letter)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[\s\-&]+/);
  let key = '';
  let wordCount = 0;
  // The first word while it may be an article: dropped once another word follows.
  let article = '';
  // The first word without "St" read as "Saint", for a name of that word alone: "(ST)" is São Tomé's code.
  let firstWord = '';
  for (const word of words) {
    let letters = word.replace(/[^a-z0-9]/g, '');
    if (letters === '' || AND_WORDS.has(letters)) continue;
    if (wordCount === 0 && article === '' && ARTICLES.has(letters)) {
      article = letters;
      continue;
    }
    if (wordCount === 0 && ELIDED_ARTICLE.test(word)) letters = letters.slice(1);
    const folded = REPUBLIC.test(letters) ? 'rep' : letters;
    if (wordCount === 0) firstWord = folded;
    key += SAINT.get(folded) ?? folded;
    wordCount++;
  }
  if (wordCount === 0) return article;
  return wordCount === 1 ? firstWord : key;
}

/**
 * A name's part outside and its part inside the brackets that end it: "Myanmar (Burma)" is ["Myanmar", "Burma"].
 * Only one pair, closing the name: "Cocos (Keeling) Islands" has none.
 */
export function bracketParts(name: string): [outside: string, inside: string] | undefined {
  const bracket = /^([^()]+)\(([^()]+)\)$/.exec(name.trim());
  const outside = bracket?.[1]?.trim();
  const inside = bracket?.[2]?.trim();
  return outside && inside ? [outside, inside] : undefined;
}

/** A name's two parts when it may be written back to front: at its one comma, or at the brackets that end it. */
function backToFrontParts(name: string): string[] {
  // Most names have neither: they are read once each, at every start, so this is asked before anything is split.
  if (!name.includes(',') && !name.includes(')')) return [];
  const parts = name.split(',');
  if (parts.length === 2) return parts.map((part) => part.trim());
  return parts.length === 1 ? (bracketParts(name) ?? []) : [];
}

/**
 * Lists write a name back to front after a comma: "Virgin Islands, British", "Iran, Islamic Republic of",
 * "Bahamas, The"; ISO's and the UN's lists as often in brackets: "Virgin Islands (British)", "Iran (Islamic
 * Republic of)". Read front to back, the name is the one people write: "British Virgin Islands". A comma before a
 * list ("Bonaire, Sint Eustatius and Saba") turns nothing round, nor does a second comma; undefined then.
 */
function frontToBack(name: string): string | undefined {
  const [head = '', tail = ''] = backToFrontParts(name);
  if (head === '' || tail === '') return undefined;
  const tailIsList = tail.split(/[\s-]+/).some((word) => word === '&' || AND_WORDS.has(word.toLowerCase()));
  return tailIsList ? undefined : `${tail} ${head}`;
}

/**
 * The keys a country name is known by, the library's and a Country cell's alike, the one it is read by first:
 * "The Gambia", "Gambia" and "Gambia, The" have one key. "Virgin Islands, British" is "British Virgin Islands"
 * first, and its words as written second, since lists write them so too, with brackets or no mark at all:
 * "Virgin Islands (British)", "Virgin Islands British".
 */
export function countryNameKeys(name: string): string[] {
  const asWritten = normalizeCountryName(name);
  const turned = frontToBack(name);
  if (turned === undefined) return [asWritten];
  const frontFirst = normalizeCountryName(turned);
  return frontFirst === asWritten ? [asWritten] : [frontFirst, asWritten];
}
