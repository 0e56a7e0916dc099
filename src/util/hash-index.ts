/**
 * A memory-lean "have I seen this key, and on which row?" table for the in-file duplicate check.
 * A million emails kept as strings in a Map cost well over 100 MB; this keeps only a 53-bit hash and a row
 * number per key (12 bytes a slot in two typed arrays, at most 80% full), about 17 MB per million keys.
 */

function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Two independent 32-bit hashes over the UTF-16 code units, folded into one safe integer (32 + 21 bits):
 * FNV-1a, and a MurmurHash3-style mix with other constants and seed. One pass computes both, and each gets
 * a final avalanche so every output bit depends on every input bit.
 */
export function hash53(text: string): number {
  let fnv = 0x811c9dc5;
  let murmur = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    fnv = Math.imul(fnv ^ c, 0x01000193);
    let k = Math.imul(c, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    murmur ^= Math.imul(k, 0x1b873593);
    murmur = (murmur << 13) | (murmur >>> 19);
    murmur = (Math.imul(murmur, 5) + 0xe6546b64) | 0;
  }
  return fmix32(fnv) * 2 ** 21 + (fmix32(murmur ^ text.length) >>> 11);
}

const INITIAL_CAPACITY = 251;

/**
 * A hash's first slot. `hash >>> 0` keeps its low 32 bits (well mixed: they come from both halves), and an
 * integer modulo of those is several times cheaper than the floating-point one of the whole 53-bit hash.
 * The shard is picked from the low 4 bits; the slot from bits 4 and up, so the two stay independent.
 */
const home = (hash: number, capacity: number) => ((hash >>> 0) >>> 4) % capacity;
/** Up to 80% full, then 1.3 times larger: probes stay short on typed arrays, and a million keys need ~1.4M slots, not 2M. */
const MAX_LOAD = 0.8;
const GROWTH = 1.3;

/** Open addressing with linear probing over typed arrays; row 0 marks an empty slot (rows start at 1). */
class HashRowTable {
  private keys = new Float64Array(INITIAL_CAPACITY);
  private rows = new Uint32Array(INITIAL_CAPACITY);
  private size = 0;

  /** The row first recorded for this hash, or undefined. */
  get(hash: number): number | undefined {
    const capacity = this.keys.length;
    for (let slot = home(hash, capacity); ; slot = slot + 1 === capacity ? 0 : slot + 1) {
      const row = this.rows[slot];
      if (row === 0 || row === undefined) return undefined;
      if (this.keys[slot] === hash) return row;
    }
  }

  /** Records a row for a hash not yet present (callers check get() first). */
  add(hash: number, row: number): void {
    if (this.size + 1 > this.keys.length * MAX_LOAD) this.grow();
    this.place(this.keys, this.rows, hash, row);
    this.size++;
  }

  /** Records a row for a hash, replacing the one it had. */
  set(hash: number, row: number): void {
    const capacity = this.keys.length;
    for (let slot = home(hash, capacity); ; slot = slot + 1 === capacity ? 0 : slot + 1) {
      const existing = this.rows[slot];
      if (existing === 0 || existing === undefined) break;
      if (this.keys[slot] === hash) {
        this.rows[slot] = row;
        return;
      }
    }
    this.add(hash, row);
  }

  private place(keys: Float64Array, rows: Uint32Array, hash: number, row: number): void {
    const capacity = keys.length;
    let slot = home(hash, capacity);
    while (rows[slot] !== 0) slot = slot + 1 === capacity ? 0 : slot + 1;
    keys[slot] = hash;
    rows[slot] = row;
  }

  private grow(): void {
    const capacity = Math.ceil(this.keys.length * GROWTH);
    const keys = new Float64Array(capacity);
    const rows = new Uint32Array(capacity);
    for (let slot = 0; slot < this.rows.length; slot++) {
      const row = this.rows[slot];
      if (row !== undefined && row !== 0) this.place(keys, rows, this.keys[slot] as number, row);
    }
    this.keys = keys;
    this.rows = rows;
  }
}

/**
 * The table split in shards that grow one at a time: growing copies a shard into a larger one, and while
 * both are alive memory peaks; sharding keeps that peak a sixteenth of the whole instead of 2.5 times it.
 */
const SHARDS = 16; // a power of two: the shard is the hash's low bits

export class HashRowIndex {
  private readonly shards = Array.from({ length: SHARDS }, () => new HashRowTable());

  get(hash: number): number | undefined {
    return this.shards[(hash >>> 0) & (SHARDS - 1)]!.get(hash);
  }

  add(hash: number, row: number): void {
    this.shards[(hash >>> 0) & (SHARDS - 1)]!.add(hash, row);
  }

  set(hash: number, row: number): void {
    this.shards[(hash >>> 0) & (SHARDS - 1)]!.set(hash, row);
  }
}
