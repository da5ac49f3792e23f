/** One article. `id` is unique within a run: the path relative to the argument (files) or the id field (datasets). */
export interface Document {
  id: string;
  text: string;
  title?: string;
  path?: string;
  source?: string;
  /** Publication date, as the page gives it (ISO 8601). */
  date?: string;
  /** Host of the page's own URL (og:url, canonical link), else the folder: whose boilerplate it shares. */
  site?: string;
  /** Encoding the bytes were read in (WHATWG name), for files. */
  encoding?: string;
  /** How a web page's text was found: `readability`, `json-ld articleBody`, or `reducer (why)`. */
  extractor?: string;
}

/** The three levels of "same story"; see README "Modes". */
export type Mode = 'duplicate' | 'rewrite' | 'story';

/** Document frequencies over distinct stories, per language: each key a term's (or a language's number
 * of stories') key of sketch/df-keys.ts, with its count. What `storyFrequenciesOf` gives, and what an
 * index stores (`IndexStore.storyFrequencies`). */
export interface StoryFrequencies {
  keys: Uint32Array;
  counts: Uint32Array;
}

/** A reference read key by key: a store, asked for the keys of one run only (`cluster --idf-from`). */
export interface ReferenceCounts {
  /** The count of each key (0 when none), in the order given. A promise only for `clusterStream`. */
  countsOf(keys: Uint32Array): Uint32Array | Promise<Uint32Array>;
  /** Which of these documents, by content hash (`DocumentSketch.contentHash`), the reference already
   * counts: 1 each that it holds. Their stories are then counted once, not in both (an article that was
   * indexed and is clustered again). A promise only for `clusterStream`. */
  holds?(contentHashes: readonly string[]): Uint8Array | Promise<Uint8Array>;
}

export interface ClusterOptions {
  mode?: Mode;
  /** Score at or above which two articles are the same story (mode-specific scale). */
  threshold?: number;
  shingleSize?: number;
  numPerm?: number;
  /** LSH bands; rows = numPerm / bands. Derived from the threshold when absent. */
  bands?: number;
  seed?: number;
  /** Smallest cluster reported (default 2). */
  minSize?: number;
  /** Report singletons too. */
  all?: boolean;
  /** Language code (ISO 639-1) or 'auto'. */
  lang?: string;
  /** Add shared passages between each member and its representative. */
  explain?: boolean;
  /** The CLI's `--pairs` (print the pairs instead of the report), kept here so that one option spec serves
   * both. The library does nothing with it: it streams the pairs to `onPair`, given or not. */
  pairs?: boolean;
  /** The story frequencies of a reference corpus (an index's: `cluster --idf-from`), added to the run's
   * own before the idf is taken: all of them, or a source asked for the run's keys. With a reference much
   * larger than the run, a pair's score hardly depends on what else the run holds: weights are the
   * reference's, as in the index it came from. */
  reference?: StoryFrequencies | ReferenceCounts;
  /** Inputs that could not be read; carried into the result unchanged. */
  skipped?: SkippedInput[];
  /** Called as a document is refused because its id was taken (it is also in the result's `skipped`). */
  onSkipped?: (skipped: SkippedInput) => void;
  /** Called as the pipeline advances; the CLI turns it into a progress line. */
  onProgress?: (event: ProgressEvent) => void;
  /** Called once for every verified pair inside a reported cluster (`--pairs`): pairs are streamed, never
   * collected, because a cluster of n versions has up to n²/2 of them. */
  onPair?: (pair: PairScore) => void;
}

export interface ProgressEvent {
  stage: 'analyse' | 'sketch' | 'candidates' | 'verify' | 'cluster';
  done: number;
  total: number;
}

export interface SkippedInput {
  id: string;
  reason: string;
}

export interface ResolvedParams {
  mode: Mode;
  threshold: number;
  shingleSize: number;
  numPerm: number;
  bands: number;
  rows: number;
  seed: number;
  lang: string;
  minSize: number;
}

export interface ScoreSummary {
  min: number;
  mean: number;
  max: number;
}

export interface ClusterMember {
  id: string;
  title?: string;
  /** Publication date, when the input gives one. */
  date?: string;
  /** Score of this member against the representative (1 for the representative). */
  similarity: number;
  /** Share of this member's shingles found in the representative. */
  containment: number;
  shared?: SharedPassage[];
  /** Joined by story mode's attachment (its best match is in the cluster), not by the linkage. */
  attached?: true;
}

export interface SharedPassage {
  /** The passage as it reads in this member. */
  text: string;
  /** Length of the shared run, in tokens. */
  tokens: number;
}

/** A verified pair, streamed with `--pairs` (`onPair`). */
export interface PairScore {
  /** Number of the cluster both belong to. */
  cluster: number;
  a: string;
  b: string;
  /** The mode's decision score. */
  score: number;
  /** How the pair was scored: `copy` (same content: score 1), `near` (near-duplicate versions, verified on
   * shingles), `linkage` (two versions compared by the linkage). */
  kind: 'copy' | 'near' | 'linkage';
}

export interface Cluster {
  id: number;
  size: number;
  representative: string;
  score: ScoreSummary;
  documents: ClusterMember[];
}

export interface ClusterStats {
  documents: number;
  clusters: number;
  clustered: number;
  skipped: number;
  /** Documents whose normalised content is the same as an earlier document's (scored 1, compared once). */
  copies: number;
  /** Further documents folded into a near-duplicate version of a story (shingle Jaccard ≥ 0.5 transitively;
   * in duplicate mode, at the threshold). */
  nearDuplicates: number;
  /** Distinct versions compared by the linkage: documents less copies and near-duplicates. */
  versions: number;
  /** Pairs of versions that the mode's LSH proposed and verification scored exactly. */
  candidates: number;
  /** Pairs the near-duplicate pass checked (shingle Jaccard). */
  nearCandidates: number;
  /** LSH buckets larger than the bucket limit, resolved by verifying their members against leaders. */
  largeBuckets: number;
  largestBucket: number;
  /** Components of versions too large for exact average link, resolved against leaders. */
  largeComponents: number;
  /** Stories a reference (`--idf-from`) counts in the run's languages; 0 without one. */
  referenceStories: number;
  /** Stories of the run that the reference already counts (by content hash), counted once; 0 without one. */
  referenceHeld: number;
  elapsedMs: number;
}

export interface ClusterResult {
  version: 2;
  params: ResolvedParams;
  stats: ClusterStats;
  clusters: Cluster[];
  skipped: SkippedInput[];
}
