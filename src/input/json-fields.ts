/**
 * A JSON object → template fields. Objects may use template column names, their aliases, or the Zenskar
 * API's own shapes: nested `address` / `ship_to_address` objects, a `tax_info` array and a `custom_data`
 * object; with the target DayZero, its one-line `address` string too (Address Line 1), and its
 * `credit_limit_cents` (Credit Limit, turned from cents into the amount). Nested objects are read as dotted paths
 * (`address.city`), which the template knows as aliases and --map can name. A value of the wrong JSON type for
 * its key is an issue of the row (json-shapes.ts, which also writes a value as text). The reading's other pieces
 * are each in a file of their own: what one object's reading yields and which key wins a column
 * (json-object-reading.ts), the values of the wrong type kept for the report (json-wrong-types.ts), the notes
 * about an object's keys (json-key-notes.ts) and a tax_info item's keys (json-tax-info.ts).
 */
import { looksBlank, quoted } from '../customer/text.js';
import { COLUMN, MAX_TAX_PAIRS, normalizeHeader, taxColumns } from '../template.js';
import { formatKeyPath, type KeyPath } from '../util/json-duplicate-keys.js';
import {
  entriesOf,
  givenAll,
  type HeaderMap,
  type MapEntry,
  type MapHeader,
  mapHeadersOf,
  templateColumnsOf,
} from './header-map.js';
import { mapHeaderMissingNote, mappedAwayNote, readCents } from './headers.js';
import { firstIn, givenTwice, noteOwnColumn } from './json-key-notes.js';
import { type Given, type ObjectFields, type Reading, replaces } from './json-object-reading.js';
import {
  addressNotObject,
  isBlankJson,
  isJsonObject,
  isNestedObjectKey,
  isTaxInfoKey,
  jsonValueText,
  notTextIssue,
  taxInfoItemNotObject,
  taxInfoNotList,
  taxInfoTooLong,
} from './json-shapes.js';
import { TAX_ITEM_KEYS, taxJurisdictionText } from './json-tax-info.js';
import { dropWrongValue, keepWrongItem, keepWrongType, keepWrongValue } from './json-wrong-types.js';
import { unwrapExtendedJson } from './mongo-extended-json.js';
import { CappedNames, type NameList } from './name-list.js';

/** Keep at most this many notes of keys that repeat a column: a file with data as keys must not grow memory. */
const MAX_CONFLICT_NOTES = 200;

export class JsonFieldMapper {
  private readonly unmatchedKeys = new CappedNames();
  /** Notes by the keys they are about: one note for a pair of keys, however many objects have both. */
  private readonly conflicts = new Map<string, string>();
  /** The --map headers that have named a key of an object read. */
  private readonly mapHeadersMet = new Set<MapHeader>();

  constructor(private readonly map: HeaderMap) {}

  /** Key paths seen so far that match no template column. */
  get unmatched(): NameList {
    return this.unmatchedKeys.list;
  }

  /** Two keys of one object for the same column (`email` and `Email`, or `Name` twice), each pair said once. */
  get notes(): string[] {
    return [...this.conflicts.values()];
  }

  /**
   * The --map entries whose key no object read has, said as a CSV header's missing column is: for the reader to
   * give once every object is read (a header is known up front, keys only as the objects are read).
   */
  mapKeysMissing(): string[] {
    return this.map.headers
      .filter((mapped) => !this.mapHeadersMet.has(mapped))
      .map((mapped) => mapHeaderMissingNote(mapped, 'no object has the key'));
  }

  /**
   * `duplicateKeys`: paths of keys the object gives twice, whose first value the parser kept. `row`: the object's
   * row, named in a note the first time its keys are met.
   */
  toFields(
    object: Record<string, unknown>,
    duplicateKeys: readonly KeyPath[] = [],
    row?: number,
  ): ObjectFields {
    const read: Reading = { fields: {}, issues: [], givenBy: new Map(), row };
    this.collect(object, '', read);
    for (const path of duplicateKeys) {
      const key = formatKeyPath(path);
      this.note(key, givenTwice(key, row));
    }
    this.noteMappedAway(read);
    const { givenBy: _, row: __, mappedAway: ___, ...fields } = read;
    return fields;
  }

  /**
   * A key --map sends away from the column it matches by itself, when no key of the object gives that column: said
   * as a CSV header's is, once for its entries, naming the first object that leaves the column so (a header is
   * known up front, keys only as the objects are read). Another key that gives the column, as another header of a
   * CSV file would, leaves nothing to say.
   */
  private noteMappedAway(read: Reading): void {
    for (const { path, own, entries } of read.mappedAway ?? []) {
      const about = `--map\n${givenAll(entries)}`;
      // Said once: the note is built only for the first object that leaves the column so.
      if (read.givenBy.has(own) || this.conflicts.has(about)) continue;
      this.note(about, mappedAwayNote(entries, own, `the key ${quoted(path)}`, 'no key', firstIn(read.row)));
    }
  }

  private collect(object: Record<string, unknown>, prefix: string, read: Reading): void {
    // The keys beside each one: an --map entry picks the key it names most closely (header-map.ts's closeness).
    // Worked out once an object, and only when a loose --map match asks (see isCloser).
    let paths: string[] | undefined;
    const siblings = () => {
      paths ??= Object.keys(object).map((key) => `${prefix}${key}`);
      return paths;
    };
    for (const [key, written] of Object.entries(object)) {
      const path = `${prefix}${key}`;
      const naming = mapHeadersOf(path, this.map, siblings);
      for (const mapped of naming) this.mapHeadersMet.add(mapped);
      const entries = entriesOf(naming);
      const columns = entries ?? templateColumnsOf(path, this.map.target);
      // mongoexport's {"$oid":…} is the text it wraps, a key's value like any other; Custom Data is JSON as given.
      const value = columns.some(({ column }) => column === COLUMN.customData)
        ? written
        : unwrapExtendedJson(written);
      // An `address` object is the Zenskar API's shape for every target, read as its parts (address.line1, …),
      // though DayZero's own `address` key, a string, stands for Address Line 1. --map still says what a key is.
      if (isJsonObject(value) && isNestedObjectKey(path) && entries === undefined) {
        this.collect(value, `${path}.`, read);
      } else if (columns.length > 0) {
        if (entries !== undefined) noteOwnColumn(read, path, entries, this.map);
        // A key --map sends to several columns feeds each.
        for (const { column, cents } of columns) {
          if (cents) this.putCents(column, path, value, read, entries);
          else this.put(column, path, value, read, entries);
        }
      } else if (isTaxInfoKey(path)) {
        // One tax number is often written as the object itself rather than a list of one.
        if (Array.isArray(value) || isJsonObject(value)) {
          this.collectTaxInfo(path, Array.isArray(value) ? value : [value], read);
        } else if (!isBlankJson(value)) {
          read.issues.push(taxInfoNotList(path, value));
          keepWrongType(read, path, value);
        }
      } else if (isJsonObject(value)) {
        this.collect(value, `${path}.`, read);
      } else if (isNestedObjectKey(path)) {
        if (!isBlankJson(value)) {
          read.issues.push(addressNotObject(path, value));
          keepWrongType(read, path, value);
        }
      } else {
        this.unmatchedKeys.add(path);
      }
    }
  }

  /**
   * One column's value, as `asText` writes it. An object where text belongs is an issue, and its JSON text is
   * kept as the value, so that the report shows what the file held (the row is invalid; nothing else judges
   * that text); the value itself is kept too, so that the report can tell that text from text (wrongTypes).
   * `entries`: the --map entries that sent the key here, if any.
   */
  private put(
    column: string,
    path: string,
    value: unknown,
    read: Reading,
    entries?: readonly MapEntry[],
    asText: (value: unknown) => string = jsonValueText,
  ): void {
    // Empty is the validator's empty (looksBlank: null, blank, or showing nothing), else a "\u200b" that the
    // validator reads as no value would still hide the later key's.
    const text = asText(value);
    const given: Given = { path, empty: looksBlank(text), entries };
    if (!this.give(read, column, text, given)) return;
    const issue = notTextIssue(column, path, value);
    if (issue) keepWrongValue(read, given, { issue, key: column, value });
  }

  /**
   * A key in cents (DayZero's `credit_limit_cents`: 100050) as its column's amount ("1000.50"), which is what the
   * report's column then holds. One that is not a whole number of cents is an issue, and its column is left
   * empty (its digits there, read as an amount, would be a hundred times the limit): the value is kept under its
   * key as written, so that the report's zcust_json reads it as cents again. An object or a list is put as any
   * text column's is.
   */
  private putCents(
    column: string,
    path: string,
    value: unknown,
    read: Reading,
    entries: readonly MapEntry[] | undefined,
  ): void {
    if (isJsonObject(value) || Array.isArray(value)) {
      this.put(column, path, value, read, entries);
      return;
    }
    const cents = readCents(column, path, jsonValueText(value));
    if ('amount' in cents) {
      this.put(column, path, value, read, entries, () => cents.amount);
      return;
    }
    // Not an empty value: one that is no amount, which the row's issue names.
    const given: Given = { path, empty: false, entries };
    if (this.give(read, column, '', given))
      keepWrongValue(read, given, { issue: cents.issue, key: path, value });
  }

  /**
   * Two keys for one column (say `email` and `Email`): the one that `replaces` says wins, object by object (a CSV
   * file's two headers for one column are decided once, for every row, by the header), and it is said. An empty
   * one gives way: `"external_id":null` before `"Customer ID":"C-77"` lost the ID. Whether `given` was kept (its
   * issue, if any, is then the caller's to add: keepWrongValue).
   */
  private give(read: Reading, column: string, text: string, given: Given): boolean {
    const before = read.givenBy.get(column);
    if (before !== undefined) {
      if (!replaces(given, before)) {
        if (!given.empty && text !== read.fields[column]) this.noteConflict(read, column, before, given);
        return false;
      }
      if (!before.empty && text !== read.fields[column]) this.noteConflict(read, column, given, before);
      dropWrongValue(read, before.wrong);
    }
    read.fields[column] = text;
    read.givenBy.set(column, given);
    return true;
  }

  /**
   * tax_info items become the pairs Tax Jurisdiction/Tax ID, Tax Jurisdiction 2/Tax ID 2, … A list longer than
   * the template has pairs is an issue: the numbers past them would be lost.
   */
  private collectTaxInfo(path: string, items: unknown[], read: Reading): void {
    if (items.length > MAX_TAX_PAIRS) {
      read.issues.push(taxInfoTooLong(path, items.length));
      for (let i = MAX_TAX_PAIRS; i < items.length; i++) keepWrongItem(read, path, i, items[i]);
    }
    items.slice(0, MAX_TAX_PAIRS).forEach((item, i) => {
      if (isJsonObject(item)) {
        this.collectTaxItem(`${path}[${i}]`, item, taxColumns(i + 1), read);
      } else if (!isBlankJson(item)) {
        read.issues.push(taxInfoItemNotObject(path, i, item));
        keepWrongItem(read, path, i, item);
      }
    });
  }

  /**
   * One item's keys, as every key is matched (`countryCode` is `country_code`); a key it does not know is
   * listed like any other (`tax_info[0].gstin`). tax_code is the API's, and follows from the jurisdiction. A
   * template column given earlier in the object wins over the item.
   */
  private collectTaxItem(
    path: string,
    item: Record<string, unknown>,
    columns: { jurisdiction: string; id: string },
    read: Reading,
  ): void {
    for (const [key, written] of Object.entries(item)) {
      const value = unwrapExtendedJson(written);
      const part = TAX_ITEM_KEYS.get(normalizeHeader(key));
      const keyPath = `${path}.${key}`;
      if (part === 'jurisdiction')
        this.put(columns.jurisdiction, keyPath, value, read, undefined, taxJurisdictionText);
      else if (part === 'id') this.put(columns.id, keyPath, value, read);
      else if (part === undefined) this.unmatchedKeys.add(keyPath);
    }
  }

  /**
   * Two keys of `read`'s object for one column, the one kept first (one path twice: a dotted key beside its nested
   * twin). Led by the --map entries behind them, as a CSV file's note is.
   */
  private noteConflict(read: Reading, column: string, kept: Given, ignored: Given): void {
    const [first, other] = [kept.path, ignored.path];
    if (first === other) {
      this.note(`${first}\n${other}`, givenTwice(other, read.row));
      return;
    }
    const by = new Set([kept, ignored].flatMap((g) => g.entries?.filter((e) => e.column === column) ?? []));
    const lead = by.size > 0 ? `${givenAll([...by])}: ` : '';
    // The first key stays unless --map sent the later one there (replaces).
    const why = kept.entries !== undefined && ignored.entries === undefined ? '' : 'the first wins, ';
    this.note(
      `${first}\n${other}`,
      `${lead}the keys ${quoted(first)} and ${quoted(other)} of one object both mean ${column}${firstIn(read.row)}; ${why}${quoted(other)} is ignored`,
    );
  }

  /** Said once for `about` (the keys it names), with the row it was first met in. */
  private note(about: string, note: string): void {
    if (this.conflicts.size < MAX_CONFLICT_NOTES && !this.conflicts.has(about))
      this.conflicts.set(about, note);
  }
}
