import { createRequire } from 'node:module';

// From both src/ and dist/, the package manifest is one folder up.
const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

export const VERSION: string = pkg.version;
