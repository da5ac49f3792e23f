/**
 * Same-site boilerplate: lines that pages of one site share because of the site, not the story (a
 * "You may like these posts" list, a comment-policy paragraph, a newsletter box that survived article
 * extraction). The corpus-level filter (boilerplate.ts) needs 10 documents to see a line as furniture;
 * a site with two pages in the run would glue them together: a Chelsea transfer with a Nollywood actress.
 *
 * A line shared by pages of one site is not always furniture: the same site can run one story twice (an
 * update, a reprint of its own copy), and then the shared lines are the story. So two pages are first
 * judged one story or two, on what is left of each once the lines they share (or nearly share: an "About
 * the company" paragraph reworded from one press release to the next) are set aside: versions of one story
 * keep sharing their remaining content terms (0.55 and more of the smaller set between the five AFP
 * versions), different stories much less (at most 0.40 between the near-miss fixtures, same-topic stories
 * of one week; 0.32–0.39 between two press releases of one company on the benchmark pages).
 *
 * Two pages of one site judged different stories lose the lines they share, and are kept apart: their
 * remaining likeness is the site's own vocabulary (the company, its products). Pages on different sites
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
 * different stories: the middle of the measured gap (above). */
const SAME_STORY_OVERLAP = 0.45;
/** Two lines whose content-term sets overlap this much (Jaccard) are one line, reworded. */
const NEAR_DUPLICATE = 0.6;
/** Term postings read looking for near-duplicate lines per pair of pages, at most: bounds a pair's cost
 * whatever the pages (two 1,000-word articles read ~10,000). */
const MAX_NEAR_WORK = 200_000;
/** Sites with at most this many pages have every pair judged (190 pairs); larger ones only the pairs that
 * share a line (all pairs of a large site would be quadratic). */
const SMALL_SITE = 20;
/** A remainder this small means one page is mostly the other (a reprint, a cut): one story. */
const MIN_REST_TERMS = 10;

/** A document's lines as sets of distinct terms, and those of enough terms by hash and by term. */
interface LineIndex {
  lines: Uint32Array[];
  hashes: Set<number>;
  byTerm: Map<number, number[]>;
}

/** Indexes of the documents judged last: pairs come in runs over neighbouring documents, and a bound
 * keeps a large site from holding an index per page. */
const indexes = new Map<SiteDocument, LineIndex>();
const MAX_INDEXES = 256;

function buildIndex(doc: SiteDocument): LineIndex {
  const index: LineIndex = { lines: [], hashes: new Set(), byTerm: new Map() };
  for (let line = 0; line < doc.lineHashes.length; line++) {
    const [from, to] = termRange(doc, line);
    const terms = new Set<number>();
    for (let t = from; t < to; t++) terms.add(doc.terms[t] ?? 0);
    index.lines.push(Uint32Array.from(terms));
    if (terms.size < MIN_LINE_TERMS) continue;
    index.hashes.add(doc.lineHashes[line] ?? 0);
    for (const term of terms) {
      const list = index.byTerm.get(term);
      if (list === undefined) index.byTerm.set(term, [line]);
      else list.push(line);
    }
  }
  return index;
}

function indexOf(doc: SiteDocument): LineIndex {
  let index = indexes.get(doc);
  if (index === undefined) {
    index = buildIndex(doc);
    indexes.set(doc, index);
    if (indexes.size > MAX_INDEXES) indexes.delete(indexes.keys().next().value as SiteDocument);
  }
  return index;
}

/** Per line of `a`, whether `b` holds it or a near duplicate of it (lines of too few terms: never).
 * Near duplicates are found through an index of b's lines by term, so the work follows the terms two
 * lines share, not the product of their line counts; past MAX_NEAR_WORK only exact lines count. */
function sharedLines(a: SiteDocument, b: SiteDocument): boolean[] {
  const { lines: linesB, hashes: hashesB, byTerm } = indexOf(b);
  let work = 0;
  return indexOf(a).lines.map((terms, line) => {
    if (terms.length < MIN_LINE_TERMS) return false;
    if (hashesB.has(a.lineHashes[line] ?? 0)) return true;
    if (work > MAX_NEAR_WORK) return false;
    const common = new Map<number, number>();
    for (const term of terms) {
      for (const other of byTerm.get(term) ?? []) common.set(other, (common.get(other) ?? 0) + 1);
      work += byTerm.get(term)?.length ?? 0;
    }
    for (const [other, count] of common) {
      if (count / (terms.length + (linesB[other]?.length ?? 0) - count) >= NEAR_DUPLICATE) return true;
    }
    return false;
  });
}

function restTerms(doc: SiteDocument, shared: readonly boolean[]): Set<number> {
  const terms = new Set<number>();
  for (let line = 0; line < doc.lineHashes.length; line++) {
    if (shared[line] === true) continue;
    const [from, to] = termRange(doc, line);
    for (let t = from; t < to; t++) terms.add(doc.terms[t] ?? 0);
  }
  return terms;
}

/** Whether two pages are about different stories, on what is left once their shared lines are set aside. */
export function differentStories(a: SiteDocument, b: SiteDocument): boolean {
  const restA = restTerms(a, sharedLines(a, b));
  const restB = restTerms(b, sharedLines(b, a));
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

export interface SiteDecisions {
  /** Per document index, the hashes of its lines that are site boilerplate. */
  drops: Map<number, Set<number>>;
  /** Pairs of documents (indices, smaller first) of one site judged different stories. */
  apart: Array<[number, number]>;
}

/**
 * What to drop and what to keep apart. A line held by several pages is checked on neighbouring pairs of
 * its holders only: if the holders are not all one story, some neighbouring pair is two stories (when
 * "same story" is transitive), and the pairs stay linear in the holders. A small site has every pair
 * judged besides, for `apart`. Pair decisions are cached, as a pair shares many lines.
 */
export function decideSites(docs: readonly SiteDocument[]): SiteDecisions {
  indexes.clear();
  const drops = new Map<number, Set<number>>();
  const apart: Array<[number, number]> = [];
  for (const group of groupBySite(docs)) {
    const decided = new Map<string, boolean>();
    const differ = (i: number, j: number): boolean => {
      const key = `${i} ${j}`;
      let answer = decided.get(key);
      if (answer === undefined) {
        answer = differentStories(docs[i] as SiteDocument, docs[j] as SiteDocument);
        decided.set(key, answer);
        if (answer) apart.push([Math.min(i, j), Math.max(i, j)]);
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
    if (group.length <= SMALL_SITE)
      for (let a = 0; a < group.length; a++) for (let b = a + 1; b < group.length; b++) differ(group[a] ?? 0, group[b] ?? 0);
  }
  indexes.clear();
  apart.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return { drops, apart };
}

/** Per document index, the hashes of its lines that are site boilerplate. */
export function findSiteBoilerplate(docs: readonly SiteDocument[]): Map<number, Set<number>> {
  return decideSites(docs).drops;
}
