/**
 * A web page to its article: Mozilla Readability on linkedom (F1 0.95 on the extraction benchmark, see
 * README "Web pages"), guarded, with the linear reducer of html.ts as the fallback.
 *
 * Readability's time grows far faster than the page: 0.4 s at 250 nested `<div>`s, 10 s at 1,000, a stack
 * overflow at 5,000. Real news pages nest at most ~50 deep and hold a few thousand elements, so a page
 * beyond the guards below is not an article page, and the reducer (linear in the page) reads it instead.
 */
import { lazily } from '../lazy-require.js';
import { blockText } from './dom-text.js';
import { measureTree, parsePage, type DomDocument, type DomNode } from './dom.js';
import { htmlToText } from './html.js';
import { readPageMeta, type PageMeta } from './page-meta.js';

const readability = lazily<typeof import('@mozilla/readability')>('@mozilla/readability');

// Measured on the 91 benchmark pages: depth ≤ 51, ≤ 1,600 elements, depth × elements ≤ 44,000, ≤ 1.4 MB.
// Readability measures the text under each candidate at every level, so its work grows with depth times
// size: 140 levels with 20 paragraphs each took 1.9 s, with 200 each 9 s. The limits leave real pages
// several times their room and keep a hostile page within about a second.
const MAX_PAGE_CHARS = 4 * 1024 * 1024;
export const MAX_DEPTH = 150;
const MAX_ELEMENTS = 10_000;
export const MAX_DEPTH_TIMES_ELEMENTS = 200_000;
/** Readability always returns something from a page with any text ("Forgot your password?"); below
 * this many non-space characters that is not an article. The shortest benchmark article is 378. */
const MIN_ARTICLE_CHARS = 100;
/** The head is parsed alone for the metadata of a page too large for the rest. */
const MAX_HEAD_CHARS = 512 * 1024;

export interface ExtractedArticle extends PageMeta {
  text: string;
  /** `readability`, or why the reducer read the page: `reducer (…)`. */
  extractor: string;
}

type Attempt = { text: string } | { reason: string };

const NO_ARTICLE = 'no article found';

function runReadability(doc: DomDocument): Attempt {
  try {
    const { Readability } = readability();
    const article = new Readability(doc, { serializer: (node: DomNode) => blockText(node) }).parse();
    const text = article?.content ?? '';
    return text.replace(/\s+/g, '').length < MIN_ARTICLE_CHARS ? { reason: NO_ARTICLE } : { text };
  } catch (error) {
    return { reason: `extraction failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function guarded(doc: DomDocument): Attempt {
  const { depth, elements } = measureTree(doc.documentElement);
  if (depth > MAX_DEPTH) return { reason: `elements nested ${depth} deep (the limit is ${MAX_DEPTH})` };
  if (elements > MAX_ELEMENTS) return { reason: `${elements} elements (the limit is ${MAX_ELEMENTS})` };
  if (depth * elements > MAX_DEPTH_TIMES_ELEMENTS) {
    return { reason: `${elements} elements nested ${depth} deep (depth × elements is limited to ${MAX_DEPTH_TIMES_ELEMENTS})` };
  }
  return runReadability(doc);
}

/** Metadata of a page too large to parse whole: from its head alone, when the head ends early. */
function headMeta(html: string): PageMeta {
  const end = html.slice(0, MAX_HEAD_CHARS).search(/<\/head\s*>/i);
  if (end < 0) return {};
  try {
    return readPageMeta(parsePage(html.slice(0, end)));
  } catch {
    return {};
  }
}

/** The DOM path; a page the parser cannot take (none seen so far) goes to the reducer, never up. */
function parsed(html: string): { meta: PageMeta; attempt: Attempt } {
  try {
    const doc = parsePage(html);
    return { meta: readPageMeta(doc), attempt: guarded(doc) };
  } catch (error) {
    return { meta: {}, attempt: { reason: `the page could not be parsed: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

export function extractArticle(html: string): ExtractedArticle {
  let meta: PageMeta;
  let attempt: Attempt;
  if (html.length > MAX_PAGE_CHARS) {
    meta = headMeta(html);
    const mb = (html.length / (1024 * 1024)).toFixed(1);
    attempt = { reason: `page of ${mb} MB (the limit is ${MAX_PAGE_CHARS / (1024 * 1024)} MB)` };
  } else {
    ({ meta, attempt } = parsed(html));
  }
  if ('text' in attempt) return { ...meta, text: attempt.text, extractor: 'readability' };
  const reduced = htmlToText(html);
  const out: ExtractedArticle = { ...meta, text: reduced.text, extractor: `reducer (${attempt.reason})` };
  if (out.title === undefined && reduced.title !== undefined) out.title = reduced.title;
  return out;
}

/** The warning for a page Readability was refused or failed on (a hostile or broken page); none for a
 * page where it found no article (a short page, a list), which the reducer reads as well as it can. */
export function extractionWarning(extractor: string | undefined): string | undefined {
  if (extractor === undefined || extractor === 'readability' || extractor === `reducer (${NO_ARTICLE})`) return undefined;
  return `article extraction skipped: ${extractor.slice('reducer ('.length, -1)}; read by the simple reducer`;
}
