/**
 * JSON and JUnit reports start with totals that are known only at the end. Rows are spooled to a temp file
 * beside the target as they come (same directory: same disk, same permissions), and on finish the target is
 * written as head + spooled rows + tail, streamed, then the temp file is removed. Memory stays flat.
 */
import { createReadStream, truncateSync, unlinkSync } from 'node:fs';
import { AbortError, ioReason } from '../errors.js';
import { createFailure } from '../util/create-failure.js';
import { whenPipeHasReader } from './pipe-reader.js';
import { openSink, type TextSink } from './sink.js';
import { removeStaleSpools, spoolPathFor } from './stale-spools.js';

export interface Spool {
  readonly tempPath: string;
  /** As TextSink.write: a promise only when the caller must wait. */
  append(text: string): Promise<void> | undefined;
  /** Writes out what waits in memory to the temp file (see TextSink.flush). */
  flush(): Promise<void>;
  /**
   * Writes head, the spooled text and tail to the target, then removes the temp file. With `keep`, the temp
   * file stays, so that the target can be written again (another head: see ReportWriter.close), until discard().
   */
  finish(head: string, tail: string, options?: { keep?: boolean }): Promise<void>;
  /** Removes the temp file; a target not written yet is not created, one written stays. */
  discard(): Promise<void>;
}

export interface SpoolOptions {
  /**
   * The temp file could not be removed (its folder was made read-only during the run): what to tell the user,
   * naming it. It holds customers' data, so it is emptied first where it can be. Without this, nothing is said.
   */
  onLeftBehind?: (message: string) => void;
  /** The report is a named pipe that nothing reads yet: zcust waits for a reader before it writes it. */
  onWaitForReader?: (path: string) => void;
  /**
   * The report holds its first `rows` rows, one a call of append(): told once, when its last finish has written it
   * whole (a finish without `keep`, or discard() after one with). A finish with `keep` may be followed by another,
   * which, failing, empties the target: told then, the notes of its rows' warnings were in the journal, and lost.
   */
  onHeld?: (rows: number) => void;
}

/** What is said of a temp file that could not be removed. */
function leftBehind(tempPath: string, target: string, error: unknown, emptied: boolean): string {
  const holding = emptied ? 'it is left empty' : "it still holds the report's rows";
  return `cannot remove the temporary file "${tempPath}" of the report "${target}" (${ioReason(error)}); ${holding}: remove it`;
}

/**
 * Removes a temp file, synchronously (a forced exit cannot wait). One its folder will not let go (made read-only
 * during the run) is emptied where it can be, since it holds customers' data: what to say of it then.
 */
function removeTempFile(tempPath: string, target: string): string | undefined {
  try {
    unlinkSync(tempPath);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    let emptied = true;
    try {
      truncateSync(tempPath, 0);
    } catch {
      emptied = false;
    }
    return leftBehind(tempPath, target, error, emptied);
  }
}

/**
 * Empties a report this run did not write whole. It holds an earlier run's report under that name, or one cut
 * short: either would pass for this run's, or be JSON or XML no tool can read; empty, it says the run did not
 * finish it. Emptied, not removed: a report given through a symbolic link keeps its link (removing it left the
 * file it points to cut short, and the next run wrote a plain file in its place, and exited 0). Truncating frees
 * space, so it works on the full disk that gave the report up. One that does not exist is not created.
 */
function emptyTarget(target: string): void {
  try {
    truncateSync(target, 0);
  } catch {}
}

/**
 * The spools whose temp file is still there, and whether their target is written whole: a forced exit (a
 * second Ctrl-C) cannot wait for their streams, and abandonSpools() tidies up after them at once.
 */
const unfinished = new Map<string, { target: string; whole: boolean }>();

/**
 * For a forced exit, synchronously: removes every spool's temp file, and empties each target not written
 * whole (see emptyTarget; a CSV report, written as rows finish, is left with what it holds). Returns what to
 * say of the temp files that could not be removed (see SpoolOptions.onLeftBehind).
 */
export function abandonSpools(): string[] {
  const left: string[] = [];
  for (const [tempPath, { target, whole }] of unfinished) {
    const said = removeTempFile(tempPath, target);
    if (said !== undefined) left.push(said);
    if (!whole) emptyTarget(target);
  }
  unfinished.clear();
  return left;
}

export function openSpool(target: string, options: SpoolOptions = {}): Spool {
  removeStaleSpools(target);
  const tempPath = spoolPathFor(target);
  // Its failures (a full disk while rows are spooled) name the report the user gave, not this hidden file.
  const temp = openSink(tempPath, { report: target, spooled: true });
  const { onWaitForReader, onHeld } = options;
  /** Calls of append(): a report's rows, one each. */
  let appended = 0;
  const state = { target, whole: false };
  unfinished.set(tempPath, state);
  let tidied = false;
  const removeTemp = () => {
    if (tidied) return; // told once, however often the report is closed or aborted
    tidied = true;
    const said = removeTempFile(tempPath, target);
    if (said !== undefined) options.onLeftBehind?.(said);
    unfinished.delete(tempPath);
  };
  // The temp file is ended once, by the first finish; a second one (another head) reads it again.
  let spooled: Promise<void> | undefined;
  let told = false;
  const tellHeld = () => {
    if (told || !state.whole) return;
    told = true;
    onHeld?.(appended);
  };

  /**
   * The temp file failed (a full disk): the report is given up, and every later call fails the same way (the
   * sink keeps its failure). Its rows are of no more use, and the earlier run's report under its name must not
   * pass for this run's: left as it was, it stayed whole after the run, and CI read an old green result.
   */
  const giveUp = async (error: unknown): Promise<never> => {
    await temp.destroy();
    removeTemp();
    emptyTarget(target);
    throw error;
  };

  return {
    tempPath,
    append: (text) => {
      appended++;
      return temp.write(text)?.catch(giveUp);
    },
    flush: () => temp.flush().catch(giveUp),
    async finish(head, tail, options = {}) {
      let out: TextSink | undefined;
      try {
        spooled ??= temp.end();
        await spooled;
        state.whole = false;
        const releasePipe = await whenPipeHasReader(target, { onWait: onWaitForReader });
        try {
          out = openSink(target);
        } catch (error) {
          // Created only now, at the end: its folder may have been made read-only, or a directory put in its
          // place, since the run began. Said as any other report failure, not as Node's "EACCES: …, open".
          throw new AbortError(`cannot write the report "${target}": ${createFailure(target, error)}`, {
            cause: error,
          });
        } finally {
          releasePipe?.();
        }
        await out.write(head);
        for await (const chunk of createReadStream(tempPath)) await out.write(chunk as Buffer);
        await out.write(tail);
        await out.end();
        state.whole = true;
        if (!options.keep) tellHeld();
      } catch (error) {
        await out?.destroy();
        // Cut short, or not begun (the temp file's last piece failed as it was ended): see emptyTarget.
        emptyTarget(target);
        // Reading the temp file back can fail too (it was removed): that is this report's failure, in words.
        if (error instanceof AbortError) throw error;
        throw new AbortError(`cannot write the report "${target}": ${ioReason(error)}`, { cause: error });
      } finally {
        if (!options.keep) removeTemp();
      }
    },
    async discard() {
      await temp.destroy();
      removeTemp();
      tellHeld();
    },
  };
}
