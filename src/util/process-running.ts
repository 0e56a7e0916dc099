/**
 * Whether a process of this id exists, a zombie included (see isAlive in state/process-start.ts, which the run
 * lock and the report's temp files ask). `pid` must be a positive integer: 0 and negative ids name process groups.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
