import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/input/extract-article.js';
import { analyzeDocumentHashes } from '../src/text/analyze.js';
import { decideSites, differentStories, findSiteBoilerplate, type SiteDocument } from '../src/text/site-boilerplate.js';
import { ROOT, SEEDS } from './cli-run.js';

const SITE = join(ROOT, 'fixtures', 'html-sites', 'lagos-ledger');

/** A document's lines as the pipeline's analysis gives them: line hash and content-term hashes. */
function analysed(text: string, site: string | undefined): SiteDocument {
  const lineHashes: number[] = [];
  const termEnds: number[] = [];
  const terms: number[] = [];
  analyzeDocumentHashes(
    { text },
    { lang: 'en', proseFilter: true },
    {
      term: (hash) => terms.push(hash),
      line: (hash) => {
        lineHashes.push(hash);
        termEnds.push(terms.length);
      },
    },
  );
  return { site, lineHashes, termEnds, terms, termStart: 0 };
}

/** A line's hash in these synthetic documents: equal for equal term lists. */
const hashOf = (terms: readonly number[]): number => terms.reduce((h, t) => (Math.imul(h, 31) + t) >>> 0, 17);

/** A document from lines given as lists of term numbers. */
function fromLines(site: string, lines: number[][]): SiteDocument {
  const termEnds: number[] = [];
  const terms: number[] = [];
  for (const line of lines) {
    terms.push(...line);
    termEnds.push(terms.length);
  }
  return { site, lineHashes: lines.map(hashOf), termEnds, terms, termStart: 0 };
}

const page = (name: string, site: string | undefined): SiteDocument =>
  analysed(extractArticle(readFileSync(join(SITE, `${name}.html.fixture`), 'utf8')).text, site);
const seed = (prefix: string, site: string | undefined): SiteDocument => {
  const name =
    ['000_d293e95d196758dd', '001_f0be13ea4cd11b04', '002_87b53d273ee130fd', '003_dd5119002caa63fa', '004_087e0790fa498ff0'].find((n) =>
      n.startsWith(prefix),
    ) ?? '';
  return analysed(readFileSync(join(SEEDS, `${name}.txt`), 'utf8'), site);
};

const transfer = page('chelsea-agree-fee-for-bakare', 'lagos-ledger.example');
const signing = page('bakare-signs-for-chelsea', 'lagos-ledger.example');
const actress = page('adeyemi-to-open-toronto-festival', 'lagos-ledger.example');
const terms = (doc: SiteDocument, line: number): number =>
  (doc.termEnds[line] ?? 0) - (line === 0 ? doc.termStart : (doc.termEnds[line - 1] ?? 0));
const shared = (a: SiteDocument, b: SiteDocument): number[] =>
  Array.from(a.lineHashes).filter((hash, line) => terms(a, line) >= 2 && Array.from(b.lineHashes).includes(hash));

describe('differentStories', () => {
  it('tells a transfer from a film premiere, and a transfer from its completion', () => {
    expect(differentStories(transfer, actress)).toBe(true);
    expect(differentStories(transfer, signing)).toBe(false);
  });

  it('calls a reprint one story: nothing is left once the shared lines are set aside', () => {
    expect(differentStories(seed('002', 'x'), seed('003', 'x'))).toBe(false);
  });

  it('calls every pair of the five AFP versions one story', () => {
    const seeds = ['000', '001', '002', '003', '004'].map((p) => seed(p, 'x'));
    for (const a of seeds) for (const b of seeds) if (a !== b) expect(differentStories(a, b)).toBe(false);
  });
});

describe('findSiteBoilerplate', () => {
  it('drops what two pages of one site about different stories share, in both', () => {
    const drops = findSiteBoilerplate([transfer, actress]);
    const common = shared(transfer, actress);
    expect(common.length).toBeGreaterThanOrEqual(4);
    expect([...(drops.get(0) ?? [])].sort()).toEqual([...common].sort());
    expect([...(drops.get(1) ?? [])].sort()).toEqual([...common].sort());
  });

  it('keeps every line of two pages of one site about the same story', () => {
    expect(findSiteBoilerplate([transfer, signing]).size).toBe(0);
  });

  it('with a third page on another story, drops the site block from all three but keeps the story lines the two versions share', () => {
    const drops = findSiteBoilerplate([transfer, signing, actress]);
    const block = shared(transfer, actress);
    const story = shared(transfer, signing).filter((h) => !block.includes(h));
    expect(story.length).toBeGreaterThan(0);
    for (const d of [0, 1, 2]) expect([...(drops.get(d) ?? [])].sort()).toEqual([...block].sort());
  });

  it('never compares pages of different sites, or pages without a site', () => {
    expect(
      findSiteBoilerplate([page('chelsea-agree-fee-for-bakare', 'a.example'), page('adeyemi-to-open-toronto-festival', 'b.example')]).size,
    ).toBe(0);
    expect(
      findSiteBoilerplate([page('chelsea-agree-fee-for-bakare', undefined), page('adeyemi-to-open-toronto-festival', undefined)]).size,
    ).toBe(0);
  });

  it('keeps a reprint whole when the same site runs it twice (seeds 002 and 003 in one folder)', () => {
    expect(findSiteBoilerplate([seed('002', 'folder'), seed('003', 'folder')]).size).toBe(0);
  });

  it('ignores lines of fewer than two content terms', () => {
    const story = (first: number): number[] => Array.from({ length: 20 }, (_, i) => first + i);
    expect(findSiteBoilerplate([fromLines('s', [[7], story(100)]), fromLines('s', [[7], story(200)])]).size).toBe(0);
    expect(findSiteBoilerplate([fromLines('s', [[7, 8], story(100)]), fromLines('s', [[7, 8], story(200)])])).toEqual(
      new Map([
        [0, new Set([hashOf([7, 8])])],
        [1, new Set([hashOf([7, 8])])],
      ]),
    );
  });

  it('keeps apart the pages of one site judged different stories, every pair of a small site', () => {
    expect(decideSites([transfer, signing, actress]).apart).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(decideSites(['000', '001', '002', '003', '004'].map((p) => seed(p, 'folder'))).apart).toEqual([]);
  });

  it('sets aside near-duplicate lines (a reworded "About us" paragraph) before judging', () => {
    const about = (first: number, extra: number[]): number[] => [...Array.from({ length: 10 }, (_, i) => first + i), ...extra];
    const story = (first: number): number[] => Array.from({ length: 12 }, (_, i) => first + i);
    // The stories share 5 of their 12 terms (0.42: apart); with the about paragraphs counted as story
    // (8 more shared terms) the share would be 13/22.
    const a = fromLines('s', [story(100), about(500, [600, 601])]);
    const b = fromLines('s', [[...story(100).slice(0, 5), ...story(300).slice(0, 7)], about(500, [700, 701])]);
    expect(differentStories(a, b)).toBe(true);
  });
});
