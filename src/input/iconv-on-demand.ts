/**
 * iconv-lite, for every encoding but UTF-8: its decoders (iconv-decoders.ts) and the names it knows
 * (encoding-names.ts). The bundle leaves it out (scripts/build.mjs), so this copy is the one http/ uses too.
 */
import { createRequire } from 'node:module';

// Loaded on first use: most files are UTF-8, which needs no iconv-lite (5 MB of tables in memory).
const require = createRequire(import.meta.url);
let iconvModule: typeof import('iconv-lite') | undefined;
export const iconv = () => {
  iconvModule ??= require('iconv-lite') as typeof import('iconv-lite');
  return iconvModule;
};
