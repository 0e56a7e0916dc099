/**
 * One credential taken from the settings that may hold it, with why it cannot be sent (recorded, not raised)
 * and where it came from.
 */
import type { Credentials } from '../targets/target.js';
import type { CredentialOrigin } from './credential-sources.js';
import { givenSetting } from './first-given.js';
import { tenantUuidProblem } from './tenant-uuid.js';

export type CredentialName = keyof Credentials;
export type CredentialProblems = Partial<Record<CredentialName, string>>;

/** What a credential must be, besides sendable in a header. */
export interface CredentialRule {
  /** An API key: MIN_SECRET_LENGTH, the shortest the answers' redaction takes out. */
  minLength?: number;
  /** A tenant's id: whose UUID it must be ("the organisation's UUID …"). */
  uuidOf?: string;
  /** A token zcust sends after this scheme ("Bearer"), which it must not start with. */
  scheme?: string;
}

/**
 * The first credential given, highest precedence first, with the whitespace around it dropped (a key read
 * from a file often ends in CR or LF). One with a control character or a non-ASCII character inside cannot
 * be sent in a header: that is the setting's problem, named, not an internal error halfway through the run;
 * so is a token that starts with the scheme zcust writes before it (`scheme`), and a tenant's id that is no UUID
 * (`uuidOf`), which the journal would keep in clear. It is only recorded here, not raised: validate, --dry-run
 * and --sandbox never send it, and must not be refused over it (requireConnection raises it).
 */
export function credential(
  candidates: Array<[value: string | undefined, source: string]>,
  { minLength = 1, uuidOf, scheme }: CredentialRule = {},
): {
  value?: string;
  problem?: string;
  origin?: CredentialOrigin;
} {
  for (const [i, [value, source]] of candidates.entries()) {
    const trimmed = givenSetting(value);
    if (trimmed === undefined) continue;
    // `Bearer dz_…` copied from a header was sent as `Bearer Bearer dz_…`, and refused with a bare 401.
    // The scheme in any case, then any white space: `bearer\tdz_…` too.
    if (scheme !== undefined && new RegExp(`^${scheme}\\s`, 'i').test(trimmed)) {
      return {
        problem: `${source} starts with "${scheme}", which zcust writes itself: give the token alone, without "${scheme} "; set it again`,
      };
    }
    if (trimmed.length < minLength) {
      return {
        problem: `${source} is ${trimmed.length} character${trimmed.length === 1 ? '' : 's'} long, too short for an API key: zcust takes keys of ${minLength} characters or more (real ones are longer), so that it can keep the key out of everything it writes even when a server echoes it; set it again`,
      };
    }
    if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
      return {
        problem: `${source} holds a control character (a line break or tab inside the value); set it again`,
      };
    }
    // Keys and ids are ASCII; anything else came with a copy and paste, and a header could not carry it.
    const foreign = /[^\u0020-\u007e]/u.exec(trimmed)?.[0];
    if (foreign !== undefined) {
      const codePoint = `U+${foreign.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
      return {
        problem: `${source} holds ${codePoint}, which is not a plain ASCII character (a curly quote or an invisible space copied with it?); set it again`,
      };
    }
    const notUuid = uuidOf === undefined ? undefined : tenantUuidProblem(trimmed, source, uuidOf);
    if (notUuid !== undefined) return { problem: notUuid };
    const over = candidates
      .slice(i + 1)
      .flatMap(([below, from]) => (givenSetting(below) === undefined ? [] : [from]));
    return { value: trimmed, origin: { from: source, over } };
  }
  return {};
}
