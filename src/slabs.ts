/**
 * Typed arrays copied end to end into large shared buffers (slabs). What a run keeps per batch (terms,
 * shingles, weights; analyses until the boilerplate is known; term frequencies and names until weighing)
 * arrives from the workers a few hundred KB at a time; kept as it arrived, it was ~16,000 buffers at a
 * million documents, freed in another order than they were made, and the allocator's heaps grew ~1 GB
 * past what was live. Slabs of 64 MB are mapped as a whole (above glibc's largest mmap threshold). Kinds
 * dropped early are released explicitly: a slab whose arrays are all released goes back to the run's pool
 * and takes the next arrays of any kind, so no collection has to notice it first (a main thread whose own
 * heap hardly grows seldom runs one, and the slabs of 900 MB of released term frequencies and names were
 * still mapped when the candidate stage began). Shared buffers: the workers read the kept batches in place.
 */

const SLAB_BYTES = 64 * 2 ** 20;
/** The first slab of a store; each next one doubles, up to the pool's slab size (a small run needs no 64 MB). */
const FIRST_SLAB_BYTES = 2 ** 20;

type Slabbed = Uint32Array | Uint16Array | Uint8Array;

/** Slabs released by every store of a run, for reuse. */
export class SlabPool {
  private readonly free: SharedArrayBuffer[] = [];

  constructor(readonly slabBytes = SLAB_BYTES) {}

  take(bytes: number): SharedArrayBuffer {
    if (bytes === this.slabBytes) {
      const slab = this.free.pop();
      if (slab !== undefined) return slab;
    }
    return new SharedArrayBuffer(bytes);
  }

  give(slab: SharedArrayBuffer): void {
    if (slab.byteLength === this.slabBytes) this.free.push(slab);
  }

  /** Lets go of the slabs no store took back: the kinds released before a stage that allocates elsewhere
   * (after weighing: up to 600 MB of term frequencies and names at a million documents, which the weights
   * had filled faster than they were released). */
  drain(): void {
    this.free.length = 0;
  }
}

export class Slabs {
  private slab: SharedArrayBuffer | undefined;
  private used = 0;
  private nextBytes: number;
  /** Bytes of each slab still held by arrays not released. */
  private readonly live = new Map<SharedArrayBuffer, number>();

  constructor(private readonly pool = new SlabPool()) {
    this.nextBytes = Math.min(FIRST_SLAB_BYTES, pool.slabBytes);
  }

  /** A copy of `array` in a slab (its own buffer when it is larger than a quarter of a slab). */
  copy(array: Uint32Array): Uint32Array;
  copy(array: Uint16Array): Uint16Array;
  copy(array: Uint8Array): Uint8Array;
  copy(array: Slabbed): Slabbed {
    if (array.byteLength === 0) return array.slice(0, 0);
    const [buffer, offset] = this.place(array.byteLength);
    const out = viewOf(array, buffer, offset);
    out.set(array);
    return out;
  }

  private place(bytes: number): [SharedArrayBuffer, number] {
    if (bytes > this.pool.slabBytes / 4) return [new SharedArrayBuffer(bytes), 0];
    // 8-byte steps keep every kind of array aligned.
    const size = Math.ceil(bytes / 8) * 8;
    if (this.slab === undefined || this.used + size > this.slab.byteLength) this.startSlab(size);
    const buffer = this.slab as SharedArrayBuffer;
    const offset = this.used;
    this.used += size;
    this.live.set(buffer, (this.live.get(buffer) ?? 0) + size);
    return [buffer, offset];
  }

  /** The arrays are read no more: their slab goes back to the pool once all of its arrays are released.
   * Arrays not made by `copy` are ignored. */
  release(...arrays: Slabbed[]): void {
    for (const array of arrays) {
      const buffer = array.buffer;
      if (!(buffer instanceof SharedArrayBuffer)) continue;
      const live = this.live.get(buffer);
      if (live === undefined || array.byteLength === 0) continue;
      const left = live - Math.ceil(array.byteLength / 8) * 8;
      if (left > 0) {
        this.live.set(buffer, left);
        continue;
      }
      this.live.delete(buffer);
      if (buffer === this.slab) this.slab = undefined;
      this.pool.give(buffer);
    }
  }

  private startSlab(size: number): void {
    while (this.nextBytes < size) this.nextBytes *= 2;
    this.slab = this.pool.take(this.nextBytes);
    this.nextBytes = Math.min(this.pool.slabBytes, 2 * this.nextBytes);
    this.used = 0;
  }
}

function viewOf(like: Slabbed, buffer: SharedArrayBuffer, offset: number): Slabbed {
  if (like instanceof Uint16Array) return new Uint16Array(buffer, offset, like.length);
  if (like instanceof Uint8Array) return new Uint8Array(buffer, offset, like.length);
  return new Uint32Array(buffer, offset, like.length);
}
