/**
 * What a page's JSON-LD blocks (`<script type="application/ld+json">`) say. Sites write them for search
 * engines, so they survive where the markup does not: a page saved from a JavaScript-rendered site is an
 * empty `<div id="root">` with the whole story in `articleBody`.
 */
import type { DomDocument } from './dom.js';

// A JSON-LD block is a few objects deep; a bound keeps a hostile one (a huge nested array) cheap.
const MAX_VISITED = 1000;

/** The parsed JSON-LD blocks of a page; a broken block (common) says nothing and is passed over. */
export function jsonLdBlocks(doc: DomDocument): unknown[] {
  const blocks: unknown[] = [];
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      blocks.push(JSON.parse(script.textContent ?? ''));
    } catch {
      // Not JSON: nothing to read.
    }
  }
  return blocks;
}

/** Every string value of `key` anywhere in the blocks (a NewsArticle, an array, an `@graph`): block by
 * block, each breadth first, so the first is the one nearest the top of the first block that has one. */
export function jsonLdStrings(blocks: readonly unknown[], key: string): string[] {
  return blocks.flatMap((block) => stringsIn(block, key));
}

function stringsIn(block: unknown, key: string): string[] {
  const found: string[] = [];
  const queue: unknown[] = [block];
  for (let i = 0; i < queue.length && i < MAX_VISITED; i++) {
    const item = queue[i];
    if (Array.isArray(item)) queue.push(...(item as unknown[]));
    else if (item !== null && typeof item === 'object') {
      const value = (item as Record<string, unknown>)[key];
      if (typeof value === 'string') found.push(value);
      queue.push(...Object.values(item));
    }
  }
  return found;
}
