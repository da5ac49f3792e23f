/**
 * The LSH band keys of the weighed versions, cut where the signatures are made (a worker, or the calling
 * thread) so that only the keys reach the corpus: a document's 128 signature slots are 512 bytes, its 42
 * keys of 3 rows 168. At a million documents the signatures held until the candidate stage were 512 MB.
 * When the candidate budget asks for more rows per band, the signatures are made again from the stored
 * weights (`rekeyBatch`), which gives the same slots as weigh made.
 */
import { lshSetOf } from '../cluster/features.js';
import type { Banding, KeyLayout } from '../lsh/candidates.js';
import { uncombineOne, writeBandKeys } from '../sketch/hash.js';
import { computeSignature } from '../sketch/minhash.js';
import type { StageContext } from './context.js';
import type { SketchBatch } from './select.js';
import type { WeightBatch } from './weigh.js';
import { rangeOf, room } from './workspace.js';

/** A weighed batch as the corpus keeps it: weights, and which documents are indexed (their band keys are
 * in the corpus's one array of keys). */
export interface WeighedBatch {
  count: number;
  weights: Uint16Array;
  indexed: Uint8Array;
}

/** Band keys of a batch's signatures (`numPerm` slots per document). */
export function cutBandKeys(signatures: Uint32Array, indexed: Uint8Array, numPerm: number, banding: Banding): Uint32Array {
  const { bands, rows } = banding;
  const keys = new Uint32Array(indexed.length * bands);
  for (let d = 0; d < indexed.length; d++) {
    if (indexed[d] !== 1) continue;
    writeBandKeys(signatures, d * numPerm, bands, rows, keys, d * bands);
  }
  return keys;
}

/** Where a weighed batch goes: its weights and its band keys, views the corpus made (shared memory: a
 * worker writes them in place, and the main thread has no reply buffers to wait on a collection for). */
export interface WeightRoom {
  weights: Uint16Array;
  keys: Uint32Array;
}

/** Writes the weighed batch's weights and band keys (not its signatures) into `room`; returns which
 * documents are indexed. */
export function placeWeights(weighed: WeightBatch, room: WeightRoom, numPerm: number, banding: Banding): Uint8Array {
  room.weights.set(weighed.weights);
  room.keys.set(cutBandKeys(weighed.signatures, weighed.indexed, numPerm, banding));
  return weighed.indexed;
}

/** Band keys of the indexed documents of a weighed batch, from signatures made again as weigh made them
 * (the mode's LSH set of the stored weights). */
export function rekeyBatch(
  sketch: Pick<SketchBatch, 'count' | 'termEnds' | 'terms' | 'shingleEnds' | 'shingles'>,
  weighed: Pick<WeighedBatch, 'weights' | 'indexed'>,
  ctx: StageContext,
  banding: Banding,
): Uint32Array {
  const { perms, profile } = ctx;
  const { bands, rows } = banding;
  const keys = new Uint32Array(sketch.count * bands);
  const signature = room('signature', perms.numPerm).subarray(0, perms.numPerm);
  for (let d = 0; d < sketch.count; d++) {
    if (weighed.indexed[d] !== 1) continue;
    const [from, to] = rangeOf(sketch.termEnds, d);
    const [s0, s1] = rangeOf(sketch.shingleEnds, d);
    const vector = { terms: sketch.terms.subarray(from, to), weights: weighed.weights.subarray(from, to) };
    computeSignature(lshSetOf(profile, { shingles: sketch.shingles.subarray(s0, s1), vector }), perms, signature);
    writeBandKeys(signature, 0, bands, rows, keys, d * bands);
  }
  return keys;
}

/** Whether keys cut at `banding` hold whole signatures: one slot a band, every slot. */
export function holdsSignatures(banding: Banding, numPerm: number): boolean {
  return banding.rows === 1 && banding.bands === numPerm;
}

/**
 * Rewrites keys of one row per band over every slot (`holdsSignatures`), row by row in place, as the keys
 * of `bandings` side by side: the same keys as weigh or `rekeyBatch` cut from the signatures, without the
 * workers making every signature again (13.5 s a banding at a million documents) and without another
 * array (an array per banding beside the signatures was 230 MB at the peak). A row's new keys end no later
 * than its old ones, so no row is overwritten before it is read. Returns where each banding's keys are; the
 * signatures are gone. The bandings' bands must add up to at most `numPerm`.
 */
export function cutInPlace(signatureKeys: Uint32Array, numPerm: number, bandings: readonly Banding[]): KeyLayout[] {
  const stride = bandings.reduce((sum, b) => sum + b.bands, 0);
  if (stride > numPerm) throw new RangeError(`${stride} keys a row do not fit in ${numPerm}`);
  const count = signatureKeys.length / numPerm;
  const signature = room('signature', numPerm).subarray(0, numPerm);
  for (let d = 0; d < count; d++) {
    for (let s = 0; s < numPerm; s++) signature[s] = uncombineOne(signatureKeys[d * numPerm + s] ?? 0);
    let at = d * stride;
    for (const { bands, rows } of bandings) {
      writeBandKeys(signature, 0, bands, rows, signatureKeys, at);
      at += bands;
    }
  }
  let offset = 0;
  return bandings.map(({ bands }) => {
    const layout = { stride, offset };
    offset += bands;
    return layout;
  });
}
