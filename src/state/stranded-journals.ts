/**
 * Journals an earlier zcust kept in a folder this version no longer reads: `./.zcust` (the old default) and a
 * folder named "~" (an earlier zcust took `~/…` in a state folder literally). Such a journal of this very tenant
 * records customers that exist: an import that did not read it would create them again (on AmbioSys every row,
 * on Zenskar every row with no e-mail), so it must not go on as if there were none.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { headerOf, type JournalIdentity, journalPath, NAMED_BY_CREDENTIAL } from './journal.js';

/**
 * The journals in `folder`, with records, of this tenant: the same target and base URL, and the same tenant id,
 * or one named by its credential or by none (whose token cannot be told from the file; see journalsOf).
 */
export function strandedJournals(folder: string, identity: JournalIdentity): string[] {
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith('.journal'));
  } catch {
    return [];
  }
  return names
    .map((name) => join(folder, name))
    .filter((file) => {
      const header = headerOf(file);
      if (header?.target !== identity.target || header.baseUrl !== identity.baseUrl) return false;
      return (
        header.tenant === identity.tenant || header.tenant === '' || header.tenant === NAMED_BY_CREDENTIAL
      );
    });
}

/** A folder an earlier zcust kept journals in, and why this one no longer reads it. */
export interface EarlierFolder {
  folder: string;
  /** "which kept them in the working folder by default" */
  why: string;
}

/**
 * Before the import opens its own journal: this tenant's journal left in an earlier folder, and none here, is
 * exit 2, nothing sent. Only the user can say whether to move it (--no-resume reads no earlier journal anyway).
 */
export function refuseStrandedJournal(
  earlier: EarlierFolder[],
  identity: JournalIdentity,
  opts: { stateDir: string; fresh: boolean },
): void {
  const path = journalPath(opts.stateDir, identity);
  if (opts.fresh || headerOf(path) !== undefined) return;
  for (const { folder, why } of earlier) {
    const ours = strandedJournals(folder, identity);
    if (ours.length === 0) continue;
    const listed = ours.map((file) => `"${file}"`).join(' or ');
    throw new UsageError(
      `${folder} holds this tenant's resume journal, kept there by an earlier zcust, ${why}; this import reads ${opts.stateDir}, and without that journal it would create again the customers it records. Move it (mkdir -p "${opts.stateDir}" && mv ${listed} "${path}"), then import again; or import without it: --no-resume`,
    );
  }
}
