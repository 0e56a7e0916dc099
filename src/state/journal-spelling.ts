/**
 * Journals were named by the tenant id as the user gave it until ids came to be filed by their lower-case spelling
 * (same-uuid.ts): a journal an earlier zcust kept under `…B001` is this tenant's, whatever case the id is given in
 * now, and an import that did not read it would create again the customers it records that no lookup finds (on
 * Zenskar, rows with neither e-mail nor Customer ID). The first import that finds it takes it over, by renaming
 * it. It is found by its header, which holds the tenant id as it was given.
 */
import { renameSync } from 'node:fs';
import { basename } from 'node:path';
import { ioReason, UsageError } from '../errors.js';
import { uuidKey } from '../util/same-uuid.js';
import { headerOf, journalsIn } from './journal-headers.js';
import { type JournalIdentity, journalPath } from './journal-identity.js';
import { removeNoteSpill } from './note-spill.js';

/**
 * Renames the journal of `identity`'s tenant kept under another spelling of its id to the name it is filed by,
 * when the state folder holds no journal under that name yet. Two such journals (the id given in two spellings by
 * earlier zcusts) cannot be told apart: a usage error names them, and nothing is sent.
 */
export function adoptJournalOfOtherSpelling(stateDir: string, identity: JournalIdentity): void {
  if (identity.secretTenant !== undefined || identity.tenant === '') return;
  const path = journalPath(stateDir, identity);
  if (headerOf(path) !== undefined) return;
  const others = journalsOfOtherSpelling(stateDir, identity);
  const [only, second] = others;
  if (only === undefined) return;
  if (second !== undefined) {
    throw new UsageError(
      `${stateDir} holds ${others.length} resume journals of this tenant, kept by earlier zcusts under spellings of its id that differ in case only: ${others.map(({ file }) => basename(file)).join(', ')}. zcust reads one journal a tenant: keep the one of the latest imports as ${basename(path)} (mv), move the others out of the folder, then import again`,
    );
  }
  try {
    renameSync(only.file, path);
  } catch (error) {
    // Not read, it would be as good as lost: nothing is sent until it is where this import reads it.
    throw new UsageError(
      `cannot rename this tenant's resume journal ${only.file} to ${path}, the name zcust now gives it (${ioReason(error)}): rename it, then import again`,
    );
  }
  // The notes a killed run left beside it (note-spill.ts) under the old name would stay for ever: no import opens
  // that name again, and they only ever wait for a run's end, so they go as the next import's would.
  removeNoteSpill(only.file);
}

/**
 * The journals with records in `folder` of `identity`'s tenant (a tenant with an id) kept under another spelling of
 * its id than the lower case it is filed by: same target and base URL, an id in the header whose lower case is it.
 */
export function journalsOfOtherSpelling(folder: string, identity: JournalIdentity): Array<{ file: string }> {
  if (identity.secretTenant !== undefined || identity.tenant === '') return [];
  return journalsIn(folder).filter(
    ({ header }) =>
      header.target === identity.target &&
      header.baseUrl === identity.baseUrl &&
      typeof header.tenant === 'string' &&
      header.tenant !== identity.tenant &&
      uuidKey(header.tenant) === identity.tenant,
  );
}
