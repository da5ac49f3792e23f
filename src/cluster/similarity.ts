/** Exact set and vector similarities used to verify LSH candidates. */

/** Size of the intersection of two sorted, distinct Uint32Arrays. */
export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      common += 1;
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return common;
}

export interface SetOverlap {
  jaccard: number;
  /** |A ∩ B| / min(|A|, |B|): 1 when the shorter text is wholly inside the longer one. */
  containment: number;
  /** |A ∩ B| / |A|: how much of A is found in B. */
  aInB: number;
  bInA: number;
}

export function setOverlap(a: Uint32Array, b: Uint32Array): SetOverlap {
  return overlapOfCounts(intersectionSize(a, b), a.length, b.length);
}

/** The overlap of two sets of `sizeA` and `sizeB` members with `common` in common. */
export function overlapOfCounts(common: number, sizeA: number, sizeB: number): SetOverlap {
  if (sizeA === 0 || sizeB === 0) return { jaccard: 0, containment: 0, aInB: 0, bInA: 0 };
  return {
    jaccard: common / (sizeA + sizeB - common),
    containment: common / Math.min(sizeA, sizeB),
    aInB: common / sizeA,
    bInA: common / sizeB,
  };
}

/**
 * A unit vector's components in 16-bit fixed point: weight w in [0, 1] is stored as round(w · WEIGHT_ONE).
 * At a million documents the weights were the run's largest array after the terms (715 MB as Float32,
 * 357 MB so); the step, 1.5e-5, is below any difference a threshold reads, and a dot product of two such
 * vectors is a sum of integers under 2^53, so it is exact and the same in any order of summation.
 */
export const WEIGHT_ONE = 0xffff;
const DOT_ONE = WEIGHT_ONE * WEIGHT_ONE;

/** The cosine of two unit vectors from the integer dot product of their fixed-point weights. */
export function cosineOfDot(dot: number): number {
  return Math.min(1, dot / DOT_ONE);
}

/** A sparse vector: sorted distinct term hashes and their weights, scaled to unit length (fixed point). */
export interface SparseVector {
  readonly terms: Uint32Array;
  readonly weights: Uint16Array;
}

export function cosine(a: SparseVector, b: SparseVector): number {
  return cosineOfRanges(a.terms, a.weights, 0, a.terms.length, b.terms, b.weights, 0, b.terms.length);
}

/** Cosine of two vectors stored as slices [from, to) of larger arrays: verification scores millions of
 * pairs straight from the batches' shared arrays, and making views for each pair cost more than the sum. */
export function cosineOfRanges(
  termsA: Uint32Array,
  weightsA: Uint16Array,
  fromA: number,
  toA: number,
  termsB: Uint32Array,
  weightsB: Uint16Array,
  fromB: number,
  toB: number,
): number {
  let i = fromA;
  let j = fromB;
  let dot = 0;
  while (i < toA && j < toB) {
    const x = termsA[i] ?? 0;
    const y = termsB[j] ?? 0;
    if (x === y) {
      dot += (weightsA[i] ?? 0) * (weightsB[j] ?? 0);
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return cosineOfDot(dot);
}
