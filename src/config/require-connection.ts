// Its own step, after resolveConfig: only a run that sends is refused over a credential or base URL it would send.
import type { ResolvedConfig } from '../config.js';
import { UsageError } from '../errors.js';
import type { Credentials } from '../targets/target.js';
import { checkBaseUrl, emptyBaseUrl, refuseKeyInBaseUrl } from './base-url-checks.js';
import type { CredentialName } from './credential.js';
import { CREDENTIAL_SOURCES } from './credential-sources.js';

/** For a run that will talk to the platform: every credential present, a base URL known. */
export function requireConnection(config: ResolvedConfig): { baseUrl: string; credentials: Credentials } {
  const sources = CREDENTIAL_SOURCES[config.target];
  if (config.profileForOtherTarget) throw new UsageError(config.profileForOtherTarget);
  const { apiKey, organisation, businessId } = config.credentials;
  // A credential replaced since (the embedded sandbox's own) makes its problem moot.
  for (const [key, problem] of Object.entries(config.credentialProblems)) {
    if (config.credentials[key as CredentialName] === undefined) throw new UsageError(problem);
  }
  const missing: string[] = [];
  if (!apiKey) missing.push(`the API key (set ${sources.apiKey.env} or pass ${sources.apiKey.flag})`);
  if ('organisation' in sources && !organisation) {
    missing.push(
      `the organisation id (set ${sources.organisation.env} or pass ${sources.organisation.flag})`,
    );
  }
  if ('businessId' in sources && !businessId) {
    missing.push(`the business id (set ${sources.businessId.env} or pass ${sources.businessId.flag})`);
  }
  if (!config.baseUrl && config.baseUrlFrom?.url === '')
    throw emptyBaseUrl(config.baseUrlFrom.source, config.target);
  if (!config.baseUrl) {
    missing.push(`the base URL: ${config.target} publishes none (set ZCUST_BASE_URL or pass --base-url)`);
  }
  if (missing.length > 0 || !apiKey || !config.baseUrl) {
    throw new UsageError(`cannot import into ${config.target}: missing ${missing.join('; ')}`);
  }
  // Checked again where requests are made; here, a base URL the user gave is refused naming where it was
  // given, as a credential is. One replaced since (the embedded sandbox's own) is not the user's.
  // The key first: checkBaseUrl's messages quote the host name, which may hold it.
  if (config.baseUrlFrom?.url === config.baseUrl) {
    refuseKeyInBaseUrl(config.baseUrl, apiKey, config.baseUrlFrom.source, sources.apiKey);
    checkBaseUrl(config.baseUrl, config.baseUrlFrom.source, config.target, sources.apiKey);
  }
  const credentials: Credentials = { apiKey };
  if (organisation) credentials.organisation = organisation;
  if (businessId) credentials.businessId = businessId;
  return { baseUrl: config.baseUrl, credentials };
}
