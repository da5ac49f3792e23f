/**
 * Shingles as 32-bit hashes: each term is hashed once and k consecutive term hashes are combined
 * arithmetically. Building shingle strings is the slowest step in JS; this is several times faster.
 */
import { combineHashes, hashString } from './hash.js';
import { sortUint32 } from './sort.js';

export function hashTerms(terms: readonly string[]): Uint32Array {
  const out = new Uint32Array(terms.length);
  for (let i = 0; i < terms.length; i++) out[i] = hashString(terms[i] ?? '');
  return out;
}

/** Hashes of every run of `size` consecutive terms, in reading order, repeats included. A document with
 * fewer terms than `size` has no shingles: it cannot be compared fairly, so it stays a singleton. */
export function shingleHashes(termHashes: Uint32Array, size: number): Uint32Array {
  const count = termHashes.length - size + 1;
  if (count <= 0) return new Uint32Array(0);
  const out = new Uint32Array(count);
  writeShingleHashes(termHashes, size, out);
  return out;
}

/** shingleHashes written to the front of `out` (room for one per term); returns how many there are. */
export function writeShingleHashes(termHashes: Uint32Array, size: number, out: Uint32Array): number {
  const count = termHashes.length - size + 1;
  if (count <= 0) return 0;
  if (size === 1) out.set(termHashes);
  else for (let i = 0; i < count; i++) out[i] = combineHashes(termHashes, i, size);
  return count;
}

/** Sorted, distinct shingle hashes: what exact verification intersects. (A MinHash sketch does not
 * need them sorted: a minimum ignores repeats, so `shingleHashes` gives it the same signature faster.) */
export function shingleSet(termHashes: Uint32Array, size: number): Uint32Array {
  return distinctSorted(shingleHashes(termHashes, size));
}

export function distinctSorted(values: Uint32Array): Uint32Array {
  if (values.length === 0) return values;
  return values.slice(0, sortDistinct(values));
}

/** Sorts `values` in place and moves its distinct values to the front; returns how many there are. */
export function sortDistinct(values: Uint32Array): number {
  if (values.length === 0) return 0;
  sortUint32(values);
  let write = 1;
  for (let read = 1; read < values.length; read++) {
    const v = values[read] ?? 0;
    if (v !== values[write - 1]) values[write++] = v;
  }
  return write;
}
