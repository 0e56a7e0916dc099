// One rule for every setting, shared by the profile's choice, the target's, the credentials and resolveConfig:
// whitespace around a value is no part of it, and blank means unset.

/**
 * A setting's value without the whitespace around it, or undefined when nothing is left. A .env file saved on
 * Windows ends every value in CR, which no terminal shows: `zenskar\r` was refused as an unknown target quoted
 * "zenskar", while a credential or base URL from the same file was taken.
 */
export const givenSetting = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
};

/** The first setting given, highest precedence first, strings as givenSetting reads them. */
export const first = <T>(...values: (T | undefined)[]): T | undefined =>
  // Blank is unset too: ZCUST_STATE_DIR=" " made a folder named " " in the working folder.
  values
    .map((v) => (typeof v === 'string' ? (givenSetting(v) as T | undefined) : v))
    .find((v) => v !== undefined);
