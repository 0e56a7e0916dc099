/**
 * A report's spool (spool.ts) is a hidden temp file beside it, named after the process that writes it. A run
 * killed with -9 leaves it there, holding customers' data, and no later run would ever remove it: the run that
 * starts writing the same report does, for every one whose process is gone. One a live run holds is left alone.
 * A report whose name leaves too little room for the rest within NAME_MAX (over 233 bytes: at 237 to 255 the
 * spool's name was too long, and such a JSON or XML report was refused) has a spool named by the start of its name
 * and a hash of its real path, as its lock is (report-lock-name.ts): the same for every run that writes that
 * report, and for that report alone.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isAlive } from '../state/process-start.js';
import { realPathOf } from '../util/same-file.js';
import { fittingName, MAX_NAME_BYTES } from './report-lock-name.js';

/** What a spool's name adds to the report's: `.`, then `.<pid>-<8 hex>.tmp`, with a process id up to 4194304. */
const SPOOL_AFFIX_BYTES = '.'.length + '.'.length + 7 + '-'.length + 8 + '.tmp'.length;

/** What every spool of `target` is named by: its name, or the start of it and a hash where it is too long. */
const spoolStemOf = (target: string): string =>
  fittingName(basename(target), realPathOf(target, process.cwd()), MAX_NAME_BYTES - SPOOL_AFFIX_BYTES);

/** The process id in the name of a spool of the report whose spools are named by `stem`, else undefined. */
function writerOf(file: string, stem: string): number | undefined {
  const prefix = `.${stem}.`;
  if (!file.startsWith(prefix)) return undefined;
  const pid = /^(\d+)-[0-9a-f]{8}\.tmp$/.exec(file.slice(prefix.length))?.[1];
  const id = pid === undefined ? Number.NaN : Number(pid);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** A new spool's path for `target`: hidden, and unique, so two runs writing one report never share a temp file. */
export const spoolPathFor = (target: string): string =>
  join(dirname(target), `.${spoolStemOf(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);

/** Removes the spools of `target` whose process is no longer running. */
export function removeStaleSpools(target: string): void {
  const folder = dirname(target);
  const stem = spoolStemOf(target);
  let files: string[];
  try {
    files = readdirSync(folder);
  } catch {
    return; // a folder that cannot be listed fails the report itself, in words, when it is written
  }
  for (const file of files) {
    const pid = writerOf(file, stem);
    if (pid === undefined || pid === process.pid || isAlive(pid)) continue;
    try {
      unlinkSync(join(folder, file));
    } catch {
      // Gone meanwhile (another run tidied it), or a folder that will not let go: this run's report is not
      // the worse for it, and the next run tries again.
    }
  }
}
