/**
 * The name of a report's lock. `<report>.lock` beside the report, unless that name, or the names the run lock
 * makes of it (its own `<lock>.<pid>` and a stale lock's `<lock>.stale.<pid>`), would pass the longest name a
 * folder takes (255 bytes): a report of a 254-byte name had no lock, and two runs wrote it at once. Such a
 * report's lock is the start of its name, a hash of its real path and `.lock`: as recognisable as fits, and the
 * same for every run that names the one file. A JSON or XML report's spool is named the same way (fittingName).
 */
import { basename, dirname, join } from 'node:path';
import { sha } from '../state/sha-prefix.js';
import { wholeCharactersEnd } from '../util/whole-characters.js';

/** NAME_MAX on Linux's and macOS's file systems. */
export const MAX_NAME_BYTES = 255;

/** What the run lock adds to a lock's name for a stale lock it renames away: `.stale.` and an id up to 4194304. */
const RUN_LOCK_SUFFIX_BYTES = '.stale.'.length + 7;

const MAX_LOCK_NAME_BYTES = MAX_NAME_BYTES - RUN_LOCK_SUFFIX_BYTES;

/** Enough of SHA-256 that two long names sharing their start do not meet by chance. */
const HASH_LENGTH = 12;

/** The lock of the report whose real path (through its links) is `realPath`. */
export function reportLockName(realPath: string): string {
  const name = fittingName(basename(realPath), realPath, MAX_LOCK_NAME_BYTES - '.lock'.length);
  return join(dirname(realPath), `${name}.lock`);
}

/**
 * A report's `name` where it is at most `maxBytes` long in UTF-8, else the start of it and a hash of the report's
 * real path (through its links: `realPath`), `rrr…rrr.3f9a1c2b7d4e`: what a file named after the report (its lock,
 * its spool: stale-spools.ts) holds of it where the whole name leaves too little room within NAME_MAX.
 */
export function fittingName(name: string, realPath: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const ending = `.${sha(realPath, HASH_LENGTH)}`;
  return `${startOf(name, maxBytes - ending.length)}${ending}`;
}

/** The start of `name` at most `maxBytes` long in UTF-8, not cutting a character in two. */
function startOf(name: string, maxBytes: number): string {
  let start = name;
  while (Buffer.byteLength(start) > maxBytes)
    start = start.slice(0, wholeCharactersEnd(start, start.length - 1));
  return start;
}
