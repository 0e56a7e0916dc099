// Its own file: the config file's reader and the target's choice take these flags too, not only resolveConfig.

/** What the command line gave (commander's parsed options, already typed). */
export interface FlagSettings {
  target?: string;
  baseUrl?: string;
  apiKey?: string;
  organisation?: string;
  businessId?: string;
  /** false: --no-profile, none at all (not even the file's default). */
  profile?: string | false;
  config?: string;
  concurrency?: number;
  rate?: number;
  retries?: number;
  timeout?: number;
  stateDir?: string;
}
