// A profile's credentials and base URL belong to its tenant: kept from a run that --target sends elsewhere.
import type { TargetName } from '../model.js';
import { DEFAULTS } from './defaults.js';
import type { Profile } from './profile-schema.js';

/**
 * A profile describes one tenant on one target: its key and base URL must not go to another platform when
 * --target or ZCUST_TARGET says otherwise. A profile without credentials or a base URL (only concurrency,
 * say) fits any target. Why such a profile cannot be used to send, or undefined when it can.
 */
export function profileForOtherTarget(
  name: string | undefined,
  profile: Profile,
  target: TargetName,
  overriddenBy: string,
): string | undefined {
  const profileTarget = profile.target ?? DEFAULTS.target;
  const targetBound = profile.apiKey ?? profile.organisation ?? profile.businessId ?? profile.baseUrl;
  if (name === undefined || profileTarget === target || targetBound === undefined) return undefined;
  return `profile "${name}" is for ${profileTarget}, but ${overriddenBy} asks for ${target}: its credentials and base URL are not sent elsewhere. Choose a profile for ${target} (--profile), or drop ${overriddenBy}`;
}

/** A profile without what ties it to its tenant: its credentials and base URL. */
export function withoutTenant({ apiKey, organisation, businessId, baseUrl, ...settings }: Profile): Profile {
  return settings;
}
