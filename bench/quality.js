#!/usr/bin/env node
/**
 * The README "Quality" table: every mode's defaults on the labelled data in ../shared/datasets, and the
 * seed checks (the five AFP Japan–US articles alone and mixed into each dataset). Uses the built library
 * (`npm run quality` builds first). Reads ../shared, so it is not part of `npm test`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterDocuments } from '../dist/index.js';
import { evaluate } from '../dist/eval/cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const datasets = join(root, '../shared/datasets');
const seedDir = join(root, 'fixtures/afp-japan-us');

function load(name) {
  const docs = [];
  const gold = new Map();
  for (const line of readFileSync(join(datasets, name, 'docs.jsonl'), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line);
    const doc = { id: String(r.id), text: r.text };
    if (typeof r.title === 'string') doc.title = r.title;
    docs.push(doc);
    gold.set(doc.id, String(r.label));
  }
  return { docs, gold };
}

const seeds = readdirSync(seedDir)
  .sort()
  .map((f) => ({ id: `seed/${f}`, text: readFileSync(join(seedDir, f), 'utf8') }));

/** "ok" when the seeds form exactly one cluster and no other document is in it. */
function seedCheck(docs, mode) {
  const result = clusterDocuments([...docs, ...seeds], { mode });
  const holding = result.clusters.filter((c) => c.documents.some((d) => d.id.startsWith('seed/')));
  if (holding.length !== 1) return `split in ${holding.length}`;
  const [cluster] = holding;
  const seedCount = cluster.documents.filter((d) => d.id.startsWith('seed/')).length;
  const intruders = cluster.size - seedCount;
  if (seedCount !== seeds.length) return `${seedCount}/${seeds.length} seeds`;
  return intruders === 0 ? 'ok' : `${intruders} intruders`;
}

const rows = [
  ['rewrite', 'counter', 0.7, '0.64'],
  ['story', 'ecbplus', 0.9, '0.84'],
  ['story', 'newswcl50', 0.95, '1.00'],
  ['story', 'business-energy-news', 0.97, '0.99'],
  ['duplicate', 'counter', undefined, '–'],
  ['rewrite', 'ecbplus', undefined, '–'],
  ['rewrite', 'newswcl50', undefined, '–'],
  ['rewrite', 'business-energy-news', undefined, '–'],
];
const f = (x) => x.toFixed(3);
console.log('| mode | dataset | docs | P | R | F1 | ARI | target F1 | best simple baseline | seeds mixed in | ms |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const [mode, name, target, baseline] of rows) {
  const { docs, gold } = load(name);
  const row = evaluate(name, docs, gold, { mode });
  const seedsMixed = mode === 'rewrite' ? seedCheck(docs, mode) : '–';
  const met = target === undefined ? '–' : `${target.toFixed(2)} ${row.f1 >= target ? '✓' : '✗'}`;
  console.log(
    `| ${mode} | ${name} | ${row.documents} | ${f(row.precision)} | ${f(row.recall)} | ${f(row.f1)} | ${f(row.ari)} | ${met} | ${baseline} | ${seedsMixed} | ${row.elapsedMs} |`,
  );
}
for (const mode of ['rewrite', 'story', 'duplicate']) {
  const result = clusterDocuments(seeds, { mode });
  const pair = result.clusters.some((c) =>
    ['seed/002_87b53d273ee130fd.txt', 'seed/003_dd5119002caa63fa.txt'].every((id) => c.documents.some((d) => d.id === id)),
  );
  console.log(`seeds alone, ${mode}: ${seedCheck([], mode)}; 002/003 together: ${pair ? 'yes' : 'no'}`);
}
