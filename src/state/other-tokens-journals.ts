/**
 * For a tenant named by its token (AmbioSys, which cannot look customers up): a journal of the same target and
 * base URL written with another token (or by an earlier zcust, whatever its token) stops the import until the user
 * says whose it is.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import { moveCommand, shellWord } from '../util/shell-word.js';
import { journalsIn } from './journal-headers.js';
import { type JournalIdentity, NAMED_BY_CREDENTIAL } from './journal-identity.js';

/**
 * A tenant named by its token has no journal yet, but the state folder holds one of the same target and base URL
 * written with another token (or by an earlier zcust, whatever the token): the token was rotated (the same
 * tenant, whose creates that journal holds) or is another tenant's. AmbioSys cannot look customers up, so a wrong
 * guess creates every customer twice, or none; until the user says which, nothing is sent.
 */
export function refuseOtherTokensJournals(stateDir: string, identity: JournalIdentity, path: string): void {
  if (existsSync(path)) return;
  refuseOtherTokensJournalsIn(stateDir, 'the state folder', identity, path);
}

/**
 * refuseOtherTokensJournals for the journals in `folder` (`where` names it in the message): also run on folders an
 * earlier zcust kept journals in (stranded-journals.ts), where a rotated token's journal is as likely.
 */
export function refuseOtherTokensJournalsIn(
  folder: string,
  where: string,
  identity: JournalIdentity,
  path: string,
): void {
  const others = journalsOf(folder, identity.target, identity.baseUrl);
  if (others.length === 0) return;
  const listed = others
    .map(
      ({ file, unnamed }) =>
        `${file} (${unnamed ? "an earlier zcust's, whatever its token" : "another token's"})`,
    )
    .join('; ');
  throw new UsageError(
    `this token has no journal of ${identity.target} at ${identity.baseUrl} yet, but ${where} holds ${others.length === 1 ? 'one' : 'others'}: ${listed}. The target cannot look customers up, so zcust cannot tell whether this token's tenant is theirs: if it is (the token an earlier zcust used, or one this token replaced), move ${others.length === 1 ? `that journal (${moveCommand(dirname(path), others[0]?.file ?? '', path)})` : `that one to ${shellWord(path)} (mkdir -p ${shellWord(dirname(path))} first)`}; if this token's tenant is new here, start its journal with --no-resume (every row is sent); then import again. Do not rename or remove another tenant's journal: its next import would create every customer again`,
  );
}

/**
 * The journals in `stateDir`, with records, of tenants named by a credential (or by none: an earlier zcust's) at
 * this target and base URL.
 */
function journalsOf(
  stateDir: string,
  target: string,
  baseUrl: string,
): Array<{ file: string; unnamed: boolean }> {
  return journalsIn(stateDir).flatMap(({ file, header }) => {
    if (header.target !== target || header.baseUrl !== baseUrl) return [];
    if (header.tenant !== '' && header.tenant !== NAMED_BY_CREDENTIAL) return [];
    return [{ file, unnamed: header.tenant === '' }];
  });
}
