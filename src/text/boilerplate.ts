/**
 * Corpus-level boilerplate: lines that recur across many documents of the run (site furniture that
 * survived the per-line prose test, such as newsletter prompts and copyright notices).
 *
 * A line shared by a handful of documents is more likely the story itself (reprints share whole
 * paragraphs), so the bar is a minimum count and a share of the corpus; and a document that would lose
 * most of its text keeps it all, because then the "boilerplate" is its content (ten reprints of one story).
 */

const MIN_DOCUMENTS = 10;
const MIN_SHARE = 0.005;
const MIN_LINE_TOKENS = 4;
const MAX_REMOVED_SHARE = 0.5;

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
