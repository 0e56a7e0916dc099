/**
 * The working folder, which every command reads (the config file, the default report, relative paths: Node asks
 * the system for it each time). When it has been deleted under a shell that is still in it, the system's
 * answer was "internal error: ENOENT: no such file or directory, uv_cwd", exit 70, for what is the user's to
 * mend.
 */
import { UsageError } from './errors.js';

export function currentFolder(): string {
  try {
    return process.cwd();
  } catch (error) {
    if ((error as Partial<NodeJS.ErrnoException>).code !== 'ENOENT') throw error;
    throw new UsageError('the current folder no longer exists: cd to one that does', { cause: error });
  }
}
