/**
 * Journals were named by the tenant id as the user gave it until ids came to be filed by their lower-case spelling
 * (same-uuid.ts): a journal an earlier zcust kept under `…B001` is this tenant's, and an import that did not read
 * it would create again the customers it records that no lookup finds (on Zenskar, rows with neither e-mail nor
 * Customer ID). The first import under the new name takes that journal over, by renaming it.
 */
import { existsSync, renameSync } from 'node:fs';
import { ioReason, UsageError } from '../errors.js';
import { type JournalIdentity, journalPath } from './journal-identity.js';

/**
 * Renames the journal `identity` would have had under the tenant id as given (`givenTenant`), when that spelling
 * differs from the one it is filed by and the state folder holds no journal under the latter yet. Its header keeps
 * the old spelling: nothing reads a tenant id back from a header.
 */
export function adoptJournalSpelledAsGiven(
  stateDir: string,
  identity: JournalIdentity,
  givenTenant: string,
): void {
  if (identity.secretTenant !== undefined || givenTenant === identity.tenant) return;
  const path = journalPath(stateDir, identity);
  const asGiven = journalPath(stateDir, { ...identity, tenant: givenTenant });
  if (existsSync(path) || !existsSync(asGiven)) return;
  try {
    renameSync(asGiven, path);
  } catch (error) {
    // Not read, it would be as good as lost: nothing is sent until it is where this import reads it.
    throw new UsageError(
      `cannot rename this tenant's resume journal ${asGiven} to ${path}, the name zcust now gives it (${ioReason(error)}): rename it, then import again`,
    );
  }
}
