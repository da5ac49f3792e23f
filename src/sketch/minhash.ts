/**
 * MinHash signatures on typed arrays. The shingle hashes are already fmix32-mixed, so slot i only needs
 * a cheap bijection of 32-bit values: xor a seed, multiply by an odd constant, fold the high bits down.
 * (The npm `minhash` package re-hashes the string per slot and loses precision in float64 arithmetic.)
 */
import { seededValues } from './hash.js';

export interface Permutations {
  readonly numPerm: number;
  readonly xor: Uint32Array;
  readonly mul: Uint32Array;
}

export function createPermutations(numPerm: number, seed: number): Permutations {
  const values = seededValues(seed, numPerm * 2);
  const xor = values.slice(0, numPerm);
  const mul = values.slice(numPerm).map((v) => v | 1);
  return { numPerm, xor, mul };
}

/** An empty set gets a signature of all 0xffffffff: it matches nothing but another empty set, and the
 * pipeline never indexes empty sets. */
export function computeSignature(shingles: Uint32Array, perms: Permutations): Uint32Array {
  const { numPerm, xor, mul } = perms;
  const sig = new Uint32Array(numPerm).fill(0xffffffff);
  for (let s = 0; s < shingles.length; s++) {
    const x = shingles[s] ?? 0;
    for (let i = 0; i < numPerm; i++) {
      let h = Math.imul(x ^ (xor[i] ?? 0), mul[i] ?? 1);
      h = (h ^ (h >>> 15)) >>> 0;
      if (h < (sig[i] ?? 0)) sig[i] = h;
    }
  }
  return sig;
}

/** Share of equal slots: an unbiased estimate of the Jaccard similarity of the two sets. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let equal = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) equal += 1;
  return equal / n;
}
