/**
 * The few DOM features extraction reads, typed structurally: linkedom and Readability ship types that
 * refer to the browser's DOM lib, which a Node project does not load. linkedom is a linear HTML parser
 * (htmlparser2) with a small DOM: 5× faster than jsdom here, and it runs on Node 20 (jsdom 30+ does not).
 */
import { lazily } from '../lazy-require.js';

// Loaded on the first page: most runs read no HTML.
const linkedom = lazily<typeof import('linkedom')>('linkedom');

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly nodeValue: string | null;
  readonly firstChild: DomNode | null;
  readonly nextSibling: DomNode | null;
  readonly parentNode: DomNode | null;
}

export interface DomElement extends DomNode {
  readonly textContent: string | null;
  readonly firstElementChild: DomElement | null;
  readonly nextElementSibling: DomElement | null;
  getAttribute(name: string): string | null;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): Iterable<DomElement>;
}

export interface DomDocument {
  readonly documentElement: DomElement | null;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): Iterable<DomElement>;
}

export function parsePage(html: string): DomDocument {
  const window: { document: DomDocument } = linkedom().parseHTML(html);
  return window.document;
}

/** The depth of the element tree and its element count, walked without recursion (a hostile page can
 * nest thousands of elements). */
export function measureTree(root: DomElement | null): { depth: number; elements: number } {
  let depth = 0;
  let elements = 0;
  const stack: Array<[DomElement, number]> = root === null ? [] : [[root, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [element, level] = top;
    elements += 1;
    if (level > depth) depth = level;
    for (let child = element.firstElementChild; child !== null; child = child.nextElementSibling) stack.push([child, level + 1]);
  }
  return { depth, elements };
}
