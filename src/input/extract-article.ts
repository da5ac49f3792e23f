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
import { decodeEntities, htmlToText } from './html.js';
import { jsonLdBlocks, jsonLdStrings } from './json-ld.js';
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
/** A JSON-LD `articleBody` more than this many times longer than the text the page shows is the story
 * behind a teaser: a JavaScript-rendered shell (no text at all) or a paywall's first paragraph. On the
 * 31 benchmark pages that declare one it is at most 1.13 times the extracted text, and sometimes cut to
 * 500 characters, so the page's own text stays the first choice. */
const DECLARED_BODY_RATIO = 2;
export const DECLARED_BODY = 'json-ld articleBody';

export interface ExtractedArticle extends PageMeta {
  text: string;
  /** `readability`, `json-ld articleBody`, or why the reducer read the page: `reducer (…)`. */
  extractor: string;
}

type Attempt = { text: string } | { reason: string };

/** What the page says before Readability edits it: its metadata and the body its JSON-LD declares. */
interface PageFacts {
  meta: PageMeta;
  body?: string;
}

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

/** The longest `articleBody` the page declares, as lines; some CMSs write it as HTML. */
function declaredBody(doc: DomDocument): string | undefined {
  const [longest] = jsonLdStrings(jsonLdBlocks(doc), 'articleBody').sort((a, b) => b.length - a.length);
  if (longest === undefined) return undefined;
  const text = /<\/?[a-z][^<>]*>/i.test(longest)
    ? htmlToText(longest).text
    : decodeEntities(longest)
        .split('\n')
        .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
        .filter((line) => line !== '')
        .join('\n');
  return text === '' ? undefined : text;
}

function readFacts(doc: DomDocument): PageFacts {
  const body = declaredBody(doc);
  return body === undefined ? { meta: readPageMeta(doc) } : { meta: readPageMeta(doc), body };
}

/** Metadata of a page too large to parse whole: from its head alone, when the head ends early. */
function headFacts(html: string): PageFacts {
  const end = html.slice(0, MAX_HEAD_CHARS).search(/<\/head\s*>/i);
  if (end < 0) return { meta: {} };
  try {
    return readFacts(parsePage(html.slice(0, end)));
  } catch {
    return { meta: {} };
  }
}

/** The DOM path; a page the parser cannot take (none seen so far) goes to the reducer, never up. */
function parsed(html: string): { facts: PageFacts; attempt: Attempt } {
  try {
    const doc = parsePage(html);
    return { facts: readFacts(doc), attempt: guarded(doc) };
  } catch (error) {
    return {
      facts: { meta: {} },
      attempt: { reason: `the page could not be parsed: ${error instanceof Error ? error.message : String(error)}` },
    };
  }
}

const visibleChars = (text: string): number => text.replace(/\s+/g, '').length;

/** The page's own text, unless its JSON-LD declares a body far longer (see DECLARED_BODY_RATIO). */
function preferDeclared(article: ExtractedArticle, body: string | undefined): ExtractedArticle {
  if (body === undefined || visibleChars(body) <= DECLARED_BODY_RATIO * visibleChars(article.text)) return article;
  return { ...article, text: body, extractor: DECLARED_BODY };
}

export function extractArticle(html: string): ExtractedArticle {
  let facts: PageFacts;
  let attempt: Attempt;
  if (html.length > MAX_PAGE_CHARS) {
    facts = headFacts(html);
    const mb = (html.length / (1024 * 1024)).toFixed(1);
    attempt = { reason: `page of ${mb} MB (the limit is ${MAX_PAGE_CHARS / (1024 * 1024)} MB)` };
  } else {
    ({ facts, attempt } = parsed(html));
  }
  const { meta, body } = facts;
  if ('text' in attempt) return preferDeclared({ ...meta, text: attempt.text, extractor: 'readability' }, body);
  const reduced = htmlToText(html);
  const out: ExtractedArticle = { ...meta, text: reduced.text, extractor: `reducer (${attempt.reason})` };
  if (out.title === undefined && reduced.title !== undefined) out.title = reduced.title;
  return preferDeclared(out, body);
}

/** The warning for a page Readability was refused or failed on (a hostile or broken page); none for a
 * page where it found no article (a short page, a list), which the reducer reads as well as it can. */
export function extractionWarning(extractor: string | undefined): string | undefined {
  if (extractor === undefined || extractor === 'readability' || extractor === DECLARED_BODY || extractor === `reducer (${NO_ARTICLE})`)
    return undefined;
  return `article extraction skipped: ${extractor.slice('reducer ('.length, -1)}; read by the simple reducer`;
}
