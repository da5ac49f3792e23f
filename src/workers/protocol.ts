/** Messages between the main thread and a sketch worker. */
import type { DocumentText } from '../text/analyze.js';
import type { AnalysisBatch, ContentBatch, FeatureBatch, VerificationBatch } from './stages.js';

export type WorkerRequest =
  | { id: number; kind: 'analyse'; texts: DocumentText[] }
  | { id: number; kind: 'boilerplate'; lines: Uint32Array }
  | { id: number; kind: 'select'; batch: AnalysisBatch }
  | { id: number; kind: 'corpus'; documents: number; dfKeys: Uint32Array; dfCounts: Uint32Array }
  | { id: number; kind: 'sketch'; batch: ContentBatch }
  | { id: number; kind: 'features'; batches: VerificationBatch[]; batchSize: number }
  | { id: number; kind: 'verify'; pairs: Uint32Array };

export type WorkerResult = AnalysisBatch | ContentBatch | FeatureBatch | Float64Array | null;

export type WorkerReply = { id: number; ok: true; result: WorkerResult } | { id: number; ok: false; error: string };
