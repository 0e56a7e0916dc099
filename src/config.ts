/**
 * resolveConfig(): the one place settings are decided. Precedence, highest first:
 * command-line flags > environment > the chosen profile of zcust.config.json > defaults.
 * Secrets are read here and travel only inside Credentials; nothing here prints them.
 * The pieces it is made of, one job each, are in src/config/.
 */

import { resolve } from 'node:path';
import { targetOf } from './config/chosen-target.js';
import { loadProfile } from './config/config-file.js';
import { type CredentialName, type CredentialProblems, credential } from './config/credential.js';
import { CREDENTIAL_SOURCES, type CredentialOrigin } from './config/credential-sources.js';
import { DEFAULT_BASE_URLS, DEFAULTS } from './config/defaults.js';
import { first, givenSetting } from './config/first-given.js';
import type { FlagSettings } from './config/flag-settings.js';
import {
  defaultProfileLeftOut,
  otherTargetOf,
  profileForOtherTarget,
  withoutTenant,
} from './config/profile-for-other-target.js';
import { defaultStateDir, expandHome, isUnderHome } from './config/state-folder.js';
import { UsageError } from './errors.js';
import { MIN_SECRET_LENGTH } from './http/secret-spellings.js';
import type { TargetName } from './model.js';
import { rateProblem } from './slowest-rate.js';
import type { Credentials } from './targets/target.js';

export interface ResolvedConfig {
  target: TargetName;
  /** Undefined only for a target without a public base URL when none was given (checked by needsConnection). */
  baseUrl?: string;
  /**
   * Where the base URL given came from (`--base-url`, `ZCUST_BASE_URL`, `"baseUrl" of profile "NAME"`), for
   * requireConnection's messages; absent for the target's default.
   */
  baseUrlFrom?: { url: string; source: string };
  credentials: Partial<Credentials>;
  profile?: string;
  concurrency: number;
  rate?: number;
  retries: number;
  timeoutMs: number;
  readonly stateDir: string;
  /** No flag, variable or profile chose the state directory. */
  stateDirIsDefault: boolean;
  /**
   * For a state folder written `~/…`: the folder named "~" where an earlier zcust, which took it literally, kept
   * the journals (under the config file's folder, or the working folder). Not read now: import warns if it exists.
   */
  stateDirTakenLiterally?: string;
  /** Things the user should know (an API key on the command line, say). */
  warnings: string[];
  /** Why a credential given could not be taken; raised by requireConnection, only when it would be sent. */
  credentialProblems: CredentialProblems;
  /** Where each credential taken came from, for the message when the platform rejects it. */
  credentialOrigins: Partial<Record<CredentialName, CredentialOrigin>>;
  /**
   * Where the base URL and the timeout were set, a profile's key named with its file as a credential's is; absent
   * for a default. For the advice of a run that stops over either (connection-origins.ts).
   */
  settingOrigins: { baseUrl?: string; timeout?: string };
  /**
   * The profile is for another target than --target or ZCUST_TARGET asks for: raised by requireConnection, only
   * when something would be sent (its credentials and base URL are left out here, not taken for this target).
   */
  profileForOtherTarget?: string;
}

export function resolveConfig(
  flags: FlagSettings,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): ResolvedConfig {
  const warnings: string[] = [];
  const loaded = loadProfile(flags, env, cwd);
  const target = targetOf(flags, env, loaded.profile);
  const targetGivenBy = flags.target ? '--target' : 'ZCUST_TARGET';
  const profileTarget = otherTargetOf(loaded.profile, target);
  let { name, profile } = loaded;
  let otherTarget: string | undefined;
  if (profileTarget !== undefined && name !== undefined && loaded.source !== undefined) {
    if (loaded.source === 'defaultProfile') {
      // Not asked for by this run: refused, it blocked an import that variables and flags set up whole for
      // another target, and the only way out offered sent the file to the default's tenant.
      warnings.push(defaultProfileLeftOut(name, loaded.file, profileTarget, target, targetGivenBy));
      name = undefined;
      profile = {};
    } else {
      // Refused only where something would be sent (requireConnection): validate, --dry-run and --sandbox
      // send nothing of it, and run with its other settings.
      otherTarget = profileForOtherTarget(
        { name, source: loaded.source },
        profileTarget,
        target,
        targetGivenBy,
      );
      profile = withoutTenant(profile);
    }
  }
  const sources = CREDENTIAL_SOURCES[target];
  if (flags.apiKey) {
    warnings.push(
      `--api-key on the command line can be seen by other users of this machine (ps, shell history); prefer ${sources.apiKey.env}`,
    );
  }
  const credentials: Partial<Credentials> = {};
  const credentialProblems: CredentialProblems = {};
  const credentialOrigins: ResolvedConfig['credentialOrigins'] = {};
  const inProfile = (key: string) => `"${key}" of profile "${name}"`;
  // Where a setting is told, the file too: which of several config files (--config) held it.
  const inProfileFile = (key: string) => `${inProfile(key)} in ${loaded.file}`;
  // `from` is the profile's when it is the name inProfile gave `key`, not when it merely ends like one.
  const inFile = (key: string, from: string) => (from === inProfile(key) ? inProfileFile(key) : from);
  const take = (
    key: CredentialName,
    source: { env: string; flag: string; uuid?: string; scheme?: string },
  ) => {
    const { value, problem, origin } = credential(
      [
        [flags[key], source.flag],
        [env[source.env], source.env],
        [profile[key], inProfile(key)],
      ],
      // A shorter key could not be taken out of what servers answer (see MIN_SECRET_LENGTH): it would leak.
      key === 'apiKey' ? { minLength: MIN_SECRET_LENGTH, scheme: source.scheme } : { uuidOf: source.uuid },
    );
    if (value) credentials[key] = value;
    const withFile = (from: string) => inFile(key, from);
    if (origin) credentialOrigins[key] = { from: withFile(origin.from), over: origin.over.map(withFile) };
    if (problem) credentialProblems[key] = problem;
  };
  take('apiKey', sources.apiKey);
  if ('organisation' in sources) take('organisation', sources.organisation);
  if ('businessId' in sources) take('businessId', sources.businessId);
  const fromCommandLine = first(flags.stateDir, env.ZCUST_STATE_DIR);
  const chosenStateDir = fromCommandLine ?? first(profile.stateDir);
  const resolved: ResolvedConfig = {
    target,
    credentials,
    credentialProblems,
    credentialOrigins,
    settingOrigins: {},
    concurrency: first(flags.concurrency, profile.concurrency) ?? DEFAULTS.concurrency,
    retries: first(flags.retries, profile.retries) ?? DEFAULTS.retries,
    timeoutMs: first(flags.timeout, profile.timeout) ?? DEFAULTS.timeoutMs,
    // Worked out when asked for: only an import keeps journals, and one without a home folder must not stop
    // a validate.
    get stateDir() {
      return chosenStateDir === undefined ? defaultStateDir(env) : expandHome(chosenStateDir, env);
    },
    stateDirIsDefault: chosenStateDir === undefined,
    warnings,
  };
  if (chosenStateDir !== undefined && isUnderHome(chosenStateDir)) {
    resolved.stateDirTakenLiterally = resolve(
      fromCommandLine === undefined ? (loaded.folder ?? cwd) : cwd,
      chosenStateDir,
    );
  }
  const baseUrlSources = [
    [flags.baseUrl, '--base-url'],
    [env.ZCUST_BASE_URL, 'ZCUST_BASE_URL'],
    [profile.baseUrl, inProfile('baseUrl')],
  ] as const;
  const given = baseUrlSources
    .map(([url, source]) => [givenSetting(url), source] as const)
    .find(([url]) => url !== undefined);
  // A blank base URL (`--base-url "$STAGING_URL"` with the variable unset, a profile's "baseUrl": " ") is no base
  // URL, not the default: falling back to the platform's own sent a staging import to production. A blank
  // --base-url is refused whatever is behind it; a blank variable or profile key only when nothing below gives one.
  const blank = (value: string | undefined) => value !== undefined && givenSetting(value) === undefined;
  const emptySource = blank(flags.baseUrl)
    ? '--base-url'
    : given === undefined
      ? baseUrlSources.find(([url]) => blank(url))?.[1]
      : undefined;
  const baseUrl = emptySource ? undefined : (given?.[0] ?? DEFAULT_BASE_URLS[target]);
  if (baseUrl) resolved.baseUrl = baseUrl;
  if (emptySource) resolved.baseUrlFrom = { url: '', source: emptySource };
  else if (given?.[0] !== undefined) {
    resolved.baseUrlFrom = { url: given[0], source: given[1] };
    resolved.settingOrigins.baseUrl = inFile('baseUrl', given[1]);
  }
  if (flags.timeout !== undefined) resolved.settingOrigins.timeout = '--timeout';
  else if (profile.timeout !== undefined) resolved.settingOrigins.timeout = inProfileFile('timeout');
  const rateFlagProblem = flags.rate === undefined ? undefined : rateProblem(flags.rate);
  if (rateFlagProblem !== undefined) throw new UsageError(`--rate ${flags.rate}: must be ${rateFlagProblem}`);
  const rate = first(flags.rate, profile.rate);
  if (rate !== undefined) resolved.rate = rate;
  if (name) resolved.profile = name;
  if (otherTarget) resolved.profileForOtherTarget = otherTarget;
  return resolved;
}
