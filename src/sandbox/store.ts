/**
 * In-memory customers with the indexes the platforms' lookups need: by e-mail and by external id, both exact,
 * as the platforms document their `email` and `external_id` filters (their `__ilike` filters are the ones that
 * ignore case). The e-mails are kept lower-cased as well, for the create's uniqueness check, which the documents
 * do not say ignores case or not: the sandbox takes the stricter reading, so that a trial run meets the
 * refusal a platform may make. Lists are newest first, like both platforms' defaults, and paged with a keyset
 * cursor (the sequence number of the last customer returned, or of the first for the page before), so customers
 * created while a client walks the pages neither repeat nor shift the walk.
 */
export interface Entry<T> {
  seq: number;
  value: T;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page; undefined on the last page. */
  next: string | undefined;
  /** Opaque cursor for the page before (newer customers); undefined on the first page. */
  previous: string | undefined;
}

export class CustomerStore<T> {
  /** In creation order; seq is the position + 1 because nothing is ever deleted. */
  private entries: Entry<T>[] = [];
  private byEmail = new Map<string, Entry<T>[]>();
  /** Lower-cased e-mail → the spelling of the first customer that had it, for the duplicate's message. */
  private emailsAnyCase = new Map<string, string>();
  private byExternalId = new Map<string, Entry<T>[]>();
  /** For GET of one customer and Zenskar's `id` filters, which scanned every customer. */
  private byId = new Map<string, Entry<T>[]>();

  get size(): number {
    return this.entries.length;
  }

  add(value: T, keys: { id?: string; email?: string | null; externalId?: string | null } = {}): void {
    const entry = { seq: this.entries.length + 1, value };
    this.entries.push(entry);
    if (keys.id) pushTo(this.byId, keys.id, entry);
    if (keys.email) {
      pushTo(this.byEmail, keys.email, entry);
      const anyCase = keys.email.toLowerCase();
      if (!this.emailsAnyCase.has(anyCase)) this.emailsAnyCase.set(anyCase, keys.email);
    }
    if (keys.externalId) pushTo(this.byExternalId, keys.externalId, entry);
  }

  /** The e-mail as a customer that has it in any case holds it, or undefined when none has. */
  emailAnyCase(email: string): string | undefined {
    return this.emailsAnyCase.get(email.toLowerCase());
  }

  all(): readonly Entry<T>[] {
    return this.entries;
  }

  withEmails(emails: readonly string[]): Entry<T>[] {
    return gather(this.byEmail, emails);
  }

  withExternalIds(externalIds: readonly string[]): Entry<T>[] {
    return gather(this.byExternalId, externalIds);
  }

  withIds(ids: readonly string[]): Entry<T>[] {
    return gather(this.byId, ids);
  }

  values(): T[] {
    return this.entries.map((entry) => entry.value);
  }

  clear(): void {
    this.entries = [];
    this.byEmail = new Map();
    this.emailsAnyCase = new Map();
    this.byExternalId = new Map();
    this.byId = new Map();
  }
}

/** Entries present in every list (filters combine with AND), in creation order. */
export function intersect<T>(lists: readonly (readonly Entry<T>[])[]): readonly Entry<T>[] {
  const [first, ...rest] = lists;
  if (first === undefined) return [];
  const keep = rest.map((list) => new Set(list.map((entry) => entry.seq)));
  return first.filter((entry) => keep.every((seqs) => seqs.has(entry.seq)));
}

/**
 * One page, newest first, of `entries` (in creation order). `cursor` is a value from an earlier page's
 * `next` or `previous`; an unreadable cursor throws InvalidCursorError.
 */
export function pageNewestFirst<T>(entries: readonly Entry<T>[], limit: number, cursor?: string): Page<T> {
  let start: number;
  let end: number;
  const from = cursor === undefined ? undefined : decodeCursor(cursor);
  if (from?.direction === 'after') {
    // The page before: the `limit` customers created just after the one the cursor names.
    start = firstIndexAtOrAfter(entries, from.seq + 1);
    end = Math.min(entries.length, start + limit);
  } else {
    end = from === undefined ? entries.length : firstIndexAtOrAfter(entries, from.seq);
    start = Math.max(0, end - limit);
  }
  const items: T[] = [];
  for (let index = end - 1; index >= start; index -= 1) items.push(entries[index]!.value);
  const oldest = entries[start];
  const newest = entries[end - 1];
  return {
    items,
    next: start > 0 && oldest !== undefined ? encodeCursor('before', oldest.seq) : undefined,
    previous: end < entries.length && newest !== undefined ? encodeCursor('after', newest.seq) : undefined,
  };
}

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

type Direction = 'before' | 'after';
/** `seq:` (older than) kept as it was, so cursors handed out before stay valid. */
const CURSOR_PREFIX: Record<Direction, string> = { before: 'seq:', after: 'after:' };

function encodeCursor(direction: Direction, seq: number): string {
  return Buffer.from(`${CURSOR_PREFIX[direction]}${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): { direction: Direction; seq: number } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const direction = text.startsWith(CURSOR_PREFIX.after) ? 'after' : 'before';
  const prefix = CURSOR_PREFIX[direction];
  const seq = Number(text.slice(prefix.length));
  if (!text.startsWith(prefix) || !Number.isInteger(seq) || seq < 1) {
    throw new InvalidCursorError(`invalid cursor: ${cursor}`);
  }
  return { direction, seq };
}

/** Binary search: the index of the first entry whose seq is >= `seq` (entries are sorted by seq). */
function firstIndexAtOrAfter<T>(entries: readonly Entry<T>[], seq: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (entries[mid]!.seq < seq) low = mid + 1;
    else high = mid;
  }
  return low;
}

function pushTo<T>(index: Map<string, Entry<T>[]>, key: string, entry: Entry<T>): void {
  const list = index.get(key);
  if (list === undefined) index.set(key, [entry]);
  else list.push(entry);
}

function gather<T>(index: Map<string, Entry<T>[]>, keys: readonly string[]): Entry<T>[] {
  const found = new Map<number, Entry<T>>();
  for (const key of keys) {
    for (const entry of index.get(key) ?? []) found.set(entry.seq, entry);
  }
  return [...found.values()].sort((a, b) => a.seq - b.seq);
}
