/**
 * Types for the undici modules the client loads on their own (see client.ts): the package's index also loads
 * fetch, WebSockets, HTTP/2, mocks and caches, which an import never uses (60 ms of an import's start-up).
 */
declare module 'undici/lib/dispatcher/pool.js' {
  import type { Pool } from 'undici';

  const PoolClass: typeof Pool;
  export default PoolClass;
}

declare module 'undici/lib/core/util.js' {
  const util: {
    /** Raw header pairs (name, value, name, value…) as an object with lower-case names. */
    parseHeaders(raw: Buffer[]): Record<string, string | string[] | undefined>;
  };
  export default util;
}

declare module 'undici/lib/core/errors.js' {
  import type { errors } from 'undici';

  const undiciErrors: typeof errors;
  export default undiciErrors;
}
