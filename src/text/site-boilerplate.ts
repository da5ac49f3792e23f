/**
 * Same-site boilerplate: lines that pages of one site share because of the site, not the story (a
 * "You may like these posts" list, a comment-policy paragraph, a newsletter box that survived article
 * extraction). The corpus-level filter (boilerplate.ts) needs 10 documents to see a line as furniture;
 * a site with two pages in the run would glue them together: a Chelsea transfer with a Nollywood actress.
 *
 * A line shared by pages of one site is not always furniture: the same site can run one story twice (an
 * update, a reprint of its own copy), and then the shared lines are the story. So a line is dropped only
 * when two of the pages holding it are about different stories, judged on what is left of each once
 * the lines they share are set aside: different stories share few of their remaining content terms
 * (at most 0.40 of the smaller set between the near-miss fixtures, same-topic stories of one week),
 * versions of one story many (0.60 and more between the five AFP versions). Pages on different sites
 * are never compared here: a reprint across sites (seeds 002 and 003) keeps every line.
 */

/** A document's analysed lines, as views into the analysis batch (no object per line: a run can hold
 * millions of lines). Line i's content terms (hashes) are terms[start(i) .. termEnds[i]], where start(0)
 * is `termStart` and start(i) is termEnds[i - 1]. */
export interface SiteDocument {
  /** Host or folder; documents without one are never compared. */
  readonly site: string | undefined;
  readonly lineHashes: ArrayLike<number>;
  readonly termEnds: ArrayLike<number>;
  readonly terms: ArrayLike<number>;
  readonly termStart: number;
}

function termRange(doc: SiteDocument, line: number): [number, number] {
  return [line === 0 ? doc.termStart : (doc.termEnds[line - 1] ?? 0), doc.termEnds[line] ?? 0];
}

function termCount(doc: SiteDocument, line: number): number {
  const [from, to] = termRange(doc, line);
  return to - from;
}

/** Lines with fewer content terms carry no story either way ("Share", "Advertisement"). */
const MIN_LINE_TERMS = 2;
/** Below this share of the smaller remainder's distinct terms found in the other, two pages are
 * different stories (see above for the measured gap). */
const SAME_STORY_OVERLAP = 0.5;
/** A remainder this small means one page is mostly the other (a reprint, a cut): one story. */
const MIN_REST_TERMS = 10;

/** Hashes of the lines (with enough terms) that both documents hold. */
function sharedHashes(a: SiteDocument, b: SiteDocument): Set<number> {
  const inA = new Set<number>();
  for (let line = 0; line < a.lineHashes.length; line++) if (termCount(a, line) >= MIN_LINE_TERMS) inA.add(a.lineHashes[line] ?? 0);
  const shared = new Set<number>();
  for (let line = 0; line < b.lineHashes.length; line++) if (inA.has(b.lineHashes[line] ?? 0)) shared.add(b.lineHashes[line] ?? 0);
  return shared;
}

function restTerms(doc: SiteDocument, shared: ReadonlySet<number>): Set<number> {
  const terms = new Set<number>();
  for (let line = 0; line < doc.lineHashes.length; line++) {
    if (shared.has(doc.lineHashes[line] ?? 0)) continue;
    const [from, to] = termRange(doc, line);
    for (let t = from; t < to; t++) terms.add(doc.terms[t] ?? 0);
  }
  return terms;
}

/** Whether two pages are about different stories, on what is left once their shared lines are set aside. */
export function differentStories(a: SiteDocument, b: SiteDocument): boolean {
  const shared = sharedHashes(a, b);
  const restA = restTerms(a, shared);
  const restB = restTerms(b, shared);
  const [small, large] = restA.size <= restB.size ? [restA, restB] : [restB, restA];
  if (small.size < MIN_REST_TERMS) return false;
  let common = 0;
  for (const term of small) if (large.has(term)) common += 1;
  return common / small.size < SAME_STORY_OVERLAP;
}

/** Documents (by index) of each site that has at least two. */
function groupBySite(docs: readonly SiteDocument[]): number[][] {
  const sites = new Map<string, number[]>();
  docs.forEach((doc, i) => {
    if (doc.site === undefined) return;
    const group = sites.get(doc.site);
    if (group === undefined) sites.set(doc.site, [i]);
    else group.push(i);
  });
  return [...sites.values()].filter((group) => group.length >= 2);
}

/** Per line hash, the documents of the group that hold it (each once, in order). */
function holders(docs: readonly SiteDocument[], group: readonly number[]): Map<number, number[]> {
  const byLine = new Map<number, number[]>();
  for (const d of group) {
    const doc = docs[d] as SiteDocument;
    for (let line = 0; line < doc.lineHashes.length; line++) {
      if (termCount(doc, line) < MIN_LINE_TERMS) continue;
      const hash = doc.lineHashes[line] ?? 0;
      const list = byLine.get(hash);
      if (list === undefined) byLine.set(hash, [d]);
      else if (list[list.length - 1] !== d) list.push(d);
    }
  }
  return byLine;
}

/**
 * Per document index, the hashes of its lines that are site boilerplate. A line held by several pages
 * is checked on neighbouring pairs of its holders only: if the holders are not all one story, some
 * neighbouring pair is two stories (when "same story" is transitive), and the pairs stay linear in the
 * holders. Pair decisions are cached, as a pair shares many lines.
 */
export function findSiteBoilerplate(docs: readonly SiteDocument[]): Map<number, Set<number>> {
  const drops = new Map<number, Set<number>>();
  for (const group of groupBySite(docs)) {
    const decided = new Map<string, boolean>();
    const differ = (i: number, j: number): boolean => {
      const key = `${i} ${j}`;
      let answer = decided.get(key);
      if (answer === undefined) {
        answer = differentStories(docs[i] as SiteDocument, docs[j] as SiteDocument);
        decided.set(key, answer);
      }
      return answer;
    };
    for (const [hash, holding] of holders(docs, group)) {
      if (holding.length < 2) continue;
      let boilerplate = false;
      for (let k = 0; k + 1 < holding.length && !boilerplate; k++) boilerplate = differ(holding[k] ?? 0, holding[k + 1] ?? 0);
      if (!boilerplate) continue;
      for (const d of holding) {
        let set = drops.get(d);
        if (set === undefined) drops.set(d, (set = new Set()));
        set.add(hash);
      }
    }
  }
  return drops;
}
