import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfigJson } from '../src/config/config-json.js';
import { describeBaseUrlOrigin, describeTimeoutOrigin } from '../src/config/connection-origins.js';
import { DEFAULT_BASE_URLS, DEFAULTS } from '../src/config/defaults.js';
import type { FlagSettings } from '../src/config/flag-settings.js';
import type { Profile } from '../src/config/profile-schema.js';
import { requireConnection } from '../src/config/require-connection.js';
import { defaultStateDir } from '../src/config/state-folder.js';
import { type ResolvedConfig, resolveConfig } from '../src/config.js';
import { UsageError } from '../src/errors.js';
import type { TargetName } from '../src/model.js';

/** Where journals go when nothing says: the environment these tests pass is empty, so the user's home. */
const DEFAULT_STATE = join(homedir(), '.local', 'state', 'zcust');

const SECRET = 'sk_live_DO_NOT_PRINT_0123456789';
/** A Zenskar organisation and a DayZero business are named by a UUID. */
const ORG = '1f0c4a2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const BIZ = '7d2e1c0b-9a8f-4e6d-8c5b-4a3f2e1d0c9b';
/** One tenant id for each place a setting can come from, told apart by its digits. */
const TENANT = {
  flag: '11111111-1111-4111-8111-111111111111',
  env: '22222222-2222-4222-8222-222222222222',
  profile: '33333333-3333-4333-8333-333333333333',
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh working directory, holding zcust.config.json when `config` is given (a string is written as is). */
function cwdWith(config?: unknown, name: string = DEFAULTS.configFile): string {
  const dir = mkdtempSync(join(tmpdir(), 'zcust-config-'));
  dirs.push(dir);
  if (config !== undefined) writeConfig(dir, name, config);
  return dir;
}

function writeConfig(dir: string, name: string, config: unknown): void {
  writeFileSync(join(dir, name), typeof config === 'string' ? config : JSON.stringify(config));
}

/** A directory whose zcust.config.json holds one profile, chosen by defaultProfile. */
const cwdWithProfile = (profile: Profile) => cwdWith({ defaultProfile: 'main', profiles: { main: profile } });

/** The UsageError that `run` throws (failing the test if it throws nothing or something else). */
function usageErrorOf(run: () => unknown): UsageError {
  try {
    run();
  } catch (e) {
    expect(e, 'expected a UsageError').toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error('expected a UsageError, but nothing was thrown');
}

describe('resolveConfig: precedence flags > environment > profile > defaults', () => {
  interface Setting {
    name: string;
    /** Flags every case of this setting carries (the target whose credential is looked at). */
    base: FlagSettings;
    flag: FlagSettings;
    env?: Record<string, string>;
    profile: Profile;
    read: (c: ResolvedConfig) => unknown;
    values: { flag: unknown; env?: unknown; profile: unknown; default: unknown };
  }

  const SETTINGS: Setting[] = [
    {
      name: 'baseUrl',
      base: {},
      flag: { baseUrl: 'https://flag.example' },
      env: { ZCUST_BASE_URL: 'https://env.example' },
      profile: { baseUrl: 'https://profile.example' },
      read: (c) => c.baseUrl,
      values: {
        flag: 'https://flag.example',
        env: 'https://env.example',
        profile: 'https://profile.example',
        default: 'https://api.zenskar.com',
      },
    },
    {
      name: 'zenskar apiKey (ZENSKAR_API_KEY)',
      base: {},
      flag: { apiKey: 'key-from-flag' },
      env: { ZENSKAR_API_KEY: 'key-from-env' },
      profile: { apiKey: 'key-from-profile' },
      read: (c) => c.credentials.apiKey,
      values: { flag: 'key-from-flag', env: 'key-from-env', profile: 'key-from-profile', default: undefined },
    },
    {
      name: 'dayzero apiKey (DAYZERO_API_TOKEN)',
      base: { target: 'dayzero' },
      flag: { apiKey: 'key-from-flag' },
      env: { DAYZERO_API_TOKEN: 'key-from-env' },
      // A profile belongs to its target: one of Zenskar's (no target named) is refused for DayZero.
      profile: { target: 'dayzero', apiKey: 'key-from-profile' },
      read: (c) => c.credentials.apiKey,
      values: { flag: 'key-from-flag', env: 'key-from-env', profile: 'key-from-profile', default: undefined },
    },
    {
      name: 'ambiosys apiKey (AMBIOSYS_API_TOKEN)',
      base: { target: 'ambiosys' },
      flag: { apiKey: 'key-from-flag' },
      env: { AMBIOSYS_API_TOKEN: 'key-from-env' },
      profile: { target: 'ambiosys', apiKey: 'key-from-profile' },
      read: (c) => c.credentials.apiKey,
      values: { flag: 'key-from-flag', env: 'key-from-env', profile: 'key-from-profile', default: undefined },
    },
    {
      name: 'zenskar organisation (ZENSKAR_ORGANISATION)',
      base: {},
      flag: { organisation: TENANT.flag },
      env: { ZENSKAR_ORGANISATION: TENANT.env },
      profile: { organisation: TENANT.profile },
      read: (c) => c.credentials.organisation,
      values: { flag: TENANT.flag, env: TENANT.env, profile: TENANT.profile, default: undefined },
    },
    {
      name: 'dayzero businessId (DAYZERO_BUSINESS_ID)',
      base: { target: 'dayzero' },
      flag: { businessId: TENANT.flag },
      env: { DAYZERO_BUSINESS_ID: TENANT.env },
      profile: { target: 'dayzero', businessId: TENANT.profile },
      read: (c) => c.credentials.businessId,
      values: { flag: TENANT.flag, env: TENANT.env, profile: TENANT.profile, default: undefined },
    },
    {
      name: 'stateDir (ZCUST_STATE_DIR)',
      base: {},
      flag: { stateDir: '/state/flag' },
      env: { ZCUST_STATE_DIR: '/state/env' },
      profile: { stateDir: '/state/profile' },
      read: (c) => c.stateDir,
      values: { flag: '/state/flag', env: '/state/env', profile: '/state/profile', default: DEFAULT_STATE },
    },
    {
      name: 'concurrency',
      base: {},
      flag: { concurrency: 3 },
      profile: { concurrency: 5 },
      read: (c) => c.concurrency,
      values: { flag: 3, profile: 5, default: 8 },
    },
    {
      // A flag of 0 is a value, not "unset": --retries 0 must beat the profile.
      name: 'retries',
      base: {},
      flag: { retries: 0 },
      profile: { retries: 2 },
      read: (c) => c.retries,
      values: { flag: 0, profile: 2, default: 5 },
    },
    {
      name: 'timeout',
      base: {},
      flag: { timeout: 1000 },
      profile: { timeout: 2000 },
      read: (c) => c.timeoutMs,
      values: { flag: 1000, profile: 2000, default: 30_000 },
    },
    {
      name: 'rate',
      base: {},
      flag: { rate: 2.5 },
      profile: { rate: 10 },
      read: (c) => c.rate,
      values: { flag: 2.5, profile: 10, default: undefined },
    },
  ];

  type Layer = 'flag' | 'env' | 'profile';
  const PRECEDENCE: Layer[] = ['flag', 'env', 'profile'];
  const subsets = (layers: Layer[]): Layer[][] =>
    layers.reduce<Layer[][]>((acc, l) => acc.concat(acc.map((s) => [...s, l])), [[]]);

  const cases = SETTINGS.flatMap((s) =>
    subsets(PRECEDENCE.filter((l) => l !== 'env' || s.env)).map((layers) => {
      const winner: Layer | 'default' = PRECEDENCE.find((l) => layers.includes(l)) ?? 'default';
      return { setting: s, layers, winner, label: layers.join(' + ') || 'nothing' };
    }),
  );

  it.each(cases)('$setting.name from $label comes from the $winner', ({ setting, layers, winner }) => {
    const flags = { ...setting.base, ...(layers.includes('flag') ? setting.flag : {}) };
    const env = layers.includes('env') ? { ...setting.env } : {};
    const cwd = layers.includes('profile') ? cwdWithProfile(setting.profile) : cwdWith();
    expect(setting.read(resolveConfig(flags, env, cwd))).toEqual(setting.values[winner]);
  });

  it.each<[string, FlagSettings, Record<string, string>, Profile, TargetName]>([
    ['nothing', {}, {}, {}, 'zenskar'],
    ['the profile', {}, {}, { target: 'ambiosys' }, 'ambiosys'],
    ['ZCUST_TARGET over the profile', {}, { ZCUST_TARGET: 'dayzero' }, { target: 'ambiosys' }, 'dayzero'],
    ['--target over ZCUST_TARGET', { target: 'ambiosys' }, { ZCUST_TARGET: 'dayzero' }, {}, 'ambiosys'],
    ['--target over the profile', { target: 'dayzero' }, {}, { target: 'ambiosys' }, 'dayzero'],
    ['--target in any case', { target: 'DayZero' }, {}, {}, 'dayzero'],
    ['an empty ZCUST_TARGET falls through', {}, { ZCUST_TARGET: '' }, { target: 'ambiosys' }, 'ambiosys'],
  ])('target from %s', (_, flags, env, profile, expected) => {
    expect(resolveConfig(flags, env, cwdWithProfile(profile)).target).toBe(expected);
  });

  // For the stops' advice: "Check --base-url" was said when the URL was ZCUST_BASE_URL's or a profile's.
  it.each<[string, FlagSettings, Record<string, string>, Profile, ResolvedConfig['settingOrigins']]>([
    ['nothing: the defaults', {}, {}, {}, {}],
    [
      'the flags',
      { baseUrl: 'https://flag.example', timeout: 1000 },
      { ZCUST_BASE_URL: 'https://env.example' },
      { baseUrl: 'https://profile.example', timeout: 2000 },
      { baseUrl: '--base-url', timeout: '--timeout' },
    ],
    [
      'the environment, the timeout the default',
      {},
      { ZCUST_BASE_URL: 'https://env.example' },
      {},
      { baseUrl: 'ZCUST_BASE_URL' },
    ],
    [
      'the profile, named with its file',
      {},
      {},
      { baseUrl: 'https://profile.example', timeout: 2000 },
      {
        baseUrl: '"baseUrl" of profile "main" in zcust.config.json',
        timeout: '"timeout" of profile "main" in zcust.config.json',
      },
    ],
  ])('settingOrigins: the base URL and the timeout from %s', (_, flags, env, profile, expected) => {
    expect(resolveConfig(flags, env, cwdWithProfile(profile)).settingOrigins).toEqual(expected);
  });

  it.each([
    [
      'a base URL given',
      describeBaseUrlOrigin('zenskar', 'ZCUST_BASE_URL'),
      'the base URL came from ZCUST_BASE_URL',
    ],
    [
      "the platform's own",
      describeBaseUrlOrigin('dayzero', undefined),
      "the base URL is dayzero's own (https://api.ondayzero.com), none was given",
    ],
    [
      'a timeout given',
      describeTimeoutOrigin(5000, '--timeout'),
      'the timeout (5000 ms) came from --timeout',
    ],
    ['the default timeout', describeTimeoutOrigin(30_000, undefined), 'the timeout is the default 30000 ms'],
  ])('describes where %s came from', (_, said, expected) => {
    expect(said).toBe(expected);
  });

  it('an empty environment variable counts as unset, so the profile applies', () => {
    const config = resolveConfig(
      {},
      { ZCUST_BASE_URL: '', ZENSKAR_API_KEY: '' },
      cwdWithProfile({ baseUrl: 'https://profile.example', apiKey: 'key-from-profile' }),
    );
    expect({ baseUrl: config.baseUrl, apiKey: config.credentials.apiKey }).toEqual({
      baseUrl: 'https://profile.example',
      apiKey: 'key-from-profile',
    });
  });

  it.each<[TargetName, string]>([
    ['zenskar', 'DAYZERO_API_TOKEN'],
    ['zenskar', 'AMBIOSYS_API_TOKEN'],
    ['dayzero', 'ZENSKAR_API_KEY'],
    ['dayzero', 'AMBIOSYS_API_TOKEN'],
    ['ambiosys', 'ZENSKAR_API_KEY'],
    ['ambiosys', 'DAYZERO_API_TOKEN'],
  ])('%s does not read another target’s %s', (target, variable) => {
    const config = resolveConfig({ target }, { [variable]: 'someone-elses-key' }, cwdWith());
    expect(config.credentials.apiKey).toBeUndefined();
  });

  it.each(['DayZero', 'DAYZERO'])('takes a profile’s target in any case (%j), as --target does', (target) => {
    const config = resolveConfig({}, {}, cwdWithProfile({ target: target as TargetName }));
    expect(config.target).toBe('dayzero');
  });

  it('the profile’s target decides which environment variable holds the key', () => {
    const config = resolveConfig(
      {},
      { ZENSKAR_API_KEY: 'zenskar-key', DAYZERO_API_TOKEN: 'dayzero-key' },
      cwdWithProfile({ target: 'dayzero' }),
    );
    expect(config.credentials.apiKey).toBe('dayzero-key');
  });

  it.each<[TargetName, string[]]>([
    ['zenskar', ['apiKey', 'organisation']],
    ['dayzero', ['apiKey', 'businessId']],
    ['ambiosys', ['apiKey']],
  ])('%s credentials carry only %j, whatever else was given', (target, keys) => {
    const flags = { target, apiKey: 'key-12345', organisation: ORG, businessId: BIZ };
    expect(Object.keys(resolveConfig(flags, {}, cwdWith()).credentials).sort()).toEqual(keys.sort());
  });

  it.each<[TargetName, string | undefined]>([
    ['zenskar', 'https://api.zenskar.com'],
    ['dayzero', 'https://api.ondayzero.com'],
    ['ambiosys', undefined],
  ])('%s defaults its base URL to %s', (target, baseUrl) => {
    expect(resolveConfig({ target }, {}, cwdWith()).baseUrl).toBe(baseUrl);
  });
});

describe('resolveConfig: the config file', () => {
  const ACME = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
  const GLOBEX = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
  const two = {
    defaultProfile: 'acme',
    profiles: { acme: { organisation: ACME }, globex: { organisation: GLOBEX } },
  };
  const organisationOf: Record<string, string> = { acme: ACME, globex: GLOBEX };
  const organisation = (c: ResolvedConfig) => c.credentials.organisation;

  it('without a file, nothing is asked of it', () => {
    const config = resolveConfig({}, {}, cwdWith());
    expect(config.profile).toBeUndefined();
    expect(config.credentials).toEqual({});
  });

  it.each<[string, FlagSettings, Record<string, string>, string]>([
    ['defaultProfile when none is asked for', {}, {}, 'acme'],
    ['ZCUST_PROFILE over defaultProfile', {}, { ZCUST_PROFILE: 'globex' }, 'globex'],
    ['--profile over defaultProfile', { profile: 'globex' }, {}, 'globex'],
    ['--profile over ZCUST_PROFILE', { profile: 'acme' }, { ZCUST_PROFILE: 'globex' }, 'acme'],
  ])('chooses %s', (_, flags, env, expected) => {
    const config = resolveConfig(flags, env, cwdWith(two));
    expect(config.profile).toBe(expected);
    expect(organisation(config)).toBe(organisationOf[expected]);
  });

  it('uses no profile when the file names no default and none is asked for', () => {
    const config = resolveConfig({}, {}, cwdWith({ profiles: two.profiles }));
    expect(config.profile).toBeUndefined();
    expect(organisation(config)).toBeUndefined();
  });

  it('reads --config relative to the working directory, instead of zcust.config.json', () => {
    const cwd = cwdWith(two);
    mkdirSync(join(cwd, 'conf'));
    writeConfig(cwd, 'conf/other.json', { defaultProfile: 'x', profiles: { x: { organisation: ORG } } });
    expect(organisation(resolveConfig({ config: 'conf/other.json' }, {}, cwd))).toBe(ORG);
  });

  it('reads an absolute --config path', () => {
    const elsewhere = cwdWith({ defaultProfile: 'x', profiles: { x: { organisation: ORG } } }, 'a.json');
    expect(organisation(resolveConfig({ config: join(elsewhere, 'a.json') }, {}, cwdWith()))).toBe(ORG);
  });

  it.each<[string, unknown, FlagSettings, Record<string, string>, string[]]>([
    [
      'an unknown profile, listing the profiles there are',
      two,
      { profile: 'initech' },
      {},
      ['no profile "initech"', 'zcust.config.json', '(profiles: "acme", "globex")'],
    ],
    [
      'an unknown ZCUST_PROFILE',
      two,
      {},
      { ZCUST_PROFILE: 'initech' },
      ['no profile "initech"', '(profiles: "acme", "globex")'],
    ],
    [
      'a defaultProfile that does not exist',
      { defaultProfile: 'gone', profiles: {} },
      {},
      {},
      ['no profile "gone"', '(profiles: none)'],
    ],
    [
      'an unknown key in a profile, naming it and the file',
      { profiles: { acme: { apikey: 'x' } } },
      {},
      {},
      ['zcust.config.json', 'profiles.acme', '"apikey"'],
    ],
    [
      'an unknown top-level key',
      { profiles: {}, default: 'acme' },
      {},
      {},
      ['zcust.config.json', 'unknown key "default"'],
    ],
    [
      'a value of the wrong type, naming where it is',
      { profiles: { acme: { concurrency: '8' } } },
      {},
      {},
      ['zcust.config.json', 'profiles.acme.concurrency'],
    ],
    ['a concurrency of 0', { profiles: { acme: { concurrency: 0 } } }, {}, {}, ['profiles.acme.concurrency']],
    [
      'a target that does not exist',
      { profiles: { acme: { target: 'salesforce' } } },
      {},
      {},
      ['profiles.acme.target'],
    ],
    [
      'a rate slower than one request every 100 s in a profile',
      { profiles: { acme: { rate: 0.001 } } },
      {},
      {},
      ['zcust.config.json', 'profiles.acme.rate', 'at least 0.01'],
    ],
    [
      'a --rate slower than one request every 100 s (its wait would overflow a timer)',
      { profiles: {} },
      { rate: 1e-300 },
      {},
      ['--rate 1e-300', 'at least 0.01'],
    ],
    [
      'a profile timeout longer than a Node timer holds (it would fire after 1 ms)',
      { profiles: { p: { timeout: 2_147_483_648 } } },
      { profile: 'p' },
      {},
      ['zcust.config.json', 'profiles.p.timeout'],
    ],
    ['a file without profiles', { defaultProfile: 'acme' }, {}, {}, ['zcust.config.json', 'profiles']],
    ['invalid JSON', '{"profiles": {,}}', {}, {}, ['zcust.config.json is not valid JSON']],
  ])('refuses %s', (_, file, flags, env, fragments) => {
    const message = usageErrorOf(() => resolveConfig(flags, env, cwdWith(file))).message;
    for (const fragment of fragments) expect(message).toContain(fragment);
  });

  // Worded as the flags word the same mistake, not zod's "Invalid input: expected int, received number".
  it.each<[string, unknown, string]>([
    ['concurrency', 2.5, 'must be a whole number ≥ 1 (got 2.5)'],
    ['concurrency', 0, 'must be a whole number ≥ 1 (got 0)'],
    // Text is not quoted: it may be a key pasted into the wrong setting.
    ['concurrency', '8', 'must be a whole number ≥ 1 (got text)'],
    ['concurrency', [8], 'must be a whole number ≥ 1 (got a list)'],
    ['retries', 1.5, 'must be a whole number ≥ 0 (got 1.5)'],
    ['retries', -1, 'must be a whole number ≥ 0 (got -1)'],
    ['timeout', 0.5, 'must be a whole number from 1 to 2147483647 (got 0.5)'],
    ['rate', 'fast', 'must be a number at least 0.01 (requests a second: one every 100 s) (got text)'],
    ['rate', 0.001, 'must be a number at least 0.01 (requests a second: one every 100 s) (got 0.001)'],
    // Past the largest whole number a double holds exactly, as --retries 1e20 is told.
    ['retries', 1e20, 'must be a whole number from 0 to 9007199254740991 (got 100000000000000000000)'],
    ['timeout', 2_147_483_648, 'must be a whole number from 1 to 2147483647 (got 2147483648)'],
  ])("says what a profile's %s must be, as its flag does: %j", (key, value, words) => {
    const file = { defaultProfile: 'p', profiles: { p: { [key]: value } } };
    const message = usageErrorOf(() => resolveConfig({}, {}, cwdWith(file))).message;
    expect(message).toBe(`zcust.config.json: profiles.p.${key}: ${words}`);
  });

  // JSON.parse reads a number too large to hold as Infinity: "at least 0.01 (got Infinity)" named no problem.
  it.each([
    ['rate', '1e400', 'must be a finite number at least 0.01 (requests a second: one every 100 s)'],
    ['rate', '1.8e308', 'must be a finite number at least 0.01 (requests a second: one every 100 s)'],
    ['rate', '-1e400', 'must be a number at least 0.01 (requests a second: one every 100 s)'],
    ['concurrency', '1e400', 'must be a whole number from 1 to 9007199254740991'],
  ])("says a profile's %s of %s is too large to hold, not Infinity", (key, written, words) => {
    const file = `{"defaultProfile": "p", "profiles": {"p": {"${key}": ${written}}}}`;
    const message = usageErrorOf(() => resolveConfig({}, {}, cwdWith(file))).message;
    expect(message).toBe(`zcust.config.json: profiles.p.${key}: ${words} (got a number too large to hold)`);
  });

  it.each<[string, FlagSettings, unknown]>([
    ['--rate', { rate: 0.01 }, { profiles: {} }],
    ['a profile', { profile: 'slow' }, { profiles: { slow: { rate: 0.01 } } }],
  ])('takes the slowest rate there is, one request every 100 s, from %s', (_, flags, file) => {
    expect(resolveConfig(flags, {}, cwdWith(file)).rate).toBe(0.01);
  });

  // A name listed raw let a key with a zero-width space pass for the one asked for ("p"), and a key with an escape
  // sequence colour the terminal.
  it.each([
    ['a zero-width space', 'p\u200b', '"p<U+200B>"'],
    ['an escape sequence', 'ok\u001b[31m', '"ok<U+001B>[31m"'],
    ['nothing unusual', 'staging', '"staging"'],
  ])('lists a profile whose name holds %s quoted, its invisible characters shown', (_, name, shown) => {
    const message = usageErrorOf(() =>
      resolveConfig({ profile: 'p' }, {}, cwdWith({ profiles: { [name]: {} } })),
    ).message;
    expect(message).toBe(`--profile: no profile "p" in zcust.config.json (profiles: ${shown})`);
  });

  describe('a profile name that is also a property of every object', () => {
    const NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'];
    it.each(
      NAMES.flatMap((name) => [
        { name, how: '--profile', flags: { profile: name }, env: {}, file: { profiles: {} } },
        { name, how: 'ZCUST_PROFILE', flags: {}, env: { ZCUST_PROFILE: name }, file: { profiles: {} } },
        { name, how: 'defaultProfile', flags: {}, env: {}, file: { defaultProfile: name, profiles: {} } },
      ]),
    )(
      'is no profile when the file has none of that name: $name from $how',
      ({ name, how, flags, env, file }) => {
        const message = usageErrorOf(() => resolveConfig(flags, env, cwdWith(file))).message;
        expect(message).toBe(`${how}: no profile "${name}" in zcust.config.json (profiles: none)`);
      },
    );

    // Written as text: a JavaScript object literal's "__proto__" sets the prototype instead of making a key.
    const PROTO_FILE = `{"profiles":{"__proto__":{"organisation":"${ORG}","concurrency":3}}}`;

    it('"__proto__" is a profile like any other when the file has one', () => {
      const config = resolveConfig({ profile: '__proto__' }, {}, cwdWith(PROTO_FILE));
      expect(config).toMatchObject({ profile: '__proto__', concurrency: 3 });
      expect(organisation(config)).toBe(ORG);
    });

    it('"__proto__" is listed among the profiles there are', () => {
      const message = usageErrorOf(() =>
        resolveConfig({ profile: 'other' }, {}, cwdWith(PROTO_FILE)),
      ).message;
      expect(message).toContain('(profiles: "__proto__")');
    });

    it('a "__proto__" profile is checked like any other', () => {
      const file = '{"profiles":{"__proto__":{"apikey":"x"}}}';
      const message = usageErrorOf(() => resolveConfig({}, {}, cwdWith(file))).message;
      expect(message).toBe('zcust.config.json: profiles.__proto__: unknown key "apikey"');
    });
  });

  it('names the --config file, not zcust.config.json, in its errors', () => {
    const cwd = cwdWith({ profiles: {} }, 'team.json');
    const message = usageErrorOf(() => resolveConfig({ config: 'team.json', profile: 'p' }, {}, cwd)).message;
    expect(message).toBe('--profile: no profile "p" in team.json (profiles: none)');
  });

  it('refuses a config file that is a directory, saying so', () => {
    const cwd = cwdWith();
    mkdirSync(join(cwd, 'team.json'));
    const message = usageErrorOf(() => resolveConfig({ config: 'team.json' }, {}, cwd)).message;
    expect(message).toBe('cannot read config file team.json: it is a directory');
  });

  it('reads a config file saved with a UTF-8 byte-order mark', () => {
    const cwd = cwdWith(
      `\uFEFF${JSON.stringify({ defaultProfile: 'p', profiles: { p: { concurrency: 3 } } })}`,
    );
    expect(resolveConfig({}, {}, cwd).concurrency).toBe(3);
  });

  it('takes an empty config file object ({}) as no profiles', () => {
    expect(resolveConfig({}, { ZENSKAR_API_KEY: 'key-12345' }, cwdWith({})).credentials.apiKey).toBe(
      'key-12345',
    );
  });

  it('takes an empty ZCUST_PROFILE as unset, so the default profile applies', () => {
    expect(resolveConfig({}, { ZCUST_PROFILE: '' }, cwdWithProfile({ concurrency: 3 })).concurrency).toBe(3);
  });

  it.each(['', '  '])('refuses an empty --config (%j), as an unset variable gives it', (config) => {
    const message = usageErrorOf(() => resolveConfig({ config }, {}, cwdWith())).message;
    expect(message).toBe(
      '--config is empty (an unset variable?): give the config file, or leave the flag out',
    );
  });

  it('refuses an explicit --config that does not exist', () => {
    const message = usageErrorOf(() => resolveConfig({ config: 'missing.json' }, {}, cwdWith())).message;
    expect(message).toBe('cannot read config file missing.json: no such file');
  });

  // A ZCUST_PROFILE exported long ago was not to be found from "profile "staging" asked for".
  it.each<[string, FlagSettings, Record<string, string>]>([
    ['--profile', { profile: 'acme' }, {}],
    ['ZCUST_PROFILE', {}, { ZCUST_PROFILE: 'acme' }],
  ])('refuses %s when there is no config file, naming where the name came from', (source, flags, env) => {
    const message = usageErrorOf(() => resolveConfig(flags, env, cwdWith())).message;
    expect(message).toBe(`${source}: profile "acme" asked for, but there is no zcust.config.json here`);
  });

  it.each<[string, FlagSettings, Record<string, string>, unknown]>([
    ['--profile', { profile: 'acme' }, { ZCUST_PROFILE: 'globex' }, { profiles: {} }],
    ['ZCUST_PROFILE', {}, { ZCUST_PROFILE: 'acme' }, { defaultProfile: 'globex', profiles: {} }],
    ['defaultProfile', {}, {}, { defaultProfile: 'acme', profiles: {} }],
  ])('names %s as where a profile the file lacks was asked for', (source, flags, env, file) => {
    const message = usageErrorOf(() => resolveConfig(flags, env, cwdWith(file))).message;
    expect(message).toBe(`${source}: no profile "acme" in zcust.config.json (profiles: none)`);
  });

  it('every refusal is a usage error (exit 2)', () => {
    expect(usageErrorOf(() => resolveConfig({ profile: 'x' }, {}, cwdWith())).exitCode).toBe(2);
  });
});

describe('resolveConfig: a profile belongs to one target', () => {
  /** A directory whose zcust.config.json holds `profile` as "main", the file's default or not. */
  const cwdWithMain = (profile: Profile, asDefault: boolean) =>
    cwdWith({ ...(asDefault ? { defaultProfile: 'main' } : {}), profiles: { main: profile } });

  /** How the profile "main" is named: by the user (--profile, ZCUST_PROFILE), who is told no. */
  const NAMED: Array<[source: string, flags: FlagSettings, env: Record<string, string>]> = [
    ['--profile', { profile: 'main' }, {}],
    ['ZCUST_PROFILE', {}, { ZCUST_PROFILE: 'main' }],
  ];

  it.each(
    NAMED.flatMap(([source, flags, env]) => [
      {
        source,
        flags: { ...flags, target: 'zenskar' as const },
        env,
        by: '--target',
        profile: { target: 'dayzero' as const, apiKey: SECRET },
      },
      {
        source,
        flags,
        env: { ...env, ZCUST_TARGET: 'dayzero' },
        by: 'ZCUST_TARGET',
        profile: { apiKey: SECRET },
      },
      {
        source,
        flags: { ...flags, target: 'zenskar' as const },
        env,
        by: '--target',
        profile: { target: 'dayzero' as const, baseUrl: 'http://127.0.0.1:9' },
      },
    ]),
  )(
    'refuses to send with a profile named by $source for another target than $by asks for, naming both',
    ({ source, flags, env, by, profile }) => {
      const config = resolveConfig(flags, env, cwdWithMain(profile, false));
      const message = usageErrorOf(() => requireConnection(config)).message;
      expect(message).toMatch(
        new RegExp(
          `^${source.replace(/-/g, '\\-')}: profile "main" is for \\w+, but ${by.replace(/-/g, '\\-')} asks for \\w+`,
        ),
      );
      expect(message).not.toContain(SECRET);
    },
  );

  // "drop --target" sent a DayZero file to the profile's Zenskar tenant with its Zenskar key.
  it.each(NAMED)(
    'advises, for a profile named by %s, only what keeps each platform its own credentials',
    (_, flags, env) => {
      const config = resolveConfig(
        { ...flags, target: 'dayzero' },
        env,
        cwdWithMain({ apiKey: SECRET }, false),
      );
      const message = usageErrorOf(() => requireConnection(config)).message;
      expect(message).not.toMatch(/drop|leave out|without --target/);
      expect(message).toContain('Name a profile for dayzero (--profile)');
      expect(message).toContain(
        "give --no-profile and dayzero's credentials (DAYZERO_API_TOKEN, DAYZERO_BUSINESS_ID)",
      );
    },
  );

  it.each<[string, Profile, FlagSettings]>([
    ['its API key', { target: 'dayzero', apiKey: SECRET }, { target: 'zenskar', profile: 'main' }],
    [
      'its base URL',
      { target: 'dayzero', baseUrl: 'https://dz.example.com' },
      { target: 'zenskar', profile: 'main' },
    ],
  ])(
    'takes nothing of %s from a profile named for another target, when nothing is sent (validate, --dry-run, --sandbox)',
    (_, profile, flags) => {
      const config = resolveConfig(flags, {}, cwdWithMain(profile, false));
      expect(config.target).toBe(flags.target);
      expect(config.credentials, 'credentials taken for another target').toEqual({});
      expect(config.baseUrl, "the other target's base URL taken").toBe('https://api.zenskar.com');
    },
  );

  it("uses a profile named for another target's settings (concurrency) while nothing is sent", () => {
    const config = resolveConfig(
      { target: 'zenskar', profile: 'main' },
      {},
      cwdWithMain({ target: 'dayzero', apiKey: SECRET, concurrency: 3 }, false),
    );
    expect(config.concurrency).toBe(3);
  });

  it.each<[string, Profile, FlagSettings]>([
    ['its own target', { target: 'dayzero', apiKey: 'key-12345' }, { target: 'dayzero' }],
    ['a profile of settings only', { concurrency: 3 }, { target: 'ambiosys' }],
  ])('takes %s', (_, profile, flags) => {
    expect(resolveConfig(flags, {}, cwdWithProfile(profile)).target).toBe(flags.target);
  });

  describe("the file's default profile, for another target than one asked for", () => {
    const ZENSKAR_DEFAULT: Profile = { target: 'zenskar', apiKey: SECRET, organisation: ORG, concurrency: 3 };
    const DAYZERO_ENV = { DAYZERO_API_TOKEN: 'dz_sandbox_token', DAYZERO_BUSINESS_ID: BIZ };
    const ASKED: Array<[by: string, flags: FlagSettings, env: Record<string, string>]> = [
      ['--target', { target: 'dayzero' }, DAYZERO_ENV],
      ['ZCUST_TARGET', {}, { ...DAYZERO_ENV, ZCUST_TARGET: 'dayzero' }],
    ];

    // It blocked an import set up whole by variables and flags, and "drop --target" sent it to the default.
    it.each(ASKED)(
      'is not used when %s asks for another: the import sends with what was given',
      (_, flags, env) => {
        const config = resolveConfig(flags, env, cwdWithProfile(ZENSKAR_DEFAULT));
        expect(config.profile, 'the default profile taken').toBeUndefined();
        expect(config.concurrency, "the default profile's concurrency taken").toBe(DEFAULTS.concurrency);
        expect(requireConnection(config).credentials).toEqual({
          apiKey: 'dz_sandbox_token',
          businessId: BIZ,
        });
      },
    );

    it.each(ASKED)(
      'is said to be left out, in one line naming defaultProfile and the file (%s)',
      (by, flags, env) => {
        const { warnings } = resolveConfig(flags, env, cwdWithProfile(ZENSKAR_DEFAULT));
        expect(warnings).toEqual([
          `defaultProfile "main" of zcust.config.json is for zenskar, but ${by} asks for dayzero: using no profile (--profile names one)`,
        ]);
      },
    );

    it('is used, and nothing said, when the target asked for is its own', () => {
      const config = resolveConfig({ target: 'zenskar' }, {}, cwdWithProfile(ZENSKAR_DEFAULT));
      expect(config).toMatchObject({ profile: 'main', concurrency: 3, warnings: [] });
    });
  });
});

describe('resolveConfig: --no-profile and an empty --profile', () => {
  const FILE = { defaultProfile: 'main', profiles: { main: { concurrency: 3 }, other: { concurrency: 4 } } };

  it.each<[string, Record<string, string>, unknown]>([
    ["the file's default", {}, FILE],
    ['ZCUST_PROFILE', { ZCUST_PROFILE: 'other' }, FILE],
    // Not read at all: a file zcust cannot use stops nothing that does not use it.
    ['a config file that is no JSON', {}, '{ bad'],
  ])('--no-profile uses no profile, over %s', (_, env, file) => {
    const config = resolveConfig({ profile: false }, env, cwdWith(file));
    expect(config.profile).toBeUndefined();
    expect(config.concurrency).toBe(DEFAULTS.concurrency);
  });

  // `--profile "$P"` with P unset meant a profile: the file's default in its place may be another tenant.
  it.each(['', '  '])('refuses an empty --profile (%j), as an unset variable gives it', (profile) => {
    const message = usageErrorOf(() => resolveConfig({ profile }, {}, cwdWith(FILE))).message;
    expect(message).toBe(
      '--profile is empty (an unset variable?): name the profile, or give --no-profile to use none',
    );
  });
});

describe('resolveConfig: credentials as given', () => {
  it.each<[string, FlagSettings, Record<string, string>, Profile]>([
    ['an environment variable ending in CR LF', {}, { ZENSKAR_API_KEY: 'zsk_test_key\r\n' }, {}],
    ['a flag with spaces around it', { apiKey: '  zsk_test_key ' }, {}, {}],
    ['a profile key ending in a line break', {}, {}, { apiKey: 'zsk_test_key\n' }],
  ])('drops the whitespace around %s', (_, flags, env, profile) => {
    expect(resolveConfig(flags, env, cwdWithProfile(profile)).credentials.apiKey).toBe('zsk_test_key');
  });

  it('takes a key of only spaces as no key, so the missing-key message names where to set it', () => {
    const config = resolveConfig({}, { ZENSKAR_API_KEY: '   ', ZENSKAR_ORGANISATION: ORG }, cwdWith());
    expect(usageErrorOf(() => requireConnection(config)).message).toMatch(
      /set ZENSKAR_API_KEY or pass --api-key/,
    );
  });

  it.each<[string, FlagSettings, Record<string, string>, Profile, string, number]>([
    [
      'ZENSKAR_API_KEY',
      {},
      { ZENSKAR_API_KEY: 'abcdefg', ZENSKAR_ORGANISATION: ORG },
      {},
      'ZENSKAR_API_KEY',
      7,
    ],
    ['--api-key', { apiKey: 'k' }, { ZENSKAR_ORGANISATION: ORG }, {}, '--api-key', 1],
    ['the profile', {}, {}, { apiKey: 'k7$^.*', organisation: ORG }, '"apiKey" of profile "main"', 6],
  ])(
    'refuses an API key too short to be kept out of what zcust writes, from %s, naming where it came from',
    (_, flags, env, profile, source, length) => {
      const message = usageErrorOf(() =>
        requireConnection(resolveConfig(flags, env, cwdWithProfile(profile))),
      ).message;
      expect(message).toMatch(
        `${source} is ${length} character${length === 1 ? '' : 's'} long, too short for an API key: zcust takes keys of 8 characters or more`,
      );
    },
  );

  it.each<[string, FlagSettings, Record<string, string>, Profile, string]>([
    ['ZENSKAR_ORGANISATION', {}, { ZENSKAR_ORGANISATION: 'org\r1' }, {}, 'ZENSKAR_ORGANISATION'],
    ['--api-key', { apiKey: `${SECRET}\t2` }, {}, {}, '--api-key'],
    ['the profile', {}, {}, { apiKey: `a\u0000${SECRET}` }, '"apiKey" of profile "main"'],
  ])(
    'refuses a credential with a control character inside, from %s, naming where it came from',
    (_, flags, env, profile, source) => {
      const message = usageErrorOf(() =>
        requireConnection(resolveConfig(flags, env, cwdWithProfile(profile))),
      ).message;
      expect(message).toBe(
        `${source} holds a control character (a line break or tab inside the value); set it again`,
      );
    },
  );

  it.each<[string, FlagSettings, Record<string, string>, Profile, string, string]>([
    [
      'a zero-width space, ZENSKAR_API_KEY',
      {},
      { ZENSKAR_API_KEY: `${SECRET}\u200b` },
      {},
      'ZENSKAR_API_KEY',
      'U+200B',
    ],
    ['curly quotes, --api-key', { apiKey: `\u201c${SECRET}\u201d` }, {}, {}, '--api-key', 'U+201C'],
    [
      'a euro sign, the profile',
      {},
      {},
      { apiKey: `${SECRET}\u20ac` },
      '"apiKey" of profile "main"',
      'U+20AC',
    ],
    [
      'a non-breaking hyphen, ZENSKAR_ORGANISATION',
      {},
      { ZENSKAR_ORGANISATION: 'org\u20111' },
      {},
      'ZENSKAR_ORGANISATION',
      'U+2011',
    ],
  ])(
    'refuses a credential with %s: a header cannot carry it (was exit 70 mid-run)',
    (_, flags, env, profile, source, codePoint) => {
      const message = usageErrorOf(() =>
        requireConnection(resolveConfig(flags, env, cwdWithProfile(profile))),
      ).message;
      expect(message).toBe(
        `${source} holds ${codePoint}, which is not a plain ASCII character (a curly quote or an invisible space copied with it?); set it again`,
      );
      expect(message).not.toContain(SECRET);
    },
  );

  // Pasted whole from a header, it was sent as `Authorization: Bearer Bearer …` and the run stopped on a bare 401.
  const TOKEN = 'dz_live_DO_NOT_PRINT_0123456789';
  const DAYZERO = { target: 'dayzero', businessId: BIZ } as const;
  it.each<[string, FlagSettings, Record<string, string>, Profile, string]>([
    ['DAYZERO_API_TOKEN', DAYZERO, { DAYZERO_API_TOKEN: `Bearer ${TOKEN}` }, {}, 'DAYZERO_API_TOKEN'],
    [
      'AMBIOSYS_API_TOKEN in lower case',
      { target: 'ambiosys' },
      { AMBIOSYS_API_TOKEN: `bearer ${TOKEN}` },
      {},
      'AMBIOSYS_API_TOKEN',
    ],
    [
      '--api-key with a tab after the scheme',
      { ...DAYZERO, apiKey: `BEARER\t${TOKEN}` },
      {},
      {},
      '--api-key',
    ],
    [
      '--api-key with spaces after the scheme',
      { target: 'ambiosys', apiKey: `Bearer   ${TOKEN}` },
      {},
      {},
      '--api-key',
    ],
    ['the profile', {}, {}, { ...DAYZERO, apiKey: `Bearer ${TOKEN}` }, '"apiKey" of profile "main"'],
  ])(
    'refuses a bearer token given with its scheme, from %s, naming where it came from, not quoting it',
    (_, flags, env, profile, source) => {
      const config = resolveConfig(
        { baseUrl: 'https://api.example.com', ...flags },
        env,
        cwdWithProfile(profile),
      );
      const message = usageErrorOf(() => requireConnection(config)).message;
      expect(message).toBe(
        `${source} starts with "Bearer", which zcust writes itself: give the token alone, without "Bearer "; set it again`,
      );
      expect(message, 'the token was quoted').not.toContain(TOKEN);
    },
  );

  it.each<[string, FlagSettings, Record<string, string>]>([
    [
      "Zenskar's x-api-key, which has no scheme",
      { organisation: ORG },
      { ZENSKAR_API_KEY: `Bearer ${TOKEN}` },
    ],
    ['a token that only begins with the word', DAYZERO, { DAYZERO_API_TOKEN: `Bearer${TOKEN}` }],
  ])('takes %s as given', (_, flags, env) => {
    const config = resolveConfig(flags, env, cwdWith());
    expect(requireConnection(config).credentials.apiKey).toBe(env.ZENSKAR_API_KEY ?? env.DAYZERO_API_TOKEN);
  });

  // The tenant's id goes into the journal's header and the lock's message in clear: a key there would leak.
  const ORGANISATION_UUID =
    "must be the organisation's UUID (Zenskar: Settings > General), and is not a UUID";
  const BUSINESS_UUID = "must be the business's UUID, and is not a UUID";
  it.each<[string, FlagSettings, Record<string, string>, Profile, string]>([
    [
      'ZENSKAR_ORGANISATION',
      {},
      { ZENSKAR_ORGANISATION: SECRET },
      {},
      `ZENSKAR_ORGANISATION ${ORGANISATION_UUID}`,
    ],
    ['--organisation', { organisation: SECRET }, {}, {}, `--organisation ${ORGANISATION_UUID}`],
    [
      'the profile',
      {},
      {},
      { organisation: SECRET },
      `"organisation" of profile "main" ${ORGANISATION_UUID}`,
    ],
    [
      'DAYZERO_BUSINESS_ID',
      { target: 'dayzero' },
      { DAYZERO_BUSINESS_ID: SECRET },
      {},
      `DAYZERO_BUSINESS_ID ${BUSINESS_UUID}`,
    ],
    ['--business-id', { target: 'dayzero', businessId: SECRET }, {}, {}, `--business-id ${BUSINESS_UUID}`],
    [
      'the profile',
      {},
      {},
      { target: 'dayzero', businessId: SECRET },
      `"businessId" of profile "main" ${BUSINESS_UUID}`,
    ],
  ])(
    'refuses a tenant id that is no UUID, from %s, naming where it came from, not quoting it',
    (_, flags, env, profile, said) => {
      const apiKeys = { ZENSKAR_API_KEY: 'zsk_sandbox_key', DAYZERO_API_TOKEN: 'dz_sandbox_token' };
      const config = resolveConfig(flags, { ...apiKeys, ...env }, cwdWithProfile(profile));
      const message = usageErrorOf(() => requireConnection(config)).message;
      expect(message).toBe(`${said} (8-4-4-4-12 hex digits): a key pasted in the wrong place? Set it again`);
      expect(message, 'the value was quoted').not.toContain(SECRET);
    },
  );

  it.each<[string, TargetName, FlagSettings]>([
    [
      "the Zenskar sandbox's organisation",
      'zenskar',
      { organisation: '00000000-0000-4000-8000-000000000001' },
    ],
    ["the DayZero sandbox's business", 'dayzero', { businessId: '00000000-0000-4000-8000-00000000b001' }],
    ['a UUID in upper case', 'zenskar', { organisation: ORG.toUpperCase() }],
    ['a UUID whatever its version', 'dayzero', { businessId: '7d2e1c0b-9a8f-1e6d-cc5b-4a3f2e1d0c9b' }],
  ])('takes %s', (_, target, flags) => {
    const config = resolveConfig({ target, apiKey: 'key-12345', ...flags }, {}, cwdWith());
    const { credentials } = requireConnection(config);
    expect(credentials.organisation ?? credentials.businessId).toBe(flags.organisation ?? flags.businessId);
  });
});

describe('resolveConfig: a credential that cannot be sent is refused only when it would be', () => {
  const UNSENDABLE = { ZENSKAR_API_KEY: `${SECRET}\u200b`, ZENSKAR_ORGANISATION: ORG };

  it('resolves without refusing it: validate and --dry-run never send it', () => {
    expect(() => resolveConfig({}, UNSENDABLE, cwdWith()), 'resolving refused it').not.toThrow();
  });

  it('leaves it out of the credentials, so nothing can send it by mistake', () => {
    expect(resolveConfig({}, UNSENDABLE, cwdWith()).credentials).toEqual({ organisation: ORG });
  });

  it('is not refused once the credential is replaced (the embedded sandbox brings its own)', () => {
    const config = resolveConfig({}, UNSENDABLE, cwdWith());
    config.credentials = { apiKey: 'zsk_sandbox_key', organisation: ORG };
    expect(requireConnection(config).credentials.apiKey).toBe('zsk_sandbox_key');
  });
});

describe('resolveConfig: every variable read from a .env file saved with CRLF', () => {
  // Each value ends in CR, which no terminal shows: ZCUST_TARGET was refused as an unknown target "zenskar",
  // ZCUST_PROFILE named no profile, and ZCUST_STATE_DIR made a folder whose name ends in CR.
  const PROFILES = { profiles: { zs: { concurrency: 3 } } };
  it.each<{ variable: string; value: string; target?: TargetName; read: (c: ResolvedConfig) => unknown }>([
    { variable: 'ZCUST_TARGET', value: 'dayzero', read: (c) => c.target },
    { variable: 'ZCUST_PROFILE', value: 'zs', read: (c) => c.profile },
    { variable: 'ZCUST_STATE_DIR', value: '/var/zcust-state', read: (c) => c.stateDir },
    { variable: 'ZCUST_BASE_URL', value: 'https://staging.example', read: (c) => c.baseUrl },
    { variable: 'ZENSKAR_API_KEY', value: SECRET, read: (c) => c.credentials.apiKey },
    { variable: 'ZENSKAR_ORGANISATION', value: ORG, read: (c) => c.credentials.organisation },
    { variable: 'DAYZERO_API_TOKEN', value: SECRET, target: 'dayzero', read: (c) => c.credentials.apiKey },
    {
      variable: 'DAYZERO_BUSINESS_ID',
      value: BIZ,
      target: 'dayzero',
      read: (c) => c.credentials.businessId,
    },
    { variable: 'AMBIOSYS_API_TOKEN', value: SECRET, target: 'ambiosys', read: (c) => c.credentials.apiKey },
  ])('$variable is taken without the CR LF and spaces around it', ({ variable, value, target, read }) => {
    const config = resolveConfig({ target }, { [variable]: ` ${value}\r\n` }, cwdWith(PROFILES));
    expect(read(config), `${variable} as given, its CR kept or refused`).toBe(value);
  });

  it.each<{ variable: string; value: string; config?: unknown; says: string }>([
    {
      variable: 'ZCUST_TARGET',
      value: 'zen\u200bskar\r',
      says: 'ZCUST_TARGET: unknown target "zen<U+200B>skar"',
    },
    { variable: 'ZCUST_PROFILE', value: 'z\u200bs\r', config: PROFILES, says: 'no profile "z<U+200B>s" in' },
    {
      variable: 'ZCUST_PROFILE',
      value: 'z\u200bs\r',
      says: 'profile "z<U+200B>s" asked for, but there is no',
    },
  ])(
    'a message quoting $variable shows what no terminal does ($says)',
    ({ variable, value, config, says }) => {
      const message = usageErrorOf(() => resolveConfig({}, { [variable]: value }, cwdWith(config))).message;
      expect(message).toContain(says);
    },
  );
});

describe("resolveConfig: a profile's text settings, white space around them dropped and blank unset, as a variable's", () => {
  // "dayzero " was refused (`Invalid option: expected one of …`) where ZCUST_TARGET='dayzero ' was taken; README:
  // "A blank setting is unset", yet "target": "  " was refused in zod's words, "apiKey": "" as too small.
  it.each<{
    key: string;
    written: unknown;
    env?: NodeJS.ProcessEnv;
    read: (c: ResolvedConfig) => unknown;
    taken: unknown;
  }>([
    { key: 'target', written: 'dayzero ', read: (c) => c.target, taken: 'dayzero' },
    { key: 'target', written: ' DayZero\r\n', read: (c) => c.target, taken: 'dayzero' },
    {
      key: 'baseUrl',
      written: ' https://staging.example\r',
      read: (c) => c.baseUrl,
      taken: 'https://staging.example',
    },
    { key: 'apiKey', written: `${SECRET}\r\n`, read: (c) => c.credentials.apiKey, taken: SECRET },
    { key: 'organisation', written: ` ${ORG} `, read: (c) => c.credentials.organisation, taken: ORG },
    { key: 'stateDir', written: '/var/zcust-state\t', read: (c) => c.stateDir, taken: '/var/zcust-state' },
    // Blank: unset, what is below it taken.
    { key: 'target', written: '  ', read: (c) => c.target, taken: 'zenskar' },
    { key: 'target', written: '', read: (c) => c.target, taken: 'zenskar' },
    {
      key: 'target',
      written: '\r\n',
      env: { ZCUST_TARGET: 'dayzero' },
      read: (c) => c.target,
      taken: 'dayzero',
    },
    { key: 'apiKey', written: '', read: (c) => c.credentials.apiKey, taken: undefined },
    {
      key: 'apiKey',
      written: '',
      env: { ZENSKAR_API_KEY: SECRET },
      read: (c) => c.credentials.apiKey,
      taken: SECRET,
    },
    { key: 'organisation', written: '', read: (c) => c.credentials.organisation, taken: undefined },
    {
      key: 'businessId',
      written: ' ',
      env: { ZCUST_TARGET: 'dayzero' },
      read: (c) => c.credentials.businessId,
      taken: undefined,
    },
    { key: 'stateDir', written: '', read: (c) => c.stateDir, taken: DEFAULT_STATE },
  ])('$key written $written is $taken', ({ key, written, env = {}, read, taken }) => {
    const file = { defaultProfile: 'p', profiles: { p: { [key]: written, concurrency: 3 } } };
    const config = resolveConfig({}, env, cwdWith(file));
    expect(read(config)).toBe(taken);
    expect(config, 'the rest of the profile').toMatchObject({ profile: 'p', concurrency: 3 });
  });

  it("takes a relative stateDir in the config file's folder without the white space around it", () => {
    const cwd = cwdWith({ defaultProfile: 'p', profiles: { p: { stateDir: ' zstate\r' } } });
    expect(resolveConfig({}, {}, cwd).stateDir).toBe(join(realpathSync(cwd), 'zstate'));
  });

  it('names the default profile without the white space around it', () => {
    const file = { defaultProfile: ' p\r', profiles: { p: { concurrency: 3 } } };
    expect(resolveConfig({}, {}, cwdWith(file))).toMatchObject({ profile: 'p', concurrency: 3 });
  });
});

describe('readConfigJson: a config file that cannot be read is not said to be bad JSON', () => {
  /** A read that fails as Node's does: `EIO: i/o error, read`. */
  const failing = (code: string, said: string) => () => {
    throw Object.assign(new Error(`${code}: ${said}, read`), { code });
  };
  it.each([
    ['EACCES', 'permission denied', 'permission denied'],
    ['EPERM', 'operation not permitted', 'permission denied'],
    ['EISDIR', 'illegal operation on a directory', 'it is a directory'],
    ['EIO', 'i/o error', 'i/o error'],
  ])('%s: cannot read config file …: %s', (code, said, words) => {
    const message = usageErrorOf(() =>
      readConfigJson('/x/team.json', 'team.json', failing(code, said)),
    ).message;
    expect(message).toBe(`cannot read config file team.json: ${words}`);
  });

  it('says where JSON that can be read goes wrong', () => {
    const message = usageErrorOf(() =>
      readConfigJson('/x/c.json', 'c.json', () => '{\n  "profiles": {,}\n}'),
    ).message;
    expect(message).toBe('c.json is not valid JSON (line 2, column 16)');
  });

  // Root reads any file: the table above covers it.
  it.runIf(process.getuid?.() !== 0)('a zcust.config.json without read permission (mode 000)', () => {
    const cwd = cwdWith({ profiles: {} });
    chmodSync(join(cwd, DEFAULTS.configFile), 0o000);
    const message = usageErrorOf(() => resolveConfig({}, {}, cwd)).message;
    expect(message).toBe('cannot read config file zcust.config.json: permission denied');
  });
});

describe('resolveConfig: warnings and unknown targets', () => {
  it.each<[TargetName, string]>([
    ['zenskar', 'ZENSKAR_API_KEY'],
    ['dayzero', 'DAYZERO_API_TOKEN'],
    ['ambiosys', 'AMBIOSYS_API_TOKEN'],
  ])('--api-key with %s warns that others can see it and suggests %s', (target, variable) => {
    const { warnings } = resolveConfig({ target, apiKey: SECRET }, {}, cwdWith());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('--api-key');
    expect(warnings[0]).toContain(variable);
    expect(warnings[0]).not.toContain(SECRET);
  });

  it.each<[string, Record<string, string>, Profile]>([
    ['the environment', { ZENSKAR_API_KEY: SECRET }, {}],
    ['the profile', {}, { apiKey: SECRET }],
  ])('a key from %s raises no warning', (_, env, profile) => {
    expect(resolveConfig({}, env, cwdWithProfile(profile)).warnings).toEqual([]);
  });

  it.each<[string, FlagSettings, Record<string, string>, string]>([
    ['--target', { target: 'salesforce' }, {}, '--target: unknown target "salesforce"'],
    ['ZCUST_TARGET', {}, { ZCUST_TARGET: 'salesforce' }, 'ZCUST_TARGET: unknown target "salesforce"'],
  ])('an unknown target in %s is a usage error listing the targets', (_, flags, env, start) => {
    const message = usageErrorOf(() => resolveConfig(flags, env, cwdWith())).message;
    expect(message).toBe(`${start} (choose zenskar, dayzero, ambiosys)`);
  });
});

describe('requireConnection', () => {
  const connect = (target: TargetName, flags: FlagSettings, env: Record<string, string> = {}) =>
    requireConnection(resolveConfig({ target, ...flags }, env, cwdWith()));
  const missingMessage = (target: TargetName, flags: FlagSettings) =>
    usageErrorOf(() => connect(target, flags)).message;

  it.each<[TargetName, FlagSettings, string[], string[]]>([
    ['zenskar', { organisation: ORG }, ['ZENSKAR_API_KEY', '--api-key'], ['ZENSKAR_ORGANISATION']],
    ['zenskar', { apiKey: SECRET }, ['ZENSKAR_ORGANISATION', '--organisation'], ['ZENSKAR_API_KEY']],
    ['zenskar', {}, ['ZENSKAR_API_KEY', 'ZENSKAR_ORGANISATION'], ['DAYZERO']],
    ['dayzero', { businessId: BIZ }, ['DAYZERO_API_TOKEN', '--api-key'], ['DAYZERO_BUSINESS_ID']],
    ['dayzero', { apiKey: SECRET }, ['DAYZERO_BUSINESS_ID', '--business-id'], ['DAYZERO_API_TOKEN']],
    ['dayzero', {}, ['DAYZERO_API_TOKEN', 'DAYZERO_BUSINESS_ID'], ['ZENSKAR']],
    ['ambiosys', { baseUrl: 'https://ambio.example' }, ['AMBIOSYS_API_TOKEN', '--api-key'], ['base URL']],
    ['ambiosys', { apiKey: SECRET }, ['base URL', 'ZCUST_BASE_URL', '--base-url'], ['AMBIOSYS_API_TOKEN']],
    ['ambiosys', {}, ['AMBIOSYS_API_TOKEN', 'base URL'], ['ZENSKAR', 'DAYZERO']],
  ])('%s given %j: the message names %j and not %j', (target, flags, named, notNamed) => {
    const message = missingMessage(target, flags);
    expect(message).toMatch(new RegExp(`^cannot import into ${target}: missing `));
    for (const fragment of named) expect(message).toContain(fragment);
    for (const fragment of notNamed) expect(message).not.toContain(fragment);
  });

  it.each<[TargetName, string, string | undefined]>([
    ['zenskar', '', 'https://api.zenskar.com'],
    ['dayzero', '  ', DEFAULT_BASE_URLS.dayzero],
    ['ambiosys', '', undefined],
  ])(
    '%s: an empty --base-url (%j, an unset variable) is refused, not taken as the default (production)',
    (target, baseUrl, own) => {
      const env = { ZENSKAR_ORGANISATION: ORG, DAYZERO_BUSINESS_ID: BIZ };
      const message = usageErrorOf(() => connect(target, { apiKey: SECRET, baseUrl }, env)).message;
      const leaveOut = own ? `, or leave the flag out for ${target}'s own (${own})` : '';
      expect(message).toBe(`--base-url is empty (an unset variable?): give the base URL${leaveOut}`);
    },
  );

  it.each([
    ['empty', ''],
    ['blank', '  '],
  ])('refuses a%s ZCUST_BASE_URL that nothing replaces, not taking it as production', (_, value) => {
    const env = { ZCUST_BASE_URL: value, ZENSKAR_ORGANISATION: ORG };
    expect(usageErrorOf(() => connect('zenskar', { apiKey: SECRET }, env)).message).toBe(
      "ZCUST_BASE_URL is empty (an unset variable?): give the base URL, or unset it for zenskar's own (https://api.zenskar.com)",
    );
  });

  // A profile's blank "baseUrl" was skipped as unset, and the import went to production; "" got zod's words.
  it.each<[string, string, Record<string, string>, string]>([
    ['empty', '', {}, '"baseUrl" of profile "main" is empty'],
    ['spaces', '   ', {}, '"baseUrl" of profile "main" is empty'],
    ['a tab', '\t', {}, '"baseUrl" of profile "main" is empty'],
    [
      'spaces, under a blank ZCUST_BASE_URL',
      '   ',
      { ZCUST_BASE_URL: ' ' },
      'ZCUST_BASE_URL is empty (an unset variable?)',
    ],
  ])(
    "refuses a profile's baseUrl of %s that nothing replaces, in the flag's words, not taking it as production",
    (_, baseUrl, env, start) => {
      const cwd = cwdWithProfile({ baseUrl });
      const config = resolveConfig({ apiKey: SECRET, organisation: ORG }, env, cwd);
      const leaveOut = start.startsWith('ZCUST') ? 'unset it' : 'remove the key';
      expect(usageErrorOf(() => requireConnection(config)).message).toBe(
        `${start}: give the base URL, or ${leaveOut} for zenskar's own (https://api.zenskar.com)`,
      );
    },
  );

  it.each([
    ['--base-url', { baseUrl: 'https://flag.example' }, {}],
    ['ZCUST_BASE_URL', {}, { ZCUST_BASE_URL: 'https://env.example' }],
  ])("lets a profile's blank baseUrl give way to %s", (_, flags, env) => {
    const config = resolveConfig(
      { apiKey: SECRET, organisation: ORG, ...flags },
      env,
      cwdWithProfile({ baseUrl: ' ' }),
    );
    expect(requireConnection(config).baseUrl).toMatch(/^https:\/\/(flag|env)\.example$/);
  });

  it('lets a blank ZCUST_BASE_URL give way to a profile’s base URL, as any blank setting does', () => {
    const config = resolveConfig(
      { apiKey: SECRET, organisation: ORG },
      { ZCUST_BASE_URL: '' },
      cwdWithProfile({ baseUrl: 'https://profile.example' }),
    );
    expect(requireConnection(config).baseUrl).toBe('https://profile.example');
  });

  it.each<[TargetName, FlagSettings, { baseUrl: string; credentials: Record<string, string> }]>([
    [
      'zenskar',
      { apiKey: 'key-12345', organisation: ORG },
      { baseUrl: 'https://api.zenskar.com', credentials: { apiKey: 'key-12345', organisation: ORG } },
    ],
    [
      'dayzero',
      { apiKey: 'key-12345', businessId: BIZ },
      { baseUrl: 'https://api.ondayzero.com', credentials: { apiKey: 'key-12345', businessId: BIZ } },
    ],
    [
      'ambiosys',
      { apiKey: 'key-12345', baseUrl: 'https://ambio.example' },
      { baseUrl: 'https://ambio.example', credentials: { apiKey: 'key-12345' } },
    ],
  ])('%s with everything given returns the connection', (target, flags, expected) => {
    expect(connect(target, flags)).toEqual(expected);
  });

  it('reads credentials from the environment as well as flags', () => {
    const env = { ZENSKAR_API_KEY: 'key-12345', ZENSKAR_ORGANISATION: ORG };
    expect(connect('zenskar', {}, env).credentials).toEqual({ apiKey: 'key-12345', organisation: ORG });
  });
});

describe('requireConnection: a base URL that cannot be used is refused naming where it was set', () => {
  const CREDENTIALS = { ZENSKAR_API_KEY: SECRET, ZENSKAR_ORGANISATION: ORG };
  const inProfile = (baseUrl: string) => cwdWith({ defaultProfile: 'prod', profiles: { prod: { baseUrl } } });

  it.each<[string, FlagSettings, Record<string, string>, string | undefined, string]>([
    ['--base-url', { baseUrl: 'nope' }, {}, undefined, '--base-url is not a valid URL'],
    ['ZCUST_BASE_URL', {}, { ZCUST_BASE_URL: 'nope' }, undefined, 'ZCUST_BASE_URL is not a valid URL'],
    ['the profile', {}, {}, 'not a url', '"baseUrl" of profile "prod" is not a valid URL'],
    [
      '--base-url over ZCUST_BASE_URL',
      { baseUrl: 'nope' },
      { ZCUST_BASE_URL: 'https://api.example.com' },
      undefined,
      '--base-url is not a valid URL',
    ],
    [
      'ZCUST_BASE_URL over the profile',
      {},
      { ZCUST_BASE_URL: 'nope' },
      'https://api.example.com',
      'ZCUST_BASE_URL is not a valid URL',
    ],
    [
      'the profile, when ZCUST_BASE_URL is blank',
      {},
      { ZCUST_BASE_URL: ' ' },
      'nope',
      '"baseUrl" of profile "prod" is not a valid URL',
    ],
  ])('%s', (_, flags, env, profileUrl, start) => {
    const cwd = profileUrl === undefined ? cwdWith() : inProfile(profileUrl);
    const message = usageErrorOf(() =>
      requireConnection(resolveConfig(flags, { ...CREDENTIALS, ...env }, cwd)),
    ).message;
    expect(message).toBe(`${start}; expected one like https://api.zenskar.com`);
  });

  // A DayZero user shown Zenskar's base URL as the example would send there.
  it.each<[string, Record<string, string>, string]>([
    ['zenskar', CREDENTIALS, 'https://api.zenskar.com'],
    ['dayzero', { DAYZERO_API_TOKEN: SECRET, DAYZERO_BUSINESS_ID: BIZ }, 'https://api.ondayzero.com'],
    ['ambiosys', { AMBIOSYS_API_TOKEN: SECRET }, 'https://api.example.com'],
  ])(
    "for %s, the example is the target's own base URL (a placeholder for AmbioSys, which publishes none)",
    (target, env, example) => {
      const message = usageErrorOf(() =>
        requireConnection(
          resolveConfig({ baseUrl: 'http://', target: target as TargetName }, env, cwdWith()),
        ),
      ).message;
      expect(message).toBe(`--base-url is not a valid URL; expected one like ${example}`);
    },
  );

  it.each<[string, FlagSettings, Record<string, string>, string | undefined, string]>([
    [
      'ftp://',
      { baseUrl: 'ftp://api.example.com' },
      {},
      undefined,
      '--base-url must use https:// (got ftp://)',
    ],
    [
      'a query string',
      {},
      { ZCUST_BASE_URL: 'https://api.example.com/?org=1' },
      undefined,
      'ZCUST_BASE_URL must not have a query string or #fragment',
    ],
    [
      'plain http to a host that is not loopback',
      {},
      {},
      'http://api.example.com',
      '"baseUrl" of profile "prod": refusing to send credentials over plain http to api.example.com',
    ],
  ])('and for its other checks: %s', (_, flags, env, profileUrl, start) => {
    const cwd = profileUrl === undefined ? cwdWith() : inProfile(profileUrl);
    const message = usageErrorOf(() =>
      requireConnection(resolveConfig(flags, { ...CREDENTIALS, ...env }, cwd)),
    ).message;
    expect(message.startsWith(start), message).toBe(true);
  });

  // Without `://` the URL parser reads the user part as a scheme: "must use https:// (got tok9f8e7d6c5b4a3://)".
  const USER_SECRET = 'tok9f8e7d6c5b4a3';
  it.each<[string, FlagSettings, Record<string, string>, string | undefined, string]>([
    [
      '--base-url',
      { baseUrl: `${USER_SECRET}:x-oauth-basic@api.example.com` },
      {},
      undefined,
      'https://api.example.com',
    ],
    [
      'ZCUST_BASE_URL',
      {},
      { ZCUST_BASE_URL: `admin:${USER_SECRET}@localhost:4010` },
      undefined,
      'http://localhost:4010',
    ],
    ['"baseUrl" of profile "prod"', {}, {}, `${USER_SECRET}@api.example.com`, 'https://api.example.com'],
  ])(
    'refuses %s with credentials and no scheme, naming its host, never its user part',
    (source, flags, env, profileUrl, host) => {
      const cwd = profileUrl === undefined ? cwdWith() : inProfile(profileUrl);
      const message = usageErrorOf(() =>
        requireConnection(resolveConfig(flags, { ...CREDENTIALS, ...env }, cwd)),
      ).message;
      expect(message, 'the user part echoed').not.toContain(USER_SECRET);
      expect(message).toBe(
        `${source} has no scheme: write it ${host}; credentials do not belong in it: pass the API key with ZENSKAR_API_KEY or --api-key`,
      );
    },
  );

  it.each<[string, string, Record<string, string>]>([
    ['in its path', `https://proxy.example.com/${SECRET}/`, {}],
    ['URL-encoded, upper case', `https://proxy.example.com/${encodeURIComponent(SECRET).toUpperCase()}`, {}],
    ['in part (12 characters of it)', `https://proxy.example.com/k/${SECRET.slice(2, 14)}`, {}],
    [
      'with every character percent-encoded, even those that need not be',
      `https://proxy.example.com/${[...SECRET].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}`,
      {},
    ],
    [
      'with its underscores percent-encoded',
      `https://proxy.example.com/${SECRET.replaceAll('_', '%5F')}/`,
      {},
    ],
    [
      'a DayZero token, named with its own variable',
      `https://dz.example.com/${SECRET}`,
      { ZCUST_TARGET: 'dayzero', DAYZERO_API_TOKEN: SECRET, DAYZERO_BUSINESS_ID: BIZ },
    ],
  ])('refuses a base URL that holds the API key %s, without echoing it', (_, url, env) => {
    const message = usageErrorOf(() =>
      requireConnection(resolveConfig({ baseUrl: url }, { ...CREDENTIALS, ...env }, cwdWith())),
    ).message;
    const keyVariable = env.DAYZERO_API_TOKEN ? 'DAYZERO_API_TOKEN' : 'ZENSKAR_API_KEY';
    expect(message).toBe(
      `--base-url holds the API key (or part of it): give the base URL without it, and the key with ${keyVariable} or --api-key`,
    );
  });

  it('takes a base URL whose path shares less than 12 characters with the key', () => {
    const url = `https://proxy.example.com/${SECRET.slice(0, 6)}/`;
    expect(requireConnection(resolveConfig({ baseUrl: url }, CREDENTIALS, cwdWith())).baseUrl).toBe(url);
  });

  it('is not refused once the base URL is replaced (the embedded sandbox brings its own)', () => {
    const config = resolveConfig({ baseUrl: 'nope' }, CREDENTIALS, cwdWith());
    config.baseUrl = 'http://127.0.0.1:4010';
    expect(requireConnection(config).baseUrl).toBe('http://127.0.0.1:4010');
  });

  it('is not checked while nothing would be sent (validate, --dry-run)', () => {
    expect(resolveConfig({ baseUrl: 'nope' }, {}, cwdWith()).baseUrl).toBe('nope');
  });
});

describe('no error message contains the API key', () => {
  const withKeyInProfile = (extra: Record<string, unknown>) =>
    cwdWith({ defaultProfile: 'p', profiles: { p: { apiKey: SECRET, ...extra } } });

  it.each<[string, () => unknown]>([
    [
      'zenskar missing its organisation',
      () => requireConnection(resolveConfig({ apiKey: SECRET }, {}, cwdWith())),
    ],
    [
      'dayzero missing its business id',
      () => requireConnection(resolveConfig({ target: 'dayzero' }, { DAYZERO_API_TOKEN: SECRET }, cwdWith())),
    ],
    [
      'ambiosys missing its base URL',
      () => requireConnection(resolveConfig({ target: 'ambiosys', apiKey: SECRET }, {}, cwdWith())),
    ],
    ['an unknown target', () => resolveConfig({ target: 'nope', apiKey: SECRET }, {}, cwdWith())],
    [
      'a single-quoted key (invalid JSON)',
      () => {
        const dir = cwdWith();
        writeFileSync(join(dir, 'zcust.config.json'), `{"profiles": {"p": {"apiKey": '${SECRET}'}}}`);
        return resolveConfig({}, {}, dir);
      },
    ],
    ['an unknown profile', () => resolveConfig({ profile: 'nope' }, {}, withKeyInProfile({}))],
    ['an unknown key beside the key', () => resolveConfig({}, {}, withKeyInProfile({ tenant: 'x' }))],
    ['a bad value beside the key', () => resolveConfig({}, {}, withKeyInProfile({ retries: -1 }))],
    [
      'the key where a number belongs',
      () => resolveConfig({}, {}, cwdWith({ profiles: { p: { concurrency: SECRET } } })),
    ],
  ])('%s', (_, run) => {
    expect(usageErrorOf(run).message).not.toContain(SECRET);
  });
});

it('takes a blank ZCUST_STATE_DIR as unset, not as a folder named " "', () => {
  expect(resolveConfig({}, { ZCUST_STATE_DIR: ' ', HOME: '/home/ann' }, cwdWith()).stateDir).toBe(
    '/home/ann/.local/state/zcust',
  );
});

describe("a profile's relative stateDir", () => {
  it("is the config file's folder, whatever folder zcust runs from", () => {
    const home = cwdWith();
    mkdirSync(join(home, 'elsewhere'));
    writeConfig(home, 'team.json', { defaultProfile: 't', profiles: { t: { stateDir: '.zcust' } } });
    for (const cwd of [home, join(home, 'elsewhere')]) {
      expect(resolveConfig({ config: join(home, 'team.json') }, {}, cwd).stateDir).toBe(join(home, '.zcust'));
    }
  });
});

// No shell expands "~" in a config file or a quoted variable: a folder named "~" was made under the config file's.
describe('a state folder written ~/…', () => {
  it.each<[string, FlagSettings, Record<string, string>, unknown]>([
    ["a profile's stateDir", {}, {}, { defaultProfile: 'p', profiles: { p: { stateDir: '~/zstate' } } }],
    ['ZCUST_STATE_DIR', {}, { ZCUST_STATE_DIR: '~/zstate' }, undefined],
    ['--state-dir', { stateDir: '~/zstate' }, {}, undefined],
  ])('is under the home folder, from %s', (_, flags, env, file) => {
    const config = resolveConfig(flags, { HOME: '/home/ann', ...env }, cwdWith(file));
    expect(config.stateDir).toBe('/home/ann/zstate');
  });

  it('is the home folder itself when it is only "~"', () => {
    expect(resolveConfig({ stateDir: '~' }, { HOME: '/home/ann' }, cwdWith()).stateDir).toBe('/home/ann');
  });

  it('keeps a name that only starts with "~" (a folder "~old" of the working folder)', () => {
    expect(resolveConfig({ stateDir: '~old' }, { HOME: '/home/ann' }, cwdWith()).stateDir).toBe('~old');
  });
});

it("takes a profile's relative stateDir from the config file's real folder, reached through symbolic links", () => {
  const home = cwdWith();
  for (const d of ['cfg', 'x', 'y']) mkdirSync(join(home, d));
  writeConfig(join(home, 'cfg'), DEFAULTS.configFile, {
    defaultProfile: 'p',
    profiles: { p: { stateDir: 'st' } },
  });
  for (const d of ['x', 'y'])
    symlinkSync(join('..', 'cfg', DEFAULTS.configFile), join(home, d, DEFAULTS.configFile));
  for (const d of ['x', 'y'])
    expect(resolveConfig({}, {}, join(home, d)).stateDir).toBe(join(realpathSync(home), 'cfg', 'st'));
});

describe('defaultStateDir', () => {
  it.each([
    [
      'XDG_STATE_HOME when it is absolute',
      { XDG_STATE_HOME: '/xdg/state', HOME: '/home/ann' },
      '/xdg/state/zcust',
    ],
    ['HOME otherwise', { HOME: '/home/ann' }, '/home/ann/.local/state/zcust'],
    [
      'HOME when XDG_STATE_HOME is relative (the XDG rules ignore it)',
      { XDG_STATE_HOME: 'state', HOME: '/home/ann' },
      '/home/ann/.local/state/zcust',
    ],
  ])('is under %s, whatever the working directory', (_, env, expected) => {
    expect(defaultStateDir(env)).toBe(expected);
  });

  it.each([[''], ['relative/home']])(
    "is never under the working folder when HOME is %j (the account's home folder then)",
    (home) => {
      expect(isAbsolute(defaultStateDir({ HOME: home }))).toBe(true);
    },
  );
});
