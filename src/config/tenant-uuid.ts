/**
 * Zenskar's organisation and DayZero's business id are UUIDs: the `organisation` header is "the org UUID", and
 * `x-business-id` "<business uuid>" (api/facts.md). Anything else names no tenant, and is most likely a key pasted
 * into the wrong setting, which the resume journal's header and the lock's message would then hold in clear.
 */
import * as z from 'zod';

// guid, not uuid: any 8-4-4-4-12 hex digits in either case, whatever its version nibble says (as the Business
// Entity ID column takes them).
const TENANT_UUID = z.guid();

/**
 * Why `value`, given at `source`, cannot be `whose` UUID ("the organisation's"); undefined when it can be. The
 * value itself is never quoted: it may be a key.
 */
export function tenantUuidProblem(value: string, source: string, whose: string): string | undefined {
  if (TENANT_UUID.safeParse(value).success) return undefined;
  return `${source} must be ${whose}, and is not a UUID (8-4-4-4-12 hex digits): a key pasted in the wrong place? Set it again`;
}
