/**
 * A report written to a named pipe (FIFO). Opening a pipe for writing blocks until something opens it for
 * reading, and report files are opened synchronously: with no reader yet, that open held the main thread, so
 * Ctrl-C and SIGTERM were never handled and only SIGKILL ended zcust. Here the wait is asynchronous: the pipe is
 * tried without blocking (O_NONBLOCK, which fails with ENXIO while nothing reads) every POLL_MS, and the run can
 * stop meanwhile.
 */
import { closeSync, constants, openSync, statSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { AbortError } from '../errors.js';

const POLL_MS = 50;

export interface PipeReaderOptions {
  /** Ends the wait: the promise rejects with an AbortError naming the report. */
  signal?: AbortSignal;
  /** Called once for a pipe that has no reader yet, as its wait begins. */
  onWait?: (path: string) => void;
}

/** What the user is told while zcust waits for a report's reader (it would otherwise seem to hang). */
export const waitingForReader = (path: string): string =>
  `waiting for something to read the report "${path}", a named pipe`;

const isNamedPipe = (path: string): boolean => {
  try {
    return statSync(path).isFIFO();
  } catch {
    // Not there (it is created when opened) or not reachable: the open that follows says why.
    return false;
  }
};

/** A write end of the pipe, opened without blocking; undefined while nothing reads it. */
function writeEndIfRead(path: string): number | undefined {
  try {
    return openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENXIO') return undefined;
    throw error;
  }
}

/**
 * Resolves once `path`, if it is a named pipe, has a reader, so that opening it for writing returns at once.
 * Resolves with a function to call once the report has opened the pipe: until then a write end is held open,
 * so the reader never sees the end of its input between this check and that open. (For anything but a named
 * pipe: at once, and the function does nothing.)
 */
export async function whenPipeHasReader(path: string, options: PipeReaderOptions = {}): Promise<() => void> {
  if (!isNamedPipe(path)) return () => undefined;
  let fd = writeEndIfRead(path);
  if (fd === undefined) {
    options.onWait?.(path);
    while (fd === undefined) {
      try {
        await delay(POLL_MS, undefined, { signal: options.signal });
      } catch {
        throw new AbortError(
          `stopped while waiting for something to read the report "${path}" (a named pipe nothing had opened)`,
        );
      }
      fd = writeEndIfRead(path);
    }
  }
  const held = fd;
  return () => closeSync(held);
}

/**
 * whenPipeHasReader for each path in turn; the function it resolves with releases every pipe held. On a failure
 * (the run stopped) those already held are released first.
 */
export async function whenPipesHaveReaders(
  paths: readonly string[],
  options: PipeReaderOptions = {},
): Promise<() => void> {
  const held: (() => void)[] = [];
  const releaseAll = () => {
    for (const release of held.splice(0)) release();
  };
  try {
    for (const path of paths) held.push(await whenPipeHasReader(path, options));
  } catch (error) {
    releaseAll();
    throw error;
  }
  return releaseAll;
}
