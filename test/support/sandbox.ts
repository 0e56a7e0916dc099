/** Sandboxes for end-to-end tests: started per test, always closed, with the environment zcust needs. */
import { afterEach } from 'vitest';
import {
  SANDBOX_CREDENTIALS,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
} from '../../src/sandbox/index.js';

/** Sandboxes started through the returned function are closed after each test. */
export function sandboxPerTest(defaults: SandboxOptions = {}): (opts?: SandboxOptions) => Promise<Sandbox> {
  const open: Sandbox[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return async (opts = {}) => {
    const sandbox = await startSandbox({ port: 0, ...defaults, ...opts });
    open.push(sandbox);
    return sandbox;
  };
}

/** The variables a user would set to import into each sandbox dialect. */
export const SANDBOX_ENV = {
  zenskar: {
    ZENSKAR_API_KEY: SANDBOX_CREDENTIALS.zenskar.apiKey,
    ZENSKAR_ORGANISATION: SANDBOX_CREDENTIALS.zenskar.organisation,
  },
  dayzero: {
    DAYZERO_API_TOKEN: SANDBOX_CREDENTIALS.dayzero.apiKey,
    DAYZERO_BUSINESS_ID: SANDBOX_CREDENTIALS.dayzero.businessId,
  },
  ambiosys: { AMBIOSYS_API_TOKEN: SANDBOX_CREDENTIALS.ambiosys.apiKey },
} as const satisfies Record<string, Record<string, string>>;
