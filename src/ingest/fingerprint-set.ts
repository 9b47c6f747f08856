/**
 * A set of strings kept as 64-bit fingerprints in one typed array: about 16 bytes a member
 * (open addressing, at most half full) instead of the ~70 a Set<string> costs, so the bulk
 * loader can check millions of relationship ids for duplicates. Two strings share a
 * fingerprint with odds of about n²/2⁶⁵ (≈ 7·10⁻⁷ at 5M): such a pair is taken for a duplicate.
 */
export class FingerprintSet {
  /** Pairs of 32-bit halves; (0, 0) marks a free slot, so a fingerprint's first half is never 0. */
  private slots = new Uint32Array(2 * 1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds `text`; false when it (or a string with its fingerprint) was there already. */
  add(text: string): boolean {
    if (2 * (this.count + 1) > this.capacity) this.grow();
    const [high, low] = fingerprint(text);
    if (!this.insert(high, low)) return false;
    this.count += 1;
    return true;
  }

  private get capacity(): number {
    return this.slots.length / 2;
  }

  private insert(high: number, low: number): boolean {
    const mask = this.capacity - 1;
    for (let slot = (low ^ high) & mask; ; slot = (slot + 1) & mask) {
      const at = 2 * slot;
      if (this.slots[at] === 0) {
        this.slots[at] = high;
        this.slots[at + 1] = low;
        return true;
      }
      if (this.slots[at] === high && this.slots[at + 1] === low) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(2 * old.length);
    for (let at = 0; at < old.length; at += 2) if (old[at] !== 0) this.insert(old[at], old[at + 1]);
  }
}

/** Two independent 32-bit hashes of the UTF-16 code units: FNV-1a and a murmur-style mix. */
function fingerprint(text: string): [number, number] {
  let fnv = 0x811c9dc5;
  let murmur = 0x9747b28c;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    fnv = Math.imul(fnv ^ unit, 0x01000193);
    murmur = Math.imul(murmur ^ unit, 0x5bd1e995);
    murmur ^= murmur >>> 15;
  }
  murmur = Math.imul(murmur ^ (murmur >>> 13), 0xc2b2ae35);
  murmur ^= murmur >>> 16;
  return [(fnv | 1) >>> 0, murmur >>> 0];
}
