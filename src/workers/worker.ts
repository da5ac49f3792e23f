/** A sketch worker: runs the batch stages of workers/stages.ts for the main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { FrequencyTable } from '../sketch/counts.js';
import type { WorkerReply, WorkerRequest, WorkerResult } from './protocol.js';
import {
  analyseBatch,
  buffersOf,
  createSketchContext,
  scorePairs,
  selectContent,
  sketchBatch,
  type CorpusStats,
  type SketchOptions,
  type VerificationBatch,
} from './stages.js';

const options = workerData as SketchOptions;
const ctx = createSketchContext(options);
const lang = ctx.params.lang;
let boilerplate: ReadonlySet<number> = new Set();
let corpus: CorpusStats | undefined;
let features: { batches: VerificationBatch[]; batchSize: number } | undefined;

function handle(request: WorkerRequest): WorkerResult {
  switch (request.kind) {
    case 'analyse':
      return analyseBatch(request.texts, lang, ctx.profile.proseFilter);
    case 'boilerplate':
      boilerplate = new Set(request.lines);
      return null;
    case 'select':
      return selectContent(request.batch, boilerplate);
    case 'corpus':
      corpus = { documents: request.documents, df: new FrequencyTable(request.dfKeys, request.dfCounts) };
      return null;
    case 'sketch':
      if (corpus === undefined) throw new Error('sketch before corpus statistics');
      return sketchBatch(request.batch, corpus, ctx, 'shared');
    case 'features':
      features = { batches: request.batches, batchSize: request.batchSize };
      return null;
    case 'verify':
      if (features === undefined) throw new Error('verify before features');
      return scorePairs(features.batches, features.batchSize, request.pairs, ctx.profile);
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: request.id, ok: true, result: handle(request) };
  } catch (error) {
    reply = { id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  const result = reply.ok ? reply.result : null;
  parentPort?.postMessage(reply, result instanceof Float64Array ? [result.buffer as ArrayBuffer] : result ? buffersOf(result) : []);
});
