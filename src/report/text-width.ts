/** Widths in terminal columns (string-width: CJK and emoji take two, combining marks none), and text
 * shortened to a width at its end or in its middle, never inside a grapheme. */
import stringWidth from 'string-width';

// Made on first use: a Segmenter loads ICU data, which a JSON or CSV report never needs.
let segmenter: Intl.Segmenter | undefined;

export function widthOf(text: string): number {
  return stringWidth(text);
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - widthOf(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - widthOf(text))) + text;
}

function graphemes(text: string): string[] {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** The longest start of `text` at most `width` columns wide. */
function takeStart(parts: readonly string[], width: number): string {
  let out = '';
  let used = 0;
  for (const g of parts) {
    const w = widthOf(g);
    if (used + w > width) break;
    out += g;
    used += w;
  }
  return out;
}

/** The longest end of `text` at most `width` columns wide. */
function takeEnd(parts: readonly string[], width: number): string {
  let out = '';
  let used = 0;
  for (let i = parts.length - 1; i >= 0; i--) {
    const g = parts[i] as string;
    const w = widthOf(g);
    if (used + w > width) break;
    out = g + out;
    used += w;
  }
  return out;
}

/** `text`, cut at its end with `…` when wider than `width`. */
export function truncateEnd(text: string, width: number): string {
  if (widthOf(text) <= width) return text;
  if (width <= 0) return '';
  return `${takeStart(graphemes(text), width - 1)}…`;
}

/** `text`, cut in its middle with `…` when wider than `width`. */
export function truncateMiddle(text: string, width: number): string {
  if (widthOf(text) <= width) return text;
  if (width <= 1) return truncateEnd(text, width);
  const parts = graphemes(text);
  const tail = Math.floor((width - 1) / 2);
  const end = takeEnd(parts, tail);
  return `${takeStart(parts, width - 1 - widthOf(end))}…${end}`;
}

/** A path shortened to `width`, keeping its file name whole when it fits: `corpus/2024/…/story.html`. */
export function truncatePath(path: string, width: number): string {
  if (widthOf(path) <= width) return path;
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  if (slash < 0 || widthOf(name) + 3 > width) return truncateMiddle(path, width);
  const dir = path.slice(0, slash);
  return `${takeStart(graphemes(dir), width - 2 - widthOf(name))}…/${name}`;
}
