/**
 * --profile and --no-profile are one value to commander, so the last one given won without a word: a CI line with
 * --no-profile, and a --profile added further on, sent with that profile's key (the other order used none). Given
 * together, on any command that takes them, they are refused before the command runs.
 */
import type { Command } from 'commander';
import { UsageError } from './errors.js';

const FLAGS = ['--profile', '--no-profile'];

/** Makes each of `program`'s commands that takes both refuse them together (a usage error, exit 2). */
export function refuseProfileWithNoProfile(program: Command): void {
  for (const command of program.commands) {
    const takes = new Set(command.options.map((option) => option.long));
    if (!FLAGS.every((flag) => takes.has(flag))) continue;
    const given = new Set<string>();
    // Commander announces each option as it reads it, by its name: `option:no-profile` for --no-profile.
    for (const flag of FLAGS) command.on(`option:${flag.slice(2)}`, () => given.add(flag));
    command.hook('preAction', () => {
      if (given.size === FLAGS.length) {
        throw new UsageError(
          '--profile and --no-profile cannot be given together: keep --profile to use that profile, or --no-profile to use none',
        );
      }
    });
  }
}
