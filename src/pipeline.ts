/**
 * The one function that runs the stages in order. Pure: documents in, result out; no I/O, no process.
 */
import { buildCluster, compareIds, orderClusters, pairKey, type ClusterContext } from './cluster/build-clusters.js';
import { buildModeFeatures, measurePair, type DocumentFeatures, type PairMeasures } from './cluster/features.js';
import { attachSingletons } from './cluster/attach.js';
import { linkClusters, type ScoredPair } from './cluster/linkage.js';
import { BandIndex } from './lsh/band-index.js';
import { resolveParams } from './params.js';
import { computeSignature, createPermutations } from './sketch/minhash.js';
import { analyzeDocument } from './text/analyze.js';
import type { ClusterOptions, ClusterResult, Document, ProgressEvent, SkippedInput } from './types.js';

// A bucket with more documents than this is a shared template, not a story; see lsh/band-index.ts.
export const MAX_BUCKET = 2000;

function uniqueDocuments(documents: readonly Document[], skipped: SkippedInput[]): Document[] {
  const seen = new Map<string, Document>();
  for (const doc of documents) {
    const first = seen.get(doc.id);
    if (first === undefined) seen.set(doc.id, doc);
    else {
      const where = doc.path && first.path ? ` (${first.path} and ${doc.path})` : '';
      skipped.push({ id: doc.id, reason: `duplicate id${where}; the first one was kept` });
    }
  }
  return [...seen.values()];
}

export function clusterDocuments(documents: readonly Document[], options: ClusterOptions = {}): ClusterResult {
  const started = Date.now();
  const { params, profile } = resolveParams(options);
  const progress = options.onProgress ?? ((_: ProgressEvent) => undefined);
  const skipped: SkippedInput[] = [...(options.skipped ?? [])];
  const docs = uniqueDocuments(documents, skipped);
  const n = docs.length;

  const analyzed = docs.map((doc, i) => {
    if (i % 1000 === 0) progress({ stage: 'analyse', done: i, total: n });
    return analyzeDocument(doc, { lang: params.lang, proseFilter: profile.proseFilter });
  });
  const { features, lshSets } = buildModeFeatures(analyzed, profile);

  progress({ stage: 'sketch', done: 0, total: n });
  const perms = createPermutations(params.numPerm, params.seed);
  const index = new BandIndex(params.bands, params.rows);
  lshSets.forEach((set, i) => {
    if (set.length > 0 && (features[i]?.shingles.length ?? 0) > 0) index.add(i, computeSignature(set, perms));
  });

  progress({ stage: 'candidates', done: 0, total: n });
  const { pairs: candidates, cappedBuckets } = index.candidates(MAX_BUCKET);

  const verified = new Map<number, PairMeasures>();
  const scored: ScoredPair[] = [];
  for (let c = 0; c < candidates.length; c += 2) {
    const i = candidates[c] ?? 0;
    const j = candidates[c + 1] ?? 0;
    const m = measurePair(features[i] as DocumentFeatures, features[j] as DocumentFeatures);
    verified.set(pairKey(i, j), m);
    scored.push({ i, j, score: profile.score(m) });
  }
  scored.sort((a, b) => a.i - b.i || a.j - b.j);

  progress({ stage: 'cluster', done: 0, total: n });
  const linked = linkClusters(n, scored, params.threshold, profile.linkage);
  const groups = profile.attachThreshold > 0 ? attachSingletons(linked, scored, profile.attachThreshold) : linked;
  const ctx: ClusterContext = { documents: docs, features, profile, verified, explain: options.explain === true };
  const clusters = orderClusters(groups.filter((g) => g.length >= params.minSize).map((g) => buildCluster(ctx, g)));
  const clustered = groups.reduce((sum, g) => sum + (g.length >= 2 ? g.length : 0), 0);
  skipped.sort((a, b) => compareIds(a.id, b.id));

  return {
    version: 1,
    params,
    stats: {
      documents: n,
      clusters: clusters.filter((c) => c.size >= 2).length,
      clustered,
      skipped: skipped.length,
      candidates: scored.length,
      cappedBuckets,
      elapsedMs: Date.now() - started,
    },
    clusters,
    skipped,
  };
}
