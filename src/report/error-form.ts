/**
 * --json's error form, one line on stdout, for a command that ends without its summary: one that stopped before
 * it had one (cli.ts), or one quit at once by a second Ctrl-C or SIGQUIT (commands/import.ts). In one place so
 * that a script's `jq .exit_code` reads both alike.
 */
export const errorForm = (command: string | null, error: string, exitCode: number): string =>
  `${JSON.stringify({ command, error, exit_code: exitCode })}\n`;
