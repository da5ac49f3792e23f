/**
 * Corpus-level boilerplate: lines that recur across many documents of the run (site furniture that
 * survived the per-line prose test, such as newsletter prompts and copyright notices).
 *
 * A line shared by a handful of documents is more likely the story itself (reprints share whole
 * paragraphs), so the bar is a minimum count and a share of the corpus. And a document whose recurring
 * lines are a tenth of its text or more keeps them all, because then they are its content: when a story is
 * syndicated hundreds of times, every unedited paragraph recurs, and an edited copy that lost them would
 * keep only its edits (a lightly edited copy still has a third of its paragraphs unedited; at the earlier
 * bar of a half, 119 of 237 such copies fell out of duplicate mode's cluster). Chrome that survives the
 * prose filter is a line or two, a few percent of an article; and a shared block under a tenth of two
 * texts cannot by itself lift a pair to any mode's threshold.
 */

const MIN_DOCUMENTS = 10;
const MIN_SHARE = 0.005;
const MIN_LINE_TOKENS = 4;
const MAX_REMOVED_SHARE = 0.1;

function boilerplateBar(documents: number): number {
  return Math.max(MIN_DOCUMENTS, Math.ceil(documents * MIN_SHARE));
}

/** Counts one line of a document (short lines are never boilerplate: "Reuters", "Advertisement" in prose). */
export function countLine(hash: number, tokens: number, into: Map<number, number>): void {
  if (tokens >= MIN_LINE_TOKENS) into.set(hash, (into.get(hash) ?? 0) + 1);
}

/** Counts, per line hash, how many documents contain the line. */
export function countLines(
  documents: Iterable<{ readonly lines: ReadonlyArray<{ readonly hash: number; readonly tokens: number }> }>,
  into = new Map<number, number>(),
): Map<number, number> {
  for (const doc of documents) {
    for (const line of doc.lines) countLine(line.hash, line.tokens, into);
  }
  return into;
}

export function findBoilerplate(lineCounts: ReadonlyMap<number, number>, documents: number): Set<number> {
  const bar = boilerplateBar(documents);
  const lines = new Set<number>();
  for (const [hash, count] of lineCounts) if (count >= bar) lines.add(hash);
  return lines;
}

/** Whether a document of `allTerms` content terms loses its boilerplate lines, keeping `keptTerms`: only
 * when at least half of it remains (otherwise the recurring lines are its content). */
export function dropsBoilerplate(allTerms: number, keptTerms: number): boolean {
  return keptTerms >= allTerms * (1 - MAX_REMOVED_SHARE);
}
