/**
 * The --json error form of a zcust that could not start (a Node too old, its code that would not load), as
 * src/cli.ts's errorJson writes it: that code is the part that cannot run.
 */
const COMMANDS = ['sample-csv', 'validate', 'import', 'sandbox'];

/**
 * The line for stdout, or undefined when no validate or import asked for --json. `exitCode`: 2 for a machine or
 * an install that cannot run zcust, 70 for a bug in its code found as it loads.
 */
export function startErrorJson(argv, why, exitCode) {
  const args = argv.slice(2);
  const end = args.indexOf('--');
  const options = end === -1 ? args : args.slice(0, end);
  // The first of zcust's commands, not the first word: `--target dayzero import` gave "dayzero", and no answer.
  const command = options.find((a) => COMMANDS.includes(a));
  if (!options.includes('--json') || (command !== 'validate' && command !== 'import')) return undefined;
  return `${JSON.stringify({ command, error: why, exit_code: exitCode })}\n`;
}
