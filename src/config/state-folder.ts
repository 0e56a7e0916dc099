/**
 * Where the resume journals live when nothing says, and a state folder written `~/…` read as the home folder's:
 * both need the home folder, which a bare HOME does not always give.
 */
import { homedir, userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { UsageError } from '../errors.js';

/**
 * Where journals live by default: the user's state directory (XDG), not the working directory. An import is
 * its input file × target × base URL × tenant wherever it is run from; a journal under the working directory
 * was missed by a re-run started from another folder, which then created every row again.
 */
export function defaultStateDir(env: NodeJS.ProcessEnv): string {
  // The XDG specification ignores a relative XDG_STATE_HOME.
  const xdg = env.XDG_STATE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'zcust');
  const home = homeFolder(env);
  // An empty or relative HOME would put the journals under the working folder, one set per folder.
  if (home === undefined) {
    throw new UsageError(
      'cannot tell where to keep the resume journals (no home folder: HOME is empty or relative): set --state-dir or ZCUST_STATE_DIR',
    );
  }
  return join(home, '.local', 'state', 'zcust');
}

function homeFolder(env: NodeJS.ProcessEnv): string | undefined {
  return [env.HOME, homedir(), accountHome()].find((h) => h !== undefined && isAbsolute(h));
}

export const isUnderHome = (path: string) => path === '~' || path.startsWith('~/');

/**
 * A state folder written `~/…` where no shell expands it (a profile's "stateDir", a quoted ZCUST_STATE_DIR): the
 * home folder's, not a folder named "~" under the config file's or the working folder.
 */
export function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  if (!isUnderHome(path)) return path;
  const home = homeFolder(env);
  if (home === undefined) {
    throw new UsageError(
      `cannot tell what "~" is in the state folder "${path}" (no home folder: HOME is empty or relative)`,
    );
  }
  return join(home, path.slice(2));
}

/** The home folder of the account, from the system's user database (it throws where there is none). */
function accountHome(): string | undefined {
  try {
    return userInfo().homedir;
  } catch {
    return undefined;
  }
}
