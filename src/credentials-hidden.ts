/**
 * Defence in depth at the one error boundary: whatever a message quotes (a file name, an option's value, what a
 * server said), the keys this run was given on the command line or in the environment are taken out before it
 * is printed, in every spelling the client takes out of answers (redact.ts).
 */
import { CREDENTIAL_SOURCES } from './config/credential-sources.js';
import { givenSetting } from './config/first-given.js';
import { redactSecrets, type Secrets, secretsAmong } from './http/redact.js';

// Every target's key is given with the one flag.
const KEY_FLAG = CREDENTIAL_SOURCES.zenskar.apiKey.flag;
const KEY_VARIABLES = Object.values(CREDENTIAL_SOURCES).map((sources) => sources.apiKey.env);

/** `text` with the keys given to this run replaced by [redacted]; they are looked for only once it is asked. */
export function credentialsHidden(argv: readonly string[], env: NodeJS.ProcessEnv): (text: string) => string {
  let secrets: Secrets | undefined;
  return (text) => {
    secrets ??= secretsAmong(credentialsGiven(argv, env));
    return redactSecrets(text, secrets);
  };
}

/** `--api-key KEY`, `--api-key=KEY` and each target's key variable, trimmed as the configuration trims them. */
function credentialsGiven(argv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  const given = argv.flatMap((arg, i) => {
    if (arg === KEY_FLAG) return [argv[i + 1]];
    return arg.startsWith(`${KEY_FLAG}=`) ? [arg.slice(KEY_FLAG.length + 1)] : [];
  });
  return [...given, ...KEY_VARIABLES.map((name) => env[name])]
    .map(givenSetting)
    .filter((key) => key !== undefined);
}
