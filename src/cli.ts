/**
 * The command line: options → one command (each loaded only when chosen, so a run pays only for its own
 * modules). This is the one error boundary: typed errors become exit codes
 * and one clear line on stderr; a stack trace only for an internal error, with --verbose.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { ImportFlags } from './commands/import.js';
import { credentialsHidden } from './credentials-hidden.js';
import { currentFolder } from './current-folder.js';
import { AbortError, EXIT, UsageError } from './errors.js';
import { TARGET_NAMES, type TargetName } from './model.js';
import { fraction, isDecimal, MAX_TIMER_MS, rate, wholeNumber } from './number-flags.js';
import { unloadableOwnCode } from './own-code-unloadable.js';
import { refuseProfileWithNoProfile } from './profile-and-no-profile.js';
import { errorForm } from './report/error-form.js';
import { MAX_PORT, MAX_SEED } from './sandbox/limits.js';
import { refuseSwallowedValues } from './swallowed-values.js';
import { drawsBar } from './ui/terminal.js';
// Loaded at start: it notes which of stdin, stdout and stderr are a terminal, before any can hang up.
import { exitProcess } from './util/exit.js';
import { VERSION } from './version.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `--target DayZero` is `dayzero`, as ZCUST_TARGET=DayZero is: commander's own choice check is case-sensitive. */
function parseTargetFlag(value: string): TargetName {
  const target = value.toLowerCase();
  if (!(TARGET_NAMES as readonly string[]).includes(target)) {
    throw new InvalidArgumentError(`Allowed choices are ${TARGET_NAMES.join(', ')}.`);
  }
  return target as TargetName;
}

const targetOption = () =>
  new Option(
    '--target <target>',
    "the platform (default: ZCUST_TARGET, else the profile's target, else zenskar)",
  )
    .choices(TARGET_NAMES)
    // Replaces the parser .choices() sets, so it checks the choice itself.
    .argParser(parseTargetFlag);

/** Where the profile comes from, for every command that reads one; `readFor`: what that command takes from it. */
const configOption = () =>
  new Option('--config <file>', 'config file with profiles (default ./zcust.config.json)');
const profileOption = (readFor = 'to use') =>
  new Option(
    '--profile <name>',
    `profile of the config file ${readFor} (env ZCUST_PROFILE; empty there is unset, empty here refused)`,
  );
/** The one way to say "none": a blank ZCUST_PROFILE is unset, as every blank variable is. */
const noProfileOption = () =>
  new Option('--no-profile', "use no profile, not even the config file's default (the file is not read)");

const FORMAT_CHOICES = ['csv', 'json', 'ndjson', 'jsonl'];

/** `--format JSON` is `json`; `jsonl` is another name for `ndjson`. */
function parseFormat(value: string): string {
  const format = value.toLowerCase();
  if (!FORMAT_CHOICES.includes(format)) {
    throw new InvalidArgumentError(`Allowed choices are ${FORMAT_CHOICES.join(', ')}.`);
  }
  return format === 'jsonl' ? 'ndjson' : format;
}

/** Options shared by validate and import: reading the file and writing the report. */
function addInputOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--format <format>', 'input format (default: from the extension)')
        .choices(FORMAT_CHOICES)
        // Replaces the parser .choices() sets, so it checks the choice itself.
        .argParser(parseFormat),
    )
    .option(
      '--encoding <encoding>',
      'encoding of a file without a byte-order mark (default utf-8), e.g. windows-1252 or macintosh',
    )
    .option('--delimiter <char>', 'CSV delimiter (default: detected among , ; TAB |)')
    .option(
      '--map <mapping>',
      '"Header In File=Template Column" (repeatable; a header given twice feeds both columns)',
      collect,
    )
    .option(
      '--report <file>',
      'report file: .csv, .json or .xml (JUnit); repeatable (default <input>.report.csv)',
      collect,
    )
    .option('--include-example', "import the template's John Doe example row instead of skipping it")
    .option('--json', 'print the summary as JSON on stdout (and nothing else there)')
    .option('-q, --quiet', 'no progress, no summary on stderr')
    .addOption(configOption())
    .addOption(profileOption())
    .addOption(noProfileOption())
    .option('--verbose', 'show stack traces for internal errors')
    .addOption(targetOption());
}

/**
 * Commander quotes an option it does not know whole, value included: `--api-key=KEY` given to validate, or a
 * misspelled `--api-ky=KEY`, would print the key. The name is what the user needs to see, not the value. A short
 * option takes its value joined on (`-kKEY`): only its letter is shown. A value an option refuses is quoted too
 * ("argument 'zsk_live_…' is invalid", a key given to --concurrency): a number stays, as a profile's numbers
 * do, and text is said to be text.
 */
export function withoutOptionValues(message: string): string {
  return message
    .replace(
      /argument '(.*)' is invalid\. (.*?)\.?(\n?)$/s,
      (_, value: string, rule: string, end: string) =>
        `argument is invalid: ${rule} (got ${described(value)})${end}`,
    )
    .replace(/'(--?[^'=\s]+)=[^']*'/g, "'$1=…'")
    .replace(/'-([^-'=\s])[^'=\s]+'/g, "'-$1…'");
}

function described(value: string): string {
  if (isDecimal(value)) return value;
  return value.trim() === '' ? 'nothing' : 'text';
}

/** sample-csv's options, as commander parses them. */
interface SampleCsvFlags {
  output?: string;
  example: boolean;
  target?: TargetName;
  config?: string;
  profile?: string | false;
}

export function buildProgram(io: {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
  setExit: (code: number) => void;
  /** What commander's own errors go through before they are printed (main's credentialsHidden). */
  hide?: (text: string) => string;
}): Command {
  const hide = io.hide ?? ((text: string) => text);
  const program = new Command('zcust')
    .description('Import customers from CSV, JSON or NDJSON into Zenskar, DayZero or AmbioSys.')
    .version(VERSION, '-V, --version')
    .option('--verbose', 'show stack traces for internal errors')
    .showHelpAfterError('(run zcust --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (message, write) => write(hide(withoutOptionValues(message))),
    })
    .exitOverride()
    // Before any command runs, help and --version aside: each reads the working folder somewhere, and one
    // deleted under the shell is refused in words at the start, not as an internal error wherever it was read.
    .hook('preAction', () => {
      currentFolder();
    });

  const commandIO = () => ({
    stdout: io.stdout,
    stderr: io.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    stderrIsInteractive: drawsBar(io.stderr),
  });

  program
    .command('sample-csv')
    .description('write the customer CSV template (with a John Doe example row)')
    .option('-o, --output <file>', 'write to a file instead of stdout ("-" is stdout)')
    .option('--no-example', 'header only, without the example row')
    .option('--verbose', 'show stack traces for internal errors')
    .addOption(targetOption())
    .addOption(configOption())
    .addOption(profileOption('to take the target from'))
    .addOption(noProfileOption())
    .action(async (opts: SampleCsvFlags) => {
      const { runSampleCsv } = await import('./commands/sample-csv.js');
      const { resolveTemplateTarget } = await import('./config/chosen-target.js');
      // The target as validate and import settle it: flag, ZCUST_TARGET, the config file's profile, zenskar.
      // A template sends nothing: a profile for another target, with credentials, is no reason to refuse it.
      const target = resolveTemplateTarget(opts, process.env, process.cwd(), (message) =>
        io.stderr.write(`zcust: warning: ${message}\n`),
      );
      await runSampleCsv({ ...opts, target }, io.stdout);
    });

  addInputOptions(
    program
      .command('validate')
      .description('check every row, send nothing, write the report')
      .argument('<file>', 'CSV, JSON or NDJSON file, or - for standard input (with --format)'),
  ).action(async (file: string, opts: ImportFlags) => {
    const { runImport } = await import('./commands/import.js');
    const { interruptionsSayFor } = await import('./commands/interruption.js');
    interruptionsSayFor('validate');
    io.setExit(await runImport('validate', file, opts, commandIO()));
  });

  addInputOptions(
    program
      .command('import')
      .description("validate and create every valid customer through the target's API")
      .argument('<file>', 'CSV, JSON or NDJSON file, or - for standard input (with --format)'),
  )
    .option('--base-url <url>', 'API base URL (env ZCUST_BASE_URL)')
    .option(
      '--api-key <key>',
      'API key or token (prefer the environment: ZENSKAR_API_KEY, DAYZERO_API_TOKEN, AMBIOSYS_API_TOKEN)',
    )
    .option('--organisation <id>', 'Zenskar organisation id (env ZENSKAR_ORGANISATION)')
    .option('--business-id <id>', 'DayZero business id (env DAYZERO_BUSINESS_ID)')
    .option('--concurrency <n>', 'requests in flight (default 8)', wholeNumber(1))
    .option('--rate <n>', 'requests per second at most (default no limit)', rate)
    .option(
      '--retries <n>',
      'retries for 429, 5xx, timeouts and connection errors (default 5)',
      wholeNumber(0),
    )
    .option('--timeout <ms>', 'per-request timeout in ms (default 30000)', wholeNumber(1, MAX_TIMER_MS))
    .option('--skip-existing', 'look customers up first (by email, then Customer ID) and skip those found')
    .option('--dry-run', 'validate only, send nothing (same as zcust validate)')
    .option('--fail-fast', 'stop sending at the first failed row')
    .option('--sandbox', 'import into an embedded sandbox on a free loopback port (no credentials needed)')
    .option(
      '--state-dir <dir>',
      'where the resume journals live (default $XDG_STATE_HOME/zcust, else ~/.local/state/zcust)',
    )
    .option(
      '--no-resume',
      'send every row, not consulting what earlier imports into this tenant did (their record stays)',
    )
    .action(async (file: string, opts: ImportFlags) => {
      const { runImport } = await import('./commands/import.js');
      const { interruptionsSayFor } = await import('./commands/interruption.js');
      // A dry run sends nothing, as validate does: a stop has no requests in flight to finish.
      interruptionsSayFor(opts.dryRun ? 'validate' : 'import');
      const cio = commandIO();
      if (opts.dryRun && opts.apiKey !== undefined) {
        // An import that sends says the settings' warnings itself; a dry run does not, but a key on the
        // command line is in `ps` and the shell's history whether or not anything is sent.
        const { resolveConfig } = await import('./config.js');
        for (const w of resolveConfig(opts, cio.env, cio.cwd).warnings) {
          io.stderr.write(`zcust: warning: ${w}\n`);
        }
      }
      io.setExit(await runImport('import', file, opts, cio));
    });

  program
    .command('sandbox')
    .description("run a local, stateful stand-in for the target's API")
    // Commander adds "(default: 4010)" itself.
    // Bounded where parsed: 1e400 (Infinity) was told 0 to 9007199254740991, the range of a count.
    .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', wholeNumber(0, MAX_PORT), 4010)
    .addOption(targetOption())
    .addOption(configOption())
    .addOption(profileOption('to take the target from'))
    .addOption(noProfileOption())
    .option('--latency <ms>', 'delay every answer by this many ms (default 0)', wholeNumber(0, MAX_TIMER_MS))
    .option('--fail-rate <p>', 'answer this share of requests with 503 (default 0)', fraction)
    .option('--rate-limit <n>', 'answer 429 beyond n requests a second (default no limit)', wholeNumber(1))
    .option(
      '--drop-rate <p>',
      'create, then drop the connection without answering, for this share of creates (default 0)',
      fraction,
    )
    .option(
      '--seed <n>',
      'seed for reproducible faults (default a random one, which the banner names with --fail-rate or --drop-rate)',
      wholeNumber(0, MAX_SEED),
    )
    .option('--data <file>', 'keep the customers in this file across restarts')
    .option('--verbose', 'show stack traces for internal errors')
    .action(async (opts) => {
      const { runSandboxCommand } = await import('./commands/sandbox.js');
      await runSandboxCommand(opts, { stdout: io.stdout, stderr: io.stderr });
    });

  refuseProfileWithNoProfile(program);
  return program;
}

/** Entry point used by bin/zcust.js. */
export async function main(argv: string[]): Promise<void> {
  const verbose = argv.includes('--verbose');
  let exit: number = EXIT.ok;
  const hide = credentialsHidden(argv, process.env);
  const program = buildProgram({
    stdout: process.stdout,
    stderr: process.stderr,
    setExit: (code) => {
      exit = code;
    },
    hide,
  });
  // Node ends a process whose event loop runs dry with exit 0, even while a command still waits on a promise
  // nothing will settle: a run that stalled would pass in CI with rows unaccounted for. A command either
  // finishes (and exits below) or holds a handle open (the sandbox's server), so reaching this is a bug.
  process.once('beforeExit', () => {
    process.stderr.write(
      'zcust: internal error: the run stopped making progress before every row was accounted for\n' +
        'zcust: please report it; the report may be incomplete\n',
    );
    exitProcess(EXIT.internal);
  });
  // A stderr that cannot be written (> /dev/full, a reader that closed its pipe) emits 'error', which with no
  // listener crashes the process: mid-import, with rows sent and no report. What was said there is lost;
  // the run, its report and its exit code are not.
  process.stderr.on('error', () => {});
  try {
    refuseSwallowedValues(program, argv);
    await program.parseAsync(argv);
  } catch (thrown) {
    const e = unloadableOwnCode(thrown) ?? thrown;
    exit = handleError(e, verbose, (s) => process.stderr.write(hide(s)));
    // A script that parses --json's stdout (`… --json | jq .exit_code`) gets an answer when the command ends
    // before it has a summary too (an unknown flag, a file that cannot be read, missing credentials).
    const commands = program.commands.map((command) => command.name());
    const json = exit === EXIT.ok ? undefined : errorJson(argv, e, exit, commands, hide);
    if (json !== undefined) process.stdout.write(json);
  }
  // Exit explicitly: a stray handle (a keep-alive socket, stdin) must not keep a finished run alive.
  exitProcess(exit);
}

/** Commands whose --json prints their summary on stdout. */
const JSON_COMMANDS: ReadonlySet<string> = new Set(['validate', 'import']);

/**
 * What --json prints on stdout for a command that ended without a summary: `{command, error, exit_code}`, the
 * error in the words stderr has; undefined without --json (before any `--`, which ends the options). The command
 * is the first word that is one of zcust's `commands`: the first word not an option was the value of an option
 * given before the command (`zcust --target dayzero import …` took "dayzero"), and nothing was printed. A command
 * zcust does not know (`zcust improt x.csv --json`) is answered too, with the word commander names: it was most
 * likely meant for one that has --json, and the script reading stdout waits for an answer all the same; so is
 * a command line that names no command at all, with `null`.
 */
export function errorJson(
  argv: readonly string[],
  e: unknown,
  exitCode: number,
  commands: readonly string[],
  hide: (text: string) => string = (text) => text,
): string | undefined {
  const args = argv.slice(2);
  const end = args.indexOf('--');
  const options = end === -1 ? args : args.slice(0, end);
  if (!options.includes('--json')) return undefined;
  const named = options.find((a) => commands.includes(a));
  if (named !== undefined && !JSON_COMMANDS.has(named)) return undefined;
  const said = e instanceof Error ? e.message.replace(/^error: /, '') : String(e);
  const unknownCommand =
    e instanceof CommanderError && e.code === 'commander.unknownCommand'
      ? /^unknown command '(.*)'/.exec(said)?.[1]
      : undefined;
  const command = named ?? unknownCommand ?? null;
  // Commander's message quotes an unknown option whole: the value goes, as it does on stderr (outputError).
  const message = hide(e instanceof CommanderError ? withoutOptionValues(said) : said);
  const error =
    e instanceof UsageError || e instanceof AbortError || e instanceof CommanderError
      ? message
      : `internal error: ${message}`;
  return errorForm(command === null ? null : hide(command), error, exitCode);
}

/**
 * The exit code for what a command threw, and what is said about it. A stack trace, with --verbose, is for an
 * internal error (a bug) only: a usage error or an abort is the user's to act on, and its one line says it all.
 */
export function handleError(e: unknown, verbose: boolean, write: (text: string) => void): number {
  if (e instanceof CommanderError) {
    // Help and version are "errors" to commander; they already printed. Help asked for (--help, `zcust help`)
    // is exit 0; help printed because no command was given (`zcust`, `zcust help nope`) is commander's
    // exit 1, a usage error.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
    if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return EXIT.usage;
  }
  if (e instanceof UsageError || e instanceof AbortError) {
    write(`zcust: error: ${e.message}\n`);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  write(`zcust: internal error: ${err.message}\n`);
  if (verbose) write(`${err.stack ?? ''}\n`);
  else write('zcust: run again with --verbose for details, and please report it\n');
  return EXIT.internal;
}
