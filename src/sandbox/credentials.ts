/**
 * The sandbox's fixed, documented credentials. They are fake on purpose: printing them is the point of
 * `zcust sandbox`, and fixed values let scripts and tests paste them without reading the output first.
 */
export const SANDBOX_CREDENTIALS = {
  zenskar: { apiKey: 'zsk_sandbox_key', organisation: '00000000-0000-4000-8000-000000000001' },
  dayzero: { apiKey: 'dz_sandbox_token', businessId: '00000000-0000-4000-8000-00000000b001' },
  ambiosys: { apiKey: 'amb_sandbox_token' },
} as const;
