/**
 * The `top` document keys met most often in one lookup's buckets (ties: the smaller key, stored earlier),
 * best first: the same choice as `mostHits`. Counted in an open-addressing table that a new stamp empties,
 * instead of sorting the few hundred keys a lookup meets and counting runs: the sort was a twentieth of the
 * main thread of `index add`.
 */
export class HitCounter {
  private keys = new Uint32Array(0);
  private counts = new Uint32Array(0);
  private stamps = new Uint32Array(0);
  private used = new Uint32Array(0);
  private shift = 32;
  private stamp = 0;
  private size = 0;

  /** Starts a count of at most `keys` keys. */
  start(keys: number): void {
    if (2 * keys > this.keys.length) this.resize(2 * keys);
    this.stamp += 1;
    if (this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    this.size = 0;
  }

  add(key: number): void {
    const mask = this.keys.length - 1;
    for (let slot = Math.imul(key, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & mask) {
      if (this.stamps[slot] !== this.stamp) {
        this.stamps[slot] = this.stamp;
        this.keys[slot] = key;
        this.counts[slot] = 1;
        this.used[this.size++] = slot;
        return;
      }
      if (this.keys[slot] === key) {
        this.counts[slot] = (this.counts[slot] ?? 0) + 1;
        return;
      }
    }
  }

  /** The `top` keys counted, most often met first, ties by the smaller key. */
  best(top: number): number[] {
    const keys: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < this.size; i++) {
      const slot = this.used[i] ?? 0;
      const key = this.keys[slot] ?? 0;
      const count = this.counts[slot] ?? 0;
      let at = keys.length;
      while (at > 0 && ((counts[at - 1] ?? 0) < count || ((counts[at - 1] ?? 0) === count && (keys[at - 1] ?? 0) > key))) at -= 1;
      if (at >= top) continue;
      keys.splice(at, 0, key);
      counts.splice(at, 0, count);
      if (keys.length > top) {
        keys.length = top;
        counts.length = top;
      }
    }
    return keys;
  }

  private resize(least: number): void {
    let bits = 10;
    while (1 << bits < least) bits += 1;
    this.keys = new Uint32Array(1 << bits);
    this.counts = new Uint32Array(1 << bits);
    this.stamps = new Uint32Array(1 << bits);
    this.used = new Uint32Array(1 << bits);
    this.shift = 32 - bits;
    this.stamp = 0;
  }
}
