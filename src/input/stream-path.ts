/**
 * A path that is not a regular file: a pipe (`<(gunzip -c x.csv.gz)`'s /dev/fd/63, /dev/stdin fed by a pipe), a
 * named pipe, a socket, a device. It cannot be read by position, as a file is (that failed with ESPIPE, "invalid
 * seek"), so it is read as a stream, by the kind of stream Node gives standard input of that kind.
 */
import {
  closeSync,
  constants,
  createReadStream,
  fstatSync,
  open,
  readdirSync,
  readFileSync,
  readlinkSync,
  type Stats,
} from 'node:fs';
import { Socket } from 'node:net';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { isatty, ReadStream as TerminalStream } from 'node:tty';
import { promisify } from 'node:util';

const openFd = promisify(open);

export async function openStreamPath(path: string, stats: Stats): Promise<Readable> {
  // A socket cannot be opened by its path (ENXIO, as `cat /dev/stdin` finds when Node's child_process, which
  // gives a child sockets, started it): one that names a descriptor of zcust's own is read through it.
  const named = descriptorNamed(path);
  if (named !== undefined && stats.isSocket() && isOpenOn(named, stats)) {
    return new Socket({ fd: named, readable: true, writable: false });
  }
  const pipe = stats.isFIFO();
  if (named !== undefined && pipe && writtenHere(stats.ino)) {
    throw new Error(
      "it is one of zcust's own pipes, not a descriptor the shell opened for it (as 5<file does), and would never end: give the file's path, or open that descriptor for zcust",
    );
  }
  // A named pipe opened for reading waits for a writer, in a thread of libuv's pool, where a stop cannot end the
  // wait. Opened without waiting, its stream waits for a writer's bytes as it waits for more: the system tells no
  // end before a writer has come and gone.
  const fd = await openFd(path, constants.O_RDONLY | (pipe ? constants.O_NONBLOCK : 0));
  try {
    // A pipe is read through the event loop, so that destroying the stream (at a stop) ends a read waiting on a
    // writer that sends nothing more; a read in the thread pool would wait on. A terminal as Node reads one.
    if (pipe) return new Socket({ fd, readable: true, writable: false });
    if (isatty(fd)) return new TerminalStream(fd);
    return createReadStream(path, { fd });
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** /dev/stdin, /dev/fd/N, /proc/self/fd/N: a descriptor of this process, by its number. */
const OWN_DESCRIPTOR = /^\/(?:dev|proc\/self)\/fd\/(\d+)$/;

/** The descriptor of this process that `path` names by its number, if it names one. */
function descriptorNamed(path: string): number | undefined {
  const absolute = resolve(path);
  const named = absolute === '/dev/stdin' ? '0' : OWN_DESCRIPTOR.exec(absolute)?.[1];
  return named === undefined ? undefined : Number(named);
}

/** Whether descriptor `fd` of this process is open on the file of `stats`. */
function isOpenOn(fd: number, stats: Stats): boolean {
  try {
    const open = fstatSync(fd);
    return open.dev === stats.dev && open.ino === stats.ino;
  } catch {
    return false;
  }
}

/**
 * Whether this process holds the pipe `ino` open for writing. /dev/fd/5 that the shell never opened is one of
 * Node's own pipes (its signal pipe): read, it took the signals' bytes, so Ctrl-C and SIGTERM went unheard, and
 * it could never end, its writer being zcust itself. A pipe the shell gave (`<(…)`) is written by another
 * process. Only Linux tells (/proc); elsewhere nothing is refused.
 */
function writtenHere(ino: number): boolean {
  let fds: string[];
  try {
    fds = readdirSync('/proc/self/fd');
  } catch {
    return false;
  }
  return fds.some((fd) => {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) !== `pipe:[${ino}]`) return false;
      const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
      // O_WRONLY or O_RDWR: the low two bits of the open flags.
      return flags !== undefined && (Number.parseInt(flags, 8) & 3) !== 0;
    } catch {
      return false;
    }
  });
}
