/**
 * A memory-lean "have I seen this key, and on which row?" table for the in-file duplicate check.
 * A million emails kept as strings in a Map cost well over 100 MB; this keeps only a 53-bit hash and a row
 * number per key (12 bytes a slot in two typed arrays, at most half full), about 25 MB per million keys.
 */

/** FNV-1a over UTF-16 code units, with a final avalanche so every output bit depends on every input bit. */
function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** A MurmurHash3-style mix, independent of FNV (different constants and seed), for the other 32 bits. */
function murmur32(text: string): number {
  let h = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix32(h ^ text.length);
}

function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Two independent 32-bit hashes folded into one safe integer (32 + 21 bits). */
export function hash53(text: string): number {
  return fnv1a32(text) * 2 ** 21 + (murmur32(text) >>> 11);
}

const INITIAL_CAPACITY = 1024;

/** Open addressing with linear probing over typed arrays; row 0 marks an empty slot (rows start at 1). */
export class HashRowIndex {
  private keys = new Float64Array(INITIAL_CAPACITY);
  private rows = new Uint32Array(INITIAL_CAPACITY);
  private size = 0;

  /** The row first recorded for this hash, or undefined. */
  get(hash: number): number | undefined {
    const mask = this.keys.length - 1;
    for (let slot = (hash >>> 0) & mask; ; slot = (slot + 1) & mask) {
      const row = this.rows[slot];
      if (row === 0 || row === undefined) return undefined;
      if (this.keys[slot] === hash) return row;
    }
  }

  /** Records a row for a hash not yet present (callers check get() first). */
  add(hash: number, row: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    this.place(this.keys, this.rows, hash, row);
    this.size++;
  }

  private place(keys: Float64Array, rows: Uint32Array, hash: number, row: number): void {
    const mask = keys.length - 1;
    let slot = (hash >>> 0) & mask;
    while (rows[slot] !== 0) slot = (slot + 1) & mask;
    keys[slot] = hash;
    rows[slot] = row;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const rows = new Uint32Array(this.rows.length * 2);
    for (let slot = 0; slot < this.rows.length; slot++) {
      const row = this.rows[slot];
      if (row !== undefined && row !== 0) this.place(keys, rows, this.keys[slot] as number, row);
    }
    this.keys = keys;
    this.rows = rows;
  }
}
