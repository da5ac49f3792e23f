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

/** Sorted, distinct hashes of every run of `size` consecutive terms. A document with fewer terms than
 * `size` has no shingles: it cannot be compared fairly, so it stays a singleton. */
export function shingleSet(termHashes: Uint32Array, size: number): Uint32Array {
  const count = termHashes.length - size + 1;
  if (count <= 0) return new Uint32Array(0);
  const out = new Uint32Array(count);
  if (size === 1) out.set(termHashes);
  else for (let i = 0; i < count; i++) out[i] = combineHashes(termHashes, i, size);
  return distinctSorted(out);
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
