/** Whether two paths name one file: the same path, or a hard link or symbolic link to the same file. */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export function isSameFile(a: string, b: string, cwd: string): boolean {
  const pathA = resolve(cwd, a);
  const pathB = resolve(cwd, b);
  if (pathA === pathB) return true;
  const statA = statOrNothing(pathA);
  const statB = statOrNothing(pathB);
  return statA !== undefined && statB !== undefined && statA.dev === statB.dev && statA.ino === statB.ino;
}

/** A path that does not exist yet (a new report) or cannot be looked at is no other file: opening it says why. */
function statOrNothing(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
