/**
 * Journals an earlier zcust kept in a folder this version no longer reads: `./.zcust` (the old default) and a
 * folder named "~" (an earlier zcust took `~/…` in a state folder literally). Such a journal of this very tenant
 * records customers that exist: an import that did not read it would create them again (on AmbioSys every row,
 * on Zenskar every row with no e-mail), so it must not go on as if there were none.
 */
import { UsageError } from '../errors.js';
import { moveCommand } from '../util/shell-word.js';
import { headerOf } from './journal-headers.js';
import { type JournalIdentity, journalPath } from './journal-identity.js';
import { journalsOfOtherSpelling } from './journal-spelling.js';
import { refuseOtherTokensJournalsIn } from './other-tokens-journals.js';

/** A folder an earlier zcust kept journals in, and why this one no longer reads it. */
export interface EarlierFolder {
  folder: string;
  /** "which kept them in the working folder by default" */
  why: string;
}

/**
 * Before the import opens its own journal, when the state folder has none of this tenant: exit 2, nothing sent,
 * if an earlier folder holds this tenant's journal (the same name: target, base URL and tenant, or token), with
 * the command that moves it; or, for a tenant named by its token (AmbioSys, which cannot look customers up), one of
 * another token or of none, as the state folder's own would (refuseOtherTokensJournalsIn): a rotated token's
 * journal is this tenant's, another tenant's is not, and only the user can say which. --no-resume reads no
 * earlier journal anyway.
 */
export function refuseStrandedJournal(
  earlier: EarlierFolder[],
  identity: JournalIdentity,
  opts: { stateDir: string; fresh: boolean },
): void {
  const path = journalPath(opts.stateDir, identity);
  if (opts.fresh || headerOf(path) !== undefined) return;
  for (const { folder, why } of earlier) {
    // Under the lower-case id it is filed by now, or under the spelling an earlier zcust was given (`…B001`).
    const filed = journalPath(folder, identity);
    const own = headerOf(filed) !== undefined ? filed : journalsOfOtherSpelling(folder, identity)[0]?.file;
    if (own !== undefined) {
      throw new UsageError(
        `${folder} holds this tenant's resume journal, kept there by an earlier zcust, ${why}; this import reads ${opts.stateDir}, and without that journal it would create again the customers it records. Move it (${moveCommand(opts.stateDir, own, path)}), then import again; or import without it: --no-resume`,
      );
    }
    if (identity.secretTenant !== undefined) {
      refuseOtherTokensJournalsIn(
        folder,
        `${folder} (kept there by an earlier zcust, ${why})`,
        identity,
        path,
      );
    }
  }
}
