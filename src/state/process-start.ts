/**
 * When a process started, to tell it from another that was given its id later: process ids are reused, at
 * once in a CI container, and a lock left by a run killed with -9 named a `sleep` as "another zcust". Linux
 * says it in /proc: the boot's id (/proc/sys/kernel/random/boot_id) and the start time, in clock ticks since
 * that boot (field 22 of /proc/PID/stat). Elsewhere, or when /proc will not say, it is undefined. /proc also
 * tells a process that has ended but is not yet reaped (hasEnded).
 */
import { readFileSync } from 'node:fs';
import { isRunning } from '../util/process-running.js';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The fields of a /proc/PID/stat line after the command's name (field 2), from field 3 on. The name is in
 * parentheses and may hold spaces and ")": it ends at the last ")".
 */
function fieldsAfterName(stat: string): string[] {
  return stat
    .slice(stat.lastIndexOf(')') + 1)
    .trim()
    .split(/\s+/);
}

/** Field 22 of /proc/PID/stat. */
export function startTicksOf(stat: string): string | undefined {
  const ticks = fieldsAfterName(stat)[22 - 3];
  return ticks !== undefined && /^\d+$/.test(ticks) ? ticks : undefined;
}

/**
 * Whether the line says the process has ended: state (field 3) Z, a zombie its parent has not reaped yet, or X,
 * dead. Signal 0 still finds a zombie, and one killed with -9 under a PID 1 that reaps slowly (a container)
 * was taken for a run still holding its lock.
 */
export function endedIn(stat: string): boolean {
  const state = fieldsAfterName(stat)[0];
  return state === 'Z' || state === 'X';
}

/** Whether /proc says process `pid` has ended though its id is still taken; false where /proc cannot tell. */
export function hasEnded(pid: number): boolean {
  const stat = readText(`/proc/${pid}/stat`);
  return stat !== undefined && endedIn(stat);
}

/**
 * Whether process `pid` is alive: it exists (signal 0) and has not ended. A zombie still answers signal 0, and
 * one left by a run killed with -9 under a PID 1 that reaps slowly held the run's lock and its report's temp files.
 */
export const isAlive = (pid: number): boolean => isRunning(pid) && !hasEnded(pid);

/** `<boot id>/<start ticks>` of process `pid`, one word; undefined where /proc cannot tell. */
export function processStart(pid: number): string | undefined {
  const boot = readText('/proc/sys/kernel/random/boot_id')?.trim();
  const stat = readText(`/proc/${pid}/stat`);
  const ticks = stat === undefined ? undefined : startTicksOf(stat);
  return boot && /^[\w-]+$/.test(boot) && ticks !== undefined ? `${boot}/${ticks}` : undefined;
}
