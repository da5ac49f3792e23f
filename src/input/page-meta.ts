/**
 * What a page says about itself: headline, publication date and site. Read before Readability runs,
 * because Readability edits the document it is given.
 */
import type { DomDocument } from './dom.js';
import { jsonLdBlocks, jsonLdStrings } from './json-ld.js';

export interface PageMeta {
  title?: string;
  /** As the page gives it when it is ISO 8601 (`2024-03-25T08:30:00+09:00`), else as an ISO string. */
  date?: string;
  /** Host of the page's own URL (og:url, canonical link), without `www.`. */
  site?: string;
}

const DATE_METAS = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="pubdate"]',
  'meta[name="publishdate"]',
  'meta[name="date"]',
  'meta[name="dc.date.issued"]',
  'meta[name="DC.date.issued"]',
];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function clean(text: string | null | undefined): string | undefined {
  const out = (text ?? '').replace(/\s+/g, ' ').trim();
  return out === '' ? undefined : out;
}

function attribute(doc: DomDocument, selector: string, name: string): string | undefined {
  return clean(doc.querySelector(selector)?.getAttribute(name));
}

// Templates fill an unset date with the zero of their clock: 0001-01-01 (Go, .NET; two of the 91 benchmark
// pages, in JSON-LD) or the Unix epoch. Taken as a date, such a page was the "earliest" of every cluster.
const FIRST_WEB_YEAR = 1000;

function isPlaceholder(time: number): boolean {
  return time === 0 || new Date(time).getUTCFullYear() < FIRST_WEB_YEAR;
}

/** A date as ISO 8601, or undefined for none (a template's placeholder is none). */
export function normalizeDate(found: string | undefined): string | undefined {
  const text = clean(found);
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  if (!Number.isNaN(time) && isPlaceholder(time)) return undefined;
  if (ISO_DATE.test(text)) return text;
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function scriptDate(doc: DomDocument): string | undefined {
  return jsonLdStrings(jsonLdBlocks(doc), 'datePublished')[0];
}

/** The article's own `<time>` before any other: a page header often shows today's date in one. */
function timeDate(doc: DomDocument): string | undefined {
  return (
    attribute(doc, 'article time[datetime]', 'datetime') ??
    attribute(doc, 'time[pubdate]', 'datetime') ??
    attribute(doc, 'time[datetime]', 'datetime')
  );
}

function publishedDate(doc: DomDocument): string | undefined {
  for (const selector of DATE_METAS) {
    const date = normalizeDate(attribute(doc, selector, 'content'));
    if (date !== undefined) return date;
  }
  return normalizeDate(scriptDate(doc)) ?? normalizeDate(timeDate(doc));
}

/** A URL's host, lowercased and without `www.`. */
export function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === '' ? undefined : host.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

export function readPageMeta(doc: DomDocument): PageMeta {
  const meta: PageMeta = {};
  const title =
    attribute(doc, 'meta[property="og:title"]', 'content') ??
    clean(doc.querySelector('h1')?.textContent) ??
    clean(doc.querySelector('title')?.textContent);
  if (title !== undefined) meta.title = title;
  const date = publishedDate(doc);
  if (date !== undefined) meta.date = date;
  const site = hostOf(attribute(doc, 'meta[property="og:url"]', 'content')) ?? hostOf(attribute(doc, 'link[rel="canonical"]', 'href'));
  if (site !== undefined) meta.site = site;
  return meta;
}
