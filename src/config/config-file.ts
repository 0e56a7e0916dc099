/**
 * Reading zcust.config.json (or --config) and choosing its profile: the file's problems said with where they are,
 * never with what the file holds around them (it may hold an API key).
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type * as z from 'zod';
import { quoted } from '../customer/text.js';
import { refuseEmpty } from '../empty-value.js';
import { UsageError } from '../errors.js';
import { DEFAULTS } from './defaults.js';
import { first } from './first-given.js';
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

/** " (line L, column C)" from a JSON.parse error's position, when it names one. */
function jsonErrorPlace(error: unknown, file: string): string {
  const position = /position (\d+)/.exec(String((error as Error).message));
  if (!position) return '';
  const before = readFileSync(file, 'utf8').slice(0, Number(position[1]));
  const lines = before.split('\n');
  return ` (line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1})`;
}

export function loadProfile(
  flags: FlagSettings,
  env: NodeJS.ProcessEnv,
  cwd: string,
): { name?: string; profile: Profile; folder?: string; file?: string } {
  const explicitFile = flags.config;
  // Not "unset" as other blank settings are: `--config "$FILE"` with FILE unset means a file was meant.
  refuseEmpty(explicitFile, '--config', 'give the config file, or leave the flag out');
  const file = resolve(cwd, explicitFile ?? DEFAULTS.configFile);
  // Empty means unset, as for every other setting.
  const wanted = first(flags.profile, env.ZCUST_PROFILE);
  if (!existsSync(file)) {
    if (explicitFile) throw new UsageError(`cannot read config file ${explicitFile}: no such file`);
    if (wanted)
      throw new UsageError(
        `profile ${quoted(wanted)} asked for, but there is no ${DEFAULTS.configFile} here`,
      );
    return { profile: {} };
  }
  if (statSync(file).isDirectory()) {
    throw new UsageError(`cannot read config file ${explicitFile ?? DEFAULTS.configFile}: it is a directory`);
  }
  let json: unknown;
  try {
    // Notepad and others start UTF-8 with a byte-order mark, which JSON.parse refuses.
    json = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    // Only where, never V8's message: it quotes the text around the error, which may be an API key.
    throw new UsageError(
      `${explicitFile ?? DEFAULTS.configFile} is not valid JSON${jsonErrorPlace(e, file)}`,
    );
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success)
    throw new UsageError(formatZodIssues(explicitFile ?? DEFAULTS.configFile, parsed.error.issues));
  const profiles = profilesOf((json as { profiles?: object }).profiles ?? {}, explicitFile);
  const name = wanted ?? parsed.data.defaultProfile;
  if (!name) return { profile: {} };
  const profile = profiles.get(name);
  if (!profile) {
    const known = [...profiles.keys()].map(quoted).join(', ') || 'none';
    throw new UsageError(
      `no profile ${quoted(name)} in ${explicitFile ?? DEFAULTS.configFile} (profiles: ${known})`,
    );
  }
  const shown = explicitFile ?? DEFAULTS.configFile;
  // A profile's relative state folder is the config file's, like any path in a file: resolved against the
  // working folder, the same import run from two folders kept two journals and created every row twice.
  // `~/…` is the home folder's, worked out when the folder is asked for (see expandHome).
  if (profile.stateDir !== undefined && !isAbsolute(profile.stateDir)) {
    // The file's real folder: reached through symbolic links from two folders, it is still one folder.
    const folder = dirname(realpathSync(file));
    if (isUnderHome(profile.stateDir)) return { name, profile, folder, file: shown };
    return { name, profile: { ...profile, stateDir: resolve(folder, profile.stateDir) }, file: shown };
  }
  return { name, profile, file: shown };
}

/**
 * The file's profiles, each checked, in a Map: looked up in a plain object, "constructor" or "toString" would
 * be found on Object.prototype, and a profile named "__proto__" would not be found at all.
 */
function profilesOf(profiles: object, explicitFile: string | undefined): Map<string, Profile> {
  const checked = new Map<string, Profile>();
  const issues: z.core.$ZodIssue[] = [];
  for (const [name, value] of Object.entries(profiles)) {
    const parsed = profileSchema.safeParse(value);
    if (parsed.success) checked.set(name, parsed.data);
    else issues.push(...parsed.error.issues.map((i) => ({ ...i, path: ['profiles', name, ...i.path] })));
  }
  if (issues.length > 0) throw new UsageError(formatZodIssues(explicitFile ?? DEFAULTS.configFile, issues));
  return checked;
}
