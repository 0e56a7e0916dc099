/**
 * resolveConfig(): the one place settings are decided. Precedence, highest first:
 * command-line flags > environment > the chosen profile of zcust.config.json > defaults.
 * Secrets are read here and travel only inside Credentials; nothing here prints them.
 */

import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import * as z from 'zod';
import { CREDENTIAL_SOURCES, type CredentialOrigin } from './credential-sources.js';
import { UsageError } from './errors.js';
import { secretsOf } from './http/redact.js';
import { assertSafeBaseUrl } from './http/safe-base-url.js';
import { MIN_SECRET_LENGTH } from './http/secret-spellings.js';
import { TARGET_NAMES, type TargetName } from './model.js';
import { MAX_TIMER_MS, wholeNumberProblem } from './number-flags.js';
import { MIN_RATE, rateProblem } from './slowest-rate.js';
import type { Credentials } from './targets/target.js';

export const DEFAULTS = {
  target: 'zenskar' as TargetName,
  concurrency: 8,
  retries: 5,
  timeoutMs: 30_000,
  configFile: 'zcust.config.json',
} as const;

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

const isUnderHome = (path: string) => path === '~' || path.startsWith('~/');

/**
 * A state folder written `~/…` where no shell expands it (a profile's "stateDir", a quoted ZCUST_STATE_DIR): the
 * home folder's, not a folder named "~" under the config file's or the working folder.
 */
function expandHome(path: string, env: NodeJS.ProcessEnv): string {
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

export const DEFAULT_BASE_URLS: Record<TargetName, string | undefined> = {
  zenskar: 'https://api.zenskar.com',
  dayzero: 'https://api.ondayzero.com',
  ambiosys: undefined,
};

/**
 * A whole number from `min` (to `max`), refused in the words its flag uses (wholeNumberProblem), with what was
 * given: zod's own "Invalid input: expected int, received number" for a concurrency of 2.5 named no rule. A
 * number given is quoted; text is not (it may be a key pasted into the wrong setting).
 */
function wholeNumberSetting(min: number, max = Number.MAX_SAFE_INTEGER) {
  const error = (issue: { input?: unknown }) => {
    const given = typeof issue.input === 'number' ? issue.input : undefined;
    const rule = wholeNumberProblem(given, min, max) ?? `a whole number from ${min} to ${max}`;
    return `must be ${rule} (got ${describeSetting(issue.input)})`;
  };
  // One message a value, however many checks it fails (1e20 is no safe integer, and too large).
  return z.number({ error }).int({ error, abort: true }).min(min, { error, abort: true }).max(max, { error });
}

function describeSetting(value: unknown): string {
  // JSON's 1e400 is read as Infinity, a word the file does not hold.
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a number too large to hold';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'string') return 'text';
  return Array.isArray(value) ? 'a list' : 'an object';
}

const rateError = (issue: { input?: unknown }) =>
  `must be ${rateProblem(typeof issue.input === 'number' ? issue.input : undefined)} (got ${describeSetting(issue.input)})`;

const profileSchema = z
  .object({
    // In any case, as --target and ZCUST_TARGET take it: "DayZero" is dayzero.
    target: z
      .preprocess(
        (value) => (typeof value === 'string' ? value.toLowerCase() : value),
        z.enum(TARGET_NAMES as [TargetName, ...TargetName[]]),
      )
      .optional(),
    // Blank is checked with the flag's and the variable's (resolveConfig), in their words, not zod's.
    baseUrl: z.string().optional(),
    apiKey: z.string().min(1).optional(),
    organisation: z.string().min(1).optional(),
    businessId: z.string().min(1).optional(),
    concurrency: wholeNumberSetting(1).optional(),
    rate: z.number({ error: rateError }).min(MIN_RATE, { error: rateError }).optional(),
    retries: wholeNumberSetting(0).optional(),
    // Longer than a Node timer holds, a timeout would fire after 1 ms.
    timeout: wholeNumberSetting(1, MAX_TIMER_MS).optional(),
    stateDir: z.string().min(1).optional(),
  })
  .strict();

/**
 * The profiles are checked one by one (profilesOf), not here: zod's record leaves out a key named "__proto__",
 * which JSON.parse makes an own key like any other, so a profile of that name would go unchecked and unfound.
 */
const configFileSchema = z
  .object({
    defaultProfile: z.string().optional(),
    profiles: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export type Profile = z.infer<typeof profileSchema>;

/** What the command line gave (commander's parsed options, already typed). */
export interface FlagSettings {
  target?: string;
  baseUrl?: string;
  apiKey?: string;
  organisation?: string;
  businessId?: string;
  profile?: string;
  config?: string;
  concurrency?: number;
  rate?: number;
  retries?: number;
  timeout?: number;
  stateDir?: string;
}

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
   * The profile is for another target than --target or ZCUST_TARGET asks for: raised by requireConnection, only
   * when something would be sent (its credentials and base URL are left out here, not taken for this target).
   */
  profileForOtherTarget?: string;
}

type CredentialName = keyof Credentials;
type CredentialProblems = Partial<Record<CredentialName, string>>;

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

function loadProfile(
  flags: FlagSettings,
  env: NodeJS.ProcessEnv,
  cwd: string,
): { name?: string; profile: Profile; folder?: string; file?: string } {
  const explicitFile = flags.config;
  // Not "unset" as other blank settings are: `--config "$FILE"` with FILE unset means a file was meant.
  if (explicitFile !== undefined && explicitFile.trim() === '') {
    throw new UsageError(
      '--config is empty (an unset variable?): give the config file, or leave the flag out',
    );
  }
  const file = resolve(cwd, explicitFile ?? DEFAULTS.configFile);
  // Empty means unset, as for every other setting.
  const wanted = first(flags.profile, env.ZCUST_PROFILE);
  if (!existsSync(file)) {
    if (explicitFile) throw new UsageError(`cannot read config file ${explicitFile}: no such file`);
    if (wanted)
      throw new UsageError(`profile "${wanted}" asked for, but there is no ${DEFAULTS.configFile} here`);
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
    const known = [...profiles.keys()].join(', ') || 'none';
    throw new UsageError(
      `no profile "${name}" in ${explicitFile ?? DEFAULTS.configFile} (profiles: ${known})`,
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

function parseTarget(value: string | undefined, where: string): TargetName | undefined {
  if (value === undefined || value === '') return undefined;
  const t = value.toLowerCase();
  if ((TARGET_NAMES as readonly string[]).includes(t)) return t as TargetName;
  throw new UsageError(`${where}: unknown target "${value}" (choose ${TARGET_NAMES.join(', ')})`);
}

const first = <T>(...values: (T | undefined)[]): T | undefined =>
  // Blank is unset too: ZCUST_STATE_DIR=" " made a folder named " " in the working folder.
  values.find((v) => v !== undefined && !(typeof v === 'string' && v.trim() === ''));

/**
 * The first credential given, highest precedence first, with the whitespace around it dropped (a key read
 * from a file often ends in CR or LF). One with a control character or a non-ASCII character inside cannot
 * be sent in a header: that is the setting's problem, named, not an internal error halfway through the run.
 * It is only recorded here, not raised: validate, --dry-run and --sandbox never send it, and must not be
 * refused over it (requireConnection raises it).
 */
function credential(
  candidates: Array<[value: string | undefined, source: string]>,
  minLength = 1,
): {
  value?: string;
  problem?: string;
  origin?: CredentialOrigin;
} {
  for (const [i, [value, source]] of candidates.entries()) {
    const trimmed = value?.trim();
    if (!trimmed) continue;
    if (trimmed.length < minLength) {
      return {
        problem: `${source} is ${trimmed.length} character${trimmed.length === 1 ? '' : 's'} long, too short for an API key: zcust takes keys of ${minLength} characters or more (real ones are longer), so that it can keep the key out of everything it writes even when a server echoes it; set it again`,
      };
    }
    if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
      return {
        problem: `${source} holds a control character (a line break or tab inside the value); set it again`,
      };
    }
    // Keys and ids are ASCII; anything else came with a copy and paste, and a header could not carry it.
    const foreign = /[^\u0020-\u007e]/u.exec(trimmed)?.[0];
    if (foreign !== undefined) {
      const codePoint = `U+${foreign.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
      return {
        problem: `${source} holds ${codePoint}, which is not a plain ASCII character (a curly quote or an invisible space copied with it?); set it again`,
      };
    }
    const over = candidates.slice(i + 1).flatMap(([below, from]) => (below?.trim() ? [from] : []));
    return { value: trimmed, origin: { from: source, over } };
  }
  return {};
}

/**
 * A profile describes one tenant on one target: its key and base URL must not go to another platform when
 * --target or ZCUST_TARGET says otherwise. A profile without credentials or a base URL (only concurrency,
 * say) fits any target. Why such a profile cannot be used to send, or undefined when it can.
 */
function profileForOtherTarget(
  name: string | undefined,
  profile: Profile,
  target: TargetName,
  overriddenBy: string,
): string | undefined {
  const profileTarget = profile.target ?? DEFAULTS.target;
  const targetBound = profile.apiKey ?? profile.organisation ?? profile.businessId ?? profile.baseUrl;
  if (name === undefined || profileTarget === target || targetBound === undefined) return undefined;
  return `profile "${name}" is for ${profileTarget}, but ${overriddenBy} asks for ${target}: its credentials and base URL are not sent elsewhere. Choose a profile for ${target} (--profile), or drop ${overriddenBy}`;
}

/** A profile without what ties it to its tenant: its credentials and base URL. */
function withoutTenant({ apiKey, organisation, businessId, baseUrl, ...settings }: Profile): Profile {
  return settings;
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
 * ZCUST_PROFILE it does not hold) is no reason to refuse a template, which sends nothing and has no --config to
 * point elsewhere: it is said (`warn`) and left out. It is read only when neither the flag nor the variable names one.
 */
export function resolveTemplateTarget(
  flags: Pick<FlagSettings, 'target'>,
  env: NodeJS.ProcessEnv,
  cwd: string,
  warn: (message: string) => void,
): TargetName {
  const given = givenTarget(flags, env);
  if (given !== undefined) return given;
  try {
    return loadProfile(flags, env, cwd).profile.target ?? DEFAULTS.target;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    warn(`${error.message}; writing the ${DEFAULTS.target} template (--target names another)`);
    return DEFAULTS.target;
  }
}

/** The target --target or ZCUST_TARGET names, which outrank a profile's. */
function givenTarget(flags: Pick<FlagSettings, 'target'>, env: NodeJS.ProcessEnv): TargetName | undefined {
  return parseTarget(flags.target, '--target') ?? parseTarget(env.ZCUST_TARGET, 'ZCUST_TARGET');
}

function targetOf(flags: Pick<FlagSettings, 'target'>, env: NodeJS.ProcessEnv, profile: Profile): TargetName {
  return givenTarget(flags, env) ?? profile.target ?? DEFAULTS.target;
}

export function resolveConfig(
  flags: FlagSettings,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): ResolvedConfig {
  const loaded = loadProfile(flags, env, cwd);
  const { name } = loaded;
  const target = targetOf(flags, env, loaded.profile);
  // Refused only where something would be sent (requireConnection): validate, --dry-run and --sandbox send
  // nothing of it, and a default profile for another target stopped them with exit 2.
  const otherTarget = profileForOtherTarget(
    name,
    loaded.profile,
    target,
    flags.target ? '--target' : 'ZCUST_TARGET',
  );
  const profile = otherTarget ? withoutTenant(loaded.profile) : loaded.profile;
  const sources = CREDENTIAL_SOURCES[target];
  const warnings: string[] = [];
  if (flags.apiKey) {
    warnings.push(
      `--api-key on the command line can be seen by other users of this machine (ps, shell history); prefer ${sources.apiKey.env}`,
    );
  }
  const credentials: Partial<Credentials> = {};
  const credentialProblems: CredentialProblems = {};
  const credentialOrigins: ResolvedConfig['credentialOrigins'] = {};
  const inProfile = (key: CredentialName) => `"${key}" of profile "${name}"`;
  const take = (key: CredentialName, source: { env: string; flag: string }) => {
    const { value, problem, origin } = credential(
      [
        [flags[key], source.flag],
        [env[source.env], source.env],
        [profile[key], inProfile(key)],
      ],
      // A shorter key could not be taken out of what servers answer (see MIN_SECRET_LENGTH): it would leak.
      key === 'apiKey' ? MIN_SECRET_LENGTH : 1,
    );
    if (value) credentials[key] = value;
    // The file too: which of several config files (--config) held the key that was rejected.
    const inFile = (from: string) => (from === inProfile(key) ? `${from} in ${loaded.file}` : from);
    if (origin) credentialOrigins[key] = { from: inFile(origin.from), over: origin.over.map(inFile) };
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
    [profile.baseUrl, `"baseUrl" of profile "${name}"`],
  ] as const;
  const given = baseUrlSources.find(([url]) => first(url) !== undefined);
  // A blank base URL (`--base-url "$STAGING_URL"` with the variable unset, a profile's "baseUrl": " ") is no base
  // URL, not the default: falling back to the platform's own sent a staging import to production. A blank
  // --base-url is refused whatever is behind it; a blank variable or profile key only when nothing below gives one.
  const blank = (value: string | undefined) => value !== undefined && value.trim() === '';
  const emptySource = blank(flags.baseUrl)
    ? '--base-url'
    : given === undefined
      ? baseUrlSources.find(([url]) => blank(url))?.[1]
      : undefined;
  const baseUrl = emptySource ? undefined : (given?.[0] ?? DEFAULT_BASE_URLS[target]);
  if (baseUrl) resolved.baseUrl = baseUrl;
  if (emptySource) resolved.baseUrlFrom = { url: '', source: emptySource };
  else if (given?.[0] !== undefined) resolved.baseUrlFrom = { url: given[0], source: given[1] };
  const rateFlagProblem = flags.rate === undefined ? undefined : rateProblem(flags.rate);
  if (rateFlagProblem !== undefined) throw new UsageError(`--rate ${flags.rate}: must be ${rateFlagProblem}`);
  const rate = first(flags.rate, profile.rate);
  if (rate !== undefined) resolved.rate = rate;
  if (name) resolved.profile = name;
  if (otherTarget) resolved.profileForOtherTarget = otherTarget;
  return resolved;
}

/**
 * The base URL's checks (assertSafeBaseUrl), their messages saying where it was set: "the base URL is not a
 * valid URL" left the user to guess among --base-url, ZCUST_BASE_URL and the profile.
 */
function checkBaseUrl(url: string, source: string, target: TargetName): void {
  try {
    assertSafeBaseUrl(url, DEFAULT_BASE_URLS[target]);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const message = error.message.startsWith('the base URL ')
      ? `${source} ${error.message.slice('the base URL '.length)}`
      : `${source}: ${error.message}`;
    throw new UsageError(message, { cause: error });
  }
}

/**
 * A base URL with the API key in its path (`https://proxy.example/zsk_live_…/`) would carry it into every
 * message that names the URL, the --json summary, the reports and the resume journal's header: refused, as
 * credentials in its user part are, without echoing it. Any run of the key the answers' redaction would take
 * out counts, in any case or encoding.
 */
function refuseKeyInBaseUrl(
  url: string,
  apiKey: string,
  source: string,
  key: { env: string; flag: string },
): void {
  const secrets = secretsOf({ 'x-api-key': apiKey });
  // A server decodes `%5F` as `_`: the key spelled with characters encoded that need not be is the key.
  if (secrets.find(url).length === 0 && secrets.find(percentDecoded(url)).length === 0) return;
  throw new UsageError(
    `${source} holds the API key (or part of it): give the base URL without it, and the key with ${key.env} or ${key.flag}`,
  );
}

/** Every run of percent-escapes that decodes as UTF-8, decoded; a malformed one stays as written. */
function percentDecoded(url: string): string {
  return url.replace(/(?:%[0-9a-f]{2})+/gi, (escapes) => {
    try {
      return decodeURIComponent(escapes);
    } catch {
      return escapes;
    }
  });
}

/** A blank base URL where the platform's own would otherwise be taken: one message for its three sources. */
function emptyBaseUrl(source: string, target: TargetName): UsageError {
  const own = DEFAULT_BASE_URLS[target];
  const fromProfile = source.startsWith('"baseUrl"');
  const leaveOut =
    source === '--base-url' ? 'leave the flag out' : fromProfile ? 'remove the key' : 'unset it';
  return new UsageError(
    `${source} is empty${fromProfile ? '' : ' (an unset variable?)'}: give the base URL${own ? `, or ${leaveOut} for ${target}'s own (${own})` : ''}`,
  );
}

/** For a run that will talk to the platform: every credential present, a base URL known. */
export function requireConnection(config: ResolvedConfig): { baseUrl: string; credentials: Credentials } {
  const sources = CREDENTIAL_SOURCES[config.target];
  if (config.profileForOtherTarget) throw new UsageError(config.profileForOtherTarget);
  const { apiKey, organisation, businessId } = config.credentials;
  // A credential replaced since (the embedded sandbox's own) makes its problem moot.
  for (const [key, problem] of Object.entries(config.credentialProblems)) {
    if (config.credentials[key as CredentialName] === undefined) throw new UsageError(problem);
  }
  const missing: string[] = [];
  if (!apiKey) missing.push(`the API key (set ${sources.apiKey.env} or pass ${sources.apiKey.flag})`);
  if ('organisation' in sources && !organisation) {
    missing.push(
      `the organisation id (set ${sources.organisation.env} or pass ${sources.organisation.flag})`,
    );
  }
  if ('businessId' in sources && !businessId) {
    missing.push(`the business id (set ${sources.businessId.env} or pass ${sources.businessId.flag})`);
  }
  if (!config.baseUrl && config.baseUrlFrom?.url === '')
    throw emptyBaseUrl(config.baseUrlFrom.source, config.target);
  if (!config.baseUrl) {
    missing.push(`the base URL: ${config.target} publishes none (set ZCUST_BASE_URL or pass --base-url)`);
  }
  if (missing.length > 0 || !apiKey || !config.baseUrl) {
    throw new UsageError(`cannot import into ${config.target}: missing ${missing.join('; ')}`);
  }
  // Checked again where requests are made; here, a base URL the user gave is refused naming where it was
  // given, as a credential is. One replaced since (the embedded sandbox's own) is not the user's.
  // The key first: checkBaseUrl's messages quote the host name, which may hold it.
  if (config.baseUrlFrom?.url === config.baseUrl) {
    refuseKeyInBaseUrl(config.baseUrl, apiKey, config.baseUrlFrom.source, sources.apiKey);
    checkBaseUrl(config.baseUrl, config.baseUrlFrom.source, config.target);
  }
  const credentials: Credentials = { apiKey };
  if (organisation) credentials.organisation = organisation;
  if (businessId) credentials.businessId = businessId;
  return { baseUrl: config.baseUrl, credentials };
}
