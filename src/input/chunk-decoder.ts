/** A decoder of byte chunks that stops at the first bytes not valid in its encoding, and says so. */

export interface Decoded {
  text: string;
  /** The bytes after `text` are not valid in the encoding. */
  invalid?: boolean;
  /** Why, when there is more to say than that the encoding does not allow those bytes. */
  reason?: string;
}

export interface ChunkDecoder {
  write(bytes: Buffer): Decoded;
  end(): Decoded;
}
