#!/usr/bin/env node
/**
 * `npm run bench:html`: web-page extraction and same-site boilerplate on ../shared/datasets/html-pages
 * (91 news pages with hand-annotated article bodies; see that folder's README). Runs the built binary,
 * as a user would. Reads ../shared, so it is not part of `npm test`.
 *
 * 1. Extraction: `cluster extract` (and `--analysed`, the lines each mode keeps) scored with the benchmark's metric:
 *    4-token \w+ shingle multisets per page, precision and recall averaged over pages, F1 of the means.
 * 2. Clustering, default (rewrite) and story mode: the pairs clustered from the HTML pages against the
 *    pairs clustered from the annotated bodies given as JSONL (the reference: what the tool finds when
 *    extraction is perfect), and the pairs of one site that the reference does not join (false pairs
 *    made of site boilerplate).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeBytes } from '../dist/input/decode.js';
import { extractArticle } from '../dist/input/extract-article.js';
import { htmlToText } from '../dist/input/html.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const data = join(root, '../shared/datasets/html-pages');
const bin = join(root, 'bin/cluster.js');
const truth = readFileSync(join(data, 'truth.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l));
const byId = new Map(truth.map((t) => [t.id, t]));
/** Page titles as `cluster extract` reads them (the annotations have none). */
const titles = new Map();

function run(args) {
  const started = performance.now();
  const out = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (out.status !== 0) throw new Error(`cluster ${args.join(' ')}: exit ${out.status}\n${out.stderr}`);
  return { stdout: out.stdout, stderr: out.stderr, ms: performance.now() - started };
}

function shingles(text) {
  const tokens = text.match(/\w+/gu) ?? [];
  const counts = new Map();
  for (let i = 0; i + 4 <= tokens.length; i++) {
    const key = tokens.slice(i, i + 4).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The benchmark's metric for one page: { tp, fp, fn } over shingle multisets. */
function pageCounts(expected, got) {
  const a = shingles(expected);
  const b = shingles(got);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, count] of b) {
    const want = a.get(key) ?? 0;
    tp += Math.min(want, count);
    fp += Math.max(0, count - want);
  }
  for (const [key, count] of a) fn += Math.max(0, count - (b.get(key) ?? 0));
  return { tp, fp, fn };
}

const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;

function score(extracted) {
  const precisions = [];
  const recalls = [];
  for (const page of truth) {
    const got = extracted.get(page.id) ?? '';
    const { tp, fp, fn } = pageCounts(page.text, got);
    if (tp + fp + fn === 0) {
      precisions.push(1);
      recalls.push(1);
      continue;
    }
    if (tp + fp > 0) precisions.push(tp / (tp + fp));
    if (tp + fn > 0) recalls.push(tp / (tp + fn));
  }
  const p = mean(precisions);
  const r = mean(recalls);
  return { precision: p, recall: r, f1: (2 * p * r) / (p + r) };
}

function extractedTexts(args) {
  const { stdout, stderr, ms } = run(['extract', join(data, 'html'), '--quiet', ...args]);
  const texts = new Map();
  const extractors = new Map();
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const doc = JSON.parse(line);
    const id = doc.id.replace(/\.html$/, '');
    texts.set(id, doc.text);
    extractors.set(id, doc.extractor);
    if (doc.title) titles.set(id, doc.title);
  }
  return { texts, extractors, ms, stderr };
}

const fmt = (x) => x.toFixed(3);

function pairsOf(report, key) {
  const pairs = new Set();
  for (const cluster of report.clusters) {
    const ids = cluster.documents.map((d) => key(d.id)).sort();
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) pairs.add(`${ids[i]} ${ids[j]}`);
  }
  return pairs;
}

function hostOf(id) {
  try {
    return new URL(byId.get(id)?.url ?? '').hostname.replace(/^www\./, '');
  } catch {
    return '?';
  }
}

const sameSite = (pair) => {
  const [a, b] = pair.split(' ');
  return hostOf(a) === hostOf(b);
};

const describe = (pair) =>
  pair
    .split(' ')
    .map((id) => `${hostOf(id)} "${(titles.get(id) ?? id.slice(0, 8)).slice(0, 60)}"`)
    .join(' + ');

/** The reference's same-site pairs are left out of its "share": the JSONL bodies carry no site, so
 * the run on them cannot tell one site's different stories apart, which the run on the pages must. */
function clustering(mode, jsonl) {
  const reference = pairsOf(JSON.parse(run([jsonl, '--mode', mode, '--json', '--quiet']).stdout), (id) => id);
  const found = pairsOf(JSON.parse(run([join(data, 'html'), '--mode', mode, '--json', '--quiet']).stdout), (id) =>
    id.replace(/\.html$/, ''),
  );
  const crossSite = [...reference].filter((p) => !sameSite(p));
  return {
    reference: reference.size,
    crossSite: crossSite.length,
    found: found.size,
    kept: crossSite.filter((p) => found.has(p)).length,
    extra: [...found].filter((p) => !reference.has(p)),
    referenceSameSite: [...reference].filter(sameSite),
    foundSameSite: [...found].filter(sameSite),
  };
}

const lines = [];
const notes = [];
const say = (text = '') => {
  lines.push(text);
  console.log(text);
};

say(`Extraction on ${truth.length} pages of ${data} (Node ${process.version}):`);
say('');
say('| text scored | precision | recall | F1 | time (s) |');
say('|---|---:|---:|---:|---:|');
for (const [label, args] of [
  ['`cluster extract`', []],
  ['`cluster extract --analysed` (rewrite: prose lines, normalised)', ['--analysed']],
  ['`cluster extract --analysed --mode story` (every line, normalised)', ['--analysed', '--mode', 'story']],
]) {
  const { texts, extractors, ms } = extractedTexts(args);
  const s = score(texts);
  say(`| ${label} | ${fmt(s.precision)} | ${fmt(s.recall)} | ${fmt(s.f1)} | ${(ms / 1000).toFixed(1)} |`);
  if (args.length === 0) {
    const fallbacks = [...extractors.values()].filter((e) => e !== 'readability');
    notes.push(
      `Readability read ${extractors.size - fallbacks.length} of ${extractors.size} pages; fallbacks: ${fallbacks.join('; ') || 'none'}.`,
    );
    notes.push(`\`cluster extract\` took ${(ms / truth.length).toFixed(0)} ms a page, start-up included.`);
  }
}
{
  // In-process, to time the extractor alone and to score the fallback reducer on the same pages.
  const reduced = new Map();
  let ms = 0;
  for (const page of truth) {
    const decoded = decodeBytes(readFileSync(join(data, 'html', `${page.id}.html`)), { html: true });
    const html = decoded.ok ? decoded.text : '';
    reduced.set(page.id, htmlToText(html).text);
    const started = performance.now();
    extractArticle(html);
    ms += performance.now() - started;
  }
  const s = score(reduced);
  say(`| the simple reducer alone (src/input/html.ts, the fallback) | ${fmt(s.precision)} | ${fmt(s.recall)} | ${fmt(s.f1)} | |`);
  notes.push(`Extraction alone (parse, metadata, Readability): ${(ms / truth.length).toFixed(0)} ms a page on average.`);
}
for (const note of notes) say(`\n${note}`);

const dir = mkdtempSync(join(tmpdir(), 'wirecluster-bench-html-'));
try {
  const jsonl = join(dir, 'bodies.jsonl');
  writeFileSync(jsonl, truth.map((t) => JSON.stringify({ id: t.id, title: t.title || undefined, text: t.text })).join('\n') + '\n');
  const hosts = new Map();
  for (const t of truth) hosts.set(hostOf(t.id), (hosts.get(hostOf(t.id)) ?? 0) + 1);
  const multi = [...hosts.values()].filter((n) => n >= 2);
  say('');
  say(`${multi.length} sites give two or more pages (${multi.reduce((sum, n) => sum + (n * (n - 1)) / 2, 0)} same-site pairs).`);
  say('');
  say('Clustering the pages against clustering their annotated bodies (JSONL), per mode:');
  say('');
  say(
    "| mode | pairs from bodies | of them across sites | pairs from pages | bodies' cross-site pairs found | share | pairs the bodies do not give | same-site pairs joined |",
  );
  say('|---|---:|---:|---:|---:|---:|---:|---:|');
  const details = [];
  for (const mode of ['rewrite', 'story']) {
    const c = clustering(mode, jsonl);
    const share = c.crossSite === 0 ? 1 : c.kept / c.crossSite;
    say(
      `| ${mode} | ${c.reference} | ${c.crossSite} | ${c.found} | ${c.kept} | ${fmt(share)} | ${c.extra.length} | ${c.foundSameSite.length} |`,
    );
    for (const p of c.extra) details.push(`${mode}, from the pages only: ${describe(p)}`);
    for (const p of c.referenceSameSite)
      details.push(`${mode}, same site, from the bodies${c.foundSameSite.includes(p) ? ' and the pages' : ' only'}: ${describe(p)}`);
    for (const p of c.foundSameSite.filter((q) => !c.referenceSameSite.includes(q)))
      details.push(`${mode}, same site, from the pages only: ${describe(p)}`);
  }
  if (details.length > 0) {
    say('');
    say('Pairs worth a look:');
    for (const d of details) say(`- ${d}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
