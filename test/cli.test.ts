import { PassThrough } from 'node:stream';
import { CommanderError } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { buildProgram, errorJson, handleError, withoutOptionValues } from '../src/cli.js';
import { AbortError, UsageError } from '../src/errors.js';

const program = () =>
  buildProgram({ stdout: new PassThrough(), stderr: new PassThrough(), setExit: () => {} });

const command = (name: string) => {
  const found = program().commands.find((c) => c.name() === name);
  if (!found) throw new Error(`no command ${name}`);
  return found;
};

/** A stack trace line, as Error.stack writes one. */
const STACK_LINE = /\n\s+at /;

describe('handleError: the exit code, and a stack trace with --verbose for internal errors only', () => {
  it.each<[string, unknown, number, boolean]>([
    ['a usage error', new UsageError('cannot read x.csv: no such file'), 2, false],
    ['a configuration error', new UsageError('zcust.config.json is not valid JSON'), 2, false],
    ['an abort', new AbortError('cannot write the report "r.csv": no space left on device'), 3, false],
    ['an internal error', new TypeError('x is undefined'), 70, true],
    ['a thrown non-Error', 'boom', 70, true],
  ])('%s', (_, error, code, stack) => {
    for (const verbose of [false, true]) {
      let said = '';
      expect(handleError(error, verbose, (text) => (said += text))).toBe(code);
      expect(said.split('\n')[0]).toMatch(/^zcust: (error|internal error): /);
      expect(STACK_LINE.test(said), `stack trace with verbose=${verbose}: ${said}`).toBe(stack && verbose);
    }
  });
});

describe('handleError: commander’s help, version and usage errors', () => {
  it.each<[string, CommanderError, number]>([
    ['--help', new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), 0],
    ['`zcust help`, `zcust help import`', new CommanderError(0, 'commander.help', '(outputHelp)'), 0],
    ['--version', new CommanderError(0, 'commander.version', '0.1.0'), 0],
    [
      '`zcust` without a command, `zcust help nope`',
      new CommanderError(1, 'commander.help', '(outputHelp)'),
      2,
    ],
    ['an unknown command', new CommanderError(1, 'commander.unknownCommand', "unknown command 'x'"), 2],
    ['an unknown option', new CommanderError(1, 'commander.unknownOption', "unknown option '--x'"), 2],
  ])('%s: exit %i', (_, error, code) => {
    expect(handleError(error, false, () => {})).toBe(code);
  });
});

describe('--target takes a target name in any case, as ZCUST_TARGET does', () => {
  const cases = ['sample-csv', 'validate', 'import', 'sandbox'].flatMap((name) =>
    (
      [
        ['DayZero', 'dayzero'],
        ['AMBIOSYS', 'ambiosys'],
        ['zenskar', 'zenskar'],
      ] as const
    ).map(([given, target]) => [name, given, target] as const),
  );

  it.each(cases)('%s --target %s is %s', (name, given, target) => {
    const option = command(name).options.find((o) => o.long === '--target');
    expect(option?.parseArg?.(given, undefined)).toBe(target);
  });

  it.each(['sample-csv', 'validate', 'import', 'sandbox'])(
    '%s --target refuses a target it does not know',
    (name) => {
      const option = command(name).options.find((o) => o.long === '--target');
      expect(() => option?.parseArg?.('salesforce', undefined)).toThrow(
        'Allowed choices are zenskar, dayzero, ambiosys.',
      );
    },
  );
});

// 1e400 (Infinity) was told 0 to 9007199254740991, the range of a count, where 1e9 was told the flag's own.
describe('zcust sandbox --port and --seed name their own range for any number past it', () => {
  it.each([
    ['--port', '65536', 'expected a whole number from 0 to 65535'],
    ['--port', '1e9', 'expected a whole number from 0 to 65535'],
    ['--port', '1e400', 'expected a whole number from 0 to 65535'],
    ['--seed', '4294967296', 'expected a whole number from 0 to 4294967295'],
    ['--seed', '1e400', 'expected a whole number from 0 to 4294967295'],
  ])('%s %s: %s', (flag, value, rule) => {
    const option = command('sandbox').options.find((o) => o.long === flag);
    expect(() => option?.parseArg?.(value, undefined)).toThrow(rule);
  });

  it.each([
    ['--port', '65535', 65535],
    ['--seed', '4294967295', 4294967295],
  ])('%s takes its largest, %s', (flag, value, taken) => {
    const option = command('sandbox').options.find((o) => o.long === flag);
    expect(option?.parseArg?.(value, undefined)).toBe(taken);
  });
});

it('zcust sandbox --help says the port default once', () => {
  const help = command('sandbox').helpInformation({ error: false });
  // The --port entry: its line and the continuation lines under it.
  const entry = /--port <n>[^\n]*(\n {10,}[^\n-][^\n]*)*/.exec(help)?.[0] ?? '';
  expect(entry).toContain('4010');
  expect(entry.match(/default/g)).toHaveLength(1);
});

describe('--help says what a numeric flag is when it is left out, as the README does', () => {
  it.each<[string, string, string]>([
    ['import', '--concurrency', 'default 8'],
    ['import', '--rate', 'default no limit'],
    ['import', '--retries', 'default 5'],
    ['import', '--timeout', 'default 30000'],
    ['sandbox', '--port', 'default: 4010'],
    ['sandbox', '--latency', 'default 0'],
    ['sandbox', '--fail-rate', 'default 0'],
    ['sandbox', '--rate-limit', 'default no limit'],
    ['sandbox', '--drop-rate', 'default 0'],
    // Left out, the faults differ from run to run: the banner names the seed that repeats them.
    ['sandbox', '--seed', 'default a random one, which the banner names'],
  ])('%s %s: %s', (name, flag, said) => {
    const cmd = command(name);
    const option = cmd.options.find((o) => o.long === flag);
    expect(option, `no ${flag}`).toBeDefined();
    expect(option && cmd.createHelp().optionDescription(option)).toContain(`(${said}`);
  });
});

describe("commander's messages without the values they quote (a value may be a key)", () => {
  const refused = (value: string, rule = 'expected a whole number ≥ 1') =>
    `error: option '--concurrency <n>' argument '${value}' is invalid. ${rule}\n`;
  it.each<[string, string, string]>([
    [
      'text given to a number',
      refused('zsk_live_SECRETKEY1234567890'),
      "error: option '--concurrency <n>' argument is invalid: expected a whole number ≥ 1 (got text)\n",
    ],
    [
      'a number, kept',
      refused('2.5'),
      "error: option '--concurrency <n>' argument is invalid: expected a whole number ≥ 1 (got 2.5)\n",
    ],
    [
      'nothing (an unset variable)',
      refused(''),
      "error: option '--concurrency <n>' argument is invalid: expected a whole number ≥ 1 (got nothing)\n",
    ],
    [
      'a value holding a quote',
      refused("zsk_'live' is invalid. SECRET"),
      "error: option '--concurrency <n>' argument is invalid: expected a whole number ≥ 1 (got text)\n",
    ],
    [
      'text given to a choice',
      refused('zsk_live_SECRETKEY1234567890', 'Allowed choices are csv, json.'),
      "error: option '--concurrency <n>' argument is invalid: Allowed choices are csv, json (got text)\n",
    ],
    [
      "an unknown option's value",
      "error: unknown option '--apikey=zsk_live_1'\n",
      "error: unknown option '--apikey=…'\n",
    ],
    [
      "an unknown short option's value",
      "error: unknown option '-kzsk_live_1'\n",
      "error: unknown option '-k…'\n",
    ],
  ])('%s', (_, message, shown) => {
    expect(withoutOptionValues(message)).toBe(shown);
  });
});

describe("--json's error form names the command, not an option's value given before it", () => {
  const COMMANDS = program().commands.map((c) => c.name());
  const unknownOption = (name: string) =>
    new CommanderError(1, 'commander.unknownOption', `error: unknown option '${name}'`);
  const answer = (args: string[], error: unknown) =>
    errorJson(['node', 'zcust', ...args], error, 2, COMMANDS);

  // The first word not an option was "dayzero", no command: nothing was printed, and `jq .exit_code` had none.
  it.each<[string[], unknown, string | null]>([
    [['--target', 'dayzero', 'import', 'h.csv', '--json'], unknownOption('--target'), 'import'],
    [['--profile', 'dz', 'validate', 'h.csv', '--json'], unknownOption('--profile'), 'validate'],
    [['validate', 'h.csv', '--json', '--nope'], unknownOption('--nope'), 'validate'],
    [
      ['improt', 'h.csv', '--json'],
      new CommanderError(1, 'commander.unknownCommand', "error: unknown command 'improt'"),
      'improt',
    ],
    [
      ['--target', 'dayzero', 'improt', 'h.csv', '--json'],
      new CommanderError(1, 'commander.unknownCommand', "error: unknown command 'improt'"),
      'improt',
    ],
    // No command at all: the answer says so.
    [['--target', 'dayzero', 'improt', 'h.csv', '--json'], unknownOption('--target'), null],
    [['--json'], unknownOption('--json'), null],
  ])('zcust %j (%s): "command" is %j', (args, error, command) => {
    const json = answer(args, error);
    expect(json, 'nothing printed').toBeDefined();
    expect(JSON.parse(json ?? '')).toEqual({ command, error: expect.any(String), exit_code: 2 });
  });

  it.each<[string[]]>([
    [['import', 'h.csv']],
    [['validate', '--', 'h.csv', '--json']],
    [['--target', 'dayzero', 'sandbox', '--json']],
    [['sample-csv', '--json']],
  ])('zcust %j: no answer (no --json, or a command without it)', (args) => {
    expect(answer(args, unknownOption('--target'))).toBeUndefined();
  });
});

describe('--help says how to use no profile, in every command that reads one', () => {
  it.each(['sample-csv', 'validate', 'import', 'sandbox'])(
    '%s --no-profile, and what an empty --profile is',
    (name) => {
      const cmd = command(name);
      const help = (long: string) => {
        const option = cmd.options.find((o) => o.long === long);
        expect(option, `no ${long}`).toBeDefined();
        return option ? cmd.createHelp().optionDescription(option) : '';
      };
      expect(help('--no-profile')).toContain("use no profile, not even the config file's default");
      expect(help('--profile')).toContain('empty there is unset, empty here refused');
    },
  );
});

// Commander keeps the two in one value: the last one won, and a CI line with --no-profile sent with a profile's key.
describe('--profile and --no-profile together are refused, in every command that takes them', () => {
  const OPERANDS: Record<string, string[]> = {
    'sample-csv': [],
    validate: ['a.csv'],
    import: ['a.csv'],
    sandbox: [],
  };
  /** Parses `name` with `flags`, the command's own work replaced by `ran`. */
  const parse = (name: string, flags: string[], ran: () => void) => {
    const p = program();
    p.commands.find((c) => c.name() === name)?.action(ran);
    return p.parseAsync(['node', 'zcust', name, ...(OPERANDS[name] ?? []), ...flags]);
  };
  const together = Object.keys(OPERANDS).flatMap(
    (name): Array<[string, string[]]> => [
      [name, ['--no-profile', '--profile', 'dz']],
      [name, ['--profile', 'dz', '--no-profile']],
      [name, ['--profile=dz', '--no-profile']],
    ],
  );
  it.each(together)('%s %j: a usage error naming both, the command not run', async (name, flags) => {
    const ran = vi.fn();
    await expect(parse(name, flags, ran)).rejects.toMatchObject({
      constructor: UsageError,
      exitCode: 2,
      message:
        '--profile and --no-profile cannot be given together: keep --profile to use that profile, or --no-profile to use none',
    });
    expect(ran, 'the command ran').not.toHaveBeenCalled();
  });

  const alone = Object.keys(OPERANDS).flatMap(
    (name): Array<[string, string[]]> => [
      [name, ['--no-profile']],
      [name, ['--profile', 'dz']],
      [name, ['--no-profile', '--no-profile']],
    ],
  );
  it.each(alone)('%s %j: the command runs', async (name, flags) => {
    const ran = vi.fn();
    await parse(name, flags, ran);
    expect(ran).toHaveBeenCalledOnce();
  });
});
