/**
 * A document's content terms in reading order, stored as positions in its own sorted distinct terms: one
 * byte a term for a document of at most 256 distinct terms (nearly every news article), two up to 65,536,
 * four beyond. Its verification shingles are made again from it exactly as the select stage made them, so
 * a mode that reads the shingles only for the report (rewrite, story) keeps ~1 byte a term instead of 4
 * bytes a shingle between the near-duplicate pass and assembly (~560 MB at a million documents).
 */
import { fmix32 } from './hash.js';
import { sortDistinct, writeShingleHashes } from './shingles.js';

/** Bytes per position for a document of `distinct` terms. */
export function positionWidth(distinct: number): number {
  return distinct <= 0x100 ? 1 : distinct <= 0x10000 ? 2 : 4;
}

/** Writes the position of each of `reading`'s terms in `terms` (sorted, distinct, holding all of them) to
 * `out` from byte `at`; returns the byte after the last. */
export function writePositions(reading: Uint32Array, terms: Uint32Array, out: Uint8Array, at: number): number {
  const width = positionWidth(terms.length);
  for (let i = 0; i < reading.length; i++) {
    let position = positionOf(terms, reading[i] ?? 0);
    for (let k = 0; k < width; k++, position >>>= 8) out[at++] = position & 0xff;
  }
  return at;
}

function positionOf(terms: Uint32Array, term: number): number {
  let low = 0;
  let high = terms.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((terms[middle] ?? 0) < term) low = middle + 1;
    else high = middle;
  }
  if (terms[low] !== term) throw new RangeError(`term ${term} is not among the document's terms`);
  return low;
}

/** The terms in reading order from their positions (`positions`, written by writePositions for `terms`)
 * into `out`; returns how many. */
export function readTerms(positions: Uint8Array, terms: Uint32Array, out: Uint32Array): number {
  const width = positionWidth(terms.length);
  const count = positions.length / width;
  for (let i = 0, at = 0; i < count; i++, at += width) {
    let position = positions[at] ?? 0;
    for (let k = 1; k < width; k++) position |= (positions[at + k] ?? 0) << (8 * k);
    out[i] = terms[position >>> 0] ?? 0;
  }
  return count;
}

/** The sorted distinct shingles of `size` terms of a reading, as the select stage makes them. */
export function shinglesOfReading(reading: Uint32Array, size: number): Uint32Array {
  const out = new Uint32Array(reading.length);
  const count = size === 2 ? writePairHashes(reading, out) : writeShingleHashes(reading, size, out);
  return out.subarray(0, sortDistinct(out.subarray(0, count)));
}

/** `writeShingleHashes` at two terms a shingle (rewrite and story), combineHashes written out: the near-
 * duplicate pass makes a set again for most of its checks, and the shared function, called with arrays
 * of several kinds, was two thirds of that. */
function writePairHashes(reading: Uint32Array, out: Uint32Array): number {
  const count = reading.length - 1;
  for (let i = 0; i < count; i++) {
    let h = Math.imul(0x9e3779b9 ^ 2 ^ (reading[i] ?? 0), 0x01000193);
    h = (h << 13) | (h >>> 19);
    h = Math.imul(h ^ (reading[i + 1] ?? 0), 0x01000193);
    h = (h << 13) | (h >>> 19);
    out[i] = fmix32(h);
  }
  return Math.max(0, count);
}
