/**
 * A report's spool (spool.ts) is a hidden temp file beside it, named after the process that writes it. A run
 * killed with -9 leaves it there, holding customers' data, and no later run would ever remove it: the run that
 * starts writing the same report does, for every one whose process is gone. One a live run holds is left alone.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isRunning } from '../util/process-running.js';

/** The process id in the name of a spool of the report named `name`, or undefined for any other file. */
function writerOf(file: string, name: string): number | undefined {
  const prefix = `.${name}.`;
  if (!file.startsWith(prefix)) return undefined;
  const pid = /^(\d+)-[0-9a-f]{8}\.tmp$/.exec(file.slice(prefix.length))?.[1];
  const id = pid === undefined ? Number.NaN : Number(pid);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** A new spool's path for `target`: hidden, and unique, so two runs writing one report never share a temp file. */
export const spoolPathFor = (target: string): string =>
  join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);

/** Removes the spools of `target` whose process is no longer running. */
export function removeStaleSpools(target: string): void {
  const folder = dirname(target);
  const name = basename(target);
  let files: string[];
  try {
    files = readdirSync(folder);
  } catch {
    return; // a folder that cannot be listed fails the report itself, in words, when it is written
  }
  for (const file of files) {
    const pid = writerOf(file, name);
    if (pid === undefined || pid === process.pid || isRunning(pid)) continue;
    try {
      unlinkSync(join(folder, file));
    } catch {
      // Gone meanwhile (another run tidied it), or a folder that will not let go: this run's report is not
      // the worse for it, and the next run tries again.
    }
  }
}
