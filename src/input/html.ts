/**
 * HTML to article text. Not a browser: drop the elements that are never the story (scripts, styles,
 * navigation, headers, footers, asides, forms), turn block elements into line breaks so the prose filter
 * sees paragraphs, strip the remaining tags and decode entities.
 */

const DROPPED_ELEMENTS = ['script', 'style', 'noscript', 'template', 'svg', 'nav', 'header', 'footer', 'aside', 'form', 'iframe', 'button', 'select'];
const BLOCK_TAG = /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|main|blockquote|pre|figure|figcaption|dd|dt|dl|hr)\b[^>]*>/gi;
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', lsquo: '‘',
  rsquo: '’', ldquo: '“', rdquo: '”', hellip: '…', laquo: '«', raquo: '»', copy: '©', reg: '®',
  eacute: 'é', egrave: 'è', aacute: 'á', agrave: 'à', oacute: 'ó', uacute: 'ú', iacute: 'í', ntilde: 'ñ',
  ouml: 'ö', uuml: 'ü', auml: 'ä', szlig: 'ß', ccedil: 'ç', euro: '€', pound: '£', deg: '°', middot: '·',
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

function stripElement(html: string, tag: string): string {
  return html.replace(new RegExp(`<${tag}\\b[^>]*>[\\s\\S]*?</${tag}\\s*>`, 'gi'), '\n');
}

function firstMatch(html: string, pattern: RegExp): string | undefined {
  const found = pattern.exec(html)?.[1];
  if (found === undefined) return undefined;
  const text = decodeEntities(found.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

export interface HtmlArticle {
  text: string;
  title?: string;
}

export function htmlToText(html: string): HtmlArticle {
  const title =
    firstMatch(html, /<meta\s[^>]*property=["']og:title["'][^>]*content=["']([^"']*)["']/i) ??
    firstMatch(html, /<h1\b[^>]*>([\s\S]*?)<\/h1>/i) ??
    firstMatch(html, /<title\b[^>]*>([\s\S]*?)<\/title>/i);
  let body = html.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<head\b[^>]*>[\s\S]*?<\/head\s*>/gi, '\n');
  for (const tag of DROPPED_ELEMENTS) body = stripElement(body, tag);
  body = body.replace(BLOCK_TAG, '\n').replace(/<[^>]*>/g, ' ');
  const text = decodeEntities(body)
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
  return title === undefined ? { text } : { text, title };
}
