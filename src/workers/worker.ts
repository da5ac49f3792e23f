/** A stage worker: runs the batch stages of src/stages/ for the main thread. Transport only. */
import { parentPort, workerData } from 'node:worker_threads';
import { CorpusIdf } from '../cluster/tfidf.js';
import { analyseBatch } from '../stages/analyse.js';
import { placeWeights, rekeyBatch } from '../stages/band-keys.js';
import { createStageContext, type StageOptions } from '../stages/context.js';
import { selectContent, shingleFormOf } from '../stages/select.js';
import { measureOf, overlapOf, scorePairs, type VerifySource } from '../stages/verify.js';
import { measurePairs } from '../cluster/assemble.js';
import { overlapsOf } from '../cluster/versions.js';
import { weighBatch } from '../stages/weigh.js';
import { buffersOf } from '../stages/workspace.js';
import type { Exchanges, WorkerReply, WorkerRequest } from './protocol.js';

const ctx = createStageContext(workerData as StageOptions);
let boilerplate: ReadonlySet<number> = new Set();
let idfs: CorpusIdf | undefined;
let source: VerifySource | undefined;

function handle(request: WorkerRequest): Exchanges[WorkerRequest['kind']]['reply'] {
  switch (request.kind) {
    case 'analyse':
      return analyseBatch(request.texts, ctx.params.lang, ctx.profile.proseFilter);
    case 'boilerplate':
      boilerplate = new Set(request.lines);
      return null;
    case 'select':
      return selectContent(request.batch, boilerplate, ctx, 'private', shingleFormOf(ctx));
    case 'idf':
      idfs = new CorpusIdf(request.keys, request.counts);
      return null;
    case 'weigh':
      if (idfs === undefined) throw new Error('weigh before the idf');
      return placeWeights(weighBatch(request.batch, request.roles, idfs, ctx), request.room, ctx.perms.numPerm, request.banding);
    case 'rekey':
      return rekeyBatch(request.batch, request.weighed, ctx, request.banding);
    case 'source':
      source = { batches: request.batches, batchSize: request.batchSize, shingleSize: request.shingleSize };
      return null;
    case 'verify':
      if (source === undefined) throw new Error('verify before the batches');
      return scorePairs(source, ctx.profile.decidesOn, request.pairs);
    case 'overlap':
      if (source === undefined) throw new Error('overlap before the batches');
      return overlapsOf(request.pairs, (i, j) => overlapOf(source as VerifySource, i, j));
    case 'measure':
      if (source === undefined) throw new Error('measure before the batches');
      return measurePairs(request.pairs, (i, j) => measureOf(source as VerifySource, i, j));
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
  parentPort?.postMessage(reply, ArrayBuffer.isView(result) ? [result.buffer as ArrayBuffer] : result ? buffersOf(result) : []);
});
