// A profile's credentials and base URL belong to its tenant: kept from a run that --target sends elsewhere.
import { quoted } from '../customer/text.js';
import type { TargetName } from '../model.js';
import type { ProfileSource } from './config-file.js';
import { CREDENTIAL_SOURCES } from './credential-sources.js';
import { DEFAULTS } from './defaults.js';
import type { Profile } from './profile-schema.js';

/**
 * A profile describes one tenant on one target: its key and base URL must not go to another platform when
 * --target or ZCUST_TARGET says otherwise. A profile without credentials or a base URL (only concurrency,
 * say) fits any target. The target it is for when it cannot be used for `target`, or undefined when it can.
 */
export function otherTargetOf(profile: Profile, target: TargetName): TargetName | undefined {
  const profileTarget = profile.target ?? DEFAULTS.target;
  const targetBound = profile.apiKey ?? profile.organisation ?? profile.businessId ?? profile.baseUrl;
  return profileTarget === target || targetBound === undefined ? undefined : profileTarget;
}

/**
 * Why a profile the user named cannot send to `target`. The advice never points at the profile's own target:
 * "drop --target" sent a DayZero file to the Zenskar tenant with the profile's key.
 */
export function profileForOtherTarget(
  chosen: { name: string; source: ProfileSource },
  profileTarget: TargetName,
  target: TargetName,
  targetGivenBy: string,
): string {
  const variables = Object.values(CREDENTIAL_SOURCES[target]).map((source) => source.env);
  return `${chosen.source}: profile ${quoted(chosen.name)} is for ${profileTarget}, but ${targetGivenBy} asks for ${target}: its credentials and base URL are not sent elsewhere. Name a profile for ${target} (--profile), or give --no-profile and ${target}'s credentials (${variables.join(', ')})`;
}

/** Said when the file's default profile is left out for a target asked for (a warning, one line). */
export function defaultProfileLeftOut(
  name: string,
  file: string | undefined,
  profileTarget: TargetName,
  target: TargetName,
  targetGivenBy: string,
): string {
  return `defaultProfile ${quoted(name)} of ${file ?? DEFAULTS.configFile} is for ${profileTarget}, but ${targetGivenBy} asks for ${target}: using no profile (--profile names one)`;
}

/** A profile without what ties it to its tenant: its credentials and base URL. */
export function withoutTenant({ apiKey, organisation, businessId, baseUrl, ...settings }: Profile): Profile {
  return settings;
}
