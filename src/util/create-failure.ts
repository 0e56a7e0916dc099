/**
 * Why a file could not be created, in words. ENOENT does not always mean a missing folder: /proc refuses new
 * files with it, and a symbolic link to a place that does not exist gives it too.
 */
import { existsSync, lstatSync } from 'node:fs';
import { dirname } from 'node:path';
import { ioReason } from '../errors.js';

export function createFailure(path: string, error: unknown): string {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return ioReason(error);
  if (!existsSync(dirname(path))) return 'its folder does not exist';
  if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) {
    return 'it is a symbolic link to a place where the file cannot be created';
  }
  return 'its folder does not let files be created';
}
