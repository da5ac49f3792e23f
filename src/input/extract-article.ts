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
// Inline scripts and styles are one text node each to Readability, never measured, and a data: URI is one
// attribute: a page saved whole (SingleFile inlines its images) or a Next.js page's __NEXT_DATA__ weighs
// megabytes there. A 5 MB page that is 98% of one inline image parses and extracts in 0.27 s.
const INLINE_BLOCK = /<(script|style)\b[^<>]*>/gi;
const INLINE_DATA = /data:[^"'\s<>()]{1024,}/gi;
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

/** Characters of the page but the contents of its scripts and styles and its long data: URIs. Linear:
 * each block's end is searched once, and an unclosed one ends the count. */
export function weighedChars(html: string): number {
  let weighed = 0;
  let from = 0;
  const opening = new RegExp(INLINE_BLOCK);
  for (let open = opening.exec(html); open !== null; open = opening.exec(html)) {
    const inner = open.index + open[0].length;
    weighed += charsOutsideData(html.slice(from, inner));
    const close = new RegExp(`</${open[1]}\\s*>`, 'gi');
    close.lastIndex = inner;
    from = close.exec(html)?.index ?? html.length;
    opening.lastIndex = from;
  }
  return weighed + charsOutsideData(html.slice(from));
}

function charsOutsideData(markup: string): number {
  let data = 0;
  for (const found of markup.matchAll(INLINE_DATA)) data += found[0].length;
  return markup.length - data;
}

const megabytes = (chars: number): string => (chars / (1024 * 1024)).toFixed(1);

/** Why a page is too large for Readability, or undefined when it is not. */
function sizeRefusal(html: string): string | undefined {
  if (html.length <= MAX_PAGE_CHARS) return undefined;
  const weighed = weighedChars(html);
  if (weighed <= MAX_PAGE_CHARS) return undefined;
  const limit = `the limit is ${MAX_PAGE_CHARS / (1024 * 1024)} MB`;
  if (weighed === html.length) return `page of ${megabytes(html.length)} MB (${limit})`;
  return `page of ${megabytes(html.length)} MB, ${megabytes(weighed)} MB without its scripts, styles and inline data (${limit})`;
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
  const tooLarge = sizeRefusal(html);
  if (tooLarge !== undefined) {
    facts = headFacts(html);
    attempt = { reason: tooLarge };
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
