/**
 * What to do with a file whose contents are another format than its name says: the --format that reads it, and,
 * for a file, the name that would have told zcust so, as a command to paste (shell-word.ts quotes it). Standard
 * input and pipes have no name to change. A name already taken is not advised: `mv` would overwrite that file
 * (`mv -n` would do nothing, and say nothing).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { shellPath } from '../util/shell-word.js';
import { formatFromPath } from './detect.js';
import type { InputFormat } from './types.js';

/** `file`: the path of a regular file, undefined for standard input or a pipe. */
export function readWithFormat(format: InputFormat, file: string | undefined): string {
  const flag = `read it with --format ${format}`;
  // A name that already says the format was overridden by a wrong --format: renaming would change nothing.
  if (file === undefined || formatFromPath(file) === format) return flag;
  const renamed = `${file.slice(0, file.length - path.extname(file).length)}.${format}`;
  if (existsSync(renamed)) return flag;
  return `${flag}, or name it .${format}: mv ${shellPath(file)} ${shellPath(renamed)}`;
}
