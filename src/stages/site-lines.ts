/**
 * Same-site boilerplate on analysed batches (the decision is text/site-boilerplate.ts): a document's lines
 * as a SiteDocument, and a batch rebuilt without the lines decided to be boilerplate. Runs on the main
 * thread once every batch is analysed and before the select stage.
 */
import type { SiteDocument } from '../text/site-boilerplate.js';
import type { AnalysisBatch } from './analyse.js';

/** Document `d` of a batch, its lines as views into the batch. */
export function siteDocument(batch: AnalysisBatch, d: number, site: string): SiteDocument {
  const { lineHashes, lineEnds, termEnds, terms } = batch;
  const first = d === 0 ? 0 : (lineEnds[d - 1] ?? 0);
  const end = lineEnds[d] ?? 0;
  const termStart = first === 0 ? 0 : (termEnds[first - 1] ?? 0);
  return { site, lineHashes: lineHashes.subarray(first, end), termEnds: termEnds.subarray(first, end), terms, termStart };
}

/** The batch without the lines whose hashes `drops` lists for a document (by its place in the batch). */
export function withoutLines(batch: AnalysisBatch, drops: ReadonlyMap<number, ReadonlySet<number>>): AnalysisBatch {
  const lineEnds = new Uint32Array(batch.count);
  const lineHashes: number[] = [];
  const termEnds: number[] = [];
  const terms: number[] = [];
  let line = 0;
  for (let d = 0; d < batch.count; d++) {
    const drop = drops.get(d);
    for (; line < (batch.lineEnds[d] ?? 0); line++) {
      const hash = batch.lineHashes[line] ?? 0;
      if (drop?.has(hash) === true) continue;
      lineHashes.push(hash);
      for (let t = line === 0 ? 0 : (batch.termEnds[line - 1] ?? 0); t < (batch.termEnds[line] ?? 0); t++) terms.push(batch.terms[t] ?? 0);
      termEnds.push(terms.length);
    }
    lineEnds[d] = lineHashes.length;
  }
  return {
    ...batch,
    lineEnds,
    lineHashes: Uint32Array.from(lineHashes),
    termEnds: Uint32Array.from(termEnds),
    terms: Uint32Array.from(terms),
  };
}
