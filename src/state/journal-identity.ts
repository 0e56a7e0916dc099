/**
 * Which tenant a journal is: the name of its file and what its header line says of it. A tenant named by its
 * credential (a token) has it in neither in clear: in the name through a hash, in the header not at all.
 */
import { join } from 'node:path';
import { sha } from './sha-prefix.js';

/** The tenant an import writes to: its journal. */
export interface JournalIdentity {
  target: string;
  baseUrl: string;
  /** The tenant: organisation or business id; never a secret. */
  tenant: string;
  /**
   * The credential that alone names the tenant, for a target with no tenant id (AmbioSys's token): it goes into
   * the journal's name through a hash, and is never written. Left out, two tenants on one base URL shared a
   * journal, and the second one's rows were "created by an earlier import" and never sent.
   */
  secretTenant?: string;
}

/**
 * The tenant's journal. (`tenant:` keeps these names apart from those of the journals per input file that
 * earlier versions kept, which are not read.)
 */
export const journalPath = (stateDir: string, id: JournalIdentity): string => {
  const named = ['tenant:', id.target, id.baseUrl, id.tenant];
  // (Journals of targets with a tenant id keep the names they had before secretTenant.)
  if (id.secretTenant !== undefined) named.push(id.secretTenant);
  return join(stateDir, `${sha(JSON.stringify(named), 20)}.journal`);
};

/** The tenant a header gives for a tenant named by its credential: the credential itself is never written. */
export const NAMED_BY_CREDENTIAL = '(named by its credential)';

/** The identity as a journal's header line writes it (see NAMED_BY_CREDENTIAL). */
export const withoutSecret = ({ secretTenant, ...identity }: JournalIdentity) =>
  secretTenant === undefined ? identity : { ...identity, tenant: NAMED_BY_CREDENTIAL };
