/**
 * --encoding as given: refused before the file is touched when empty or no encoding zcust can read, with the
 * encodings a file is advised to be read in (not-utf8-advice.ts), or the name iconv-lite knows for a near miss.
 */

import { refuseEmpty } from '../empty-value.js';
import { UsageError } from '../errors.js';
import { isKnownEncoding } from './encoding-names.js';
import { ADVISED_ENCODINGS } from './not-utf8-advice.js';

const SUGGESTED = ['utf-8', ...ADVISED_ENCODINGS, 'utf-16le'];

/**
 * The `x-` of names no registry holds (Java's and browsers' `x-mac-roman`, `x-cp1250`), which iconv-lite
 * knows without it (`mac-roman`, `cp1250`).
 */
const UNREGISTERED_PREFIX = /^x-/i;

/** The known name `encoding` is a near miss of, if any. */
function nearMiss(encoding: string): string | undefined {
  const unprefixed = encoding.replace(UNREGISTERED_PREFIX, '');
  return unprefixed !== encoding && isKnownEncoding(unprefixed) ? unprefixed : undefined;
}

/** Throws a UsageError when --encoding is given empty or names no encoding zcust can read a file in. */
export function checkEncodingOption(encoding: string | undefined): void {
  refuseEmpty(
    encoding,
    '--encoding',
    `give the file's encoding, such as ${ADVISED_ENCODINGS.slice(0, 2).join(' or ')}, or leave the flag out for utf-8`,
  );
  if (encoding === undefined || isKnownEncoding(encoding)) return;
  const near = nearMiss(encoding);
  const advice =
    near === undefined
      ? `try ${SUGGESTED.slice(0, -1).join(', ')} or ${SUGGESTED.at(-1)}`
      : `did you mean ${near}?`;
  throw new UsageError(`--encoding ${encoding} is not an encoding zcust knows; ${advice}`);
}
