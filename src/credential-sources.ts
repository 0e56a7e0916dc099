/**
 * Where each target's credentials can come from. Its own file so that the error boundary, which takes the keys
 * out of what it prints, knows the variables without loading the configuration's checks.
 */
export const CREDENTIAL_SOURCES = {
  zenskar: {
    apiKey: { env: 'ZENSKAR_API_KEY', flag: '--api-key' },
    organisation: { env: 'ZENSKAR_ORGANISATION', flag: '--organisation' },
  },
  dayzero: {
    apiKey: { env: 'DAYZERO_API_TOKEN', flag: '--api-key' },
    businessId: { env: 'DAYZERO_BUSINESS_ID', flag: '--business-id' },
  },
  ambiosys: { apiKey: { env: 'AMBIOSYS_API_TOKEN', flag: '--api-key' } },
} as const;
