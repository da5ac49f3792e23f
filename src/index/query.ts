/** `index query`: the stored documents each given document matches, best first. Reads only. */
import { resolveParams } from '../params.js';
import type { StoreReader } from '../store/store.js';
import type { ClusterOptions } from '../types.js';
import type { DocumentSketch } from './engine.js';
import { DfCache } from './df-cache.js';
import { bandKeysOf, rankMatches, storedCandidates, type Match } from './matcher.js';

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
  const { threshold, bands } = resolveParams(options).params;
  const df = new DfCache(reader);
  await df.load(sketches);
  const keysIdf = df.model(sketches);
  const keys = sketches.map((s) => bandKeysOf(s, keysIdf, options));
  const stored = await storedCandidates(reader, keys, bands);
  const storedSketches = [...stored.docs.values()].map((d) => d.sketch);
  await df.load(storedSketches);
  const idf = df.model([...sketches, ...storedSketches]);
  return sketches.map((sketch, i) => {
    const candidates = (stored.ids[i] ?? []).map((id) => stored.docs.get(id)).filter((d) => d !== undefined);
    return { id: sketch.id, matches: rankMatches(sketch, candidates, idf, options).filter((m) => m.score >= threshold) };
  });
}
