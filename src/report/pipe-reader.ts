/**
 * A report written to a named pipe (FIFO). Opening a pipe for writing blocks until something opens it for
 * reading, and report files are opened synchronously: with no reader yet, that open held the main thread, so
 * Ctrl-C and SIGTERM were never handled and only SIGKILL ended zcust. Here the wait is asynchronous: the pipe is
 * tried without blocking (O_NONBLOCK, which fails with ENXIO while nothing reads) every POLL_MS, and the run can
 * stop meanwhile.
 */
import { closeSync, constants, openSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { statOrNothing } from '../util/same-file.js';

const POLL_MS = 50;

export interface PipeReaderOptions {
  /** Ends the wait: the pipe is given up (see whenPipeHasReader). */
  signal?: AbortSignal;
  /** Called once for a pipe that has no reader yet, as its wait begins. */
  onWait?: (path: string) => void;
}

/** What the user is told while zcust waits for a report's reader (it would otherwise seem to hang). */
export const waitingForReader = (path: string): string =>
  `waiting for something to read the report "${path}", a named pipe`;

// Not there (it is created when opened) or not reachable: no pipe, and the open that follows says why.
const isNamedPipe = (path: string): boolean => statOrNothing(path)?.isFIFO() === true;

const NO_READER = Symbol('no reader');

/**
 * A write end of the pipe, opened without blocking: its descriptor; NO_READER while nothing reads it (ENXIO);
 * undefined when it cannot be opened for another reason (no permission), which opening the report then says.
 */
function writeEndIfRead(path: string): number | typeof NO_READER | undefined {
  try {
    return openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENXIO' ? NO_READER : undefined;
  }
}

/**
 * Resolves once `path`, if it is a named pipe, has a reader, so that opening it for writing returns at once.
 * Resolves with a function to call once the report has opened the pipe: until then a write end is held open,
 * so the reader never sees the end of its input between this check and that open. (For anything but a named
 * pipe: at once, and the function does nothing.) Resolves with undefined if `signal` ends the wait first.
 */
export async function whenPipeHasReader(
  path: string,
  options: PipeReaderOptions = {},
): Promise<(() => void) | undefined> {
  if (!isNamedPipe(path)) return () => undefined;
  let fd = writeEndIfRead(path);
  if (fd === NO_READER) options.onWait?.(path);
  while (fd === NO_READER) {
    if (options.signal?.aborted) return undefined;
    await delay(POLL_MS, undefined, { signal: options.signal }).catch(() => undefined);
    fd = writeEndIfRead(path);
  }
  const held = fd;
  return () => {
    if (held !== undefined) closeSync(held);
  };
}

/** The named pipes among a run's reports, each with a reader, or given up because the run stopped first. */
export interface PipesHeld {
  /** Releases every pipe held (see whenPipeHasReader): call it once the reports are open. */
  release(): void;
  /** The pipes nothing read before the run stopped: they cannot be written. */
  unread: string[];
}

/**
 * whenPipeHasReader for each path in turn. Once `signal` ends a wait (Ctrl-C), the pipes still without a reader
 * are given up at once, so that the run's other reports are written (every row `not_attempted`).
 */
export async function whenPipesHaveReaders(
  paths: readonly string[],
  options: PipeReaderOptions = {},
): Promise<PipesHeld> {
  const held: (() => void)[] = [];
  const unread: string[] = [];
  for (const path of paths) {
    const release = await whenPipeHasReader(path, options);
    if (release) held.push(release);
    else unread.push(path);
  }
  return {
    release: () => {
      for (const release of held.splice(0)) release();
    },
    unread,
  };
}

/** Why a pipe given up (see PipesHeld.unread) is not among the reports written. */
export const unreadPipe = (path: string): string =>
  `cannot write the report "${path}": the run stopped before anything read it (a named pipe)`;
