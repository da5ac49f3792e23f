/**
 * npm run bench [-- --large] [-- --sizes 10000,100000] [-- --workers N] [-- --shapes | --dedup]
 * npm run bench -- --dedup [--sizes 100000,1000000] [--text-scale 1,3]   (bench/dedup.mjs)
 *
 * Generates deterministic synthetic corpora (bench/corpus.mjs) into a temp folder, runs the built CLI on
 * each as a child process, and prints documents/s, MB/s, peak RSS of the child and recall of the planted
 * rewrite families. In the same run it times the npm `minhash` package and our sketch on the same 10k
 * documents (128 slots, word 5-shingles, one core each). Results go to bench/RESULTS.md ("Speed").
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { writeCorpus } from './corpus.mjs';
import { distinctSorted, hashTerms, shingleHashes, shingleSet } from '../dist/sketch/shingles.js';
import { computeOnePermutation, computeSignature, createPermutations, usesClassicSketch } from '../dist/sketch/minhash.js';
import { normalizeText } from '../dist/text/normalize.js';
import { tokenize } from '../dist/text/tokenize.js';
import { flag, flagValue, RSS_PRELOAD, writeResultsSection } from './common.mjs';

// `--index`: the persistent index's figures instead (bench/index-bench.mjs).
if (process.argv.includes('--index')) {
  await import('./index-bench.mjs');
  process.exit();
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'cluster.js');
const sizes = flagValue('--sizes', flag('--large') ? '10000,100000,1000000' : '10000,100000')
  .split(',')
  .map(Number);
const workers = flagValue('--workers', String(availableParallelism()));
const keep = flag('--keep');
const log = (text) => process.stderr.write(`${text}\n`);

// Peak RSS of the child, written by a preload module when the child exits (worker threads included).

function runCli(file, rssFile) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', RSS_PRELOAD, BIN, file, '--json', '--quiet', '--workers', workers], {
      env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`cluster exited with ${code}`));
      resolve({ seconds, result: JSON.parse(Buffer.concat(chunks).toString('utf8')), rssKb: Number(readFileSync(rssFile, 'utf8')) });
    });
  });
}

/** Labels of documents in planted families (size >= 2), read back from the corpus. */
async function familyLabels(file) {
  const labels = new Map();
  const counts = new Map();
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    const at = line.indexOf('"label":"');
    const id = line.slice(7, line.indexOf('"', 7));
    const label = line.slice(at + 9, line.indexOf('"', at + 9));
    labels.set(id, label);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  for (const [id, label] of labels) if ((counts.get(label) ?? 0) < 2) labels.delete(id);
  return labels;
}

/** Pairwise recall and precision of planted families against the reported clusters. */
function score(result, labels) {
  const clusterOf = new Map();
  for (const c of result.clusters) for (const d of c.documents) clusterOf.set(d.id, c.id);
  const byLabel = new Map();
  for (const [id, label] of labels) byLabel.set(label, [...(byLabel.get(label) ?? []), id]);
  let gold = 0;
  let found = 0;
  for (const ids of byLabel.values()) {
    for (let a = 0; a < ids.length; a++) {
      for (let b = a + 1; b < ids.length; b++) {
        gold += 1;
        const ca = clusterOf.get(ids[a]);
        if (ca !== undefined && ca === clusterOf.get(ids[b])) found += 1;
      }
    }
  }
  let predicted = 0;
  let correct = 0;
  for (const c of result.clusters) {
    const members = c.documents.map((d) => d.id);
    for (let a = 0; a < members.length; a++) {
      for (let b = a + 1; b < members.length; b++) {
        predicted += 1;
        const la = labels.get(members[a]);
        if (la !== undefined && la === labels.get(members[b])) correct += 1;
      }
    }
  }
  return { recall: gold ? found / gold : 1, precision: predicted ? correct / predicted : 1, goldPairs: gold };
}

/** Word 5-shingles, 128 slots, one core: our sketch vs the npm `minhash` package on the same tokens. */
function sketchComparison(file, limit) {
  const require = createRequire(import.meta.url);
  const { Minhash } = require('minhash');
  const lines = readFileSync(file, 'utf8').split('\n', limit);
  const docs = lines.filter(Boolean).map((line) => tokenize(normalizeText(JSON.parse(line).text)));
  const shingles = docs.reduce((sum, tokens) => sum + Math.max(0, tokens.length - 4), 0);
  const perms = createPermutations(128, 1);
  let t = performance.now();
  let check = 0;
  // One-permutation hashing takes the shingles unsorted, repeats included (a minimum ignores them);
  // classic permutations are used below 128 shingles, counted before removing repeats.
  for (const tokens of docs) {
    const hashes = shingleHashes(hashTerms(tokens), 5);
    const sig = usesClassicSketch(hashes.length, 128)
      ? computeSignature(distinctSorted(hashes), perms)
      : computeOnePermutation(hashes, perms);
    check ^= sig[0] ?? 0;
  }
  const ours = (performance.now() - t) / 1000;
  t = performance.now();
  for (const tokens of docs) computeSignature(shingleSet(hashTerms(tokens), 5), perms);
  const classic = (performance.now() - t) / 1000;
  t = performance.now();
  for (const tokens of docs) {
    const m = new Minhash({ numPerm: 128 });
    for (let i = 0; i + 5 <= tokens.length; i++) m.update(tokens.slice(i, i + 5).join(' '));
    check ^= m.hashvalues[0];
  }
  const npm = (performance.now() - t) / 1000;
  return { documents: docs.length, shingles, ours, classic, npm, check };
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The targets (2-core machine) against what this run measured. */
function targets(rows, c) {
  const at = (size) => rows.find((r) => r.size === size);
  const out = [];
  const check = (name, measured, ok) => out.push(`| ${name} | ${measured} | ${ok === undefined ? 'not run' : ok ? 'met' : 'missed'} |`);
  check(
    'sketch vs npm minhash ≥ 100× (one-permutation / classic)',
    `${fmt(c.npm / c.ours)}× / ${fmt(c.npm / c.classic)}×`,
    c.npm / c.ours >= 100,
  );
  const k100 = at(100000);
  const m1 = at(1000000);
  check(
    '100k documents ≤ 30 s, peak RSS ≤ 2 GB',
    k100 ? `${fmt(k100.seconds, 1)} s, ${fmt(k100.rssMb)} MB` : '—',
    k100 && k100.seconds <= 30 && k100.rssMb <= 2048,
  );
  check(
    '1M documents ≤ 6 min, peak RSS ≤ 6 GB',
    m1 ? `${fmt(m1.seconds, 1)} s, ${fmt(m1.rssMb)} MB` : '—',
    m1 && m1.seconds <= 360 && m1.rssMb <= 6144,
  );
  check(
    'time ratio 100k → 1M ≤ 12',
    k100 && m1 ? fmt(m1.seconds / k100.seconds, 2) : '—',
    k100 && m1 ? m1.seconds / k100.seconds <= 12 : undefined,
  );
  check(
    'planted family recall ≥ 0.99',
    rows.map((r) => `${fmt(r.size)}: ${fmt(r.recall, 4)}`).join(', '),
    rows.every((r) => r.recall >= 0.99),
  );
  return out;
}

function speedReport(rows, c) {
  return ['## Speed', '', '| target | measured | |', '|---|---|---|', ...targets(rows, c)];
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'wirecluster-bench-'));
  const rows = [];
  let comparison;
  try {
    for (const size of sizes) {
      const file = join(dir, `corpus-${size}.jsonl`);
      log(`generating ${fmt(size)} documents…`);
      const corpus = await writeCorpus(file, size, 7);
      const megabytes = statSync(file).size / 1e6;
      if (size === sizes[0]) {
        log(`timing the sketch stage against npm minhash on ${fmt(Math.min(size, 10000))} documents…`);
        comparison = sketchComparison(file, Math.min(size, 10000));
      }
      log(`clustering ${fmt(size)} documents (${fmt(megabytes)} MB) with ${workers} workers…`);
      const { seconds, result, rssKb } = await runCli(file, join(dir, `rss-${size}`));
      const quality = score(result, await familyLabels(file));
      const row = {
        size,
        megabytes,
        seconds,
        rssMb: rssKb / 1024,
        ...quality,
        families: corpus.families,
        candidates: result.stats.candidates,
        capped: result.stats.cappedBuckets,
        bands: result.params.bands,
        rows: result.params.rows,
      };
      rows.push(row);
      log(
        `  ${fmt(seconds, 1)} s · ${fmt(size / seconds)} docs/s · ${fmt(megabytes / seconds, 1)} MB/s · peak RSS ${fmt(row.rssMb)} MB · recall ${fmt(quality.recall, 4)} · precision ${fmt(quality.precision, 4)} · ${fmt(row.candidates)} candidates (${row.bands}×${row.rows})`,
      );
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  const c = comparison;
  const report = [
    ...speedReport(rows, c),
    '',
    `Measured by \`npm run bench${flag('--large') ? ' -- --large' : ''}\` on ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ` +
      `${fmt(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${workers} workers, ${new Date().toISOString().slice(0, 10)}.`,
    'Synthetic corpora from bench/corpus.mjs: ~520-word articles, ~30% of them in planted rewrite families of 2–6.',
    '',
    '| documents | MB | time (s) | documents/s | MB/s | peak RSS (MB) | family recall | precision | candidates | bands × rows |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${fmt(r.size)} | ${fmt(r.megabytes)} | ${fmt(r.seconds, 1)} | ${fmt(r.size / r.seconds)} | ${fmt(r.megabytes / r.seconds, 1)} | ${fmt(r.rssMb)} | ${fmt(r.recall, 4)} | ${fmt(r.precision, 4)} | ${fmt(r.candidates)} | ${r.bands} × ${r.rows} |`,
    ),
    '',
    rows.length >= 2
      ? `Time ratio ${fmt(rows.at(-2).size)} → ${fmt(rows.at(-1).size)}: ${fmt(rows.at(-1).seconds / rows.at(-2).seconds, 2)}.`
      : '',
    '',
    `Sketch stage, one core, ${fmt(c.documents)} documents, ${fmt(c.shingles)} word 5-shingles, 128 slots, from the same tokens:`,
    '',
    '| sketch | time (s) | shingles/s | vs npm minhash |',
    '|---|---:|---:|---:|',
    `| wirecluster (one-permutation + densification; classic below 128 shingles) | ${fmt(c.ours, 2)} | ${fmt(c.shingles / c.ours)} | ${fmt(c.npm / c.ours)}× |`,
    `| wirecluster classic 128 permutations | ${fmt(c.classic, 2)} | ${fmt(c.shingles / c.classic)} | ${fmt(c.npm / c.classic)}× |`,
    `| npm minhash 0.0.9 | ${fmt(c.npm, 2)} | ${fmt(c.shingles / c.npm)} | 1× |`,
    '',
  ].join('\n');
  process.stdout.write(`${report}\n`);
  writeResultsSection('## Speed', report);
  log(`written to bench/RESULTS.md`);
}

// `--dedup`: the dedup case instead (bench/dedup.mjs), kept out of the default run because it is long.
// `--shapes`: the corpus shapes on real news text (bench/shapes.mjs; also `npm run bench:shapes`).
if (flag('--dedup')) await import('./dedup.mjs');
else if (flag('--shapes')) await import('./shapes.mjs');
else await main();
