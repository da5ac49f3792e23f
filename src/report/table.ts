/** The report for a person at a terminal: one block per cluster, representative first. Every width is
 * counted in terminal columns, and every line fits `options.width` when one is given; without one (a
 * file, a pipe) nothing is shortened. Text from the input is escaped (escape.ts) before it is shown. */
import { Chalk } from 'chalk';
import type { ClusterMember, ClusterResult } from '../types.js';
import { escapeControl } from './escape.js';
import { padEnd, padStart, truncateEnd, truncatePath, widthOf } from './text-width.js';
import type { Reporter } from './types.js';

type Paint = InstanceType<typeof Chalk>;

const SCORE = 'score';
const CONTAINMENT = 'containment';
const MARKER_WIDTH = 4;
const GAP = 2;
const SCORE_WIDTH = 6;
const CONTAINMENT_WIDTH = CONTAINMENT.length;
/** Columns before the id and between it and the title. */
const FIXED = MARKER_WIDTH + GAP + SCORE_WIDTH + GAP + CONTAINMENT_WIDTH + GAP;
/** The id column takes at most this share of what the fixed columns leave, so titles stay readable. */
const ID_SHARE = 0.55;
const MIN_ID_WIDTH = 8;

function score(value: number): string {
  return padStart(value.toFixed(3), SCORE_WIDTH);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summaryParts(result: ClusterResult): string[] {
  const { documents, clusters, clustered, skipped, elapsedMs, referenceStories, referenceHeld } = result.stats;
  const parts = [plural(documents, 'document'), `${plural(clusters, 'cluster')} (${plural(clustered, 'document')} in clusters)`];
  if (result.clusters.length < clusters) parts.push(`${result.clusters.length} shown`);
  if (skipped > 0) parts.push(`${skipped} skipped`);
  parts.push(`mode ${result.params.mode}`, `threshold ${result.params.threshold}`);
  if (referenceStories > 0) parts.push(`idf with ${referenceStories} reference ${referenceStories === 1 ? 'story' : 'stories'}`);
  if (referenceHeld > 0) parts.push(`${referenceHeld} of them this run's`);
  parts.push(`${elapsedMs} ms`);
  return parts;
}

/** Parts joined by `, `, broken into lines that fit `width`. A line that more parts follow ends in the
 * comma, so that comma must fit too: else the line was cut and `threshold 0.37` read `threshold 0.3…`. */
function wrapParts(parts: readonly string[], width: number | undefined): string[] {
  const lines: string[] = [];
  let line = '';
  for (const [i, part] of parts.entries()) {
    const next = line === '' ? part : `${line}, ${part}`;
    const comma = i < parts.length - 1 ? 1 : 0;
    if (width !== undefined && line !== '' && widthOf(next) + comma > width) {
      lines.push(`${line},`);
      line = part;
    } else line = next;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => (width === undefined ? l : truncateEnd(l, width)));
}

interface Columns {
  id: number;
  /** Undefined: titles are not shortened. */
  title: number | undefined;
  total: number | undefined;
}

function columnsFor(ids: readonly string[], width: number | undefined): Columns {
  const widest = Math.max(MIN_ID_WIDTH, ...ids.map(widthOf));
  if (width === undefined) return { id: widest, title: undefined, total: undefined };
  const room = Math.max(0, width - FIXED);
  const id = Math.max(Math.min(MIN_ID_WIDTH, room), Math.min(widest, Math.floor(room * ID_SHARE)));
  return { id, title: Math.max(0, room - id), total: width };
}

function memberLine(c: Paint, doc: ClusterMember, isRep: boolean, cols: Columns, threshold: number): string {
  const marker = isRep ? c.yellow(' ★  ') : doc.attached === true ? c.cyan(' +  ') : '    ';
  const idText = padEnd(truncatePath(escapeControl(doc.id), cols.id), cols.id);
  const id = isRep ? c.bold(idText) : idText;
  const sim = isRep ? c.dim(score(doc.similarity)) : colorScore(c, doc.similarity, threshold);
  const title = escapeControl(doc.title ?? '');
  const shownTitle = cols.title === undefined ? title : truncateEnd(title, cols.title);
  const gap = ' '.repeat(GAP);
  return `${marker}${id}${gap}${sim}${gap}${padStart(score(doc.containment), CONTAINMENT_WIDTH)}${gap}${shownTitle}`.trimEnd();
}

export const renderTable: Reporter = (result, options) => {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.width;
  const cols = columnsFor(
    result.clusters.flatMap((cl) => cl.documents.map((d) => escapeControl(d.id))),
    width,
  );
  const clip = (text: string): string => (width === undefined ? text : truncateEnd(text, width));
  const gap = ' '.repeat(GAP);
  const lines: string[] = [];
  for (const cluster of result.clusters) {
    const { min, mean, max } = cluster.score;
    const head = clip(
      `Cluster ${cluster.id} · ${plural(cluster.size, 'article')} · score min ${min.toFixed(3)} mean ${mean.toFixed(3)} max ${max.toFixed(3)}`,
    );
    const split = head.indexOf(' · ');
    lines.push(split < 0 ? c.bold(head) : c.bold(head.slice(0, split)) + c.dim(head.slice(split)));
    const header = `${' '.repeat(MARKER_WIDTH)}${padEnd('document', cols.id)}${gap}${padStart(SCORE, SCORE_WIDTH)}${gap}${CONTAINMENT}${gap}title`;
    lines.push(c.dim(clip(header)));
    for (const doc of cluster.documents) {
      lines.push(memberLine(c, doc, doc.id === cluster.representative, cols, result.params.threshold));
      for (const passage of doc.shared ?? []) {
        const quote = `        “${escapeControl(passage.text)}”`;
        lines.push(c.dim(clip(quote)));
      }
    }
    lines.push('');
  }
  if (result.clusters.length === 0) lines.push(c.dim('No clusters found.'), '');
  for (const line of wrapParts(summaryParts(result), width)) lines.push(c.dim(line));
  return `${lines.join('\n')}\n`;
};

function colorScore(c: Paint, value: number, threshold: number): string {
  const text = score(value);
  if (value >= Math.min(1, threshold * 2)) return c.green(text);
  if (value >= threshold) return c.yellow(text);
  return c.red(text);
}
