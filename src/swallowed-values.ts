/**
 * An option whose value is missing takes the next argument as its value, whatever it is: `--report $OUT
 * --api-key=KEY` with OUT unset gave --report the key, which the report's error then printed, and
 * `--state-dir $SD` made a folder named after it. A value that looks like an option of its own was surely meant
 * as one, so it is refused before anything is read, sent or created, and never quoted (it may hold a key).
 */
import type { Command, Option } from 'commander';
import { UsageError } from './errors.js';

/**
 * Throws when an option of the chosen command that takes a value is followed by an option: anything starting
 * with `--`, or one of the command's short flags (`-q`, `-h`). Not `-` alone (standard input, `-o -`), a negative
 * number (`--rate -1` is told the rate's rule) nor other text after a `-` (`--map -Mail=Email`, a header a
 * spreadsheet export starts with a minus). Only a value given apart is looked at: one joined on
 * (`--report=--x.csv`, `-o--x.csv`) is the user's own.
 */
export function refuseSwallowedValues(program: Command, argv: readonly string[]): void {
  const args = argv.slice(2);
  const end = args.indexOf('--');
  // Up to the `--` included: `--report -- x.csv` gives --report the `--`.
  const scanned = end === -1 ? args : args.slice(0, end + 1);
  const name = scanned.find((arg) => !arg.startsWith('-'));
  const command = program.commands.find((c) => c.name() === name);
  if (command === undefined) return;
  const options = [...program.options, ...command.options];
  const takesValue = valueOptions(options);
  // With the help flag (-h), listed under every command's --help: it is not among command.options.
  const listed = [...options, ...command.createHelp().visibleOptions(command)];
  const shortFlags = new Set(listed.flatMap((option) => option.short ?? []));
  const isAnOption = (arg: string) => arg.startsWith('--') || shortFlags.has(arg);
  for (const [i, arg] of scanned.entries()) {
    const option = takesValue.get(arg);
    const next = scanned[i + 1];
    if (option === undefined || next === undefined || !isAnOption(next)) continue;
    throw new UsageError(
      `${arg} is missing its value (an unset variable?): the next argument is an option ` +
        `(a value that looks like one is given joined on: ${option.long ?? arg}=VALUE)`,
    );
  }
}

/** Each flag (long and short) of the options that take a value, as commander knows them. */
function valueOptions(options: readonly Option[]): Map<string, Option> {
  const byFlag = new Map<string, Option>();
  for (const option of options) {
    if (!option.required && !option.optional) continue;
    for (const flag of [option.long, option.short]) if (flag) byFlag.set(flag, option);
  }
  return byFlag;
}
