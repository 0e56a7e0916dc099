/**
 * The values of the wrong JSON type an object holds, kept for the report's zcust_json (report-json.ts reads them
 * back) under the key they are the row's issue for, and taken back with their issue when a later key replaces them.
 */
import type { Given, ObjectFields, WrongValue } from './json-object-reading.js';

/** A value of the wrong type that a key kept: the row's issue, and the value kept for the report. */
export function keepWrongValue(read: ObjectFields, given: Given, wrong: WrongValue): void {
  given.wrong = wrong;
  read.issues.push(wrong.issue);
  keepWrongType(read, wrong.key, wrong.value);
}

/** Takes back what a key replaced by a later one brought: its issue, and its value kept for the report. */
export function dropWrongValue(read: ObjectFields, wrong: WrongValue | undefined): void {
  if (wrong === undefined) return;
  read.issues = read.issues.filter((issue) => issue !== wrong.issue);
  if (read.wrongTypes !== undefined) {
    delete read.wrongTypes[wrong.key];
    if (Object.keys(read.wrongTypes).length === 0) delete read.wrongTypes;
  }
}

export function keepWrongType(read: ObjectFields, key: string, value: unknown): void {
  read.wrongTypes ??= {};
  read.wrongTypes[key] = value;
}

/** A tax_info item of the wrong type (or past the template's pairs), at its place in the list. */
export function keepWrongItem(read: ObjectFields, key: string, index: number, item: unknown): void {
  read.wrongTypes ??= {};
  const kept = read.wrongTypes[key];
  const list: unknown[] = Array.isArray(kept) ? kept : [];
  while (list.length < index) list.push(null);
  list[index] = item;
  read.wrongTypes[key] = list;
}
