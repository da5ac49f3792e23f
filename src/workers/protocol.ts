/** Messages between the main thread and a stage worker, typed per request kind. */
import type { AnalysisBatch } from '../stages/analyse.js';
import type { SketchBatch } from '../stages/select.js';
import type { VerifySource } from '../stages/verify.js';
import type { Banding } from '../lsh/candidates.js';
import type { WeighedBatch, WeightRoom } from '../stages/band-keys.js';
import type { DocumentText } from '../text/analyze.js';

/** Each request kind, and what its reply carries. */
export interface Exchanges {
  analyse: { request: { texts: DocumentText[] }; reply: AnalysisBatch };
  boilerplate: { request: { lines: Uint32Array }; reply: null };
  select: { request: { batch: AnalysisBatch }; reply: SketchBatch };
  idf: { request: { keys: Uint32Array; counts: Uint32Array }; reply: null };
  weigh: { request: { batch: SketchBatch; roles: Uint8Array; banding: Banding; room: WeightRoom }; reply: Uint8Array };
  rekey: {
    request: {
      batch: Pick<SketchBatch, 'count' | 'termEnds' | 'terms' | 'shingleEnds' | 'shingles'>;
      weighed: Pick<WeighedBatch, 'weights' | 'indexed'>;
      banding: Banding;
    };
    reply: Uint32Array;
  };
  source: { request: VerifySource; reply: null };
  verify: { request: { pairs: Uint32Array }; reply: Float64Array };
  /** Near-duplicate pass: [jaccard, containment] per pair. */
  overlap: { request: { pairs: Uint32Array }; reply: Float64Array };
  /** Assembly: MEASURES_PER_PAIR numbers per pair (measurePairs). */
  measure: { request: { pairs: Uint32Array }; reply: Float64Array };
}

export type Kind = keyof Exchanges;

export type WorkerRequest = { [K in Kind]: { id: number; kind: K } & Exchanges[K]['request'] }[Kind];

export type WorkerReply = { id: number; ok: true; result: Exchanges[Kind]['reply'] } | { id: number; ok: false; error: string };
