/** The report for a person at a terminal: one block per cluster, representative first. */
import { Chalk } from 'chalk';
import type { ClusterResult } from '../types.js';
import type { Reporter } from './types.js';

const SCORE_WIDTH = 6;

function fit(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text.padEnd(width);
  return width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1)}…`;
}

function score(value: number): string {
  return value.toFixed(3).padStart(SCORE_WIDTH);
}

function summaryLine(result: ClusterResult): string {
  const { documents, clusters, clustered, skipped, elapsedMs } = result.stats;
  const parts = [
    `${documents} document${documents === 1 ? '' : 's'}`,
    `${clusters} cluster${clusters === 1 ? '' : 's'} (${clustered} document${clustered === 1 ? '' : 's'} in clusters)`,
  ];
  if (skipped > 0) parts.push(`${skipped} skipped`);
  parts.push(`mode ${result.params.mode}, threshold ${result.params.threshold}`, `${elapsedMs} ms`);
  return parts.join(', ');
}

export const renderTable: Reporter = (result, options) => {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = Math.max(60, options.width);
  const idWidth = Math.min(
    40,
    Math.max(8, ...result.clusters.flatMap((cl) => cl.documents.map((d) => d.id.length))),
  );
  const titleWidth = width - 4 - idWidth - 2 * (SCORE_WIDTH + 2);
  const lines: string[] = [];
  for (const cluster of result.clusters) {
    const { min, mean, max } = cluster.score;
    lines.push(
      c.bold(`Cluster ${cluster.id}`) +
        c.dim(` · ${cluster.size} article${cluster.size === 1 ? '' : 's'} · score min ${min.toFixed(3)} mean ${mean.toFixed(3)} max ${max.toFixed(3)}`),
    );
    lines.push(c.dim(`    ${fit('document', idWidth)}  ${'score'.padStart(SCORE_WIDTH)}  ${'shared'.padStart(SCORE_WIDTH)}  title`));
    for (const doc of cluster.documents) {
      const isRep = doc.id === cluster.representative;
      const marker = isRep ? c.yellow(' ★  ') : '    ';
      const id = isRep ? c.bold(fit(doc.id, idWidth)) : fit(doc.id, idWidth);
      const sim = isRep ? c.dim(score(doc.similarity)) : colorScore(c, doc.similarity, result.params.threshold);
      lines.push(`${marker}${id}  ${sim}  ${score(doc.containment)}  ${fit(doc.title ?? '', titleWidth).trimEnd()}`);
      for (const passage of doc.shared ?? []) {
        lines.push(c.dim(`        “${fit(passage.text, width - 12).trimEnd()}”`));
      }
    }
    lines.push('');
  }
  if (result.clusters.length === 0) lines.push(c.dim('No clusters found.'), '');
  lines.push(c.dim(summaryLine(result)));
  return `${lines.join('\n')}\n`;
};

function colorScore(c: InstanceType<typeof Chalk>, value: number, threshold: number): string {
  const text = score(value);
  if (value >= Math.min(1, threshold * 2)) return c.green(text);
  if (value >= threshold) return c.yellow(text);
  return c.red(text);
}
