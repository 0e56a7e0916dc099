/**
 * The name of a report's lock. `<report>.lock` beside the report, unless that name, or the names the run lock
 * makes of it (its own `<lock>.<pid>` and a stale lock's `<lock>.stale.<pid>`), would pass the longest name a
 * folder takes (255 bytes): a report of a 254-byte name had no lock, and two runs wrote it at once. Such a
 * report's lock is the start of its name, a hash of its real path and `.lock`: as recognisable as fits, and the
 * same for every run that names the one file.
 */
import { basename, dirname, join } from 'node:path';
import { sha } from '../state/sha-prefix.js';
import { wholeCharactersEnd } from '../util/whole-characters.js';

/** NAME_MAX on Linux's and macOS's file systems. */
const MAX_NAME_BYTES = 255;

/** What the run lock adds to a lock's name for a stale lock it renames away: `.stale.` and an id up to 4194304. */
const RUN_LOCK_SUFFIX_BYTES = '.stale.'.length + 7;

const MAX_LOCK_NAME_BYTES = MAX_NAME_BYTES - RUN_LOCK_SUFFIX_BYTES;

/** Enough of SHA-256 that two long names sharing their start do not meet by chance. */
const HASH_LENGTH = 12;

/** The lock of the report whose real path (through its links) is `realPath`. */
export function reportLockName(realPath: string): string {
  const name = basename(realPath);
  if (Buffer.byteLength(`${name}.lock`) <= MAX_LOCK_NAME_BYTES) return `${realPath}.lock`;
  const ending = `.${sha(realPath, HASH_LENGTH)}.lock`;
  return join(dirname(realPath), `${startOf(name, MAX_LOCK_NAME_BYTES - ending.length)}${ending}`);
}

/** The start of `name` at most `maxBytes` long in UTF-8, not cutting a character in two. */
function startOf(name: string, maxBytes: number): string {
  let start = name;
  while (Buffer.byteLength(start) > maxBytes)
    start = start.slice(0, wholeCharactersEnd(start, start.length - 1));
  return start;
}
