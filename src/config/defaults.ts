/**
 * What is taken when no flag, variable or profile says, in one place: the config file's reader, the target's
 * choice, the base URL's checks and resolveConfig all fall back to it.
 */
import type { TargetName } from '../model.js';

export const DEFAULTS = {
  target: 'zenskar' as TargetName,
  concurrency: 8,
  retries: 5,
  timeoutMs: 30_000,
  configFile: 'zcust.config.json',
} as const;

export const DEFAULT_BASE_URLS: Record<TargetName, string | undefined> = {
  zenskar: 'https://api.zenskar.com',
  dayzero: 'https://api.ondayzero.com',
  ambiosys: undefined,
};
