/**
 * Whether a process of this id exists: what tells a run lock or a report's temp file left by a run killed with
 * -9 from one a live run still holds. `pid` must be a positive integer: 0 and negative ids name process groups.
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
