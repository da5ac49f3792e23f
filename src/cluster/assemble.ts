/**
 * From linked versions to the reported clusters: members (every document of every version: copies and
 * near-duplicates included), the representative, each member's score against it, and the cluster's
 * min/mean/max over the exact pair scores that decided it. Pure: everything it reads is passed in.
 */
import type { Cluster, ClusterMember, PairScore } from '../types.js';
import { addScore, type LinkedCluster, type ScoreSummary } from './average-link.js';
import { sharedPassages } from './explain.js';
import type { PairMeasures } from './features.js';
import type { ModeProfile } from './modes.js';
import type { GroupIndex } from './versions.js';
import { hashString } from '../sketch/hash.js';
import { U32List } from '../u32-list.js';
import { runSteps, type PairSteps } from './pair-steps.js';
import type { StringLookup } from '../string-column.js';

function round4(value: number): number {
  return Math.round(value * 10000) / 10000;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface AssemblyInput {
  ids: StringLookup;
  titles: StringLookup;
  dates: StringLookup;
  /** Full texts, only with --explain. */
  texts?: readonly string[];
  copyOf: Uint32Array;
  groups: GroupIndex;
  /** Verified near-duplicate pairs [i, j, …]. */
  nearPairs: Uint32Array;
  linked: readonly LinkedCluster[];
  profile: ModeProfile;
  minSize: number;
  measure: (i: number, j: number) => PairMeasures;
  shingleCount: (doc: number) => number;
  onPair?: (pair: PairScore) => void;
}

interface Draft {
  versions: number[];
  centrality: number[];
  summary?: ScoreSummary;
  attached: ReadonlySet<number>;
}

/**
 * The clusters, in steps: each yields the pairs whose measures its next part will read ([i0, j0, …]) and
 * takes them back as MEASURES_PER_PAIR numbers a pair (packMeasures), so that a caller may measure them on
 * other threads (the members' measures were ~8 s of the main thread at a million documents, the workers
 * idle). The parts read those and measure anything else with `input.measure`: the clusters are the same
 * whoever measured the pairs.
 */
export function* assemblySteps(input: AssemblyInput): PairSteps<Cluster[]> {
  const n = input.ids.length;
  const copies = new Uint32Array(n);
  for (let d = 0; d < n; d++) copies[input.copyOf[d] ?? d] = (copies[input.copyOf[d] ?? d] ?? 0) + 1;
  const drafts: Draft[] = input.linked.map((c) => ({
    versions: c.versions,
    centrality: c.centrality,
    summary: c.summary,
    attached: new Set(c.attached),
  }));
  const linked = new Set<number>(drafts.flatMap((d) => d.versions));
  for (let d = 0; d < n; d++) {
    const leader = input.groups.groupOf[d] ?? d;
    if (leader !== d || linked.has(d)) continue;
    if (input.groups.size(d) >= Math.max(2, input.minSize) || input.minSize <= 1)
      drafts.push({ versions: [d], centrality: [0], attached: new Set() });
  }
  const memo = new MeasureMemo(n, input.measure);
  const measured: AssemblyInput = { ...input, measure: memo.measure };
  const versions = yield* measuredPart(memo, (measure) => drafts.map((draft) => versionOf({ ...input, measure }, draft)));
  const reps = yield* measuredPart(memo, (measure) =>
    versions.map((version) => medoidOf({ ...input, measure }, input.groups.members(version), copies)),
  );
  // The members against their representative, listed here: building a cluster also adds up its scores.
  drafts.forEach((draft, k) => {
    const repUnit = input.copyOf[reps[k] ?? 0] ?? 0;
    for (const v of draft.versions)
      for (const d of input.groups.members(v)) if ((input.copyOf[d] ?? d) !== repUnit) memo.list(input.copyOf[d] ?? d, repUnit);
  });
  yield* memo.measureListed();
  const clusters = drafts.map((draft, k) => buildCluster(measured, draft, reps[k] ?? 0)).filter((c) => c.size >= input.minSize);
  const ordered = orderClusters(clusters);
  if (input.onPair) streamPairs(measured, ordered, input.onPair);
  return ordered.map((c) => c.cluster);
}

/** assemblySteps on this thread. */
export function assembleClusters(input: AssemblyInput): Cluster[] {
  return runSteps(assemblySteps(input), (pairs) => measurePairs(pairs, input.measure));
}

/** Numbers a pair's measures take in a packed array: jaccard, containment, aInB, bInA, cosine. */
export const MEASURES_PER_PAIR = 5;

/** The measures of pairs [i0, j0, …], packed. */
export function measurePairs(pairs: Uint32Array, measure: AssemblyInput['measure']): Float64Array {
  const out = new Float64Array((pairs.length / 2) * MEASURES_PER_PAIR);
  for (let p = 0; 2 * p < pairs.length; p++) {
    const m = measure(pairs[2 * p] ?? 0, pairs[2 * p + 1] ?? 0);
    out.set([m.jaccard, m.containment, m.aInB, m.bInA, m.cosine], p * MEASURES_PER_PAIR);
  }
  return out;
}

/** Measures given ahead, by pair; a pair not given is measured when asked. */
class MeasureMemo {
  private readonly at = new Map<number, number>();
  private values = new Float64Array(0);
  /** Pairs listed to be measured ahead, each once. */
  private asked = new U32List();
  private readonly listed = new Set<number>();

  constructor(
    private readonly n: number,
    private readonly fallback: AssemblyInput['measure'],
  ) {}

  private keyOf(i: number, j: number): number {
    return i * this.n + j;
  }

  /** Lists a pair to be measured ahead, unless it is measured or listed already. */
  list(i: number, j: number): void {
    const key = this.keyOf(i, j);
    if (this.at.has(key) || this.listed.has(key)) return;
    this.listed.add(key);
    this.asked.push([i, j]);
  }

  /** Yields the pairs listed since the last call, if any, and keeps the measures given back. */
  *measureListed(): PairSteps<void> {
    if (this.asked.length === 0) return;
    const pairs = this.asked.values();
    this.asked = new U32List();
    this.listed.clear();
    this.fill(pairs, yield pairs);
  }

  private fill(pairs: Uint32Array, values: Float64Array): void {
    const base = this.values.length / MEASURES_PER_PAIR;
    const grown = new Float64Array(this.values.length + values.length);
    grown.set(this.values);
    grown.set(values, this.values.length);
    this.values = grown;
    for (let p = 0; 2 * p < pairs.length; p++) this.at.set(this.keyOf(pairs[2 * p] ?? 0, pairs[2 * p + 1] ?? 0), base + p);
  }

  readonly measure = (i: number, j: number): PairMeasures => {
    const p = this.at.get(this.keyOf(i, j));
    if (p === undefined) return this.fallback(i, j);
    const v = this.values.subarray(p * MEASURES_PER_PAIR, (p + 1) * MEASURES_PER_PAIR);
    return { jaccard: v[0] ?? 0, containment: v[1] ?? 0, aInB: v[2] ?? 0, bInA: v[3] ?? 0, cosine: v[4] ?? 0 };
  };
}

/** Measures nothing: what a part reads while its pairs are only being listed. */
const LISTING: PairMeasures = { jaccard: 0, containment: 0, aInB: 0, bInA: 0, cosine: 0 };

/**
 * One part of the assembly, run twice: first to list the pairs it measures (which pairs a part asks for
 * does not depend on the measures it reads), then, once they are given, to compute its result.
 */
function* measuredPart<T>(memo: MeasureMemo, part: (measure: AssemblyInput['measure']) => T): PairSteps<T> {
  part((i, j) => {
    memo.list(i, j);
    return LISTING;
  });
  yield* memo.measureListed();
  return part(memo.measure);
}

interface Built {
  cluster: Cluster;
  size: number;
  /** Document numbers of the members, and of the versions. */
  docs: number[];
  versions: number[];
}

function buildCluster(input: AssemblyInput, draft: Draft, rep: number): Built {
  const docs: number[] = [];
  for (const v of draft.versions) docs.push(...input.groups.members(v));
  const repUnit = input.copyOf[rep] ?? rep;
  const summary: ScoreSummary = draft.summary ?? { min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, sum: 0, count: 0 };
  const fromMembers = draft.summary === undefined || draft.summary.count === 0;
  const attachedDocs = new Set<number>();
  for (const v of draft.attached) for (const d of input.groups.members(v)) attachedDocs.add(d);
  const members: ClusterMember[] = docs.map((d) => {
    const unit = input.copyOf[d] ?? d;
    let similarity = 1;
    let containment = 1;
    if (unit !== repUnit) {
      const m = input.measure(unit, repUnit);
      similarity = input.profile.score(m);
      containment = m.aInB;
    }
    if (fromMembers && d !== rep) addScore(summary, similarity);
    const out: ClusterMember = { id: input.ids.at(d) ?? '', similarity: round4(similarity), containment: round4(containment) };
    const title = input.titles.at(d);
    if (title !== undefined) out.title = title;
    const date = input.dates.at(d);
    if (date !== undefined) out.date = date;
    if (attachedDocs.has(d)) out.attached = true;
    if (input.texts !== undefined && d !== rep) out.shared = sharedPassages(input.texts[d] ?? '', input.texts[rep] ?? '');
    return out;
  });
  const repId = input.ids.at(rep) ?? '';
  members.sort((a, b) => (a.id === repId ? -1 : b.id === repId ? 1 : 0) || b.similarity - a.similarity || compareIds(a.id, b.id));
  const score =
    summary.count === 0
      ? { min: 1, mean: 1, max: 1 }
      : { min: round4(summary.min), mean: round4(summary.sum / summary.count), max: round4(summary.max) };
  return {
    cluster: { id: 0, size: members.length, representative: repId, score, documents: members },
    size: members.length,
    docs,
    versions: draft.versions,
  };
}

/**
 * The version the others derive from most (highest sum of scores to the others, each weighted by its
 * copies, and its own copies counted as perfect matches). The representative is then the medoid of that
 * version's near-duplicates (medoidOf).
 */
function versionOf(input: AssemblyInput, draft: Draft): number {
  const best = Math.max(...draft.centrality);
  const tied = draft.versions.filter((_, x) => (draft.centrality[x] ?? 0) >= best - 1e-9);
  let version = tied[0] ?? 0;
  if (tied.length > 1) {
    // Equal centrality (always so with two versions): the one that holds most of the others' text.
    let bestCoverage = Number.NEGATIVE_INFINITY;
    for (const v of tied) {
      let coverage = 0;
      for (const h of draft.versions) if (h !== v) coverage += input.measure(h, v).aInB;
      if (coverage > bestCoverage || (coverage === bestCoverage && compareIds(input.ids.at(v) ?? '', input.ids.at(version) ?? '') < 0)) {
        bestCoverage = coverage;
        version = v;
      }
    }
  }
  return version;
}

/** Near-duplicates compared to choose the representative among: enough to find the typical text. */
const MEDOID_SAMPLE = 32;

/**
 * The representative of a near-duplicate group, over a sample of the group (the members whose ids hash
 * lowest, so the choice does not depend on input order):
 * - where the analysis keeps only prose (`duplicate`, `rewrite`), the member that holds the most of the
 *   others' text: outlets cut wire copy from the bottom, and when cut copies outnumber full ones the most
 *   typical text is a cut, which `dedup --keep representative` would keep;
 * - then the most typical (the highest Jaccard summed): of the full copies, the one without a pasted local
 *   paragraph. In `story`, whose analysis keeps every line, this comes first: there, holding the others
 *   also means holding a page's navigation (a reprint wrapped in it holds the clean copy whole);
 * - then the most copied, then the first id.
 */
function medoidOf(input: AssemblyInput, members: Uint32Array, copies: Uint32Array): number {
  if (members.length === 1) return members[0] ?? 0;
  const unit = (d: number): number => input.copyOf[d] ?? d;
  const hashes = new Map<number, number>();
  for (const d of members) hashes.set(d, hashString(input.ids.at(d) ?? ''));
  const sample = [...members].sort((a, b) => (hashes.get(a) ?? 0) - (hashes.get(b) ?? 0) || a - b).slice(0, MEDOID_SAMPLE);
  const holdsFirst = input.profile.proseFilter;
  let rep = members[0] ?? 0;
  let best = { holds: Number.NEGATIVE_INFINITY, typical: Number.NEGATIVE_INFINITY };
  for (const d of members) {
    let holds = 0;
    let typical = 0;
    for (const s of sample) {
      if (unit(s) === unit(d)) {
        holds += 1;
        typical += 1;
        continue;
      }
      const m = input.measure(unit(d), unit(s));
      holds += m.bInA;
      typical += m.jaccard;
    }
    const better =
      (holdsFirst ? holds - best.holds : 0) ||
      typical - best.typical ||
      (copies[unit(d)] ?? 0) - (copies[unit(rep)] ?? 0) ||
      compareIds(input.ids.at(rep) ?? '', input.ids.at(d) ?? '');
    if (better > 0) {
      rep = d;
      best = { holds, typical };
    }
  }
  return rep;
}

/** Largest first, then by the smallest member id; ids numbered from 1 in that order. */
function orderClusters(clusters: Built[]): Built[] {
  const firstIds = new Map<Built, string>(clusters.map((c) => [c, c.cluster.documents.map((d) => d.id).sort(compareIds)[0] ?? '']));
  clusters.sort((a, b) => b.size - a.size || compareIds(firstIds.get(a) ?? '', firstIds.get(b) ?? ''));
  clusters.forEach((c, index) => {
    c.cluster.id = index + 1;
  });
  return clusters;
}

/** Every verified pair inside each cluster: copies (score 1), near-duplicates, and the linkage's pairs. */
function streamPairs(input: AssemblyInput, clusters: readonly Built[], emit: (pair: PairScore) => void): void {
  const clusterOf = new Map<number, number>();
  for (const c of clusters) for (const d of c.docs) clusterOf.set(d, c.cluster.id);
  const pair = (cluster: number, i: number, j: number, score: number, kind: PairScore['kind']): void => {
    const [a, b] = [input.ids.at(i) ?? '', input.ids.at(j) ?? ''];
    const [first, second] = compareIds(a, b) <= 0 ? [a, b] : [b, a];
    emit({ cluster, a: first, b: second, score: round4(score), kind });
  };
  for (const c of clusters) {
    for (const d of c.docs) if ((input.copyOf[d] ?? d) !== d) pair(c.cluster.id, input.copyOf[d] ?? d, d, 1, 'copy');
  }
  for (let p = 0; p < input.nearPairs.length / 2; p++) {
    const i = input.nearPairs[2 * p] ?? 0;
    const j = input.nearPairs[2 * p + 1] ?? 0;
    const cluster = clusterOf.get(i);
    if (cluster !== undefined) pair(cluster, i, j, input.profile.score(input.measure(i, j)), 'near');
  }
  for (const c of clusters) {
    for (let x = 0; x < c.versions.length; x++) {
      for (let y = x + 1; y < c.versions.length; y++) {
        const i = c.versions[x] ?? 0;
        const j = c.versions[y] ?? 0;
        pair(c.cluster.id, i, j, input.profile.score(input.measure(i, j)), 'linkage');
      }
    }
  }
}
