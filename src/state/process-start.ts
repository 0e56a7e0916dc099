/**
 * When a process started, to tell it from another that was given its id later: process ids are reused, at
 * once in a CI container, and a lock left by a run killed with -9 named a `sleep` as "another zcust". Linux
 * says it in /proc: the boot's id (/proc/sys/kernel/random/boot_id) and the start time, in clock ticks since
 * that boot (field 22 of /proc/PID/stat). Elsewhere, or when /proc will not say, it is undefined.
 */
import { readFileSync } from 'node:fs';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/PID/stat. The command's name (field 2) is in parentheses and may hold spaces and ")". */
export function startTicksOf(stat: string): string | undefined {
  const afterName = stat
    .slice(stat.lastIndexOf(')') + 1)
    .trim()
    .split(/\s+/);
  // The fields after the name start at field 3.
  const ticks = afterName[22 - 3];
  return ticks !== undefined && /^\d+$/.test(ticks) ? ticks : undefined;
}

/** `<boot id>/<start ticks>` of process `pid`, one word; undefined where /proc cannot tell. */
export function processStart(pid: number): string | undefined {
  const boot = readText('/proc/sys/kernel/random/boot_id')?.trim();
  const stat = readText(`/proc/${pid}/stat`);
  const ticks = stat === undefined ? undefined : startTicksOf(stat);
  return boot && /^[\w-]+$/.test(boot) && ticks !== undefined ? `${boot}/${ticks}` : undefined;
}
