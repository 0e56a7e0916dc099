/**
 * `mkdir -p`, one level at a time. Node 20's mkdirSync(…, { recursive: true }) loops for ever on a path
 * under /proc (procfs answers ENOENT for the new directory and EEXIST for its parent, and Node retries):
 * a --state-dir there hung zcust at 100% CPU instead of failing.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function makeDirectory(path: string): void {
  const missing: string[] = [];
  let at = resolve(path);
  while (statSync(at, { throwIfNoEntry: false }) === undefined) {
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  // From the outermost missing level in; an existing path that is not a directory fails in mkdirSync or later.
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (error) {
      // Made meanwhile by another run: what was wanted.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
