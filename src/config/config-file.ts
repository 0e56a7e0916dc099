/**
 * Reading zcust.config.json (or --config) and choosing its profile: the file's problems said with where they are,
 * never with what the file holds around them (it may hold an API key).
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type * as z from 'zod';
import { quoted } from '../customer/text.js';
import { refuseEmpty } from '../empty-value.js';
import { UsageError } from '../errors.js';
import { readConfigJson } from './config-json.js';
import { DEFAULTS } from './defaults.js';
import { givenSetting } from './first-given.js';
import type { FlagSettings } from './flag-settings.js';
import { configFileSchema, type Profile, profileSchema } from './profile-schema.js';
import { isUnderHome } from './state-folder.js';

function formatZodIssues(file: string, issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((i) => {
      const path = i.path.join('.');
      const what =
        i.code === 'unrecognized_keys' ? `unknown key ${i.keys.map((k) => `"${k}"`).join(', ')}` : i.message;
      return `${file}: ${path ? `${path}: ` : ''}${what}`;
    })
    .join('\n');
}

/**
 * Where the profile's name came from, named in its errors as a target's are (`ZCUST_TARGET: …`): a ZCUST_PROFILE
 * exported long ago and forgotten was otherwise not to be found. Only the file's default gives way to a target
 * asked for (see resolveConfig).
 */
export type ProfileSource = '--profile' | 'ZCUST_PROFILE' | 'defaultProfile';

interface LoadedProfile {
  name?: string;
  source?: ProfileSource;
  profile: Profile;
  folder?: string;
  file?: string;
}

/** The profile the command line or the environment names, if one does (--profile outranks ZCUST_PROFILE). */
function profileAskedFor(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): { name: string; source: ProfileSource } | undefined {
  // Not "unset" as a blank variable is: `--profile "$P"` with P unset meant a profile, and the file's default,
  // taken in its place, may be another tenant. --no-profile says "none".
  refuseEmpty(flag, '--profile', 'name the profile, or give --no-profile to use none');
  const fromFlag = givenSetting(flag);
  if (fromFlag !== undefined) return { name: fromFlag, source: '--profile' };
  // Empty means unset, as for every other variable.
  const fromEnv = givenSetting(env.ZCUST_PROFILE);
  return fromEnv === undefined ? undefined : { name: fromEnv, source: 'ZCUST_PROFILE' };
}

export function loadProfile(flags: FlagSettings, env: NodeJS.ProcessEnv, cwd: string): LoadedProfile {
  // --no-profile: no file is read, so a config file zcust cannot use (another user's, a broken one) stops nothing.
  if (flags.profile === false) return { profile: {} };
  const explicitFile = flags.config;
  // Not "unset" as other blank settings are: `--config "$FILE"` with FILE unset means a file was meant.
  refuseEmpty(explicitFile, '--config', 'give the config file, or leave the flag out');
  const file = resolve(cwd, explicitFile ?? DEFAULTS.configFile);
  const shown = explicitFile ?? DEFAULTS.configFile;
  const wanted = profileAskedFor(flags.profile, env);
  if (!existsSync(file)) {
    if (explicitFile) throw new UsageError(`cannot read config file ${explicitFile}: no such file`);
    if (wanted)
      throw new UsageError(
        `${wanted.source}: profile ${quoted(wanted.name)} asked for, but there is no ${DEFAULTS.configFile} here`,
      );
    return { profile: {} };
  }
  const json = readConfigJson(file, shown);
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(formatZodIssues(shown, parsed.error.issues));
  const profiles = profilesOf((json as { profiles?: object }).profiles ?? {}, shown);
  const defaultName = givenSetting(parsed.data.defaultProfile);
  const chosen =
    wanted ??
    (defaultName === undefined ? undefined : { name: defaultName, source: 'defaultProfile' as const });
  if (!chosen) return { profile: {} };
  const { name, source } = chosen;
  const profile = profiles.get(name);
  if (!profile) {
    const known = [...profiles.keys()].map(quoted).join(', ') || 'none';
    throw new UsageError(`${source}: no profile ${quoted(name)} in ${shown} (profiles: ${known})`);
  }
  // A profile's relative state folder is the config file's, like any path in a file: resolved against the
  // working folder, the same import run from two folders kept two journals and created every row twice.
  // `~/…` is the home folder's, worked out when the folder is asked for (see expandHome).
  const stateDir = givenSetting(profile.stateDir);
  if (stateDir !== undefined && !isAbsolute(stateDir)) {
    // The file's real folder: reached through symbolic links from two folders, it is still one folder.
    const folder = dirname(realpathSync(file));
    if (isUnderHome(stateDir)) return { name, source, profile, folder, file: shown };
    return {
      name,
      source,
      profile: { ...profile, stateDir: resolve(folder, stateDir) },
      file: shown,
    };
  }
  return { name, source, profile, file: shown };
}

/**
 * The file's profiles, each checked, in a Map: looked up in a plain object, "constructor" or "toString" would
 * be found on Object.prototype, and a profile named "__proto__" would not be found at all.
 */
function profilesOf(profiles: object, shown: string): Map<string, Profile> {
  const checked = new Map<string, Profile>();
  const issues: z.core.$ZodIssue[] = [];
  for (const [name, value] of Object.entries(profiles)) {
    const parsed = profileSchema.safeParse(value);
    if (parsed.success) checked.set(name, parsed.data);
    else issues.push(...parsed.error.issues.map((i) => ({ ...i, path: ['profiles', name, ...i.path] })));
  }
  if (issues.length > 0) throw new UsageError(formatZodIssues(shown, issues));
  return checked;
}
