import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * End-to-end tests spawn bin/zcust, which runs dist/: build it from the current sources first.
 * Type errors are `npm run typecheck`'s to report; tsc still emits, so the tests run and say what broke.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) process.stderr.write(`global setup: tsc reported problems:\n${r.stdout}${r.stderr}\n`);
}
