/**
 * Keys given twice in one JSON object ({"Name":"A","Name":"B"}). JSON.parse and @streamparser/json keep the
 * last value without a word; zcust keeps the first, as it does for two keys that mean one column (`Email`
 * and `email`), and says which key it ignored. This watches the token stream on its way to the token parser:
 * a key its object already has is handed on as DUPLICATE_KEY, a symbol, so that the first value stays where
 * it is and the second lands under a key that takeDuplicates() then removes.
 */
import { type ParsedTokenInfo, TokenType } from '@streamparser/json';

/** Where the value of a key given again is put, out of sight of Object.entries, JSON.stringify and the rest. */
const DUPLICATE_KEY: unique symbol = Symbol('a key given again in its object');

/** A key path: object keys and array indexes from the document's root. */
export type KeyPath = Array<string | number>;

/** What a frame's `at` holds while the value of a key given again is read (never a real key: keys are strings). */
const DUPLICATE_KEY_MARK = -1;

interface Frame {
  /** The keys seen so far, for an object; undefined for an array. */
  keys: Set<string> | undefined;
  /** The key (object) or index (array) of the member being read. */
  at: string | number;
  /** An object's next string token is a key. */
  expectsKey: boolean;
  /** Inside the value of a key given again: nothing of it is kept, so its own keys need no note. */
  ignored: boolean;
}

export class DuplicateKeyWatch {
  private readonly frames: Frame[] = [];
  /** The innermost open object or array (every token looks at it). */
  private top: Frame | undefined;
  private found: KeyPath[] = [];

  /** The token to hand the token parser in place of `info`. */
  token(info: ParsedTokenInfo): ParsedTokenInfo {
    const top = this.top;
    switch (info.token) {
      case TokenType.LEFT_BRACE:
      case TokenType.LEFT_BRACKET: {
        const ignored = top !== undefined && (top.ignored || top.at === DUPLICATE_KEY_MARK);
        const object = info.token === TokenType.LEFT_BRACE;
        this.top = { keys: object ? new Set() : undefined, at: 0, expectsKey: object, ignored };
        this.frames.push(this.top);
        return info;
      }
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET:
        this.frames.pop();
        this.top = this.frames.at(-1);
        return info;
      case TokenType.COMMA:
        if (top?.keys) top.expectsKey = true;
        else if (top) top.at = (top.at as number) + 1;
        return info;
      case TokenType.STRING:
        if (top?.keys && top.expectsKey) return this.key(top, top.keys, info);
        return info;
      default:
        return info;
    }
  }

  private key(frame: Frame, keys: Set<string>, info: ParsedTokenInfo): ParsedTokenInfo {
    frame.expectsKey = false;
    const key = info.value as string;
    if (!keys.has(key)) {
      keys.add(key);
      frame.at = key;
      return info;
    }
    frame.at = DUPLICATE_KEY_MARK;
    if (!frame.ignored) this.found.push([...this.frames.slice(0, -1).map((f) => f.at), key]);
    // The token parser only ever uses a key to index its object (and, stringified, to match paths).
    return { ...info, value: DUPLICATE_KEY as unknown as string };
  }

  /**
   * The key paths given again since the last call that lie inside `value`, found at `depth` (1 for the elements
   * of a top-level array): relative to `value`. Their second values are taken out of `value`.
   */
  takeDuplicates(value: unknown, depth: number): KeyPath[] {
    const found = this.found;
    this.found = [];
    return found.map((path) => {
      const inside = path.slice(depth);
      const parent = inside.slice(0, -1).reduce<unknown>(member, value);
      if (typeof parent === 'object' && parent !== null)
        delete (parent as Record<symbol, unknown>)[DUPLICATE_KEY];
      return inside;
    });
  }
}

const member = (container: unknown, segment: string | number): unknown =>
  typeof container === 'object' && container !== null
    ? (container as Record<string | number, unknown>)[segment]
    : undefined;

/** A key path as messages write it: `address.city`, `tax_info[0].tax_id`. */
export function formatKeyPath(path: KeyPath): string {
  return path
    .map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
    .join('');
}
