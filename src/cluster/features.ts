/**
 * Everything verification needs of one document, kept in typed arrays, and how a mode builds it from
 * analysed documents. Corpus-wide facts (document frequencies, boilerplate lines) are gathered first;
 * the per-document steps are plain functions of plain data.
 */
import { contentTerms, countLines, findBoilerplate } from '../text/boilerplate.js';
import type { AnalyzedDocument } from '../text/analyze.js';
import { distinctSorted, hashTerms, shingleSet } from '../sketch/shingles.js';
import { cosine, setOverlap, type SparseVector } from './similarity.js';
import type { ModeProfile, PairFeatures } from './modes.js';
import { buildVector, countDocumentFrequencies } from './tfidf.js';

export interface DocumentFeatures {
  /** Sorted distinct verification shingles. */
  readonly shingles: Uint32Array;
  /** TF-IDF vector over content terms. */
  readonly vector: SparseVector;
}

export interface PairMeasures extends PairFeatures {
  /** Share of a's shingles found in b, and of b's in a. */
  aInB: number;
  bInA: number;
}

export function measurePair(a: DocumentFeatures, b: DocumentFeatures): PairMeasures {
  const overlap = setOverlap(a.shingles, b.shingles);
  return { ...overlap, cosine: cosine(a.vector, b.vector) };
}

/** A document's content terms (hashed, reading order) and its name terms (sorted, distinct). */
export interface DocumentTerms {
  readonly terms: Uint32Array;
  readonly names: Uint32Array;
}

export function documentTerms(doc: AnalyzedDocument, boilerplate: ReadonlySet<number>): DocumentTerms {
  return { terms: hashTerms(contentTerms(doc, boilerplate)), names: distinctSorted(hashTerms(doc.names)) };
}

/** The `count` highest-weighted terms of a vector, sorted by hash (ties broken by hash for determinism). */
export function topTerms(vector: SparseVector, count: number): Uint32Array {
  const order = Array.from(vector.terms.keys()).sort(
    (a, b) => (vector.weights[b] ?? 0) - (vector.weights[a] ?? 0) || (vector.terms[a] ?? 0) - (vector.terms[b] ?? 0),
  );
  return Uint32Array.from(order.slice(0, count), (i) => vector.terms[i] ?? 0).sort();
}

export function lshSetOf(profile: ModeProfile, terms: DocumentTerms, features: DocumentFeatures): Uint32Array {
  switch (profile.lshSet) {
    case 'shingles':
      return features.shingles;
    case 'top-terms':
      return topTerms(features.vector, profile.lshTopTerms);
    case 'terms':
      return features.vector.terms;
  }
}

export interface ModeFeatures {
  readonly features: DocumentFeatures[];
  /** Per document, the set MinHash-LSH sketches for candidate generation. */
  readonly lshSets: Uint32Array[];
}

/** The mode's features for a whole run: boilerplate lines and document frequencies from the run itself. */
export function buildModeFeatures(analyzed: readonly AnalyzedDocument[], profile: ModeProfile): ModeFeatures {
  const boilerplate = findBoilerplate(countLines(analyzed), analyzed.length);
  const docTerms = analyzed.map((doc) => documentTerms(doc, boilerplate));
  const df = countDocumentFrequencies(docTerms.map((d) => shingleSet(d.terms, 1)));
  const features = docTerms.map((d) => ({
    shingles: shingleSet(d.terms, profile.shingleSize),
    vector: buildVector(d.terms, df, analyzed.length, { terms: d.names, factor: profile.nameWeight }),
  }));
  const lshSets = features.map((f, i) => lshSetOf(profile, docTerms[i] as DocumentTerms, f));
  return { features, lshSets };
}
