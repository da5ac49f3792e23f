/**
 * What a page says about itself: headline, publication date and site. Read before Readability runs,
 * because Readability edits the document it is given.
 */
import type { DomDocument } from './dom.js';

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

/** `datePublished` anywhere in a JSON-LD value (a NewsArticle, an array, an `@graph`), breadth first. */
function jsonLdDate(value: unknown): string | undefined {
  const queue: unknown[] = [value];
  for (let i = 0; i < queue.length && i < 1000; i++) {
    const item = queue[i];
    if (Array.isArray(item)) queue.push(...(item as unknown[]));
    else if (item !== null && typeof item === 'object') {
      const published = (item as Record<string, unknown>)['datePublished'];
      if (typeof published === 'string') return published;
      queue.push(...Object.values(item));
    }
  }
  return undefined;
}

function scriptDate(doc: DomDocument): string | undefined {
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      const found = jsonLdDate(JSON.parse(script.textContent ?? ''));
      if (found !== undefined) return found;
    } catch {
      // A broken JSON-LD block is common and says nothing about the article.
    }
  }
  return undefined;
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
