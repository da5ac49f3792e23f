/**
 * A million short strings (ids, titles, dates) as a few thousand heap objects. Every full collection of
 * the main thread marks each live object, and at a million documents one string a field cost ~70 ms a
 * collection, ~200 times a run (bench/RESULTS.md, "Time at a million documents"). Here the strings of
 * CHUNK documents are joined into one, and a value is cut from it when it is read.
 */

/** What the report reads of a column of strings; an array is one too. */
export interface StringLookup {
  readonly length: number;
  at(index: number): string | undefined;
}

/** Values a joined string holds. */
const CHUNK = 1024;
/** Longer values are kept as they are: a chunk then stays far below V8's longest string (2^29 - 24). */
const LONG_VALUE = 4096;
/** The top bit of an end offset: the value is undefined (its length is 0). */
const MISSING = 0x8000_0000;
/** The next: the value is long, kept apart. */
const LONG = 0x4000_0000;
const OFFSET = 0x3fff_ffff;

export class StringColumn implements StringLookup {
  private readonly chunks: string[] = [];
  private readonly long = new Map<number, string>();
  private pending: string[] = [];
  /** Where each value ends in its chunk, with MISSING set for undefined and LONG for a long value. */
  private ends: Uint32Array;
  private count = 0;
  private pendingLength = 0;
  /** The pending values joined, once read (the last chunk, read value by value at the end of a run). */
  private tail: string | undefined;

  /** `chunk`: values joined into one string; `longValue`: the longest value joined (both small only in tests). */
  constructor(
    private readonly chunk = CHUNK,
    private readonly longValue = LONG_VALUE,
  ) {
    this.ends = new Uint32Array(chunk);
  }

  get length(): number {
    return this.count;
  }

  push(value: string | undefined): void {
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(2 * this.ends.length);
      grown.set(this.ends);
      this.ends = grown;
    }
    let flag = 0;
    if (value === undefined) flag = MISSING;
    else if (value.length > this.longValue) {
      this.long.set(this.count, value);
      flag = LONG;
    } else {
      this.pending.push(value);
      this.pendingLength += value.length;
      this.tail = undefined;
    }
    this.ends[this.count] = this.pendingLength | flag;
    this.count += 1;
    if (this.count % this.chunk === 0) this.seal();
  }

  /** The value at `index`; undefined for an undefined value or an index out of range (no negative index
   * counts from the end, unlike an array's `at`). */
  at(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    const end = this.ends[index] ?? 0;
    if ((end & MISSING) !== 0) return undefined;
    if ((end & LONG) !== 0) return this.long.get(index);
    const start = index % this.chunk === 0 ? 0 : (this.ends[index - 1] ?? 0) & OFFSET;
    const chunk = Math.floor(index / this.chunk);
    const text = chunk < this.chunks.length ? (this.chunks[chunk] ?? '') : (this.tail ??= this.pending.join(''));
    return text.slice(start, end & OFFSET);
  }

  /** The values joined so far become one string (from then on only it is marked). */
  private seal(): void {
    this.chunks.push(this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
    this.tail = undefined;
  }
}

/** Which of a column's values equals a string: open addressing on the strings' hashes, in typed arrays. */
export class StringIndex {
  /** Position + 1 of each slot's value (0 = empty). */
  private slots = new Int32Array(1024);
  private hashes = new Uint32Array(1024);
  private used = 0;

  constructor(private readonly column: StringLookup) {}

  /** The position of the value equal to `value`, or -1. */
  find(value: string, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot] ?? 0;
      if (held === 0) return -1;
      if (this.hashes[slot] === hash && this.column.at(held - 1) === value) return held - 1;
    }
  }

  /** Records that the column holds a value with `hash` at `position` (not already recorded). */
  add(hash: number, position: number): void {
    if (2 * (this.used + 1) > this.slots.length) this.grow();
    this.place(hash, position + 1);
    this.used += 1;
  }

  private place(hash: number, held: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = held;
    this.hashes[slot] = hash;
  }

  private grow(): void {
    const { slots, hashes } = this;
    this.slots = new Int32Array(2 * slots.length);
    this.hashes = new Uint32Array(2 * hashes.length);
    for (let s = 0; s < slots.length; s++) {
      const held = slots[s] ?? 0;
      if (held !== 0) this.place(hashes[s] ?? 0, held);
    }
  }
}
