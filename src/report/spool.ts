/**
 * JSON and JUnit reports start with totals that are known only at the end. Rows are spooled to a temp file
 * beside the target as they come (same directory: same disk, same permissions), and on finish the target is
 * written as head + spooled rows + tail, streamed, then the temp file is removed. Memory stays flat.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, truncateSync, unlinkSync } from 'node:fs';
import { rm, truncate } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { openSink, type TextSink } from './sink.js';

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

/**
 * The spools whose temp file is still there, and whether their target is written whole: a forced exit (a
 * second Ctrl-C) cannot wait for their streams, and abandonSpools() tidies up after them at once.
 */
const unfinished = new Map<string, { target: string; whole: boolean }>();

/**
 * For a forced exit, synchronously: removes every spool's temp file, and empties each target not written
 * whole. Such a target holds an earlier run's report under that name, or one cut short by the exit: either
 * would pass for this run's, or be JSON or XML no tool can read. Empty, it says that the run did not finish
 * it (a CSV report, written as rows finish, is likewise left with what it holds).
 */
export function abandonSpools(): void {
  for (const [tempPath, { target, whole }] of unfinished) {
    try {
      unlinkSync(tempPath);
    } catch {} // already gone
    try {
      // Emptied, not removed, as when its final write fails (see finish); one that does not exist stays so.
      if (!whole) truncateSync(target, 0);
    } catch {}
  }
  unfinished.clear();
}

export function openSpool(target: string): Spool {
  // Hidden and unique, so two runs writing reports in one directory never share a temp file.
  const tempPath = join(
    dirname(target),
    `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  const temp = openSink(tempPath);
  const state = { target, whole: false };
  unfinished.set(tempPath, state);
  const removeTemp = async () => {
    await rm(tempPath, { force: true });
    unfinished.delete(tempPath);
  };
  // The temp file is ended once, by the first finish; a second one (another head) reads it again.
  let spooled: Promise<void> | undefined;

  return {
    tempPath,
    append: (text) => temp.write(text),
    flush: () => temp.flush(),
    async finish(head, tail, options = {}) {
      let out: TextSink | undefined;
      try {
        spooled ??= temp.end();
        await spooled;
        state.whole = false;
        out = openSink(target);
        await out.write(head);
        for await (const chunk of createReadStream(tempPath)) await out.write(chunk as Buffer);
        await out.write(tail);
        await out.end();
        state.whole = true;
      } catch (error) {
        await out?.destroy();
        // Cut short, the file would be JSON or XML that no tool can read, rows missing from it: empty is better.
        // Emptied, not removed: a report given through a symbolic link keeps its link (removing it left the
        // file it points to cut short, and the next run wrote a plain file in its place, and exited 0).
        if (out) await truncate(target, 0).catch(() => undefined);
        throw error;
      } finally {
        if (!options.keep) await removeTemp();
      }
    },
    async discard() {
      await temp.destroy();
      await removeTemp();
    },
  };
}
