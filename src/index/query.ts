/** `index query`: the stored documents each given document matches, best first. Reads only. */
import { assertSketches } from '../document-check.js';
import { resolveParams } from '../params.js';
import type { StoreReader } from '../store/store.js';
import type { ClusterOptions } from '../types.js';
import { assertSketchSettings, type DocumentSketch } from './engine.js';
import { cosineBounds } from './bound.js';
import { DfCache } from './df-cache.js';
import { assertIndexOptions, isIndexStore } from './settings.js';
import { bandKeysOf, likelyMatches, rankMatches, storedCandidates, type Match } from './matcher.js';

export interface QueryAnswer {
  id: string;
  /** Matches at or above the threshold, best first. */
  matches: Match[];
}

export async function queryIndex(
  reader: StoreReader,
  sketches: readonly DocumentSketch[],
  options: ClusterOptions,
): Promise<QueryAnswer[]> {
  assertSketches(sketches);
  assertSketchSettings(sketches, options);
  if (isIndexStore(reader)) await assertIndexOptions(reader, options, 'query');
  const { threshold, bands } = resolveParams(options).params;
  const df = new DfCache(reader);
  const keysIdf = await df.model(sketches);
  const keys = sketches.map((s) => bandKeysOf(s, keysIdf, options));
  const stored = await storedCandidates(reader, keys, bands);
  // Only candidates that may reach the threshold are scored (./bound.ts): the others would be filtered out.
  const boundOf = cosineBounds(options);
  const likely = likelyMatches(
    stored,
    sketches.map((sketch) => boundOf(sketch, keysIdf)),
  );
  const scored = [...new Set(likely.flat())].map((d) => d.sketch);
  // Building a model costs the core a fixed ~4 ms once 65,536 stories are counted (it tabulates their idf):
  // with no candidate to score, the keys' model serves.
  // Otherwise the keys' model extended with the candidates' terms: the queries' own are not visited again.
  const idf = scored.length === 0 ? keysIdf : await df.extended(scored);
  return sketches.map((sketch, i) => {
    const candidates = likely[i] ?? [];
    return { id: sketch.id, matches: rankMatches(sketch, candidates, idf, options).filter((m) => m.score >= threshold) };
  });
}
