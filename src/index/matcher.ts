/**
 * Matching new documents against stored ones: LSH candidates from the band table, and exact scores with
 * the same measure and idf model a batch run uses (the df comes from ./df-cache.ts).
 */
import type { StoreReader, StoredDocument } from '../store/store.js';
import type { ClusterOptions } from '../types.js';
import { ALWAYS, type CosineBound } from './bound.js';
import type { CandidateCache } from './candidate-cache.js';
import { decodeSketch, decodeTerms } from './codec.js';
import { lshKeysOf, scoreSketchPair, type DocumentSketch, type IdfModel, type PairScoreOf, type SketchSettings } from './engine.js';

/**
 * How many stored documents a new one is scored against: those sharing the most band keys (a rewrite
 * shares many, a document on the same beat one or two). A bucket of more than PER_BUCKET documents is
 * passed over: with the rewrite mode's one-row bands a key is close to "has this common term among its
 * top terms", and reading such buckets made add and query grow with the index (70 ms a query at 10k
 * documents). The story's rarer words, its names and numbers, still meet in small buckets. This limits
 * what `index add` reports and what `index query` finds, not `index clusters`, which scores every
 * candidate pair as a batch run does.
 */
export const CANDIDATE_LIMITS = { perBucket: 200, top: 10 } as const;

export interface Match extends PairScoreOf {
  id: string;
  cluster: string;
}

/** A stored document as the core sees it, with its cluster label. */
export interface StoredSketch {
  readonly sketch: DocumentSketch;
  readonly cluster: string;
  readonly addedAt: number;
}

/** A stored candidate as read: its terms decoded at once (the bound needs them), the rest of its sketch
 * when first asked for. Decoding every candidate whole was a tenth of `index add` at 100k documents, and
 * most are never scored. A candidate kept across batches (./candidate-cache.ts) lets its row go and is
 * read again (`loadSketches`) when it passes the bound. */
export class StoredCandidate implements StoredSketch {
  readonly id: string;
  readonly terms: Uint32Array;
  readonly cluster: string;
  readonly addedAt: number;
  private doc: StoredDocument | undefined;
  private decoded: DocumentSketch | undefined;

  constructor(doc: StoredDocument) {
    this.id = doc.id;
    this.terms = decodeTerms(doc.sketch, doc.id);
    this.cluster = doc.cluster;
    this.addedAt = doc.addedAt;
    this.doc = doc;
  }

  get loaded(): boolean {
    return this.doc !== undefined || this.decoded !== undefined;
  }

  load(doc: StoredDocument): void {
    this.doc = doc;
  }

  release(): void {
    this.doc = undefined;
    this.decoded = undefined;
  }

  get sketch(): DocumentSketch {
    if (this.decoded === undefined) {
      if (this.doc === undefined) throw new Error(`stored candidate ${this.id} used without its sketch (loadSketches)`);
      this.decoded = sketchOf(this.doc);
    }
    return this.decoded;
  }
}

/** `settings`: the index's (they are not stored per sketch), for a sketch that leaves the index. */
export function sketchOf(doc: StoredDocument, settings?: SketchSettings): DocumentSketch {
  const sketch: DocumentSketch = { id: doc.id, contentHash: doc.contentHash, ...decodeSketch(doc.sketch, doc.id) };
  if (settings !== undefined) sketch.settings = settings;
  if (doc.title !== undefined) sketch.title = doc.title;
  if (doc.date !== undefined) sketch.date = doc.date;
  return sketch;
}

const NO_KEYS = new Uint32Array(0);

/** The band keys a document is stored and looked up under; none for a document with nothing to compare
 * (the core gives it all-zero keys, which would put every such document in one bucket). */
export function bandKeysOf(sketch: DocumentSketch, idf: IdfModel, options: ClusterOptions): Uint32Array {
  const keys = lshKeysOf(sketch, idf, options);
  return keys.some((k) => k !== 0) ? keys : NO_KEYS;
}

/** Stored documents sharing a band key with each sketch (keys: one array of `bands` keys per sketch; an
 * empty array looks nothing up). With a cache, candidates read in earlier batches are not read again. */
export async function storedCandidates(
  reader: StoreReader,
  keys: readonly Uint32Array[],
  bands: number,
  cache?: CandidateCache,
): Promise<{ ids: string[][]; docs: Map<string, StoredCandidate> }> {
  const asked = keys.map((k, i) => (k.length === bands ? i : -1)).filter((i) => i >= 0);
  const flat = new Uint32Array(asked.length * bands);
  asked.forEach((i, q) => flat.set(keys[i] as Uint32Array, q * bands));
  const found = asked.length > 0 ? await reader.candidates(flat, bands, CANDIDATE_LIMITS) : [];
  const ids: string[][] = keys.map(() => []);
  asked.forEach((i, q) => (ids[i] = found[q] ?? []));
  const docs = new Map<string, StoredCandidate>();
  const unread: string[] = [];
  for (const id of new Set(ids.flat())) {
    const known = cache?.get(id);
    if (known === undefined) unread.push(id);
    else docs.set(id, known);
  }
  for (const doc of unread.length > 0 ? await reader.sketches(unread) : []) {
    const candidate = new StoredCandidate(doc);
    docs.set(doc.id, candidate);
    cache?.keep(candidate);
  }
  return { ids, docs };
}

/** Reads again, in one statement, the rows of the candidates kept without them: before they are scored. */
export async function loadSketches(reader: StoreReader, candidates: Iterable<StoredCandidate>, cache?: CandidateCache): Promise<void> {
  const unloaded = new Map<string, StoredCandidate>();
  for (const candidate of candidates) if (!candidate.loaded) unloaded.set(candidate.id, candidate);
  if (unloaded.size === 0) return;
  for (const doc of await reader.sketches([...unloaded.keys()])) {
    const candidate = unloaded.get(doc.id);
    candidate?.load(doc);
    if (candidate !== undefined) cache?.keep(candidate);
  }
}

/** Per document, its stored candidates that may reach the threshold (./bound.ts): the only ones scored. */
export function likelyMatches(
  stored: { ids: readonly string[][]; docs: ReadonlyMap<string, StoredCandidate> },
  bounds: readonly CosineBound[],
): StoredCandidate[][] {
  return stored.ids.map((ids, i) => {
    const bound = bounds[i] ?? ALWAYS;
    const out: StoredCandidate[] = [];
    for (const id of ids) {
      const candidate = stored.docs.get(id);
      if (candidate !== undefined && bound.mayMatch(candidate.terms)) out.push(candidate);
    }
    return out;
  });
}

/** Scores of `sketch` against candidates, best first (ties by id). */
export function rankMatches(
  sketch: DocumentSketch,
  candidates: Iterable<{ sketch: DocumentSketch; cluster: string }>,
  idf: IdfModel,
  options: ClusterOptions,
): Match[] {
  const out: Match[] = [];
  for (const other of candidates) {
    out.push({ id: other.sketch.id, cluster: other.cluster, ...scoreSketchPair(sketch, other.sketch, idf, options) });
  }
  return out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
