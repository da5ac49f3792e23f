/**
 * A document's content terms in reading order, stored as positions in its own sorted distinct terms: one
 * byte a term for a document of at most 256 distinct terms (nearly every news article), two up to 65,536,
 * four beyond. Its verification shingles are made again from it exactly as the select stage made them, so
 * a mode that reads the shingles only for the report (rewrite, story) keeps ~1 byte a term instead of 4
 * bytes a shingle between the near-duplicate pass and assembly (~560 MB at a million documents).
 */
import { combineHashes } from './hash.js';
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
  return out.subarray(0, sortDistinct(out.subarray(0, writeShingleHashes(reading, size, out))));
}

/** Shingle hashes of one reading, for `commonShingles`: open addressing in arrays kept between calls, a
 * slot in use when its stamp is the call's (nothing is cleared between calls). */
let table = new Uint32Array(0);
let filled = new Uint32Array(0);
let matched = new Uint32Array(0);
let stamp = 0;

/** A table of at least twice `count` slots, emptied; returns its mask. */
function emptyTable(count: number): number {
  let size = 64;
  while (size < 2 * count) size *= 2;
  if (table.length < size || stamp === 0xffffffff) {
    table = new Uint32Array(Math.max(size, table.length));
    filled = new Uint32Array(table.length);
    matched = new Uint32Array(table.length);
    stamp = 0;
  }
  stamp += 1;
  return size - 1;
}

/**
 * How many distinct shingles of `size` terms two readings share: the intersection of their shingle sets,
 * without making the sets. The first reading's shingles go into a hash set, the second's are looked up
 * once each. Sorting both sets made again was two thirds of the near-duplicate pass at a million
 * documents (16 s of the main thread, the workers idle); this costs about a third of that.
 */
export function commonShingles(a: Uint32Array, b: Uint32Array, size: number): number {
  const countA = a.length - size + 1;
  const countB = b.length - size + 1;
  if (countA <= 0 || countB <= 0) return 0;
  const mask = emptyTable(countA);
  for (let i = 0; i < countA; i++) {
    const h = combineHashes(a, i, size);
    let slot = h & mask;
    while (filled[slot] === stamp && table[slot] !== h) slot = (slot + 1) & mask;
    table[slot] = h;
    filled[slot] = stamp;
  }
  let common = 0;
  for (let j = 0; j < countB; j++) {
    const h = combineHashes(b, j, size);
    let slot = h & mask;
    while (filled[slot] === stamp && table[slot] !== h) slot = (slot + 1) & mask;
    if (filled[slot] !== stamp || matched[slot] === stamp) continue;
    matched[slot] = stamp;
    common += 1;
  }
  return common;
}
