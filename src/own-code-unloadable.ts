/**
 * A module of zcust's own that would not load when a command asked for it (each command's code, the HTTP
 * client, the sandbox are loaded on demand: see cli.ts): out of file descriptors, or an install with a file
 * missing. Neither is a bug to report, and nothing was sent yet, so it is said as bin/zcust.js says the same of
 * dist/cli.js: what to do, exit 2.
 */
import { fileURLToPath } from 'node:url';
import { loadFailure } from '../bin/load-failure.js';
import { UsageError } from './errors.js';
import { PACKAGE_ROOT } from './package-root.js';

const ROOT = fileURLToPath(PACKAGE_ROOT);

/** The usage error that `error` is, when it is such a load failure; undefined for any other error. */
export function unloadableOwnCode(error: unknown): UsageError | undefined {
  const said = loadFailure(error);
  if (said === undefined) return undefined;
  const { code, path } = error as Partial<NodeJS.ErrnoException>;
  // Only zcust's own files: every other file it opens says its own failure (the input, a report, the journal).
  const outOfDescriptorsElsewhere =
    (code === 'EMFILE' || code === 'ENFILE') && path?.startsWith(ROOT) !== true;
  return outOfDescriptorsElsewhere ? undefined : new UsageError(said, { cause: error });
}
