/**
 * Clusters of versions from scored pairs, in memory that grows with the documents.
 *
 * Components are the connected pieces of the graph of verified pairs at or above the threshold. Within a
 * component every pair gets its exact score (a few µs each), so a pair LSH did not propose is measured, not
 * read as 0: the partition depends on which pairs exist, not on the hash seed. Average link then merges
 * two groups only while the mean score over all their cross pairs stays at or above the threshold, so one
 * roundup quoting two stories cannot glue them together (single link would).
 *
 * Versions weigh as many documents as they stand for, so the result is document-level average link with
 * near-duplicates scoring as their version does; a roundup still cannot bridge two stories, however many
 * copies each has, because the mean over their cross pairs is what their own copies score.
 *
 * Average link is run with the nearest-neighbour chain algorithm on a dense matrix: O(k²) time and memory
 * for a component of k versions. Components above EXACT_LIMIT versions (after copies and near-duplicates
 * are folded, only huge families of rewrites reach it) are resolved in bounded work instead: each version,
 * most-copied first, joins the best leader it was verified against at or above the threshold, or becomes a
 * leader. Every member then scores at or above the threshold against its own leader, so nothing chains.
 */
import { UnionFind } from './union-find.js';

export const EXACT_LIMIT = 2000;

export interface ScoreSummary {
  min: number;
  max: number;
  sum: number;
  count: number;
}

export interface LinkedCluster {
  /** Versions (document numbers of group leaders), in increasing order. */
  versions: number[];
  /** Per version (same order): the sum of its scores to the others, each weighted by their copies. */
  centrality: number[];
  /** Over the exact pair scores inside the cluster. */
  summary: ScoreSummary;
  /** Versions that joined by attachment (story mode), not by the linkage. */
  attached: number[];
}

export interface LinkInput {
  /** Verified pairs [i, j, …] of versions and their scores. */
  pairs: Uint32Array;
  scores: Float64Array;
  threshold: number;
  /** The exact score of any two versions. */
  scoreOf: (i: number, j: number) => number;
  /** Documents a version stands for (itself, its copies, its near-duplicates). */
  weightOf: (version: number) => number;
  n: number;
}

export interface LinkOutcome {
  clusters: LinkedCluster[];
  /** Components resolved against leaders because they exceeded EXACT_LIMIT. */
  largeComponents: number;
}

export function linkVersions(input: LinkInput): LinkOutcome {
  const components = componentsOf(input);
  const clusters: LinkedCluster[] = [];
  let largeComponents = 0;
  for (const members of components) {
    if (members.length <= EXACT_LIMIT) clusters.push(...averageLink(members, input));
    else {
      largeComponents += 1;
      clusters.push(...leaderLink(members, input));
    }
  }
  return { clusters: clusters.filter((c) => c.versions.length >= 2), largeComponents };
}

/** Components of two or more versions, each sorted ascending. */
function componentsOf(input: LinkInput): number[][] {
  const sets = new UnionFind(input.n);
  const touched: number[] = [];
  for (let p = 0; p < input.scores.length; p++) {
    if ((input.scores[p] ?? 0) < input.threshold) continue;
    const i = input.pairs[2 * p] ?? 0;
    const j = input.pairs[2 * p + 1] ?? 0;
    sets.union(i, j);
    touched.push(i, j);
  }
  const byRoot = new Map<number, Set<number>>();
  for (const v of touched) {
    const root = sets.find(v);
    let set = byRoot.get(root);
    if (set === undefined) byRoot.set(root, (set = new Set()));
    set.add(v);
  }
  return [...byRoot.values()].map((set) => [...set].sort((a, b) => a - b));
}

/** Average link by nearest-neighbour chains on the exact k × k scores of one component. */
function averageLink(members: readonly number[], input: LinkInput): LinkedCluster[] {
  const k = members.length;
  const score = new Float32Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const s = input.scoreOf(members[a] ?? 0, members[b] ?? 0);
      score[a * k + b] = s;
      score[b * k + a] = s;
    }
  }
  // Each version weighs as many documents as it stands for: the linkage is document-level average link, with
  // a version's copies and near-duplicates scoring as the version does.
  const weights = members.map((v) => input.weightOf(v));
  const sums = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) sums[a * k + b] = (score[a * k + b] ?? 0) * (weights[a] ?? 1) * (weights[b] ?? 1);
  const sizes = Float64Array.from(weights);
  const active = new Uint8Array(k).fill(1);
  const parts: number[][] = members.map((_, a) => [a]);
  const mean = (a: number, b: number): number => (sums[a * k + b] ?? 0) / ((sizes[a] ?? 1) * (sizes[b] ?? 1));
  const chain: number[] = [];
  let remaining = k;
  let next = 0;
  while (remaining > 1) {
    if (chain.length === 0) {
      while (active[next] !== 1) next += 1;
      chain.push(next);
    }
    const a = chain[chain.length - 1] ?? 0;
    const previous = chain.length >= 2 ? (chain[chain.length - 2] ?? -1) : -1;
    let best = -1;
    let bestMean = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      if (c === a || active[c] !== 1) continue;
      const m = mean(a, c);
      if (m > bestMean || (m === bestMean && c === previous)) {
        best = c;
        bestMean = m;
      }
    }
    if (best < 0 || bestMean < input.threshold) {
      // Nothing reaches the threshold with `a`, and merges elsewhere can only lower that (average link is
      // reducible), so `a` is final.
      active[a] = 2;
      remaining -= 1;
      chain.pop();
      continue;
    }
    if (best !== previous) {
      chain.push(best);
      continue;
    }
    chain.pop();
    chain.pop();
    const [into, from] = a < best ? [a, best] : [best, a];
    for (let c = 0; c < k; c++) {
      if (active[c] !== 1 || c === into || c === from) continue;
      const merged = (sums[into * k + c] ?? 0) + (sums[from * k + c] ?? 0);
      sums[into * k + c] = merged;
      sums[c * k + into] = merged;
    }
    sizes[into] = (sizes[into] ?? 0) + (sizes[from] ?? 0);
    active[from] = 0;
    remaining -= 1;
    (parts[into] as number[]).push(...(parts[from] as number[]));
    parts[from] = [];
  }
  return parts
    .filter((p) => p.length >= 2)
    .map((p) =>
      describe(
        p.sort((x, y) => x - y),
        members,
        score,
        input,
      ),
    );
}

function describe(positions: readonly number[], members: readonly number[], score: Float32Array, input: LinkInput): LinkedCluster {
  const k = members.length;
  const summary: ScoreSummary = { min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, sum: 0, count: 0 };
  const centrality = positions.map(() => 0);
  positions.forEach((a, x) => {
    // A version's own copies count as perfect matches: the most-copied text is most likely the source.
    centrality[x] = input.weightOf(members[a] ?? 0) - 1;
    positions.forEach((b, y) => {
      if (a === b) return;
      const s = score[a * k + b] ?? 0;
      centrality[x] = (centrality[x] ?? 0) + s * input.weightOf(members[b] ?? 0);
      if (x < y) addScore(summary, s);
    });
  });
  return { versions: positions.map((a) => members[a] ?? 0), centrality, summary, attached: [] };
}

export function addScore(summary: ScoreSummary, s: number): void {
  summary.min = Math.min(summary.min, s);
  summary.max = Math.max(summary.max, s);
  summary.sum += s;
  summary.count += 1;
}

/** Bounded resolution of a huge component: leaders in order of copies, then document number. */
function leaderLink(members: readonly number[], input: LinkInput): LinkedCluster[] {
  const inComponent = new Set(members);
  const neighbours = new Map<number, Array<[number, number]>>();
  for (let p = 0; p < input.scores.length; p++) {
    const s = input.scores[p] ?? 0;
    const i = input.pairs[2 * p] ?? 0;
    const j = input.pairs[2 * p + 1] ?? 0;
    if (s < input.threshold || !inComponent.has(i)) continue;
    for (const [x, y] of [
      [i, j],
      [j, i],
    ] as const) {
      let list = neighbours.get(x);
      if (list === undefined) neighbours.set(x, (list = []));
      list.push([y, s]);
    }
  }
  const order = [...members].sort((a, b) => input.weightOf(b) - input.weightOf(a) || a - b);
  const leaderOf = new Map<number, number>();
  const clusters = new Map<number, { versions: number[]; scores: number[] }>();
  for (const v of order) {
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const [u, s] of neighbours.get(v) ?? []) {
      if (leaderOf.get(u) !== u) continue;
      if (s > bestScore || (s === bestScore && u < best)) {
        best = u;
        bestScore = s;
      }
    }
    if (best < 0) {
      leaderOf.set(v, v);
      clusters.set(v, { versions: [v], scores: [] });
    } else {
      leaderOf.set(v, best);
      const cluster = clusters.get(best) as { versions: number[]; scores: number[] };
      cluster.versions.push(v);
      cluster.scores.push(bestScore);
    }
  }
  return [...clusters.entries()].map(([leader, { versions, scores }]) => {
    const summary: ScoreSummary = { min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, sum: 0, count: 0 };
    for (const s of scores) addScore(summary, s);
    const sorted = [...versions].sort((a, b) => a - b);
    return { versions: sorted, centrality: sorted.map((v) => (v === leader ? Number.POSITIVE_INFINITY : 0)), summary, attached: [] };
  });
}

/** How a loner is measured against the members of the clusters it may join. */
export interface AttachMeasure {
  /** The exact score of two versions. */
  scoreOf(i: number, j: number): number;
  /** The documents a version stands for. */
  weightOf(v: number): number;
}

/** Versions a loner is scored against, at most, to choose between clusters by their mean; past it the best
 * match chooses. A loner that reaches two clusters is rare (one in 50 NewsWCL50 articles). */
const MEAN_BUDGET = 512;

/**
 * Story mode's second pass: a version left alone by the linkage joins a cluster when its best match there
 * reaches a lower bar. Roundups mention one story among many, so their mean score to any story stays low
 * although their best match is clear: whether to join is the best match's to say. Which cluster, when the
 * loner reaches more than one, is the mean's (document-weighted, as the linkage's): one report of an event
 * scored 0.266 with one article of another event of the same topic and 0.24–0.25 with each of its own
 * event's five (NewsWCL50), and one pair is weaker evidence than five. Only lone versions move, each into
 * one existing cluster, so a roundup can never merge two.
 */
export function attachLoners(
  clusters: LinkedCluster[],
  pairs: Uint32Array,
  scores: Float64Array,
  bar: number,
  measure?: AttachMeasure,
): void {
  const clusterOf = new Map<number, number>();
  clusters.forEach((c, index) => {
    for (const v of c.versions) clusterOf.set(v, index);
  });
  // Per loner, the clusters it reaches at the bar and its best score in each.
  const reached = new Map<number, Map<number, number>>();
  const offer = (loner: number, other: number, score: number): void => {
    if (clusterOf.has(loner) || score < bar) return;
    const cluster = clusterOf.get(other);
    if (cluster === undefined) return;
    let best = reached.get(loner);
    if (best === undefined) reached.set(loner, (best = new Map()));
    best.set(cluster, Math.max(best.get(cluster) ?? 0, score));
  };
  for (let p = 0; p < scores.length; p++) {
    const i = pairs[2 * p] ?? 0;
    const j = pairs[2 * p + 1] ?? 0;
    offer(i, j, scores[p] ?? 0);
    offer(j, i, scores[p] ?? 0);
  }
  // Chosen against the clusters as the linkage left them, then joined.
  const chosen = [...reached.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([loner, best]) => ({ loner, ...choose(loner, best, clusters, measure) }));
  for (const { loner, cluster, score } of chosen) {
    const target = clusters[cluster] as LinkedCluster;
    target.versions.push(loner);
    target.centrality.push(0);
    target.attached.push(loner);
    addScore(target.summary, score);
  }
}

/** The cluster a loner joins among those it reaches (`best`: cluster → its best score there). */
function choose(
  loner: number,
  best: ReadonlyMap<number, number>,
  clusters: readonly LinkedCluster[],
  measure: AttachMeasure | undefined,
): { cluster: number; score: number } {
  const options = [...best.entries()].map(([cluster, score]) => ({ cluster, score, mean: 0, of: clusters[cluster] as LinkedCluster }));
  const versions = (): number => options.reduce((sum, o) => sum + o.of.versions.length, 0);
  if (measure !== undefined && options.length > 1 && versions() <= MEAN_BUDGET)
    for (const option of options) option.mean = meanScore(loner, option.of, measure);
  options.sort((a, b) => b.mean - a.mean || b.score - a.score || a.cluster - b.cluster);
  const { cluster, score } = options[0] as { cluster: number; score: number };
  return { cluster, score };
}

function meanScore(loner: number, cluster: LinkedCluster, measure: AttachMeasure): number {
  let sum = 0;
  let weight = 0;
  for (const v of cluster.versions) {
    const w = measure.weightOf(v);
    sum += w * measure.scoreOf(loner, v);
    weight += w;
  }
  return sum / weight;
}
