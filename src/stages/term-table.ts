/**
 * One document's weighted terms in an open-addressing hash table, for the dot products of that document
 * with many others (src/stages/verify.ts). Slots are marked with a stamp instead of being cleared, so
 * holding the next document costs its own terms only.
 */
import { cosineOfDot } from '../cluster/similarity.js';

/** Slots per term at least: probes then rarely go past the first slot. */
const SLOTS_PER_TERM = 4;
/** log2 of the filter's marks: 8,192, ~2% of them set by a document of 180 terms. */
const FILTER_BITS = 13;
const FILTER_SHIFT = 32 - FILTER_BITS;

export interface TermTable {
  /** Holds terms[from..to) (distinct) and their weights, forgetting the document held before. */
  hold(terms: Uint32Array, weights: Uint16Array, from: number, to: number): void;
  /** The cosine: Σ weight·weight over the terms of terms[from..to) that the held document has. */
  cosine(terms: Uint32Array, weights: Uint16Array, from: number, to: number): number;
}

export function termTable(): TermTable {
  let keys = new Uint32Array(1024);
  let values = new Uint16Array(1024);
  let stamps = new Uint32Array(1024);
  let mask = 1023;
  // A mark per hash prefix of the held terms: most terms of the other document are not held, and a clear
  // mark says so without a probe (a table probe is a branch taken at random; this one is seldom taken).
  const filter = new Uint8Array(1 << FILTER_BITS);
  let stamp = 0;
  // An empty document: cosine is 0 without a probe.
  let empty = true;

  const slotOf = (term: number): number => Math.imul(term, 0x9e3779b1) >>> 0;

  return {
    hold(terms, weights, from, to) {
      const need = SLOTS_PER_TERM * (to - from);
      if (need > keys.length) {
        let size = keys.length;
        while (size < need) size *= 2;
        keys = new Uint32Array(size);
        values = new Uint16Array(size);
        stamps = new Uint32Array(size);
        mask = size - 1;
        stamp = 0;
      }
      stamp += 1;
      if (stamp === 0xffffffff) {
        stamps.fill(0);
        stamp = 1;
      }
      empty = to <= from;
      filter.fill(0);
      for (let t = from; t < to; t++) {
        const term = terms[t] ?? 0;
        const hash = slotOf(term);
        filter[hash >>> FILTER_SHIFT] = 1;
        let slot = hash & mask;
        while (stamps[slot] === stamp) slot = (slot + 1) & mask;
        stamps[slot] = stamp;
        keys[slot] = term;
        values[slot] = weights[t] ?? 0;
      }
    },
    cosine(terms, weights, from, to) {
      if (empty) return 0;
      let dot = 0;
      for (let t = from; t < to; t++) {
        const term = terms[t] ?? 0;
        const hash = slotOf(term);
        if (filter[hash >>> FILTER_SHIFT] === 0) continue;
        let slot = hash & mask;
        while (stamps[slot] === stamp) {
          if (keys[slot] === term) {
            dot += (values[slot] ?? 0) * (weights[t] ?? 0);
            break;
          }
          slot = (slot + 1) & mask;
        }
      }
      return cosineOfDot(dot);
    },
  };
}
