/**
 * Which target a run is for: --target, ZCUST_TARGET, the profile's, zenskar. Its own file because sandbox and
 * sample-csv ask for the target alone, without the rest of the configuration.
 */
import { quoted } from '../customer/text.js';
import { UsageError } from '../errors.js';
import { TARGET_NAMES, type TargetName } from '../model.js';
import { loadProfile } from './config-file.js';
import { DEFAULTS } from './defaults.js';
import { givenSetting } from './first-given.js';
import type { FlagSettings } from './flag-settings.js';
import type { Profile } from './profile-schema.js';

function parseTarget(value: string | undefined, where: string): TargetName | undefined {
  const given = givenSetting(value);
  if (given === undefined) return undefined;
  const t = given.toLowerCase();
  if ((TARGET_NAMES as readonly string[]).includes(t)) return t as TargetName;
  throw new UsageError(`${where}: unknown target ${quoted(given)} (choose ${TARGET_NAMES.join(', ')})`);
}

/**
 * The target alone, as resolveConfig settles it, for a command that sends nothing anywhere (`zcust sandbox`):
 * a profile for another target is not refused, since its credentials and base URL are not used at all.
 */
export function resolveTarget(
  flags: Pick<FlagSettings, 'target' | 'config' | 'profile'>,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): TargetName {
  return targetOf(flags, env, loadProfile(flags, env, cwd).profile);
}

/**
 * The target sample-csv writes the template for, as validate and import settle it (--target, ZCUST_TARGET, the
 * profile's target, zenskar), except that a configuration it cannot use (a zcust.config.json that is no JSON, a
 * ZCUST_PROFILE it does not hold) is no reason to refuse a template, which sends nothing: it is said (`warn`) and
 * left out. A --config or --profile the user typed for this command is refused (as sandbox refuses it): the
 * template of another target than the one asked for would be no help. It is read only when neither --target nor
 * ZCUST_TARGET names one.
 */
export function resolveTemplateTarget(
  flags: Pick<FlagSettings, 'target' | 'config' | 'profile'>,
  env: NodeJS.ProcessEnv,
  cwd: string,
  warn: (message: string) => void,
): TargetName {
  const given = givenTarget(flags, env);
  if (given !== undefined) return given;
  try {
    return loadProfile(flags, env, cwd).profile.target ?? DEFAULTS.target;
  } catch (error) {
    const asked = flags.config !== undefined || flags.profile !== undefined;
    if (!(error instanceof UsageError) || asked) throw error;
    warn(`${error.message}; writing the ${DEFAULTS.target} template (--target names another)`);
    return DEFAULTS.target;
  }
}

/** The target --target or ZCUST_TARGET names, which outrank a profile's. */
function givenTarget(flags: Pick<FlagSettings, 'target'>, env: NodeJS.ProcessEnv): TargetName | undefined {
  return parseTarget(flags.target, '--target') ?? parseTarget(env.ZCUST_TARGET, 'ZCUST_TARGET');
}

export function targetOf(
  flags: Pick<FlagSettings, 'target'>,
  env: NodeJS.ProcessEnv,
  profile: Profile,
): TargetName {
  return givenTarget(flags, env) ?? profile.target ?? DEFAULTS.target;
}
