/** What every stage needs of the options, resolved once per thread. */
import { MODES, type ModeProfile } from '../cluster/modes.js';
import { CorpusIdf } from '../cluster/tfidf.js';
import { optimalBands, type BandParams } from '../lsh/params.js';
import { resolveParams } from '../params.js';
import { createPermutations, type Permutations } from '../sketch/minhash.js';
import type { ClusterOptions, ReferenceCounts, ResolvedParams, StoryFrequencies } from '../types.js';

/**
 * Near-duplicate versions are one version of a story: its words count once in the document frequencies,
 * and the linkage sees the group once. "Near-duplicate" is what duplicate mode calls a duplicate (shingle
 * Jaccard at or above its threshold), so the three modes share one definition and no new constant is
 * tuned. (At 0.5, follow-ups that reuse half a release were folded into it on business-energy-news.)
 */
const NEAR_JACCARD = MODES.duplicate.threshold;
/** LSH for near-duplicates aims below NEAR_JACCARD so that pairs at it are caught with high probability. */
const NEAR_LSH_JACCARD = MODES.duplicate.lshThreshold;
const NEAR_SLOTS = 64;

export interface NearParams extends BandParams {
  /** Jaccard at or above which two versions are near-duplicates. */
  jaccard: number;
}

/** Plain data, so it can be posted to a worker. */
export type StageOptions = Pick<ClusterOptions, 'mode' | 'threshold' | 'shingleSize' | 'numPerm' | 'bands' | 'seed' | 'lang'>;

export function stageOptions(options: ClusterOptions): StageOptions {
  const { mode, threshold, shingleSize, numPerm, bands, seed, lang } = options;
  const out: StageOptions = {};
  if (mode !== undefined) out.mode = mode;
  if (threshold !== undefined) out.threshold = threshold;
  if (shingleSize !== undefined) out.shingleSize = shingleSize;
  if (numPerm !== undefined) out.numPerm = numPerm;
  if (bands !== undefined) out.bands = bands;
  if (seed !== undefined) out.seed = seed;
  if (lang !== undefined) out.lang = lang;
  return out;
}

export interface StageContext {
  params: ResolvedParams;
  profile: ModeProfile;
  perms: Permutations;
  near: NearParams;
  /** The reference's story frequencies by key (ClusterOptions.reference): only the calling thread has it. */
  reference?: ReferenceCounts;
}

/** Duplicate mode's clusters are the near-duplicate groups themselves, at its own threshold and bands. */
export function nearParams(params: ResolvedParams): NearParams {
  if (params.mode === 'duplicate') return { bands: params.bands, rows: params.rows, jaccard: params.threshold };
  return { ...optimalBands(NEAR_LSH_JACCARD, Math.min(NEAR_SLOTS, params.numPerm)), jaccard: NEAR_JACCARD };
}

export function createStageContext(options: ClusterOptions): StageContext {
  const { params, profile } = resolveParams(options);
  const ctx: StageContext = { params, profile, perms: createPermutations(params.numPerm, params.seed), near: nearParams(params) };
  if (options.reference !== undefined) ctx.reference = referenceTable(options.reference);
  return ctx;
}

function referenceTable(reference: StoryFrequencies | ReferenceCounts): ReferenceCounts {
  // From JavaScript it may be anything: `in` throws on null or a number, so read it as an object first.
  const given: Partial<StoryFrequencies & ReferenceCounts> = typeof reference === 'object' && reference !== null ? reference : {};
  if (typeof given.countsOf === 'function') return reference as ReferenceCounts;
  const { keys, counts } = given;
  if (!(keys instanceof Uint32Array && counts instanceof Uint32Array && keys.length === counts.length)) {
    throw new TypeError(
      'reference: keys and counts must be two Uint32Arrays of the same length, as storyFrequenciesOf gives them (or an object with countsOf)',
    );
  }
  const table = new CorpusIdf(keys, counts);
  return { countsOf: (asked) => asked.map((key) => table.countOf(key)) };
}
