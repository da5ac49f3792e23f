/**
 * The three levels of "same story", each a complete configuration: what text is read, which
 * similarity decides, at what threshold, with which linkage. Values are measured on the labelled data
 * in ../shared/datasets (README "Quality"); one configuration per mode, no dataset gets its own tuning.
 */
import type { Mode } from '../types.js';
/** How versions are joined: single link (near-duplicate groups, duplicate mode) or average link. */
type Linkage = 'single' | 'average';

export interface PairFeatures {
  /** Jaccard of the verification shingle sets. */
  jaccard: number;
  /** Intersection over the smaller shingle set. */
  containment: number;
  /** TF-IDF cosine of the content-term vectors. */
  cosine: number;
}

/** Which set of a document MinHash-LSH sketches to propose candidate pairs. */
type LshSet =
  /** The `lshTopTerms` highest-weighted terms: what a rewrite keeps of its source, and what independent
   * reports of one event share (its names, places and numbers). */
  | 'top-terms'
  /** The verification shingles themselves. */
  | 'shingles';

export interface ModeProfile {
  readonly mode: Mode;
  readonly threshold: number;
  /** Content terms per verification shingle. */
  readonly shingleSize: number;
  /** Drop body lines that do not read as prose (see text/analyze.ts). */
  readonly proseFilter: boolean;
  /** TF-IDF weight factor for names (capitalised in mid-sentence) and numbers; 1 = none. */
  readonly nameWeight: number;
  readonly lshSet: LshSet;
  readonly lshTopTerms: number;
  /** Jaccard on the LSH set that candidate generation aims to catch with high probability. */
  readonly lshThreshold: number;
  /** When one more row per band would leave most of the least candidate budget unused, take the first bands
   * that fit it instead, if they miss less above `lshThreshold` (lsh/candidates.ts `afterOverflow`). */
  readonly prefixBands: boolean;
  readonly linkage: Linkage;
  /** A document left alone joins the cluster of its best match at or above this score (see attach.ts);
   * 0 = never. */
  readonly attachThreshold: number;
  /** The measure that decides, on the scale `threshold` is given in. */
  readonly decidesOn: keyof PairFeatures;
  /** The decision score of a pair: `features[decidesOn]`. */
  score(features: PairFeatures): number;
}

function withScore(settings: Omit<ModeProfile, 'score'>): ModeProfile {
  return { ...settings, score: (f) => f[settings.decidesOn] };
}

export const MODES: Readonly<Record<Mode, ModeProfile>> = {
  // Reprints and light edits, precision first: most 3-word runs of content words in common.
  duplicate: withScore({
    mode: 'duplicate',
    threshold: 0.7,
    shingleSize: 3,
    proseFilter: true,
    nameWeight: 1,
    lshSet: 'shingles',
    lshTopTerms: 0,
    lshThreshold: 0.5,
    prefixBands: false,
    linkage: 'single',
    attachThreshold: 0,
    decidesOn: 'jaccard',
  }),
  // Texts derived from the same wire copy. Cosine alone beat max(cosine, containment) on COUNTER.
  rewrite: withScore({
    mode: 'rewrite',
    threshold: 0.37,
    shingleSize: 2,
    proseFilter: true,
    nameWeight: 1,
    lshSet: 'top-terms',
    lshTopTerms: 50,
    lshThreshold: 0.1,
    // Rewrites share most of their top terms: one row more loses few of them (families recall 0.9990 at
    // 100,000 documents; the first bands that fit gave 0.9996 in 25% more time).
    prefixBands: false,
    linkage: 'average',
    attachThreshold: 0,
    decidesOn: 'cosine',
  }),
  // The same event reported independently: shared names, places and numbers matter most.
  story: withScore({
    mode: 'story',
    threshold: 0.27,
    shingleSize: 2,
    proseFilter: false,
    nameWeight: 2,
    // Not every term: unrelated articles share a news vocabulary (term Jaccard 0.02–0.05 between real
    // articles of different sets), nearly as much as reports of one event (0.09–0.30), so on a large run
    // the candidate budget raised the rows and lost the event's pairs (ECB+ among 20,000 generated
    // business articles: recall 0.17, now 0.70). Top terms keep the event's pairs (Jaccard p10 0.08) and
    // leave unrelated ones near 0 (p90 0.01).
    lshSet: 'top-terms',
    lshTopTerms: 50,
    lshThreshold: 0.04,
    // Reports of one event share few top terms (Jaccard p10 0.08): one row more cost ECB+ among 20,000
    // articles a third of its pairs (recall 0.69; 0.96 with the first bands that fit, in 1.5× the time).
    prefixBands: true,
    linkage: 'average',
    attachThreshold: 0.2,
    decidesOn: 'cosine',
  }),
};

/** Whether LSH or verification read the shingle sets after the near-duplicate pass (otherwise only the
 * report does, and the select stage keeps each document's reading to make them again: src/sketch/reading.ts). */
export function linkageReadsShingles(profile: ModeProfile): boolean {
  return profile.lshSet === 'shingles' || profile.decidesOn !== 'cosine';
}

export const MODE_NAMES = Object.keys(MODES) as Mode[];

export function isMode(value: string): value is Mode {
  return Object.hasOwn(MODES, value);
}
