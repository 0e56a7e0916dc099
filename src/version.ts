import { createRequire } from 'node:module';
import { PACKAGE_ROOT } from './package-root.js';

// The manifest is read where the package is installed (PACKAGE_ROOT), not copied into the bundle.
const pkg = createRequire(PACKAGE_ROOT)('./package.json') as { version: string };

export const VERSION: string = pkg.version;
