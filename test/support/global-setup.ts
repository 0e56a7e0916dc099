import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * End-to-end tests spawn bin/zcust, which runs the bundle in dist/; a few tests load single modules of tsc's
 * per-module build (dist-modules/). Both are built from the current sources first, by the project's one build
 * (scripts/build.mjs, as `npm run build`). Type errors are `npm run typecheck`'s to report; the build still
 * writes both, so the tests run and say what broke.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--modules'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`global setup: the build failed:\n${r.stdout}${r.stderr}`);
  if (r.stderr) process.stderr.write(r.stderr);
}
