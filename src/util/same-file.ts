/** Whether two paths name one file: the same path, or a hard link or symbolic link to the same file. */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export function isSameFile(a: string, b: string, cwd: string): boolean {
  const pathA = resolve(cwd, a);
  const pathB = resolve(cwd, b);
  if (pathA === pathB) return true;
  // A path that does not exist yet (a new report) is no other file.
  const statA = statSync(pathA, { throwIfNoEntry: false });
  const statB = statSync(pathB, { throwIfNoEntry: false });
  return statA !== undefined && statB !== undefined && statA.dev === statB.dev && statA.ino === statB.ino;
}
