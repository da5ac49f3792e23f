/**
 * The three levels of "same story", each a complete scoring configuration. Values are measured on the
 * labelled data in ../shared/datasets (see README "Quality"); no dataset gets its own tuning.
 */
import type { Mode } from '../types.js';
import type { Linkage } from './linkage.js';

export interface PairFeatures {
  /** Jaccard of the verification shingle sets. */
  jaccard: number;
  /** Intersection over the smaller shingle set. */
  containment: number;
  /** TF-IDF cosine of the content-term vectors. */
  cosine: number;
}

export interface ModeProfile {
  readonly mode: Mode;
  readonly threshold: number;
  /** Content terms per verification shingle. */
  readonly shingleSize: number;
  /** Content terms per LSH shingle (1: the set of distinct terms). */
  readonly lshShingleSize: number;
  /** Jaccard on the LSH set that candidate generation aims to catch with high probability. */
  readonly lshThreshold: number;
  readonly linkage: Linkage;
  /** The decision score of a pair, on the scale `threshold` is given in. */
  score(features: PairFeatures): number;
}

export const MODES: Readonly<Record<Mode, ModeProfile>> = {
  duplicate: {
    mode: 'duplicate',
    threshold: 0.5,
    shingleSize: 3,
    lshShingleSize: 3,
    lshThreshold: 0.3,
    linkage: 'average',
    score: (f) => f.containment,
  },
  rewrite: {
    mode: 'rewrite',
    threshold: 0.3,
    shingleSize: 2,
    lshShingleSize: 1,
    lshThreshold: 0.15,
    linkage: 'average',
    score: (f) => Math.max(f.containment, f.cosine),
  },
  story: {
    mode: 'story',
    threshold: 0.2,
    shingleSize: 2,
    lshShingleSize: 1,
    lshThreshold: 0.1,
    linkage: 'average',
    score: (f) => f.cosine,
  },
};

export const MODE_NAMES = Object.keys(MODES) as Mode[];

export function isMode(value: string): value is Mode {
  return Object.hasOwn(MODES, value);
}
