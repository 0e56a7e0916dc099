/**
 * Where each target's credentials can come from. Its own file so that the error boundary, which takes the keys
 * out of what it prints, knows the variables without loading the configuration's checks. `scheme`: the
 * Authorization scheme zcust writes before a token, which a token pasted whole from a header brings twice.
 */
export const CREDENTIAL_SOURCES = {
  zenskar: {
    apiKey: { env: 'ZENSKAR_API_KEY', flag: '--api-key', label: 'the API key' },
    organisation: {
      env: 'ZENSKAR_ORGANISATION',
      flag: '--organisation',
      label: 'the organisation',
      uuid: "the organisation's UUID (Zenskar: Settings > General)",
    },
  },
  dayzero: {
    apiKey: { env: 'DAYZERO_API_TOKEN', flag: '--api-key', label: 'the API token', scheme: 'Bearer' },
    businessId: {
      env: 'DAYZERO_BUSINESS_ID',
      flag: '--business-id',
      label: 'the business id',
      uuid: "the business's UUID",
    },
  },
  ambiosys: {
    apiKey: { env: 'AMBIOSYS_API_TOKEN', flag: '--api-key', label: 'the API token', scheme: 'Bearer' },
  },
} as const;

/** Where a credential was taken from, and the settings below it that held one too (which it outranked). */
export interface CredentialOrigin {
  from: string;
  over: string[];
}

/**
 * Where the credentials a platform rejected came from, never what they are: "the API key came from
 * ZENSKAR_API_KEY (ahead of "apiKey" of profile "staging" in zcust.config.json)". A stale variable that outranks
 * the profile's key was otherwise not to be found. Undefined when none was the user's (the sandbox's own).
 */
export function describeCredentialOrigins(
  target: keyof typeof CREDENTIAL_SOURCES,
  origins: Partial<Record<string, CredentialOrigin>>,
): string | undefined {
  const given = Object.entries(CREDENTIAL_SOURCES[target]).flatMap(([key, source]) => {
    const origin = origins[key];
    return origin === undefined ? [] : [{ label: source.label, ...origin }];
  });
  if (given.length === 0) return undefined;
  return given
    .map(({ label, from, over }, i) => {
      const ahead = over.length > 0 ? ` (ahead of ${over.join(' and ')})` : '';
      return `${label} ${i === 0 ? 'came from' : 'from'} ${from}${ahead}`;
    })
    .join(' and ');
}
