/**
 * Shingles as 32-bit hashes: each term is hashed once and k consecutive term hashes are combined
 * arithmetically. Building shingle strings is the slowest step in JS; this is several times faster.
 */
import { combineHashes, hashString } from './hash.js';

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
  if (size === 1) return Uint32Array.from(termHashes);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = combineHashes(termHashes, i, size);
  return out;
}

/** Sorted, distinct shingle hashes: what exact verification intersects. (A MinHash sketch does not
 * need them sorted: a minimum ignores repeats, so `shingleHashes` gives it the same signature faster.) */
export function shingleSet(termHashes: Uint32Array, size: number): Uint32Array {
  return distinctSorted(shingleHashes(termHashes, size));
}

export function distinctSorted(values: Uint32Array): Uint32Array {
  if (values.length === 0) return values;
  values.sort();
  let write = 1;
  for (let read = 1; read < values.length; read++) {
    if (values[read] !== values[write - 1]) values[write++] = values[read] ?? 0;
  }
  return values.slice(0, write);
}
