/**
 * Which record of a cluster to keep, and what the others are recorded as: pure decisions on the cluster
 * report and a few facts per record (its place in the input, its length, its date), never the texts.
 */

export const KEEP_RULES = ['representative', 'first', 'longest', 'earliest'] as const;
export type KeepRule = (typeof KEEP_RULES)[number];

export function isKeepRule(value: string): value is KeepRule {
  return (KEEP_RULES as readonly string[]).includes(value);
}

export interface RecordFacts {
  /** Position in the input, from 0. */
  order: number;
  /** Length of the text, in UTF-16 code units. */
  length: number;
  /** Publication time in ms since the epoch; NaN when absent or unreadable. */
  date: number;
}

/** What a cluster report carries that dedup needs (README "JSON output"); `pairs` is optional because
 * large clusters list only some of their pairs. */
export interface ClusterView {
  representative: string;
  documents: ReadonlyArray<{ id: string; similarity: number }>;
  pairs?: ReadonlyArray<{ a: string; b: string; score: number }>;
}

/** One dropped record: the audit trail of `--removed`. */
export interface Removal {
  id: string;
  duplicateOf: string;
  score: number;
}

type Better = (a: RecordFacts, b: RecordFacts) => boolean;

// Ties go to the earlier record, so every rule is deterministic.
const BETTER: Readonly<Record<Exclude<KeepRule, 'representative'>, Better>> = {
  first: (a, b) => a.order < b.order,
  longest: (a, b) => a.length > b.length || (a.length === b.length && a.order < b.order),
  earliest: (a, b) => {
    if (Number.isNaN(a.date) !== Number.isNaN(b.date)) return Number.isNaN(b.date);
    return a.date < b.date || (!(a.date > b.date) && a.order < b.order);
  },
};

/** The id of the member to keep. */
export function chooseKept(cluster: ClusterView, rule: KeepRule, facts: (id: string) => RecordFacts): string {
  if (rule === 'representative') return cluster.representative;
  const better = BETTER[rule];
  let best = cluster.representative;
  let bestFacts = facts(best);
  for (const { id } of cluster.documents) {
    const candidate = facts(id);
    if (better(candidate, bestFacts)) {
      best = id;
      bestFacts = candidate;
    }
  }
  return best;
}

/**
 * The members other than `kept`, each with its score: the verified score of the pair (member, kept)
 * when the report lists it, else the member's similarity to the representative (what every member
 * carries; exact when the representative is kept, which is the default).
 */
export function removalsOf(cluster: ClusterView, kept: string): Removal[] {
  const pairScores = new Map<string, number>();
  for (const pair of cluster.pairs ?? []) {
    if (pair.a === kept) pairScores.set(pair.b, pair.score);
    else if (pair.b === kept) pairScores.set(pair.a, pair.score);
  }
  // The representative's own similarity is 1; its score against the kept member is the kept one's.
  const keptSimilarity = cluster.documents.find((member) => member.id === kept)?.similarity ?? 1;
  return cluster.documents
    .filter((member) => member.id !== kept)
    .map((member) => {
      const fallback = member.id === cluster.representative ? keptSimilarity : member.similarity;
      return { id: member.id, duplicateOf: kept, score: pairScores.get(member.id) ?? fallback };
    });
}
