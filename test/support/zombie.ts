/**
 * A zombie process for tests of what a run killed with -9 leaves behind: a sleep killed with -9 whose parent (bash,
 * exec'd into another sleep) never reaps it, as a container's slow PID 1 leaves a killed zcust. Signal 0 still
 * finds it. `kill` ends the parent, after which init reaps the zombie.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

async function until(done: () => boolean): Promise<void> {
  for (let tries = 0; tries < 300 && !done(); tries++) await new Promise((r) => setTimeout(r, 10));
}

export async function zombie(): Promise<{ pid: number; kill: () => void }> {
  const parent = spawn('bash', ['-c', 'sleep 100 & echo $!; exec sleep 100'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [line] = (await once(parent.stdout, 'data')) as [Buffer];
  const pid = Number.parseInt(line.toString(), 10);
  // Killed before the exec, bash would reap it.
  await until(() => readFileSync(`/proc/${parent.pid}/comm`, 'utf8').trim() === 'sleep');
  process.kill(pid, 'SIGKILL');
  await until(() => /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8')));
  return { pid, kill: () => parent.kill() };
}
