/**
 * HTML to article text. Not a browser: drop the elements that are never the story (scripts, styles,
 * navigation, headers, footers, asides, forms that are forms), turn block elements into line breaks so the prose filter
 * sees paragraphs, strip the remaining tags and decode entities.
 *
 * Scraped pages can be hostile or broken (unclosed comments, thousands of `<` with no `>`): every scan
 * here is linear in the page. Tag patterns stop at the next `<`, and an element whose closing tag never
 * comes ends the search instead of being looked for again from each later opening tag.
 */

const DROPPED_ELEMENTS = [
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'nav',
  'header',
  'footer',
  'aside',
  'iframe',
  'button',
  'select',
];
// ASP.NET-style sites (Al Jazeera among them) wrap the whole page in one <form>: a form holding
// paragraphs is the page, not a search box or a comment field.
const PAGE_FORM = /<p\b/i;
const BLOCK_TAG =
  /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|main|blockquote|pre|figure|figcaption|dd|dt|dl|hr)\b[^<>]*>/gi;
const ANY_TAG = /<[^<>]*>/g;
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  copy: '©',
  reg: '®',
  eacute: 'é',
  egrave: 'è',
  aacute: 'á',
  agrave: 'à',
  oacute: 'ó',
  uacute: 'ú',
  iacute: 'í',
  ntilde: 'ñ',
  ouml: 'ö',
  uuml: 'ü',
  auml: 'ä',
  szlig: 'ß',
  ccedil: 'ç',
  euro: '€',
  pound: '£',
  deg: '°',
  middot: '·',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** `open … close` spans, from the first match of `open` to the end of the next `close` after it. */
function* spans(html: string, open: RegExp, close: RegExp): Generator<{ start: number; inner: number; innerEnd: number; end: number }> {
  const opening = new RegExp(open.source, 'gi');
  const closing = new RegExp(close.source, 'gi');
  for (let from = 0; ; ) {
    opening.lastIndex = from;
    const o = opening.exec(html);
    if (o === null) return;
    closing.lastIndex = o.index + o[0].length;
    const c = closing.exec(html);
    if (c === null) return;
    yield { start: o.index, inner: o.index + o[0].length, innerEnd: c.index, end: closing.lastIndex };
    from = closing.lastIndex;
  }
}

function removeSpans(html: string, open: RegExp, close: RegExp, replacement: string, keep?: (inner: string) => boolean): string {
  let out = '';
  let last = 0;
  for (const span of spans(html, open, close)) {
    if (keep?.(html.slice(span.inner, span.innerEnd)) === true) continue;
    out += html.slice(last, span.start) + replacement;
    last = span.end;
  }
  return out + html.slice(last);
}

function stripElement(html: string, tag: string): string {
  return removeSpans(html, new RegExp(`<${tag}\\b[^<>]*>`), new RegExp(`</${tag}\\s*>`), '\n');
}

function cleanTitle(found: string): string | undefined {
  const text = decodeEntities(found.replace(ANY_TAG, ' ')).replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

function elementText(html: string, tag: string): string | undefined {
  const first = spans(html, new RegExp(`<${tag}\\b[^<>]*>`), new RegExp(`</${tag}\\s*>`)).next();
  return first.done ? undefined : cleanTitle(html.slice(first.value.inner, first.value.innerEnd));
}

function ogTitle(html: string): string | undefined {
  for (const tag of html.matchAll(/<meta\s[^<>]*>/gi)) {
    if (!/property=["']og:title["']/i.test(tag[0])) continue;
    const content = /content=["']([^"']*)["']/i.exec(tag[0])?.[1];
    if (content !== undefined) return cleanTitle(content);
  }
  return undefined;
}

export interface HtmlArticle {
  text: string;
  title?: string;
}

export function htmlToText(html: string): HtmlArticle {
  const title = ogTitle(html) ?? elementText(html, 'h1') ?? elementText(html, 'title');
  let body = removeSpans(html, /<!--/, /-->/, ' ');
  body = removeSpans(body, /<head\b[^<>]*>/, /<\/head\s*>/, '\n');
  for (const tag of DROPPED_ELEMENTS) body = stripElement(body, tag);
  body = removeSpans(body, /<form\b[^<>]*>/, /<\/form\s*>/, '\n', (inner) => PAGE_FORM.test(inner));
  body = body.replace(BLOCK_TAG, '\n').replace(ANY_TAG, ' ');
  const text = decodeEntities(body)
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
  return title === undefined ? { text } : { text, title };
}
