/**
 * Names a warning lists (CSV headers or JSON keys that match no template column), kept few and short: a file
 * whose data sit in its header or its keys must neither grow memory nor print a warning megabytes long.
 */
import { quoted } from '../customer/text.js';
import { formatCount } from '../util/counts.js';
import { HashRowIndex, hash53 } from '../util/hash-index.js';
import { shortened } from '../util/whole-characters.js';

export const MAX_LISTED_NAMES = 200;
/** A longer name is listed cut short: a JSON key nested hundreds of levels deep is thousands of characters. */
export const MAX_NAME_CHARS = 80;

export interface NameList {
  readonly names: readonly string[];
  /** Distinct names past the first MAX_LISTED_NAMES, which are counted but not listed. */
  readonly more: number;
}

export class CappedNames {
  private readonly listed = new Set<string>();
  /** The names past the cap, as hashes (12 bytes each), so that one recurring in every JSON object counts once. */
  private pastCap: HashRowIndex | undefined;
  private more = 0;

  add(name: string): void {
    const shown = shortened(name, MAX_NAME_CHARS);
    if (this.listed.has(shown)) return;
    if (this.listed.size < MAX_LISTED_NAMES) {
      this.listed.add(shown);
      return;
    }
    this.pastCap ??= new HashRowIndex();
    const hash = hash53(shown);
    if (this.pastCap.get(hash) === undefined) {
      this.pastCap.add(hash, 1);
      this.more += 1;
    }
  }

  get list(): NameList {
    return { names: [...this.listed], more: this.more };
  }
}

/** `"Foo", "Bar<U+200B>" and 1,500 more`, for a warning line: invisible characters shown, or "Bar" and "Bar" look alike. */
export function describeNames({ names, more }: NameList): string {
  const listed = names.map(quoted).join(', ');
  return more > 0 ? `${listed} and ${formatCount(more)} more` : listed;
}
