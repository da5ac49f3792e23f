import { describe, expect, it } from 'vitest';
import { SlabPool, Slabs } from '../src/slabs.js';

describe('Slabs', () => {
  it('copies arrays of every kind into shared buffers, aligned, values intact', () => {
    const slabs = new Slabs(new SlabPool(1024));
    const a = slabs.copy(Uint32Array.of(1, 2, 3));
    const b = slabs.copy(Uint16Array.of(7));
    const c = slabs.copy(Uint16Array.of(500, 250));
    const e = slabs.copy(Uint8Array.of(250, 3, 9));
    expect([...a]).toEqual([1, 2, 3]);
    expect([...b]).toEqual([7]);
    expect([...c]).toEqual([500, 250]);
    expect([...e]).toEqual([250, 3, 9]);
    for (const x of [a, b, c, e]) {
      expect(x.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(x.byteOffset % 8).toBe(0);
    }
    expect(b.buffer).toBe(a.buffer);
  });

  it('starts a new slab when one is full, and gives a large array its own buffer', () => {
    const slabs = new Slabs(new SlabPool(64));
    const filling = Array.from({ length: 4 }, () => slabs.copy(new Uint32Array(4)));
    const next = slabs.copy(new Uint32Array(4).fill(9));
    expect(filling.every((x) => x.buffer === filling[0]?.buffer)).toBe(true);
    expect(next.buffer).not.toBe(filling[0]?.buffer);
    expect([...next]).toEqual([9, 9, 9, 9]);
    const large = slabs.copy(new Uint32Array(100).fill(3));
    expect(large.buffer.byteLength).toBe(400);
    expect(large.every((v) => v === 3)).toBe(true);
    expect(slabs.copy(new Uint32Array(0)).length).toBe(0);
  });

  it('gives a slab whose arrays are all released to the next slab made, of any kind', () => {
    const pool = new SlabPool(64);
    const tf = new Slabs(pool);
    const filled = Array.from({ length: 4 }, () => tf.copy(new Uint32Array(4)));
    const first = filled[0]?.buffer;
    expect(filled.every((x) => x.buffer === first)).toBe(true);
    tf.copy(new Uint32Array(4)); // a second slab: the first is no longer being filled
    tf.release(...filled.slice(0, 3));
    expect(new Slabs(pool).copy(new Uint16Array(2)).buffer).not.toBe(first);
    tf.release(filled[3] as Uint32Array, new Uint32Array(3));
    const reused = new Slabs(pool).copy(Uint8Array.of(5, 75));
    expect(reused.buffer).toBe(first);
    expect([...reused]).toEqual([5, 75]);
  });
});
