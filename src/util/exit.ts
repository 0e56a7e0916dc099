/**
 * Ending the process, also once its terminal has gone (SIGHUP: the window closed, an ssh session dropped).
 * On its way out Node restores the terminal settings it found at start; a terminal that has hung up refuses
 * (EIO), and Node 20 then aborts (SIGABRT or SIGSEGV, perhaps a core dump holding customers' data) instead of
 * exiting with the run's code (nodejs/node#51519). It skips a descriptor that was closed, so those of a
 * terminal that has gone are closed first.
 */
import { closeSync } from 'node:fs';
import { isatty } from 'node:tty';

/** Standard input, output and error that were a terminal when zcust started (cli.ts loads this at once). */
const TERMINALS = [0, 1, 2].filter((fd) => isatty(fd));

/** The descriptors of a terminal that has hung up: isatty fails on them (EIO) once it has. */
export function hungUpTerminals(): number[] {
  return TERMINALS.filter((fd) => !isatty(fd));
}

export function exitProcess(code: number): never {
  for (const fd of hungUpTerminals()) {
    try {
      closeSync(fd);
    } catch {} // closed already
  }
  return process.exit(code);
}
