/**
 * UTF-8, decoded strictly and fast: a chunk that is valid goes through Buffer's own decoding, and only a damaged
 * one pays for finding where its damage starts. A character cut off between two chunks waits for the next.
 */
import { isUtf8 as isValidUtf8 } from 'node:buffer';
import type { ChunkDecoder, Decoded } from './chunk-decoder.js';
import { notUtf8Reason } from './not-utf8-advice.js';

/** How many leading bytes of `bytes` form complete UTF-8 sequences (a cut-off last character is kept back). */
export function completeUtf8Length(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
    const byte = bytes[i] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + size <= bytes.length ? bytes.length : i;
  }
  return bytes.length;
}

function decodesAsUtf8Prefix(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The text before the first invalid sequence, and why the rest is not UTF-8, judged by the bytes from there on
 * (notUtf8Reason): a binary search, paid only once, when a file is damaged.
 */
function upToInvalidUtf8(bytes: Buffer): Decoded {
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (decodesAsUtf8Prefix(bytes.subarray(0, mid))) good = mid;
    else bad = mid;
  }
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, good), {
    stream: true,
  });
  // From the byte before the damage: the letter an invalid byte follows is what tells the encoding.
  return { text, invalid: true, reason: notUtf8Reason(bytes.subarray(Math.max(0, good - 1))) };
}

export function strictUtf8Decoder(): ChunkDecoder {
  const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let carry = Buffer.alloc(0);
  const decode = (bytes: Buffer): Decoded => {
    // isUtf8 and toString are several times faster than a fatal TextDecoder and give the same text for
    // valid input; the decoder is kept for the damaged case, which needs it to find where the damage starts.
    if (isValidUtf8(bytes)) return { text: bytes.toString('utf8') };
    try {
      return { text: fatal.decode(bytes) };
    } catch {
      return upToInvalidUtf8(bytes);
    }
  };
  return {
    write(bytes) {
      const data = carry.length > 0 ? Buffer.concat([carry, bytes]) : bytes;
      const complete = completeUtf8Length(data);
      carry = Buffer.from(data.subarray(complete));
      return decode(data.subarray(0, complete));
    },
    // A character cut off by the end of the file is invalid too.
    end: () => decode(carry),
  };
}
