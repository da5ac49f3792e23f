/**
 * 32-bit hashing. FNV-1a over UTF-16 code units, finished with murmur3's fmix32 so that every output
 * bit depends on every input bit: the cheap per-slot permutations in minhash.ts are only unbiased on
 * well-mixed input.
 */

export function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashString(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Where a line's hash starts before its first token is folded in (`foldToken`). */
export const LINE_START = 0x9e3779b9;

/**
 * A line's running hash with one more token's hashString folded in, as combineHashes folds band values:
 * one step a token rather than one a character, since the token's own hash is worked out anyway. The
 * line's hash is fmix32 of the last state.
 */
export function foldToken(line: number, token: number): number {
  const h = Math.imul(line ^ token, 0x01000193);
  return (h << 13) | (h >>> 19);
}

/** Order-sensitive combination of already mixed hashes (a shingle of token hashes, an LSH band). */
export function combineHashes(values: ArrayLike<number>, start: number, length: number): number {
  let h = 0x9e3779b9 ^ length;
  for (let i = start; i < start + length; i++) {
    h = Math.imul(h ^ (values[i] ?? 0), 0x01000193);
    h = (h << 13) | (h >>> 19);
  }
  return fmix32(h);
}

/** LSH band keys of a MinHash signature: `bands` keys of `rows` consecutive slots each, from slot `start`,
 * written to `out` from `at`. */
export function writeBandKeys(
  signature: ArrayLike<number>,
  start: number,
  bands: number,
  rows: number,
  out: Uint32Array,
  at: number,
): void {
  for (let b = 0; b < bands; b++) out[at + b] = combineHashes(signature, start + b * rows, rows);
}

/** The value `combineHashes(values, start, 1)` was made from: a combination of one value is a bijection (an
 * odd multiplier, a rotation and fmix32, each undone here), so band keys of one row are the signature. */
export function uncombineOne(hash: number): number {
  let h = hash | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7ed1b41d);
  h ^= (h >>> 13) ^ (h >>> 26);
  h = Math.imul(h, 0xa5cb9243);
  h ^= h >>> 16;
  h = (h >>> 13) | (h << 19);
  h = Math.imul(h, 0x359c449b);
  return (h ^ 0x9e3779b9 ^ 1) >>> 0;
}

/** Deterministic pseudo-random 32-bit values (splitmix32), for seeding permutations. */
export function seededValues(seed: number, count: number): Uint32Array {
  const out = new Uint32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state + 0x9e3779b9) >>> 0;
    out[i] = fmix32(state);
  }
  return out;
}
