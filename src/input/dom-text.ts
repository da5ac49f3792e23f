/**
 * The text of a DOM subtree with one line per block (paragraph, heading, list item, table row), which is
 * what the prose filter and the line-level boilerplate rules read. `textContent` would run paragraphs
 * together ("…said.The next…") and merge the words at their seams.
 */
import { ELEMENT_NODE, TEXT_NODE, type DomNode } from './dom.js';

const BLOCKS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BR',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TD',
  'TH',
  'TR',
  'UL',
]);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG']);

/** Lines of the subtree, whitespace collapsed, empty lines dropped. Walks without recursion. */
export function blockText(root: DomNode): string {
  const parts: string[] = [];
  const visit = (node: DomNode): boolean => {
    if (node.nodeType === TEXT_NODE) parts.push(node.nodeValue ?? '');
    if (node.nodeType !== ELEMENT_NODE) return false;
    const name = node.nodeName.toUpperCase();
    if (SKIPPED.has(name)) return false;
    if (BLOCKS.has(name)) parts.push('\n');
    return true;
  };
  // Depth-first in document order: descend into a child, else move to the next sibling, else climb
  // (closing each block on the way up).
  let node: DomNode | null = root.firstChild;
  while (node !== null) {
    if (visit(node) && node.firstChild !== null) {
      node = node.firstChild;
      continue;
    }
    while (node !== null && node !== root && node.nextSibling === null) {
      node = node.parentNode;
      if (node !== null && node !== root && BLOCKS.has(node.nodeName.toUpperCase())) parts.push('\n');
    }
    if (node === null || node === root) break;
    if (BLOCKS.has(node.nodeName.toUpperCase())) parts.push('\n');
    node = node.nextSibling;
  }
  return parts
    .join('')
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}
